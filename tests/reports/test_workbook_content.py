"""What the workbook says, checked against the plan it was written from (LibreOffice's
computed, formatted view of each sheet): trades in execution order with their price's date and
source, reasons in words, lots per sell, frozen positions and why, what binds each bucket left
outside its band, and an Assumptions sheet holding every policy key, the rates used, the lot
method, the budget, the size scheme, the regime's fade and the location table."""

from __future__ import annotations

import shutil
from dataclasses import fields, replace
from datetime import timedelta
from pathlib import Path

import pytest

from planner.core.buckets import SIZE_BUCKETS, describe_bucket
from planner.core.plan import BUCKET_NAMES
from planner.core.plan_model import REASONS
from planner.core.plan_warnings import HOLDINGS_STALE_DAYS
from planner.core.policy import LOCATION_KINDS, Policy
from planner.core.policy_file import SECTIONS
from planner.core.privacy import mask_account, mask_in_text
from planner.reports.labels import (
    ACCOUNT_TYPE_WORDS,
    LOCATION_KIND_WORDS,
    REASON_WORDS,
    TERM_WORDS,
    reasons_in_words,
)
from tests.conftest import DATA
from tests.reports.conftest import AUTHOR, CLIENT, Export, export, money, plan_run, sheets_as_csv

Sheets = dict[str, list[list[str]]]


def _table(sheet: list[list[str]]) -> list[dict[str, str]]:
    """Rows under the header row 1, up to the first row without a first cell."""
    head = sheet[0]
    out = []
    for row in sheet[1:]:
        if not row or not row[0] or row[0].startswith("Total"):
            break
        out.append(dict(zip(head, row, strict=False)))
    return out


def _ids(e: Export) -> list[str]:
    return [a.id for a in e.run.household.accounts]


def _label(e: Export, account_id: str) -> str:
    """An account as the workbook names it: name and masked number."""
    name = e.run.household.account(account_id).name
    return mask_in_text(f"{name} {mask_account(account_id)}", _ids(e))


def test_trades_in_execution_order_with_price_date_and_source(
    demo: Export, demo_csv: Sheets
) -> None:
    rows = _table(demo_csv["Trades"])
    trades = sorted(demo.run.plan.trades, key=lambda t: t.step)
    assert [int(r["Step"]) for r in rows] == [t.step for t in trades]
    for r, t in zip(rows, trades, strict=True):
        assert (r["Symbol"], r["Side"].lower()) == (t.symbol, t.side)
        assert r["Account"] == _label(demo, t.account_id)
        assert r["Account type"] == ACCOUNT_TYPE_WORDS[t.account_type]
        assert r["Price as of"] == (t.price_as_of.isoformat() if t.price_as_of else "unknown")
        assert r["Price source"] == mask_in_text(t.price_source, _ids(demo))
        assert r["Reason"] == reasons_in_words(t.reasons)
        assert r["Explanation"] == mask_in_text(t.explanation, _ids(demo))
        assert r["Wash sale"] == ("yes" if t.wash_sale else "no")


def test_reasons_are_words_never_codes(demo: Export, demo_csv: Sheets) -> None:
    assert set(REASONS) <= set(REASON_WORDS)  # every code the plan can give has words
    for words in REASON_WORDS.values():
        assert "_" not in words
    reasons = " ".join(r["Reason"] for r in _table(demo_csv["Trades"]))
    for code in REASONS:
        assert code not in reasons.split() and code not in reasons.replace(";", " ").split()
    assert reasons  # there are reasons to read


def test_each_sell_lists_its_lots(demo: Export, demo_csv: Sheets) -> None:
    rows = _table(demo_csv["Lots"])
    sells = [t for t in sorted(demo.run.plan.trades, key=lambda t: t.step) if t.side == "sell"]
    assert len(rows) == sum(len(t.lots) for t in sells)
    by_step: dict[int, list[dict[str, str]]] = {}
    for r in rows:
        by_step.setdefault(int(r["Step"]), []).append(r)
    for t in sells:
        lots = by_step[t.step]
        assert sum(float(r["Shares"].replace(",", "")) for r in lots) == t.shares
        for r, lot in zip(lots, t.lots, strict=True):
            assert r["Symbol"] == t.symbol and int(r["Lot"]) == lot.lot + 1
            assert r["Acquired"] == (lot.acquired.isoformat() if lot.acquired else "not given")
            assert r["Term"] == TERM_WORDS[lot.term]
            assert r["Cost"] == (money(lot.cost) if lot.cost is not None else "unknown")
            assert r["Gain"] == (money(lot.gain) if lot.gain is not None else "")
        if t.realized_gain is not None:  # taxable: the trade's gain is its lots' gains
            assert abs(sum(lot.gain or 0.0 for lot in t.lots) - t.realized_gain) < 0.01
    dated = [r for r in rows if r["Acquired"] != "not given"]
    assert {r["Term"] for r in dated} >= {"short-term", "long-term"}


