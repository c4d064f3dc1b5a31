"""The Regime sheet: every signal with its value, date, scoring rule and source, each
contribution and the composite as formulas, then the regime as the plan applied it: its age,
the strength the fade leaves (or the override and its reason) and the tilt."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from planner.reports.workbook.context import Book
from planner.reports.workbook.layout import BOLD, DATE, PCT, SECTION, WHOLE, Col, Sheet

NAMES = [
    "Signal",
    "Available",
    "Value",
    "Unit",
    "Change",
    "As of",
    "Score",
    "Weight",
    "Contribution",
    "Rule",
    "Source",
]
COLS = [
    Col(24, 34),
    Col(6),
    Col(8),
    Col(5, 8),
    Col(7),
    Col(10),
    Col(6),
    Col(6),
    Col(9),
    Col(34, 40),
    Col(24, 34),
]
CONTRIBUTION = "+0.000;-0.000;0.000"


def write_regime(ws: Worksheet, book: Book) -> None:
    plan = book.plan
    signals = book.ctx.regime_signals
    s = Sheet(ws, book.mask, COLS)
    s.header(1, NAMES)
    n = len(signals)
    last = n + 1
    for i, sig in enumerate(signals):
        r = i + 2
        s.text(r, 1, str(sig.get("name", sig.get("id", ""))))
        s.text(r, 2, "yes" if sig.get("available") else "no")
        value, change = sig.get("value"), sig.get("change")
        s.number(r, 3, float(value) if value is not None else None, "#,##0.00")
        s.text(r, 4, str(sig.get("unit", "")))
        s.number(r, 5, float(change) if change is not None else None, "+#,##0.00;-#,##0.00")
        s.text(r, 6, str(sig.get("as_of") or ""))
        score, weight = sig.get("score"), sig.get("weight")
        s.number(r, 7, float(score) if score is not None else None, "+0.00;-0.00;0.00")
        s.number(r, 8, float(weight) if weight is not None else None, "0.00")
        # over every rule's weight: a composite on part of the signals is scaled by coverage
        s.formula(r, 9, f'=IF(B{r}="yes",H{r}*G{r}/SUM(H$2:H${last}),"")', CONTRIBUTION, -1.0)
        s.text(r, 10, str(sig.get("rule", "")), wrap=True)
        s.text(r, 11, str(sig.get("source", "")), wrap=True)
    r = last + 1
    s.text(r, 1, "Composite", font=BOLD)
    s.formula(r, 9, f"=SUM(I2:I{last})" if n else "=0", CONTRIBUTION, -1.0, font=BOLD)

    r += 2
    s.title(r, 1, "The regime as the plan applies it", SECTION)
    regime = plan.regime
    tilt = plan.policy.tilt
    rows: list[tuple[str, object, str | None]]
    if regime is None:
        rows = [("Regime", "none: the plan follows the policy without a tilt", None)]
    else:
        strength = tilt.strength(regime.age_days) if tilt.enabled else 0.0
        fade = (
            f"full strength up to {tilt.full_until_days:g} days old, none from "
            f"{tilt.zero_after_days:g} days, linear in between"
        )
        rows = [
            ("Label", regime.label, None),
            ("Regime as of", regime.as_of, DATE),
            (
                "Regime age (days)",
                regime.age_days if regime.age_days is not None else "unknown",
                WHOLE,
            ),
            ("Stale", "yes" if regime.stale else "no", None),
            ("Fade", fade if tilt.enabled else "the tilt is off in the policy", None),
            ("Strength applied", strength, "0%"),
            ("Override reason", tilt.override_reason.strip() or "none", None),
            ("Largest tilt (policy)", tilt.max, PCT),
            ("Tilt applied (mega-caps to small-caps)", plan.tilt, "+0.0%;-0.0%;0.0%"),
            ("Source", regime.source or "unknown", None),
        ]
    for label, value, fmt in rows:
        r += 1
        s.text(r, 1, label, font=BOLD)
        if fmt is None or isinstance(value, str) or value is None:
            s.text(r, 2, str(value) if value is not None else "unknown", span=8)
        else:
            s.number(r, 2, value, fmt, span=8)  # type: ignore[arg-type]
    ws.freeze_panes = "A2"
    s.finish(1, book.page)
