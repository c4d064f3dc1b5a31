"""The demo workbook exported once per session, and what LibreOffice makes of it: every sheet
as computed CSV, and the printed PDF as the words on each page with their boxes.

``make test`` installs LibreOffice (libreoffice-calc-nogui) and poppler-utils (``pdftotext``);
without them these tests fail, not skip."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import pytest

from planner.core.buckets import describe_bucket
from planner.core.exposure import compute_exposure
from planner.core.facts import security_facts
from planner.core.holdings import Household
from planner.core.plan import make_plan
from planner.core.policy import Policy
from planner.core.problem import Lot
from planner.market.regime_inputs import load_regime
from planner.market.securities import load_reference, with_policy
from planner.resources import demo_files, resource
from planner.storage import Settings, save_settings
from planner.workflow import PlanRun, export_plan, import_household, read_policy

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice") or "soffice"
PDFTOTEXT = shutil.which("pdftotext") or "pdftotext"
CREATED = datetime(2026, 11, 24, 9, 30)
PLAN_DATE = date(2026, 11, 24)
CLIENT = "Alex & Sam Example"
AUTHOR = "Pat Advisor"
NASTY = ['=HYPERLINK("http://evil.example","click")', "+1+1", "@SUM(A1:A2)", "-2+3"]
#: Lots of the demo's taxable account (…4417): AAPL has a losing lot and an old gain lot,
#: so a sell spans two lots; MSFT a long- and a short-term lot.
LOTS = {
    ("...4417", "AAPL"): (
        Lot(100, 30_000.0, date(2025, 1, 2)),
        Lot(500, 25_000.0, date(2019, 5, 1)),
    ),
    ("...4417", "MSFT"): (
        Lot(100, 20_000.0, date(2020, 5, 1)),
        Lot(150, 51_250.0, date(2026, 9, 1)),
    ),
}


def soffice(src: Path, out: Path, target: str) -> None:
    """Convert ``src`` with LibreOffice headless into ``out`` (a private profile there)."""
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HOME": str(out)}
    subprocess.run(
        [
            str(SOFFICE),
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=240,
        env=env,
    )


def sheets_as_csv(xlsx: Path, out: Path) -> dict[str, list[list[str]]]:
    """Every sheet of ``xlsx`` as LibreOffice computes and exports it (formatted text)."""
    soffice(
        xlsx, out, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
    )
    sheets = {}
    for path in out.glob(f"{xlsx.stem}-*.csv"):
        with path.open(encoding="utf-8") as fh:
            sheets[path.stem[len(xlsx.stem) + 1 :]] = list(csv.reader(fh))
    return sheets


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: list[Word]

    @property
    def sheet(self) -> str:
        """The sheet this page prints, from its footer ``<sheet> - page N of M``."""
        texts = [w.text for w in self.words]
        for i in range(len(texts) - 2):
            if texts[i + 1] == "-" and texts[i + 2] == "page":
                return texts[i]
        return ""

    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def pdf_pages(pdf: Path) -> list[Page]:
    """The words of every page with their boxes (points, y down), from ``pdftotext``."""
    xhtml = subprocess.run(
        [PDFTOTEXT, "-bbox", str(pdf), "-"], check=True, capture_output=True, timeout=120
    ).stdout
    ns = "{http://www.w3.org/1999/xhtml}"
    root = ET.fromstring(xhtml)
    pages = []
    for n, p in enumerate(root.iter(f"{ns}page"), 1):
        words = [
            Word(*(float(w.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax")), w.text or "")
            for w in p.iter(f"{ns}word")
        ]
        pages.append(Page(n, float(p.get("width", 0)), float(p.get("height", 0)), words))
    return pages


def nasty_files(tmp: Path) -> list[str]:
    """The demo household's files with descriptions that look like formulas."""
    files = []
    for f in demo_files():
        text = f.read_text(encoding="utf-8")
        for plain, nasty in zip(
            ["APPLE INC", "NVIDIA CORP", "MICROSOFT CORP", "AMAZON.COM INC"], NASTY, strict=True
        ):
            text = text.replace(f'"{plain}"', '"' + nasty.replace('"', '""') + '"')
        target = tmp / f.name
        target.write_text(text, encoding="utf-8")
        files.append(str(target))
    return files