def test_binding_explains_each_bucket_outside_its_band(demo: Export, demo_csv: Sheets) -> None:
    plan = demo.run.plan
    assert plan.binding  # the demo leaves buckets outside their bands
    summary = {r[0]: r for r in demo_csv["Summary"] if r and r[0]}
    head = next(r for r in demo_csv["Summary"] if r and r[0] == "Bucket")
    why = head.index("What keeps it outside its band")
    for k, b in plan.buckets.items():
        row = summary[BUCKET_NAMES[k]]
        if k in plan.binding:
            assert row[why] == mask_in_text(plan.binding[k], _ids(demo))
        elif abs(b.post - b.target) <= b.band:
            assert row[why] == ""


def test_summary_names_client_and_preparer(demo: Export, demo_csv: Sheets) -> None:
    summary = {r[0]: r[1] for r in demo_csv["Summary"] if r and r[0]}
    assert summary["Client"] == CLIENT and summary["Prepared by"] == AUTHOR
    assert demo_csv["Summary"][0][0] == f"Rotation plan for {CLIENT}"
    accounts = [
        r
        for r in demo_csv["Summary"]
        if r and r[0] in {_label(demo, a.id) for a in demo.run.household.accounts}
    ]
    assert len(accounts) == len(demo.run.plan.accounts)
    for w in demo.run.plan.warnings:
        assert any(r and r[0] == mask_in_text(w, _ids(demo)) for r in demo_csv["Summary"])


def test_frozen_positions_and_why(variant: Export, variant_csv: Sheets, demo_csv: Sheets) -> None:
    plan = variant.run.plan
    assert {f.symbol for f in plan.frozen} >= {"AMZN"} and len(plan.frozen) >= 2
    rows = _table(variant_csv["Frozen"])
    assert len(rows) == len(plan.frozen)
    for r, f in zip(rows, plan.frozen, strict=True):
        assert r["Account"] == _label(variant, f.account_id)
        assert (r["Symbol"], r["Value"]) == (f.symbol, money(f.market_value))
        assert r["Why the plan may not trade it"] == mask_in_text(f.why, _ids(variant))
    assert demo_csv["Frozen"][1][0].startswith("Nothing is frozen")


def _assumptions(sheets: Sheets) -> dict[str, list[str]]:
    return {r[0]: r for r in sheets["Assumptions"] if r and r[0]}


def _block(sheets: Sheets, *head: str) -> dict[str, list[str]]:
    """The Assumptions table whose header row starts with ``head``, by its first cells."""
    sheet = sheets["Assumptions"]
    start = next(i for i, r in enumerate(sheet) if tuple(r[: len(head)]) == head)
    out = {}
    for r in sheet[start + 1 :]:
        if not r or not r[0]:
            break
        out[r[0]] = r
    return out


def test_assumptions_list_every_policy_key(demo: Export, demo_csv: Sheets) -> None:
    rows = _assumptions(demo_csv)
    policy = demo.run.policy
    for section, kind in SECTIONS.items():
        for f in fields(kind):
            assert f"[{section}] {f.name}" in rows, (section, f.name)
    tax = policy.tax
    assert rows["[tax] short_term"][1] == f"{tax.short_term:.1%}"
    assert rows["[trading] max_position"][1] == f"{policy.trading.max_position:.1%}"
    assert rows["[tax] max_tax"][1] == (f"${tax.max_tax:,.0f}" if tax.max_tax else "no limit")
    assert rows["[tax] lot_method"][1].startswith(tax.lot_method)
    assert rows["Lot method"][1].startswith(tax.lot_method)
    assert rows["[buckets] scheme"][1] == policy.buckets.scheme


def test_assumptions_rates_used_budget_and_scheme(demo: Export, demo_csv: Sheets) -> None:
    rows = _assumptions(demo_csv)
    plan, tax = demo.run.plan, demo.run.policy.tax
    for term, label in (("short", "Short-term gains"), ("long", "Long-term gains")):
        base = tax.short_term if term == "short" else tax.long_term
        row = rows[label]
        assert row[1:5] == [
            f"{base:.1%}",
            f"{tax.surcharge() - tax.state:.1%}",
            f"{tax.state:.1%}",
            f"{tax.rate(term):.1%}",
        ]
        used = any(
            t.realized_gain is not None
            and any(
                (tax.unknown_term if lot.term == "unknown" else lot.term) == term for lot in t.lots
            )
            for t in plan.trades
        )
        assert row[5].startswith("yes" if used else "no")
    assert rows["Estimated tax of the plan"][1] == money(plan.tax_total)
    if tax.max_tax is not None:
        assert rows["Tax budget: tax"][1] == f"${tax.max_tax:,.0f}"
        assert rows["Tax budget: tax"][5] == f"the plan uses {money(plan.tax_total)} of it"
    scheme = demo.run.reference.size_scheme
    assert rows["Scheme"][1] == scheme.name
    assert scheme.as_of is not None and rows["Scheme as of"][1] == scheme.as_of.isoformat()
    table = _block(demo_csv, "Bucket", "From (market cap)")
    assert list(table) == [BUCKET_NAMES[k] for k in SIZE_BUCKETS]
    for k in SIZE_BUCKETS:
        assert table[BUCKET_NAMES[k]][5] == describe_bucket(scheme, k)


