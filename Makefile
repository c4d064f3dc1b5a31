# Rotation Planner: everything a fresh machine needs is set up from here.
#   make demo   - create .venv, install, run the main job on the bundled demo household
#   make test   - create .venv with test tools, install system packages the tests need
#                 (when run as root and missing), run ruff, mypy, import-linter and pytest
#   make bench  - benchmarks (not part of make test); results in README "Benchmarks"
#   make mutation - mutation testing of planner/core and planner/brokers (slow, not part of
#                 make test); README "Mutation testing"
#   make evidence - the regime walk-forward over ../shared/reference in full (also in make
#                 bench): bench-output/evidence.{json,txt} and docs/regime-walkforward.svg
#   make universe - rebuild the bundled security universe (resources/) from ../shared/reference
#   make workbook-page - render a printed page of the demo workbook (docs/workbook-trades-page.png)
#   make package      - the PyInstaller bundle for this platform in dist/rotation-planner/
#   make package-test - run the demo plan and the app's screenshots from that bundle
#   make wheel-test   - build the wheel, install it in a fresh venv, run the demo plan

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
# No QT_QPA_PLATFORM here: make demo opens a real window. The tests choose Qt's offscreen
# platform themselves (tests/conftest.py), and one test runs the app on Xvfb, a real X server.

.PHONY: demo test lint bench mutation evidence universe system-deps qt-deps clean package package-test wheel-test \
	workbook-page

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install -e '.[test]'
	@touch $@

$(VENV)/.installed-mutation: pyproject.toml $(VENV)/.installed-test
	$(PIP) install -e '.[test,mutation]'
	@touch $@

demo: $(VENV)/.installed qt-deps
	$(BIN)/rotation-planner gui --demo

# The X11 libraries Qt 6's xcb platform loads (a Linux desktop has most; a minimal Debian or
# Ubuntu lacks libxcb-cursor0 first, then the others). README "Two commands" lists them.
QT_PACKAGES := libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
	libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxkbcommon-x11-0 libegl1 libgl1 \
	libfontconfig1 libdbus-1-3
# Debian packages the test suite uses: LibreOffice opens the workbooks the tests write and
# prints them to PDF, poppler-utils reads the printed pages back; Xvfb, xwininfo and xwd run
# the app on a real X server. Installed only when running as root on a Debian-like system and
# missing.
SYSTEM_PACKAGES := libreoffice-calc-nogui poppler-utils xvfb x11-utils x11-apps $(QT_PACKAGES)
define apt_install
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi; \
	fi
endef
system-deps:
	$(call apt_install,$(SYSTEM_PACKAGES))

qt-deps:
	$(call apt_install,$(QT_PACKAGES))

lint: $(VENV)/.installed-test
	$(BIN)/ruff check planner tests scripts
	$(BIN)/ruff format --check planner tests scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

# Tests run on every core (pytest-xdist); a test that hangs fails after 300 s with its stack
# (pytest-timeout, pyproject.toml) instead of holding up the run.
test: $(VENV)/.installed-test system-deps lint
	$(BIN)/pytest -q -n auto

bench: $(VENV)/.installed-test
	$(BIN)/python -m tests.benchmarks

# mutmut copies planner/ and tests/ into mutants/ and runs the fast tests named in pyproject.toml
# [tool.mutmut] against each mutant, one process at a time; the tests find ../shared through
# ROTATION_PLANNER_SHARED from that copy. Results: mutants/mutmut-cicd-stats.json, and
# `.venv/bin/mutmut results` / `mutmut show NAME` for the survivors.
mutation: $(VENV)/.installed-mutation
	ROTATION_PLANNER_SHARED=$(abspath ../shared) $(BIN)/mutmut run --max-children 1
	$(BIN)/mutmut export-cicd-stats
	@cat mutants/mutmut-cicd-stats.json

evidence: $(VENV)/.installed-test
	$(BIN)/python -m tests.benchmarks.bench_walkforward

# The bundled security master, CUSIP index, fund table and fund size profiles, rebuilt from the
# reference files (docs/data.md); tests/market/test_universe.py checks the result byte for byte.
REFERENCE ?= ../shared/reference
universe: $(VENV)/.installed
	$(BIN)/python scripts/build_universe.py --reference $(REFERENCE)

# The README's printed page: the demo workbook printed to PDF by LibreOffice, one page rendered.
workbook-page: $(VENV)/.installed system-deps
	$(BIN)/python scripts/workbook_page.py

package: $(VENV)/.installed
	$(PIP) install 'pyinstaller>=6.0'
	$(BIN)/python packaging/make_icons.py build/icons
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
	  --workpath build/pyinstaller packaging/rotation-planner.spec
	@if [ "$$(uname -s)" = Linux ]; then \
	  share=dist/rotation-planner/share; mkdir -p $$share/applications $$share/metainfo; \
	  cp packaging/linux/*.desktop $$share/applications/; \
	  cp packaging/linux/*.metainfo.xml $$share/metainfo/; \
	  cp -r build/icons/hicolor $$share/icons; \
	fi

package-test:
	@test -x dist/rotation-planner/rotation-planner || { echo "run make package first" >&2; exit 1; }
	packaging/smoke_test.sh dist/rotation-planner/rotation-planner

wheel-test: $(BIN)/python
	$(PIP) install build
	rm -rf build/wheel-test && $(BIN)/python -m build --wheel --outdir build/wheel-test/dist .
	$(PYTHON) -m venv build/wheel-test/venv
	build/wheel-test/venv/bin/python -m pip install -q build/wheel-test/dist/*.whl
	packaging/smoke_test.sh build/wheel-test/venv/bin/rotation-planner

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
