"""Does a file agree with itself?

Two checks, both warnings and never fatal (the broker's market value is what counts):

* per row, quantity x price x multiplier against the market value the file reports, with a
  tolerance for the broker having rounded the price to the cent;
* per account, the sum of position values against the strongest total the file states for
  it (a total row of positions first, then an account value that includes cash - the reader
  chooses, :attr:`Account.reported_total_label` names it); silent when that one agrees.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from planner.core.holdings import Account, ImportWarning, position_records


def _money(x: float) -> str:
    return f"${x:,.2f}" if x >= 0 else f"-${-x:,.2f}"


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
        tolerance = 0.01 + 0.005 * count
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