def plan_run(files: list[str] | Household, policy: Policy, lots: dict | None = None) -> PlanRun:  # type: ignore[type-arg]
    """A plan of ``files`` (or a household) as the workflow makes one, with ``lots`` for the
    solver, on :data:`PLAN_DATE`."""
    household = files if isinstance(files, Household) else import_household(files)
    ref = with_policy(load_reference(), policy.buckets)
    regime = load_regime(None)
    plan = make_plan(
        household,
        security_facts(household, ref, policy.vehicle_symbols()),
        policy,
        regime.view() if regime else None,
        None,
        as_of=PLAN_DATE,
        lots=lots,
        describe=lambda b: describe_bucket(ref.size_scheme, b),
    )
    return PlanRun(household, ref, compute_exposure(household, ref), regime, policy, plan)


@dataclass(frozen=True)
class Export:
    run: PlanRun
    xlsx: Path
    blotter: Path
    folder: Path


def export(tmp: Path, run: PlanRun, mask: bool = True, client: str = CLIENT) -> Export:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ROTATION_PLANNER_HOME", str(tmp / "home"))
        save_settings(Settings(author=AUTHOR))
        xlsx, blotter = tmp / "plan.xlsx", tmp / "trades.csv"
        export_plan(
            run, xlsx=xlsx, blotter=blotter, created=CREATED, mask_accounts=mask, client=client
        )
    return Export(run, xlsx, blotter, tmp)


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Export:
    """The demo household (descriptions that look like formulas, dated lots in the taxable
    account), its policy, exported masked for a named client by a named advisor."""
    tmp = tmp_path_factory.mktemp("demo")
    run = plan_run(nasty_files(tmp), read_policy(resource("demo/policy.toml")), LOTS)
    return export(tmp, run)


@pytest.fixture(scope="session")
def demo_csv(demo: Export) -> dict[str, list[list[str]]]:
    return sheets_as_csv(demo.xlsx, demo.folder / "csv")


@pytest.fixture(scope="session")
def demo_pdf(demo: Export) -> list[Page]:
    out = demo.folder / "pdf"
    soffice(demo.xlsx, out, "pdf")
    return pdf_pages(out / "plan.pdf")


@pytest.fixture(scope="session")
def variant(tmp_path_factory: pytest.TempPathFactory) -> Export:
    """The demo under a policy that freezes positions (an unsupervised symbol, a held-away
    account), overrides the stale regime with a reason and deposits into an account."""
    tmp = tmp_path_factory.mktemp("variant")
    base = read_policy(resource("demo/policy.toml"))
    files = [str(f) for f in demo_files()]
    roth = next(a.id for a in import_household(files).accounts if a.type == "tax_free")
    policy = replace(
        base,
        tilt=replace(base.tilt, override_reason="The client asked to keep the tilt"),
        restrictions=replace(base.restrictions, unsupervised=("AMZN",), held_away=(roth,)),
        trading=replace(base.trading, deposits={"Z55512345": 5_000.0}),
    )
    return export(tmp, plan_run(files, policy, LOTS))


@pytest.fixture(scope="session")
def variant_csv(variant: Export) -> dict[str, list[list[str]]]:
    return sheets_as_csv(variant.xlsx, variant.folder / "csv")


def money(x: float) -> str:
    """Dollars as the workbook's money format prints them."""
    return f"-${-x:,.2f}" if x < 0 else f"${x:,.2f}"


def rows_by_first(sheet: list[list[str]]) -> dict[str, list[str]]:
    return {r[0]: r for r in sheet if r and r[0]}


WORD = re.compile(r"\S+")
