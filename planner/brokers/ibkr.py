"""Interactive Brokers Activity Statement CSV (the Flex Query is :mod:`ibkr_flex`).

Every line starts with its section name and ``Header``/``Data``/``Total``/``SubTotal``; a
section may change its header midway (``Net Asset Value`` does). Positions are the ``Open
Positions`` rows whose discriminator is ``Summary`` (``Lot`` rows are their tax lots); cash is
the ``Net Asset Value`` cash line; the reported total is the NAV total. A statement is one
account's: a second ``Account`` in its ``Account Information`` is refused.

Positions in a currency other than the base currency are reported in that currency, and the
statement gives no rate to convert them, so those rows warn. A row's multiplier is the one it
states (``Mult``), and a row without a value is valued at quantity x price x multiplier; a row
stating none takes 100 if it is an option, else 1; bonds are priced per 100 of face value
(0.01). A stated rate or multiplier that is absurd or negative is refused (:func:`stated`,
shared with the Flex reader).

Completeness: the ``Open Positions`` section ends with its ``Total`` rows, and sections IBKR
always writes after it (``Trades``, ``Financial Instrument Information``, ``Codes``,
``Notes/Legal Notes``...) show the file went past it; a statement with neither was cut off and
is refused. The NAV total (an account value that includes cash) is what the positions
reconcile against.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from planner.brokers.base import (
    ParsedFile,
    Reader,
    find_columns,
    find_date,
    reported_number,
    window,
)
from planner.brokers.complete import ends_before, unchecked
from planner.brokers.numbers import is_absurd, parse_number
from planner.brokers.positions import concat_positions, make_positions
from planner.brokers.source import Source
from planner.core.accounts import account_type_from_name
from planner.core.errors import InputError
from planner.core.holdings import Account, ImportWarning

CATEGORY = {
    "stocks": "equity",
    "stk": "equity",
    "equity and index options": "option",
    "opt": "option",
    "options": "option",
    "bonds": "bond",
    "bond": "bond",
    "treasury bills": "bond",
    "bill": "bond",
    "mutual funds": "mutual_fund",
    "fund": "mutual_fund",
    "etf": "etf",
    "cash": "cash",
    "cfd": "other",
    "futures": "other",
    "fut": "other",
    "forex": "cash",
    "cash.": "cash",
}


#: Sections an activity statement writes after ``Open Positions``.
AFTER_POSITIONS = frozenset(
    {
        "Forex Balances",
        "Trades",
        "Corporate Actions",
        "Transfers",
        "Deposits & Withdrawals",
        "Dividends",
        "Withholding Tax",
        "Interest",
        "Interest Accruals",
        "Fees",
        "Change in Dividend Accruals",
        "Financial Instrument Information",
        "Codes",
        "Notes/Legal Notes",
    }
)


def detect_activity(src: Source) -> int | None:
    return next(
        (n for n in window(src) if src.line(n).lstrip('\ufeff"').startswith("Statement,Header")),
        None,
    )


def number(text: str) -> float | None:
    try:
        return parse_number(text)
    except ValueError:
        return None


def stated(src: Source, line: int, cell: str, what: str) -> float | None:
    """A rate or multiplier the row states (None when blank, unreadable or 0); absurd or
    negative ones are refused."""
    value = number(cell)
    if is_absurd(cell) or (value is not None and value < 0):
        raise InputError(src.path, line, f"{what} {cell.strip()[:40]!r} is not a sane number")
    return value or None


def read_activity(src: Source) -> ParsedFile:
    headers: dict[str, list[str]] = {}
    info: dict[str, str] = {}
    base_currency = "USD"
    nav_total: float | None = None
    nav_line: int | None = None
    cash: tuple[int, str] | None = None
    rows: list[tuple[int, list[str], list[str]]] = []
    period = ""
    position_total: int | None = None
    later: int | None = None
    nav_warnings: list[ImportWarning] = []
    for n in range(1, len(src) + 1):
        cells = src.cells(n)
        if len(cells) < 2:
            continue
        section, kind = cells[0], cells[1]
        if section == "Open Positions" and kind == "Total":
            position_total = n
        elif later is None and section in AFTER_POSITIONS:
            later = n
        if kind == "Header":
            headers[section] = cells[2:]
            continue
        head = headers.get(section, [])
        data = cells[2:]
        if section == "Statement" and kind == "Data" and len(data) >= 2:
            if data[0] == "Period":
                period = data[1]
            if data[0] == "WhenGenerated" and not period:
                period = data[1]
        elif section == "Account Information" and kind == "Data" and len(data) >= 2:
            if data[0] == "Account" and info.get("Account", data[1]) != data[1]:
                raise InputError(
                    src.path,
                    n,
                    f"a second account ({data[1]}) after {info['Account']}: this statement "
                    "covers more than one account, which this reader cannot split; download "
                    "one statement per account",
                )
            info[data[0]] = data[1]
            if data[0] == "Base Currency":
                base_currency = data[1]
        elif section == "Net Asset Value" and kind == "Data" and head[:1] == ["Asset Class"]:
            idx = head.index("Current Total") if "Current Total" in head else len(head) - 2
            if data and data[0] == "Cash" and idx < len(data):
                cash = (n, data[idx])
            elif data and data[0] == "Total" and idx < len(data):
                nav_total, nav_warnings = reported_number(src, n, data[idx], "the NAV total")
                nav_line = n
        elif section == "Open Positions" and kind == "Data":
            rows.append((n, head, data))
    if rows and (position_total is None or position_total < rows[-1][0]):
        raise ends_before(src, "the Total row of its Open Positions section")
    if not rows and later is None:
        raise ends_before(src, "its Open Positions section")
    acct_id = info.get("Account", "") or "IBKR"
    kind_name = info.get("Account Type", "")
    name = " - ".join(x for x in (info.get("Name", ""), kind_name) if x) or acct_id
    warnings: list[ImportWarning] = list(nav_warnings)
    if nav_total is None:
        warnings.append(unchecked(src, "the statement has no Net Asset Value total", acct_id))
    lines: list[int] = []
    fields: dict[str, list[str]] = {
        k: [] for k in ("sym", "desc", "qty", "px", "val", "cost", "type")
    }
    mults: list[float | None] = []
    for n, head, data in rows:
        cols = find_columns(
            head,
            {
                "disc": ["datadiscriminator"],
                "cat": ["asset category"],
                "cur": ["currency"],
                "sym": ["symbol"],
                "desc": ["description"],
                "qty": ["quantity"],
                "mult": ["mult", "multiplier"],
                "cost": ["cost basis"],
                "px": ["close price"],
                "val": ["value"],
            },
        )

        def get(key: str, data: Sequence[str] = data, cols: dict[str, int] = cols) -> str:
            i = cols.get(key)
            return data[i] if i is not None and i < len(data) else ""

        if get("disc") and get("disc").lower() != "summary":
            continue  # tax lots of the summary row above
        cur = get("cur")
        if cur and cur != base_currency:
            warnings.append(
                ImportWarning(
                    src.path,
                    n,
                    acct_id,
                    f"{get('sym')} is valued in {cur}, not {base_currency}; the activity "
                    "statement gives no rate, so its value is taken as is",
                )
            )
        lines.append(n)
        fields["sym"].append(get("sym"))
        fields["desc"].append(get("desc"))
        fields["qty"].append(get("qty"))
        fields["px"].append(get("px"))
        fields["val"].append(get("val"))
        fields["cost"].append(get("cost"))
        fields["type"].append(CATEGORY.get(get("cat").lower(), "other"))
        mult = stated(src, n, get("mult"), "Mult")
        mults.append(0.01 if fields["type"][-1] == "bond" else mult)
    frame, warns = make_positions(
        src,
        lines,
        [acct_id] * len(lines),
        fields["sym"],
        fields["desc"],
        fields["val"],
        quantity=fields["qty"],
        price=fields["px"],
        cost_basis=fields["cost"],
        asset_type=fields["type"],
        multiplier=mults,
    )
    warnings.extend(warns)
    frames = [frame]
    if cash is not None:
        cframe, cw = make_positions(
            src,
            [cash[0]],
            [acct_id],
            ["CASH"],
            [f"Cash ({base_currency})"],
            [cash[1]],
            asset_type=["cash"],
        )
        frames.append(cframe)
        warnings.extend(cw)
    account = Account(
        acct_id,
        name,
        account_type_from_name(kind_name or name),
        src.path,
        nav_total,
        nav_line if nav_total is not None else None,
        "Net Asset Value total" if nav_total is not None else "",
    )
    return ParsedFile(
        "ibkr-activity-statement",
        _period_end(period) or find_date(period),
        [account],
        concat_positions(frames),
        warnings,
    )


def _period_end(period: str) -> date | None:
    """``January 1, 2020 - December 31, 2020`` -> 2020-12-31."""
    end = period.split(" - ")[-1].strip()
    for fmt in ("%B %d, %Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(end, fmt).date()
        except ValueError:
            continue
    return None


ACTIVITY = Reader("ibkr-activity", detect_activity, read_activity)
