"""Does a file agree with itself?

Three checks, all warnings and never fatal (the broker's market value is what counts):

* per row, quantity x price x multiplier against the market value the file reports, with a
  tolerance for the broker having rounded the price to the cent;
* per account, the sum of position values against the strongest total the file states for
  it (a total row of positions first, then an account value that includes cash - the reader
  chooses, :attr:`Account.reported_total_label` names it); silent when that one agrees;
* per position with tax lots, the lots' shares and total cost against the position's quantity
  and cost basis (:func:`lot_mismatches`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from planner.core.holdings import Account, ImportWarning, LotRecord, position_records


def _money(x: float) -> str:
    return f"${x:,.2f}" if x >= 0 else f"-${-x:,.2f}"


def _shares(x: float) -> str:
    return f"{x:,.4f}".rstrip("0").rstrip(".")


def row_mismatches(positions: pd.DataFrame) -> list[ImportWarning]:
    """Rows where quantity x price x multiplier is not the market value the file reports.

    Tolerance: a cent, plus half a cent of price rounding per unit, plus 0.01% of the value.
    """
    qty = positions["quantity"].to_numpy(dtype=float)
    price = positions["price"].to_numpy(dtype=float)
    mult = positions["multiplier"].to_numpy(dtype=float)
    value = positions["market_value"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        expected = qty * price * mult
        tol = 0.01 + 0.005 * np.abs(qty * mult) + 1e-4 * np.abs(value)
        bad = np.abs(expected - value) > tol
    bad &= ~np.isnan(expected)
    out: list[ImportWarning] = []
    flagged = np.flatnonzero(bad)
    records = position_records(positions.iloc[flagged]) if len(flagged) else []
    for i, row in zip(flagged, records, strict=True):
        out.append(
            ImportWarning(
                row.source_file,
                row.source_line,
                row.account_id,
                f"{row.symbol}: quantity x price is {_money(float(expected[i]))} but the "
                f"file reports a market value of {_money(float(value[i]))}; "
                "the reported market value is used",
            )
        )
    return out


def total_mismatches(accounts: Iterable[Account], positions: pd.DataFrame) -> list[ImportWarning]:
    """Accounts whose positions do not add up to the total the file reports for them."""
    grouped = positions.groupby("account_id", sort=False)["market_value"]
    sums: dict[str, tuple[float, int]] = {
        str(k): (float(v), int(n))
        for k, v, n in zip(
            grouped.sum().index.tolist(),
            grouped.sum().tolist(),
            grouped.count().tolist(),
            strict=True,
        )
    }
    out: list[ImportWarning] = []
    for acct in accounts:
        if acct.reported_total is None:
            continue
        total, count = sums.get(acct.id, (0.0, 0))
        tolerance = 0.01 + 0.005 * count + 1e-6  # a difference of exactly that is within it
        if abs(total - acct.reported_total) > tolerance:
            figure = acct.reported_total_label or "total"
            out.append(
                ImportWarning(
                    acct.source,
                    acct.reported_total_line,
                    acct.id,
                    f"positions add up to {_money(total)} but the file's {figure} says "
                    f"{_money(acct.reported_total)} (difference "
                    f"{_money(total - acct.reported_total)})",
                )
            )
    return out


def lot_mismatches(positions: pd.DataFrame, lots: Iterable[LotRecord]) -> list[ImportWarning]:
    """Positions whose lots do not add up to them: the lots' shares against the quantity of
    the account's rows of that symbol, the lots' cost against their cost basis. Tolerance: the
    broker rounds each figure, so half a thousandth of a share and half a cent per lot and per
    row. The warning names the first lot's file and line, the account, the symbol and the
    differences; a figure missing on either side (a lot of unknown cost, a row without cost
    basis) is not compared."""
    groups: dict[tuple[str, str], list[LotRecord]] = {}
    for lot in lots:
        groups.setdefault((lot.account_id, lot.symbol), []).append(lot)
    if not groups:
        return []
    rows: dict[tuple[str, str], list[int]] = {}
    accts, syms = positions["account_id"].tolist(), positions["symbol"].tolist()
    for i, key in enumerate(zip(accts, syms, strict=True)):
        if key in groups:
            rows.setdefault(key, []).append(i)
    qty = positions["quantity"].to_numpy(dtype=float)
    basis = positions["cost_basis"].to_numpy(dtype=float)
    files, lines = positions["source_file"].tolist(), positions["source_line"].tolist()
    out: list[ImportWarning] = []
    for (acct, sym), mine in groups.items():
        at = rows.get((acct, sym), [])
        if not at:
            continue  # attach_lots refuses lots without a position; nothing to compare
        n = len(mine) + len(at)
        held = float(qty[at].sum())
        cost = float(basis[at].sum())
        in_lots = sum(lot.quantity for lot in mine)
        known = [lot.cost for lot in mine if lot.cost is not None]
        said: list[str] = []
        tol = 0.0005 * n + 1e-9  # shares
        if not np.isnan(held) and abs(in_lots - held) > tol:
            said.append(
                f"{_shares(in_lots)} shares where the position holds {_shares(held)} "
                f"(difference {_shares(in_lots - held)})"
            )
        if len(known) == len(mine) and not np.isnan(cost):
            paid = sum(known)
            if abs(paid - cost) > 0.005 * n + 1e-6:
                said.append(
                    f"a cost of {_money(paid)} where the position's cost basis is "
                    f"{_money(cost)} (difference {_money(paid - cost)})"
                )
        if said:
            where = f"{files[at[0]]}:{lines[at[0]]}"
            short = held - in_lots if not np.isnan(held) else 0.0
            then = (
                f"the plan counts the {_shares(short)} shares no lot names as one lot of "
                "unknown cost and date, whose sale counts as all gain, to be safe"
                if short > tol
                else "the plan uses the lots as they are"
            )
            out.append(
                ImportWarning(
                    mine[0].source_file,
                    mine[0].source_line,
                    acct,
                    f"the lots of {sym} add up to {' and '.join(said)} ({where}); {then}",
                )
            )
    return out