def test_assumptions_location_table(demo: Export, demo_csv: Sheets) -> None:
    listed = _block(demo_csv, "Bucket", *(LOCATION_KIND_WORDS[k] for k in LOCATION_KINDS))
    loc = demo.run.policy.location
    tables = {"taxable": loc.taxable, "tax_deferred": loc.tax_deferred, "tax_free": loc.tax_free}
    assert len(listed) == len(tables["taxable"])
    for k in tables["taxable"]:
        row = listed[BUCKET_NAMES[k]]
        assert row[1:4] == [f"{float(tables[kind][k]):.2%}" for kind in LOCATION_KINDS]
    rows = _assumptions(demo_csv)
    assert rows["Location cost after the plan (a year)"][1] == money(demo.run.plan.location_cost)


def test_regime_age_strength_and_override(
    demo: Export, demo_csv: Sheets, variant: Export, variant_csv: Sheets
) -> None:
    for e, sheets in ((demo, demo_csv), (variant, variant_csv)):
        regime, tilt = e.run.plan.regime, e.run.policy.tilt
        assert regime is not None and regime.age_days is not None
        strength = tilt.strength(regime.age_days)
        for rows in (_assumptions(sheets), {r[0]: r for r in sheets["Regime"] if r and r[0]}):
            assert rows["Regime age (days)"][1] == str(regime.age_days)
            assert rows["Strength applied"][1] == f"{strength:.0%}"
            assert rows["Override reason"][1] == (tilt.override_reason or "none")
        summary = {r[0]: r for r in sheets["Summary"] if r and r[0]}
        assert summary["Strength applied"][1] == f"{strength:.0%}"
    assert demo.run.policy.tilt.strength(demo.run.plan.regime.age_days) == 0  # stale: no tilt
    assert variant.run.policy.tilt.strength(variant.run.plan.regime.age_days) == 1  # overridden


def test_import_warnings_name_their_files_never_this_machines_folders(tmp_path: Path) -> None:
    # a client folder named with the client and an account-like number: neither may reach paper
    folder = tmp_path / "Clients" / "Smith 87654321"
    folder.mkdir(parents=True)
    names = ["vanguard_brokerage_2025.csv", "schwab_positions_2026_individual.csv"]
    files = [str(folder / n) for n in names]
    for n in names:
        shutil.copy(DATA / n, folder / n)
    run = plan_run(files, Policy())
    assert run.household.warnings  # the Vanguard download cannot be checked complete
    out = export(tmp_path / "out", run)
    sheets = sheets_as_csv(out.xlsx, out.folder / "csv")
    cells = [c for rows in sheets.values() for r in rows for c in r]
    assert not [c for c in cells if "Clients" in c or str(tmp_path) in c]
    for w in run.household.warnings:
        where = Path(w.file).name + (f":{w.line}" if w.line is not None else "")
        assert any(c.startswith(f"{where}:") and w.message[:40] in c for c in cells), where


def test_stale_holdings_are_flagged_on_the_first_page(demo: Export, demo_csv: Sheets) -> None:
    plan = demo.run.plan
    assert plan.as_of is not None and plan.holdings_as_of is not None
    days = (plan.as_of - plan.holdings_as_of).days
    assert days > HOLDINGS_STALE_DAYS  # the demo's files are of 2026-01-08
    said = [r[0] for r in demo_csv["Summary"] if r and r[0].startswith("STALE: the holdings")]
    assert said == [
        f"STALE: the holdings are {days:,} days old - the trades use that day's shares and "
        "prices; download the files again before trading."
    ]


@pytest.mark.parametrize("late", [HOLDINGS_STALE_DAYS, 0])
def test_holdings_within_the_stale_age_are_not_flagged(
    tmp_path: Path, demo: Export, late: int
) -> None:
    plan = demo.run.plan
    assert plan.holdings_as_of is not None
    fresh = replace(plan, as_of=plan.holdings_as_of + timedelta(days=late))
    out = export(tmp_path, replace(demo.run, plan=fresh))
    rows = sheets_as_csv(out.xlsx, out.folder / "csv")["Summary"]
    assert not any(r and r[0].startswith("STALE: the holdings") for r in rows)
