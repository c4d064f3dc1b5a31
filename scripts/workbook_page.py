"""Render a printed page of the demo workbook for the README (``make workbook-page``).

Exports the demo household's plan as the app does (masked, for a named client, "Prepared by"
from a throw-away settings file), prints the workbook to PDF with LibreOffice headless, and
renders the first page of the Trades sheet with ``pdftoppm`` to
``docs/workbook-trades-page.png``. Needs ``soffice`` and ``pdftoppm``/``pdftotext``
(``make test`` installs both on Debian/Ubuntu). Nothing of this machine is on the page: file
names only, never paths.

Usage: python scripts/workbook_page.py [--dpi N] [--out PNG]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime, time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "workbook-trades-page.png"
CLIENT = "The Demo Household (fictional)"
AUTHOR = "A. Advisor, CFP"


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def _page_of(pdf: Path, sheet: str) -> int:
    """The first page whose footer names ``sheet``."""
    for n in range(1, _pages(pdf) + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        if f"{sheet} - page {n} of" in " ".join(text.split()):
            return n
    raise SystemExit(f"no page of the {sheet} sheet in {pdf.name}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=80)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ["ROTATION_PLANNER_HOME"] = str(work / "home")
        from planner.resources import demo_files, resource
        from planner.storage import Settings, save_settings
        from planner.workflow import export_plan, import_household, plan_household, read_policy

        save_settings(Settings(author=AUTHOR))
        today = date.today()
        run = plan_household(
            import_household([str(f) for f in demo_files()]),
            read_policy(resource("demo/policy.toml")),
            today=today,
        )
        xlsx = work / "demo-plan.xlsx"
        export_plan(run, xlsx=xlsx, created=datetime.combine(today, time(9, 30)), client=CLIENT)
        soffice = shutil.which("soffice") or shutil.which("libreoffice") or "soffice"
        subprocess.run(
            [
                soffice,
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                str(xlsx),
            ],
            check=True,
            capture_output=True,
            timeout=240,
            env={**os.environ, "HOME": str(work)},
        )
        pdf = work / "demo-plan.pdf"
        page = _page_of(pdf, "Trades")
        stem = work / "page"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(args.dpi),
                "-f",
                str(page),
                "-l",
                str(page),
                "-png",
                "-singlefile",
                str(pdf),
                str(stem),
            ],
            check=True,
        )
        args.out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(stem.with_suffix(".png"), args.out)
    print(
        f"{args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}: "
        f"page {page} of the demo workbook's PDF, {args.out.stat().st_size:,} bytes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
