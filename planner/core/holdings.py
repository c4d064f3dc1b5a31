"""The canonical holdings model every broker reader produces.

A household is a set of accounts; positions are one table (a pandas DataFrame with the
columns in :data:`POSITION_COLUMNS`). Money is in US dollars, quantities in shares (bonds:
face value; options: contracts), prices per share (bonds: per 100 of face). ``multiplier``
turns quantity x price into market value: 1 for shares, 0.01 for bonds, 100 for options.

Cash and sweep balances are positions (``asset_type`` ``cash`` or ``money_market``). Totals
rows of a file are not positions: they are kept as the account's ``reported_total`` and the
import reconciles against them (:mod:`planner.core.reconcile`).

Tax lots are a second table (:class:`LotRecord`, in file order): shares of a position bought
together, with their acquisition date and total cost. They belong to the position of the same
account and symbol (:mod:`planner.core.lots` attaches lots files to the positions imported with
them and reconciles them); a position without lots is one lot at its cost basis, undated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Literal, get_args

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from planner.core.problem import Lot

AccountType = Literal["taxable", "tax_deferred", "tax_free", "unknown"]
AssetType = Literal[
    "equity", "etf", "mutual_fund", "money_market", "cash", "bond", "option", "other"
]
ACCOUNT_TYPES: tuple[AccountType, ...] = get_args(AccountType)
ASSET_TYPES: tuple[AssetType, ...] = get_args(AssetType)
CASH_LIKE: frozenset[str] = frozenset({"cash", "money_market"})

#: Columns of the positions table, in order.
POSITION_COLUMNS: tuple[str, ...] = (
    "account_id",
    "symbol",
    "description",
    "asset_type",
    "quantity",
    "price",
    "market_value",
    "cost_basis",
    "multiplier",
    "source_file",
    "source_line",
)
_FLOAT_COLUMNS = ("quantity", "price", "market_value", "cost_basis", "multiplier")
_TEXT_COLUMNS = ("account_id", "symbol", "description", "asset_type", "source_file")


def empty_positions() -> pd.DataFrame:
    """A positions table with no rows and the canonical columns and dtypes."""
    return normalize_positions(pd.DataFrame({c: [] for c in POSITION_COLUMNS}))


def normalize_positions(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with exactly the canonical columns, in order, with canonical dtypes.

    Missing optional numbers are NaN; ``multiplier`` defaults to 1.
    """
    n = len(frame)
    data: dict[str, object] = {}
    for col in POSITION_COLUMNS:
        if col in frame.columns:
            series = frame[col]
            if col in _FLOAT_COLUMNS:
                data[col] = (
                    series.to_numpy(dtype=np.float64)
                    if series.dtype == np.float64
                    else pd.to_numeric(series, errors="raise").to_numpy(dtype=np.float64)
                )
            elif col == "source_line":
                data[col] = series.to_numpy(dtype=np.int64)
            else:
                data[col] = series.to_numpy(dtype=object)
        elif col == "multiplier":
            data[col] = np.ones(n)
        elif col in _FLOAT_COLUMNS:
            data[col] = np.full(n, np.nan)
        elif col == "source_line":
            data[col] = np.zeros(n, dtype=np.int64)
        else:
            data[col] = np.full(n, "", dtype=object)
    out = pd.DataFrame(data, index=pd.RangeIndex(n))
    return out


def _opt(x: float) -> float | None:
    return None if x != x else x


@dataclass(frozen=True)
class PositionRecord:
    """One row of the positions table as plain Python values (None for a missing number)."""

    account_id: str
    symbol: str
    description: str
    asset_type: str
    quantity: float | None
    price: float | None
    market_value: float
    cost_basis: float | None
    multiplier: float
    source_file: str
    source_line: int


