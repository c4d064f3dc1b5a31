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
warn.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from planner.brokers.base import (
    ParsedFile,
    Reader,
    concat_positions,
    find_columns,
    find_date,
    make_positions,
    parse_date,
)
from planner.brokers.numbers import parse_number
from planner.brokers.source import Source
from planner.core.accounts import account_type_from_name
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


def detect_activity(src: Source) -> bool:
    return src.line(1).lstrip('\ufeff"').startswith("Statement,Header") if len(src) else False


def _num(text: str) -> float | None:
    try:
        return parse_number(text)
    except ValueError:
        return None


def read_activity(src: Source) -> ParsedFile:
    headers: dict[str, list[str]] = {}
    info: dict[str, str] = {}
    base_currency = "USD"
    nav_total: float | None = None
    nav_line: int | None = None
    cash: tuple[int, str] | None = None
    rows: list[tuple[int, list[str], list[str]]] = []
    period = ""
    for n in range(1, len(src) + 1):
        cells = src.cells(n)
        if len(cells) < 2:
            continue
        section, kind = cells[0], cells[1]
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
                nav_total, nav_line = _num(data[idx]), n
        elif section == "Open Positions" and kind == "Data":
            rows.append((n, head, data))
    acct_id = info.get("Account", "") or "IBKR"
    kind_name = info.get("Account Type", "")
    name = " - ".join(x for x in (info.get("Name", ""), kind_name) if x) or acct_id
    warnings: list[ImportWarning] = []
    lines: list[int] = []
    fields: dict[str, list[str]] = {
        k: [] for k in ("sym", "desc", "qty", "px", "val", "cost", "type")
    }
    mults: list[float] = []
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
        mults.append(_num(get("mult")) or 1.0)
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
    )
    if len(frame):
        frame["multiplier"] = [
            m if t != "bond" else 0.01 for m, t in zip(mults, fields["type"], strict=True)
        ]
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
        nav_line,
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


def detect_flex(src: Source) -> bool:
    return any(_flex_header(src.cells(n)) for n in range(1, min(len(src), 20) + 1))


def read_flex(src: Source) -> ParsedFile:
    warnings: list[ImportWarning] = []
    cols: dict[str, int] | None = None
    prefixed = False
    lines: list[int] = []
    vals: dict[str, list[str]] = {k: [] for k in FLEX}
    for n in range(1, len(src) + 1):
        cells = src.cells(n)
        if not cells:
            continue
        found = _flex_header(cells)
        if found is not None:
            cols, prefixed = found, cells[:2] == ["HEADER", "POST"]
            continue
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
    ids = [a or "IBKR" for a in vals["account_id"]]
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
        asset_type=[_CATEGORY.get(c.lower(), "other") for c in vals["category"]],
    )
    warnings.extend(warns)
    if len(frame):
        fx = [(_num(f) or 1.0) for f in vals["fx"]]
        mult = [(_num(m) or 1.0) for m in vals["multiplier"]]
        frame["market_value"] = frame["market_value"] * fx
        frame["cost_basis"] = frame["cost_basis"] * fx
        frame["price"] = frame["price"] * fx
        frame["multiplier"] = [
            0.01 if t == "bond" else m for m, t in zip(mult, frame["asset_type"], strict=True)
        ]
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
