"""Interactive Brokers: the Activity Statement CSV and Flex Query "Open Positions" CSV.

Activity statement: every line starts with its section name and ``Header``/``Data``/
``Total``/``SubTotal``; a section may change its header midway (``Net Asset Value`` does).
Positions are the ``Open Positions`` rows whose discriminator is ``Summary`` (``Lot`` rows are
their tax lots); cash is the ``Net Asset Value`` cash line; the reported total is the NAV
total. Flex queries come either as a plain table (``ClientAccountID,...,MarkPrice,
PositionValue``, header possibly repeated per account, ``LevelOfDetail`` SUMMARY/LOT) or in
``HEADER``/``DATA`` form with section code ``POST``.

Positions in a currency other than the base currency are reported in that currency by IBKR;
the Flex ``FXRateToBase`` column converts them, the activity statement cannot, so those rows
warn. A row's multiplier is the one it states (``Mult``; Flex ``Multiplier``: 10 for a mini
option), and a row without a value is valued at quantity x price x multiplier; a row stating
none takes 100 if it is an option, else 1; bonds are priced per 100 of face value (0.01).

Completeness: in an activity statement the ``Open Positions`` section ends with its ``Total``
rows, and sections IBKR always writes after it (``Trades``, ``Financial Instrument
Information``, ``Codes``, ``Notes/Legal Notes``...) show the file went past it; a statement
with neither was cut off and is refused. The NAV total (an account value that includes cash)
is what the positions reconcile against. A Flex query states no totals, so every import of
one warns that completeness could not be checked; in ``HEADER``/``DATA`` form it must at least
reach its ``EOF`` line, or it was cut off and is refused; a ``DATA,POST`` row above the
``HEADER,POST`` row that names its columns cannot be read, and is refused too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from planner.brokers.base import (
    ParsedFile,
    Reader,
    find_columns,
    find_date,
    parse_date,
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

_CATEGORY = {
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


def _num(text: str) -> float | None:
    try:
        return parse_number(text)
    except ValueError:
        return None


def _stated(src: Source, line: int, cell: str, what: str) -> float | None:
    """A rate or multiplier the row states (None when blank, unreadable or 0); absurd ones
    are refused."""
    if is_absurd(cell):
        raise InputError(src.path, line, f"{what} {cell.strip()[:40]!r} is not a sane number")
    return _num(cell) or None


def _factor(src: Source, line: int, cell: str, what: str) -> float:
    """A rate (1 when blank or unreadable); absurd ones are refused."""
    return _stated(src, line, cell, what) or 1.0


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
        fields["type"].append(_CATEGORY.get(get("cat").lower(), "other"))
        mult = _stated(src, n, get("mult"), "Mult")
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


FLEX = {
    "account_id": ["clientaccountid"],
    "alias": ["accountalias"],
    "currency": ["currencyprimary"],
    "fx": ["fxratetobase"],
    "category": ["assetclass"],
    "symbol": ["symbol"],
    "description": ["description"],
    "quantity": ["position", "quantity"],
    "price": ["markprice"],
    "value": ["positionvalue"],
    "cost_basis": ["costbasismoney"],
    "multiplier": ["multiplier"],
    "detail": ["levelofdetail"],
    "report_date": ["reportdate"],
}


def _flex_header(cells: Sequence[str]) -> dict[str, int] | None:
    body = list(cells[2:]) if cells[:2] in (["HEADER", "POST"],) else list(cells)
    cols = find_columns(body, FLEX)
    if {"symbol", "price", "value", "quantity"} <= cols.keys():
        return cols
    return None


def detect_flex(src: Source) -> int | None:
    return next((n for n in window(src) if _flex_header(src.cells(n))), None)


def read_flex(src: Source) -> ParsedFile:
    warnings: list[ImportWarning] = []
    cols: dict[str, int] | None = None
    prefixed = False
    lines: list[int] = []
    vals: dict[str, list[str]] = {k: [] for k in FLEX}
    sections = ended = False
    for n in range(1, len(src) + 1):
        cells = src.cells(n)
        if not cells:
            continue
        if cells[0] == "BOF":
            sections = True
        elif cells[0] == "EOF":
            ended = True
        found = _flex_header(cells)
        if found is not None:
            cols, prefixed = found, cells[:2] == ["HEADER", "POST"]
            continue
        if cells[:2] == ["DATA", "POST"] and not prefixed:
            raise InputError(
                src.path,
                n,
                "a DATA row of the positions section (POST) above its HEADER row: the file is "
                "damaged; download it again",
            )
        if cols is None:
            continue
        if prefixed:
            if cells[:2] != ["DATA", "POST"]:
                continue
            cells = cells[2:]
        elif cells[0] in ("BOF", "EOF", "BOA", "EOA", "BOS", "EOS", "HEADER", "DATA"):
            continue
        row = {k: (cells[i] if i < len(cells) else "") for k, i in cols.items()}
        if row.get("detail", "SUMMARY").upper() not in ("SUMMARY", ""):
            continue
        lines.append(n)
        for k in FLEX:
            vals[k].append(row.get(k, ""))
    if sections and not ended:
        raise ends_before(src, "its EOF line (a Flex query in HEADER/DATA form ends with one)")
    marker = "" if sections else " and, in this plain form, no end marker"
    warnings.append(unchecked(src, f"a Flex query states no totals{marker}"))
    ids = [a or "IBKR" for a in vals["account_id"]]
    types = [_CATEGORY.get(c.lower(), "other") for c in vals["category"]]
    fx = [_factor(src, n, f, "FXRateToBase") for n, f in zip(lines, vals["fx"], strict=True)]
    mult = [
        _stated(src, n, m, "Multiplier") for n, m in zip(lines, vals["multiplier"], strict=True)
    ]
    frame, warns = make_positions(
        src,
        lines,
        ids,
        vals["symbol"],
        vals["description"],
        vals["value"],
        quantity=vals["quantity"],
        price=vals["price"],
        cost_basis=vals["cost_basis"],
        asset_type=types,
        multiplier=[0.01 if t == "bond" else m for m, t in zip(mult, types, strict=True)],
    )
    warnings.extend(warns)
    if len(frame):
        frame["market_value"] = frame["market_value"] * fx
        frame["cost_basis"] = frame["cost_basis"] * fx
        frame["price"] = frame["price"] * fx
    accounts: dict[str, Account] = {}
    for a, alias in zip(ids, vals["alias"], strict=True):
        if a not in accounts:
            accounts[a] = Account(a, alias or a, account_type_from_name(alias), src.path)
    dates = [d for d in (parse_date(x) for x in vals["report_date"]) if d]
    return ParsedFile(
        "ibkr-flex-positions", max(dates, default=None), list(accounts.values()), frame, warnings
    )


ACTIVITY = Reader("ibkr-activity", detect_activity, read_activity)
FLEX_READER = Reader("ibkr-flex", detect_flex, read_flex)