def position_records(frame: pd.DataFrame) -> list[PositionRecord]:
    """The rows of a positions table as typed records, in order."""
    cols = [frame[c].tolist() for c in POSITION_COLUMNS]
    return [
        PositionRecord(
            str(a),
            str(s),
            str(d),
            str(t),
            _opt(float(q)),
            _opt(float(p)),
            float(v),
            _opt(float(c)),
            float(m),
            str(f),
            int(n),
        )
        for a, s, d, t, q, p, v, c, m, f, n in zip(*cols, strict=True)
    ]


@dataclass(frozen=True)
class LotRecord:
    """One tax lot: ``quantity`` shares (> 0) of ``symbol`` in ``account_id`` bought on
    ``acquired`` (None: the file does not say, so the term of a gain is unknown) for ``cost``
    dollars in total (None: unknown). ``source_file``/``source_line`` is the row it came from.

    A lot read from a lots file alone carries the account as the file names it (a masked
    number, a name, or ``""`` when the file names none) until :func:`planner.core.lots.
    attach_lots` resolves it to the account id of the position it belongs to.
    """

    account_id: str
    symbol: str
    acquired: date | None
    quantity: float
    cost: float | None
    source_file: str
    source_line: int


@dataclass(frozen=True)
class SourceFile:
    """One imported file: where it came from, which layout it had, the date it is as of."""

    path: str
    format: str
    as_of: date | None
    sha256: str = ""


@dataclass(frozen=True)
class ImportWarning:
    """Something the user should know about an import; never fatal."""

    file: str
    line: int | None
    account_id: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        acct = f" [account {self.account_id}]" if self.account_id else ""
        return f"{where}:{acct} {self.message}"


@dataclass(frozen=True)
class Account:
    """An account as a file names it. ``id`` is the number exactly as the file gives it.

    ``reported_total`` is the strongest total the file states for the account (a total row
    of its positions before an account value that includes cash), in dollars;
    ``reported_total_label`` says which figure it is, as the file names it ("TOTAL row",
    "Net Liquidating Value"), and ``reported_total_line`` where it is.
    """

    id: str
    name: str
    type: AccountType
    source: str
    reported_total: float | None = None
    reported_total_line: int | None = None
    reported_total_label: str = ""


