"""The Assumptions sheet: everything the plan rests on, in the order a compliance reader asks
for it - the tax rates actually used (short and long, with NIIT and state, the total rate a
live formula), the lot method and the tax budget against what the plan used, the size scheme
with its date and breakpoints, the regime's age and applied strength, the location table, the
targets, the approved vehicles, every policy key in force, the input files and their SHA-256,
the data sources and the policy file itself."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl.worksheet.worksheet import Worksheet

from planner.core.buckets import SIZE_BUCKETS, bucket_bounds, describe_bucket
from planner.core.plan import BUCKET_NAMES
from planner.core.policy import BUCKETS, LOCATION_KINDS
from planner.core.policy_file import policy_to_toml
from planner.reports.labels import LOCATION_KIND_WORDS, LOT_METHOD_WORDS, TERM_WORDS, word
from planner.reports.workbook.context import Book
from planner.reports.workbook.layout import (
    BOLD,
    DATE,
    DOLLARS,
    MONEY,
    PCT,
    PCT2,
    SECTION,
    TITLE,
    WHOLE,
    Col,
    Sheet,
)
from planner.reports.workbook.policy_keys import in_force, reads

COLS = [Col(30, 40), Col(13), Col(13), Col(13), Col(13), Col(56, 56)]
VALUE_SPAN = 4  # B:E
WIDE = len(COLS)


def billions(dollars: float) -> str:
    """A number format that shows dollars as billions with sensible digits: $257B, $78.9B,
    $7.80B, $0.40B (the cell keeps the exact number)."""
    if dollars >= 100e9:
        return '"$"#,##0,,,"B"'
    if dollars >= 10e9:
        return '"$"#,##0.0,,,"B"'
    return '"$"#,##0.00,,,"B"'


class _Rows:
    """A running row number and the two-column "label: value" writer."""

    def __init__(self, s: Sheet, row: int) -> None:
        self.s = s
        self.r = row

    def section(self, title: str) -> None:
        self.r += 2
        self.s.title(self.r, 1, title, SECTION)

    def pair(
        self, label: str, value: str | float | int | date | None, fmt: str = "", words: str = ""
    ) -> None:
        self.r += 1
        self.s.text(self.r, 1, label, font=BOLD, wrap=True)
        if isinstance(value, (int, float, date)) and not isinstance(value, bool) and fmt:
            self.s.number(self.r, 2, value, fmt, span=VALUE_SPAN)
        else:
            self.s.text(self.r, 2, "none" if value is None else str(value), span=VALUE_SPAN)
        if words:
            self.s.text(self.r, WIDE, words, wrap=True)


def _tax(rows: _Rows, book: Book) -> None:
    plan, s = book.plan, rows.s
    tax = plan.policy.tax
    niit = tax.surcharge() - tax.state
    rows.section("Tax rates actually used")
    rows.r += 1
    s.header(rows.r, ["Gains", "Federal", "NIIT", "State", "Total rate", "Used by this plan"])
    used: set[str] = set()
    for t in plan.trades:
        if t.side == "sell" and t.realized_gain is not None:
            used |= {tax.unknown_term if lot.term == "unknown" else lot.term for lot in t.lots}
    for term in ("short", "long"):
        rows.r += 1
        r = rows.r
        s.text(r, 1, f"{word(TERM_WORDS, term).capitalize()} gains")
        s.number(r, 2, tax.short_term if term == "short" else tax.long_term, PCT)
        s.number(r, 3, niit, PCT)
        s.number(r, 4, tax.state, PCT)
        s.formula(r, 5, f"=B{r}+C{r}+D{r}", PCT, tax.rate(term), font=BOLD)
        lots = "yes" if term in used else "no: no taxable lot of this term is sold"
        s.text(r, 6, lots, wrap=True)
    why = (
        "niit_applies is set"
        if tax.niit_applies
        else f"income ${tax.income:,.0f} is above ${tax.niit_threshold:,.0f}"
        if tax.income > tax.niit_threshold
        else f"income ${tax.income:,.0f} is not above ${tax.niit_threshold:,.0f}"
    )
    rows.pair("NIIT applies", f"{'yes' if niit else 'no'}: {why}")
    rows.pair("Lots without a date taxed as", word(TERM_WORDS, tax.unknown_term))
    rows.pair("Lot method", f"{tax.lot_method}: {word(LOT_METHOD_WORDS, tax.lot_method)}")
    for term in ("short", "long"):
        if term in plan.realized:
            rows.pair(f"Net {word(TERM_WORDS, term)} gain realised", plan.realized[term], MONEY)
    rows.pair("Estimated tax of the plan", plan.tax_total, MONEY)
    realised = sum(plan.realized.values())
    for label, limit, spent in (
        ("Tax budget: realised gains", tax.max_realized_gain, realised),
        ("Tax budget: tax", tax.max_tax, plan.tax_total),
    ):
        if limit is None:
            rows.pair(label, "no limit")
        else:
            rows.pair(label, limit, DOLLARS, f"the plan uses ${spent:,.2f} of it")


def _scheme(rows: _Rows, book: Book) -> None:
    s, ctx = rows.s, book.ctx
    scheme = ctx.scheme
    rows.section("Size scheme")
    if scheme is None:
        for k, v in sorted(ctx.thresholds.items()):
            rows.pair(f"Lower bound of {BUCKET_NAMES.get(k, k)} (market cap)", v, billions(v))
        return
    rows.pair("Scheme", scheme.name)
    rows.pair(
        "Scheme as of", scheme.as_of.isoformat() if scheme.as_of else "undated (the advisor's)"
    )
    rows.pair("Source", scheme.source)
    rows.pair("Funds counted by", ctx.fund_view or "look-through")
    rows.r += 1
    s.header(rows.r, ["Bucket", "From (market cap)", "Below", "", "", "In words"])
    for k in SIZE_BUCKETS:
        rows.r += 1
        lo, hi = bucket_bounds(scheme, k)
        s.text(rows.r, 1, BUCKET_NAMES[k])
        for col, bound in ((2, lo), (3, hi)):
            if bound is None:
                s.text(rows.r, col, "-")
            else:
                s.number(rows.r, col, bound, billions(bound))
        s.text(rows.r, 6, describe_bucket(scheme, k), wrap=True)


def _location(rows: _Rows, book: Book) -> None:
    s, plan = rows.s, book.plan
    loc = plan.policy.location
    rows.section("Asset location: estimated tax drag a year per dollar held")
    rows.pair("Location counts in the plan", "yes" if loc.enabled else "no")
    rows.pair("Location cost after the plan (a year)", plan.location_cost, MONEY)
    rows.r += 1
    s.header(
        rows.r, ["Bucket", *(LOCATION_KIND_WORDS[k] for k in LOCATION_KINDS), "", "Cheapest in"]
    )
    tables = {"taxable": loc.taxable, "tax_deferred": loc.tax_deferred, "tax_free": loc.tax_free}
    for k in BUCKETS:
        if not any(k in t for t in tables.values()):
            continue
        rows.r += 1
        s.text(rows.r, 1, BUCKET_NAMES[k])
        costs = {kind: float(tables[kind].get(k, 0.0)) for kind in LOCATION_KINDS}
        for j, kind in enumerate(LOCATION_KINDS):
            s.number(rows.r, 2 + j, costs[kind], PCT2)
        best = min(costs.values())
        cheapest = [LOCATION_KIND_WORDS[kind] for kind in LOCATION_KINDS if costs[kind] == best]
        s.text(rows.r, 6, ", ".join(cheapest), wrap=True)


def write_assumptions(ws: Worksheet, book: Book) -> None:
    plan, household, ctx = book.plan, book.household, book.ctx
    p = plan.policy
    s = Sheet(ws, book.mask, COLS)
    s.title(1, 1, "Assumptions", TITLE)
    rows = _Rows(s, 1)
    rows.section("This plan")
    rows.pair("Plan id", ctx.plan_id)
    rows.pair("Rotation Planner version", ctx.app_version)
    rows.pair("Created", ctx.created.isoformat(timespec="seconds"))
    rows.pair(
        "Plan date (lots' terms, wash-sale window)",
        plan.as_of.isoformat() if plan.as_of else "unknown",
    )
    rows.pair(
        "Holdings as of", plan.holdings_as_of.isoformat() if plan.holdings_as_of else "unknown"
    )
    rows.pair(
        "Solver", f"{plan.method}; proven within ${plan.gap or 0:,.2f} of the best plan's cost"
    )
    _tax(rows, book)
    _scheme(rows, book)

    rows.section("Regime")
    regime, tilt = plan.regime, p.tilt
    if regime is None:
        rows.pair("Regime", "none: no tilt")
    else:
        rows.pair("Regime as of", regime.as_of or "unknown", DATE)
        age = regime.age_days
        rows.pair("Regime age (days)", age if age is not None else "unknown", WHOLE)
        strength = tilt.strength(regime.age_days) if tilt.enabled else 0.0
        rows.pair(
            "Strength applied",
            strength,
            "0%",
            f"full up to {tilt.full_until_days:g} days, none from "
            f"{tilt.zero_after_days:g}, linear in between",
        )
        rows.pair("Override reason", tilt.override_reason.strip() or "none")
        rows.pair("Tilt applied (mega-caps to small-caps)", plan.tilt, "+0.0%;-0.0%;0.0%")
    _location(rows, book)

    rows.section("Targets")
    rows.r += 1
    s.header(rows.r, ["Bucket", "Policy target", "Plan target", "Band (+/-)"])
    for k in BUCKETS:
        rows.r += 1
        b = plan.buckets.get(k)
        s.text(rows.r, 1, BUCKET_NAMES[k])
        s.number(rows.r, 2, float(p.targets.get(k, 0.0)), PCT)
        if b is not None:
            s.number(rows.r, 3, b.target, PCT)
            s.number(rows.r, 4, b.band, PCT)
    rows.section("Approved vehicles (bought in this order)")
    for k in BUCKETS:
        if p.vehicles.get(k):
            rows.pair(BUCKET_NAMES[k], ", ".join(p.vehicles[k]))

    rows.section("Policy keys in force")
    rows.r += 1
    s.header(rows.r, ["Key", "Value", "", "", "", "Meaning"])
    for key, label, value, fmt, meaning in in_force(p):
        shown, number_format = reads(key, value, fmt, book.number)
        rows.pair(label, shown, number_format, meaning)
    rows.pair("[buckets] scheme", p.buckets.scheme, "", "how US equity is cut into sizes")
    rows.pair("[buckets] funds", p.buckets.funds, "", "how a fund counts")

    rows.section("Input files (SHA-256)")
    for f in household.files:
        rows.r += 1
        s.text(rows.r, 1, Path(f.path).name, wrap=True)
        s.text(rows.r, 2, f.sha256 or "unknown", span=VALUE_SPAN + 1)
    rows.section("Data sources")
    for src in ctx.data_sources:
        rows.r += 1
        s.text(rows.r, 1, src, span=WIDE)
    rows.section("Policy file")
    for line in policy_to_toml(p).splitlines():
        rows.r += 1
        s.text(rows.r, 1, line, span=WIDE)
    s.finish(None, book.page)
