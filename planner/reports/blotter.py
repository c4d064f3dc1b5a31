"""The trade blotter: one CSV row per trade, in the column layout custodians' bulk-trade
uploads take (map the headers in the upload screen if yours names them differently).

    account_number,symbol,action,quantity,order_type,estimated_price,estimated_value

``action`` is BUY or SELL, ``order_type`` is MARKET, ``quantity`` whole shares unless the policy
allows fractions; account numbers are written in full (an upload needs them) unless masked.
Sells come before buys within an account: their cash pays for the buys.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from planner.core.errors import InputError
from planner.core.plan import Plan
from planner.reports.workbook import mask
from planner.storage import write_text_atomic

COLUMNS = ("account_number", "symbol", "action", "quantity", "order_type", "estimated_price",
           "estimated_value")  # fmt: skip


def _quantity(shares: float) -> str:
    return f"{shares:.6f}".rstrip("0").rstrip(".")


def blotter_text(plan: Plan, mask_accounts: bool = False) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for t in plan.trades:
        account = mask(t.account_id) if mask_accounts else t.account_id
        # a leading = + - @ would make spreadsheet apps read a formula: quote it away
        safe = [account, t.symbol]
        safe = ["'" + v if v[:1] in ("=", "+", "-", "@") else v for v in safe]
        w.writerow([*safe, t.side.upper(), _quantity(t.shares), "MARKET", f"{t.price:.2f}",
                    f"{t.value:.2f}"])  # fmt: skip
    return out.getvalue()


def write_blotter(path: str | Path, plan: Plan, mask_accounts: bool = False) -> None:
    """The blotter alone, atomically, readable by its owner only (0600: full account
    numbers). ``export_plan`` writes it together with the workbook and the archive entry."""
    try:
        write_text_atomic(Path(path), blotter_text(plan, mask_accounts))
    except OSError as err:
        raise InputError(str(path), None, f"cannot write the blotter ({err.strerror or err}); "
                                          "the previous file is unchanged") from None  # fmt: skip