@dataclass(frozen=True)
class Household:
    """Everything imported for one client: files, accounts, positions, warnings, tax lots."""

    files: tuple[SourceFile, ...]
    accounts: tuple[Account, ...]
    positions: pd.DataFrame = field(default_factory=empty_positions, compare=False)
    warnings: tuple[ImportWarning, ...] = ()
    lots: tuple[LotRecord, ...] = ()

    @property
    def total(self) -> float:
        """Market value of every position in every account, in dollars."""
        return float(self.positions["market_value"].sum())

    def account(self, account_id: str) -> Account:
        for acct in self.accounts:
            if acct.id == account_id:
                return acct
        raise KeyError(account_id)

    def positions_of(self, account_id: str) -> pd.DataFrame:
        """The rows of one account, in file order."""
        return self.positions[self.positions["account_id"] == account_id]

    def records(self, account_id: str | None = None) -> list[PositionRecord]:
        """Positions as typed records: all, or one account's, in file order."""
        frame = self.positions if account_id is None else self.positions_of(account_id)
        return position_records(frame)

    def account_totals(self) -> dict[str, tuple[float, float]]:
        """Per account id: (cash, total) in dollars; cash is cash plus money-market positions."""
        pos = self.positions
        value = pos["market_value"]
        frame = pd.DataFrame(
            {
                "account_id": pos["account_id"],
                "cash": value.where(pos["asset_type"].isin(CASH_LIKE), 0.0),
                "total": value,
            }
        )
        sums = frame.groupby("account_id", sort=False)[["cash", "total"]].sum()
        found = {
            str(k): (float(c), float(t))
            for k, c, t in zip(
                sums.index.tolist(), sums["cash"].tolist(), sums["total"].tolist(), strict=True
            )
        }
        return {a.id: found.get(a.id, (0.0, 0.0)) for a in self.accounts}

    def table(self) -> pd.DataFrame:
        """The canonical holdings table of DESIGN.md: positions with account name and type."""
        names = {a.id: a.name for a in self.accounts}
        types = {a.id: a.type for a in self.accounts}
        out = self.positions.copy()
        out.insert(1, "account_name", out["account_id"].map(names))
        out.insert(2, "account_type", out["account_id"].map(types))
        return out

    def lots_by_position(self) -> dict[tuple[str, str], tuple[Lot, ...]]:
        """The lots of each (account id, symbol) that has any, in file order, as the solver
        takes them (:class:`planner.core.problem.Lot`: shares, total cost in dollars, date).
        A position missing here is one undated lot at its cost basis."""
        from planner.core.problem import Lot  # not at the top: problem.py imports this module

        out: dict[tuple[str, str], list[Lot]] = {}
        for lot in self.lots:
            key = (lot.account_id, lot.symbol)
            out.setdefault(key, []).append(Lot(lot.quantity, lot.cost, lot.acquired))
        return {key: tuple(lots) for key, lots in out.items()}

    def position_lots(self) -> list[tuple[LotRecord, ...]]:
        """The lots of each row of :attr:`positions`, in row order (empty for a row without).

        When an account holds a symbol on several rows (E*TRADE lists a symbol twice, each
        row with its own lot sub-rows), a lot goes to the nearest row above it in its own
        file; a lot from another file (a lots download) goes to the first row."""
        rows: dict[tuple[str, str], list[int]] = {}
        cols = [self.positions[c].tolist() for c in ("account_id", "symbol", "source_file")]
        lines = self.positions["source_line"].tolist()
        for i, (a, s) in enumerate(zip(cols[0], cols[1], strict=True)):
            rows.setdefault((str(a), str(s)), []).append(i)
        out: list[list[LotRecord]] = [[] for _ in lines]
        for lot in self.lots:
            mine = rows.get((lot.account_id, lot.symbol))
            if not mine:
                continue
            above = [
                i for i in mine if cols[2][i] == lot.source_file and lines[i] < lot.source_line
            ]
            out[max(above, key=lambda i: lines[i]) if above else mine[0]].append(lot)
        return [tuple(x) for x in out]

    def with_account_types(self, types: Mapping[str, AccountType]) -> Household:
        """A copy where the accounts named in ``types`` have the given type (user overrides)."""
        accounts = tuple(
            replace(a, type=types[a.id]) if a.id in types else a for a in self.accounts
        )
        return replace(self, accounts=accounts)


def merge_households(parts: Iterable[Household]) -> Household:
    """Combine households read from several files into one.

    An account id seen in an earlier file wins; a later file repeating it is left out with a
    warning, so the same account exported twice is never counted twice - its lots with it.
    Lots are concatenated in file order; those of a lots file that came without positions
    still name their account as the file does (:func:`planner.core.lots.attach_lots`
    resolves them).
    """
    files: list[SourceFile] = []
    accounts: list[Account] = []
    frames: list[pd.DataFrame] = []
    warnings: list[ImportWarning] = []
    lots: list[LotRecord] = []
    seen: dict[str, str] = {}
    for part in parts:
        files.extend(part.files)
        warnings.extend(part.warnings)
        dropped = {a.id for a in part.accounts if a.id in seen}
        lots.extend(lot for lot in part.lots if lot.account_id not in dropped)
        keep: list[str] = []
        for acct in part.accounts:
            if acct.id in seen:
                warnings.append(
                    ImportWarning(
                        acct.source,
                        None,
                        acct.id,
                        f"account {acct.id} was already imported from {seen[acct.id]}; "
                        "this copy is left out so it is not counted twice",
                    )
                )
                continue
            seen[acct.id] = acct.source
            accounts.append(acct)
            keep.append(acct.id)
        pos = part.positions
        frames.append(pos[pos["account_id"].isin(keep)])
    frames = [f for f in frames if len(f)]
    positions = (
        normalize_positions(pd.concat(frames, ignore_index=True)) if frames else empty_positions()
    )
    return Household(tuple(files), tuple(accounts), positions, tuple(warnings), tuple(lots))
