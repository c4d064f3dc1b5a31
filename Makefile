# Rotation Planner: everything a fresh machine needs is set up from here.
#   make demo   - create .venv, install, run the main job on the bundled demo household
#   make test   - create .venv with test tools, install system packages the tests need
#                 (when run as root and missing), run ruff, mypy, import-linter and pytest
#   make bench  - benchmarks (not part of make test); results in README "Benchmarks"
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
export QT_QPA_PLATFORM ?= offscreen

.PHONY: demo test lint bench evidence universe system-deps clean package package-test wheel-test \
	workbook-page

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install -e '.[test]'
	@touch $@

demo: $(VENV)/.installed
	$(BIN)/rotation-planner gui --demo

# Debian packages the test suite uses (LibreOffice opens the workbooks the tests write and
# prints them to PDF; poppler-utils' pdftotext reads the printed pages back, pdftoppm renders
# the README's page); installed only when running as root on a Debian-like system and missing.
SYSTEM_PACKAGES := libreoffice-calc-nogui poppler-utils
system-deps:
	@if [ -n "$(SYSTEM_PACKAGES)" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi; \
	fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check planner tests scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(VENV)/.installed-test system-deps lint
	$(BIN)/pytest -q

bench: $(VENV)/.installed-test
	$(BIN)/python -m tests.benchmarks

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
