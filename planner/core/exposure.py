"""How a household is split across the buckets, and how concentrated it is.

Every position is classified (:func:`planner.core.classify.classify`) and its market value
spread over its bucket mix. Values are dollars rounded to cents so that the bucket values add
up to the total *to the cent* (the rounding remainder goes to the largest bucket); weights
are fractions of the total (0.25, not 25).

Concentration is about single names held directly (stocks, not funds, cash, bonds or
options): the ten largest, the report's "Magnificent Seven", and the largest one, each as a
fraction of the whole household. Funds' own holdings are not looked into for these.

Small-cap quality: of the household's small- and micro-cap exposure (funds included), the
share held through stocks the master flags as low quality (see
:attr:`planner.core.classify.Classification.low_quality`). Funds' holdings are not rated, so
this is a lower bound.

Sizes follow the reference's size scheme (:attr:`Exposure.scheme`, named and dated). What the
product cannot classify (source ``unknown``) is listed in :attr:`Exposure.unknown` with its
dollars and share of the household; :attr:`Exposure.coverage` is the share of the household's
value that is classified.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from planner.core.buckets import EQUITY_BUCKETS, SizeScheme
from planner.core.classify import SOURCES, Classification, Reference, classify
from planner.core.holdings import Household, PositionRecord
from planner.core.names import REUSED
from planner.core.policy import BUCKETS
from planner.core.quality import QualityVerdict
from planner.core.quality_report import WallExposure, wall_exposure

#: The report's "Magnificent Seven" (both Alphabet share classes count).
MAG7: frozenset[str] = frozenset({"AAPL", "MSFT", "GOOGL", "GOOG", "AMZN", "NVDA", "META", "TSLA"})
#: Asset types that are not single names for concentration.
_NOT_SINGLE_NAMES = frozenset({"cash", "money_market", "etf", "mutual_fund", "bond", "option"})
#: A classification older than this (days before the holdings' date) is flagged as stale.
STALE_DAYS = 400


@dataclass(frozen=True)
class BucketValue:
    value: float  # dollars, to the cent
    weight: float  # fraction of the view's total


@dataclass(frozen=True)
class PositionExposure:
    """One position of ``household.records()`` (same order) and where it went."""

    account_id: str
    symbol: str
    description: str
    asset_type: str
    market_value: float
    classification: Classification


@dataclass(frozen=True)
class AccountExposure:
    id: str
    name: str
    type: str
    total: float
    buckets: Mapping[str, BucketValue]
    equity_only: Mapping[str, BucketValue]


@dataclass(frozen=True)
class Unknown:
    """A security the product cannot classify: left out of drift and never traded."""

    symbol: str
    market_value: float  # dollars, all accounts
    weight: float  # fraction of the household
    account_ids: tuple[str, ...]
    description: str = ""  # as the file describes it
    reason: str = ""  # why it could not be placed


@dataclass(frozen=True)
class Concentration:
    top10_weight: float
    mag7_weight: float
    largest_symbol: str | None
    largest_weight: float
    top10: tuple[tuple[str, float], ...]  # (symbol, weight), largest first


@dataclass(frozen=True)
class SmallCapQuality:
    """The "quality divide": ``low_quality_value`` is the small- and micro-cap value held
    directly in companies the screen finds at risk by the refinancing wall; ``wall`` splits
    every small-cap stock held by verdict (None when no screen ran)."""

    exposure: float  # dollars in small + micro, funds included
    low_quality_value: float  # dollars of it in refinancing-risk stocks held directly
    low_quality_share: float | None  # fraction of ``exposure``; None when there is none
    names: tuple[tuple[str, float, str], ...]  # (symbol, dollars, why)
    wall: WallExposure | None = None


@dataclass(frozen=True)
class Exposure:
    total: float
    buckets: Mapping[str, BucketValue]  # all nine buckets, in BUCKETS order
    equity_only: Mapping[str, BucketValue]  # mega..micro + intl_equity, of equity only
    accounts: tuple[AccountExposure, ...]
    positions: tuple[PositionExposure, ...]
    unknown: tuple[Unknown, ...]
    concentration: Concentration
    small_vs_mega: float | None  # small bucket value / mega bucket value
    small_cap_quality: SmallCapQuality
    warnings: tuple[str, ...]
    scheme: SizeScheme | None = None  # the size scheme the buckets follow
    fund_view: str = "look-through"  # look-through | index
    by_source: Mapping[str, float] | None = None  # dollars per classification source

    @property
    def unknown_value(self) -> float:
        return round(sum(u.market_value for u in self.unknown), 2)

    @property
    def unknown_weight(self) -> float:
        """Fraction of the household that could not be classified."""
        return sum(u.weight for u in self.unknown)

    @property
    def coverage(self) -> float:
        """Fraction of the household's gross value (each position's absolute dollars, so a
        short option does not net against a stock) that is classified."""
        gross = sum(abs(p.market_value) for p in self.positions)
        unknown = sum(
            abs(p.market_value) for p in self.positions if p.classification.source == "unknown"
        )
        return 1.0 - unknown / gross if gross else 1.0


def _cents(x: float) -> int:
    return round(x * 100)


def split_to_cents(
    values: Mapping[str, float], total: float, keys: Sequence[str]
) -> dict[str, BucketValue]:
    """Round ``values`` to cents so they add up to ``round(total, 2)`` exactly; the remainder
    goes to the bucket with the largest absolute value. Weights are value / total."""
    cents = {k: _cents(values.get(k, 0.0)) for k in keys}
    target = _cents(total)
    rest = target - sum(cents.values())
    if rest:
        biggest = max(keys, key=lambda k: (abs(values.get(k, 0.0)), -keys.index(k)))
        cents[biggest] += rest
    denom = target / 100
    return {k: BucketValue(c / 100, (c / 100) / denom if denom else 0.0) for k, c in cents.items()}


def _spread(pairs: Iterable[tuple[float, Mapping[str, float]]]) -> tuple[dict[str, float], float]:
    acc = dict.fromkeys(BUCKETS, 0.0)
    total = 0.0
    for value, mix in pairs:
        total += value
        for b, f in mix.items():
            acc[b] += value * f
    return acc, total


def _views(
    pairs: list[tuple[float, Mapping[str, float]]],
) -> tuple[float, dict[str, BucketValue], dict[str, BucketValue]]:
    acc, total = _spread(pairs)
    buckets = split_to_cents(acc, total, BUCKETS)
    equity = {b: buckets[b].value for b in EQUITY_BUCKETS}
    equity_total = sum(equity.values())
    equity_only = split_to_cents(equity, equity_total, EQUITY_BUCKETS)
    return round(total, 2), buckets, equity_only


def classify_records(records: Sequence[PositionRecord], ref: Reference) -> list[Classification]:
    """One classification per record (same order), each distinct row classified once."""
    seen: dict[tuple[str, str, str], Classification] = {}
    out: list[Classification] = []
    for r in records:
        key = (r.symbol, r.description, r.asset_type)
        c = seen.get(key)
        if c is None:
            c = seen[key] = classify(r.symbol, r.description, r.asset_type, ref)
        out.append(c)
    return out


def _newest_file_date(household: Household) -> date | None:
    dates = [f.as_of for f in household.files if f.as_of is not None]
    return max(dates) if dates else None


def compute_exposure(
    household: Household,
    ref: Reference,
    verdicts: Mapping[str, QualityVerdict] | None = None,
) -> Exposure:
    """The household's exposure by bucket, per account, concentration and unknowns; with the
    quality screen's ``verdicts`` (symbol -> verdict from filed financials), the small-cap
    value at risk by the refinancing wall."""
    records = household.records()
    classes = classify_records(records, ref)
    positions = tuple(
        PositionExposure(r.account_id, r.symbol, r.description, r.asset_type, r.market_value, c)
        for r, c in zip(records, classes, strict=True)
    )
    pairs = [(p.market_value, p.classification.mix) for p in positions]
    total, buckets, equity_only = _views(pairs)

    accounts = []
    for acct in household.accounts:
        mine = [
            (p.market_value, p.classification.mix) for p in positions if p.account_id == acct.id
        ]
        a_total, a_buckets, a_equity = _views(mine)
        accounts.append(
            AccountExposure(acct.id, acct.name, acct.type, a_total, a_buckets, a_equity)
        )

    def weight(x: float) -> float:
        return x / total if total else 0.0

    # unknowns, aggregated by symbol; dollars by classification source
    unknown_values: dict[str, float] = {}
    unknown_accounts: dict[str, list[str]] = {}
    unknown_rows: dict[str, PositionExposure] = {}
    by_source = dict.fromkeys(SOURCES, 0.0)
    for p in positions:
        by_source[p.classification.source] += p.market_value
        if p.classification.source == "unknown":
            unknown_values[p.symbol] = unknown_values.get(p.symbol, 0.0) + p.market_value
            unknown_rows.setdefault(p.symbol, p)
            ids = unknown_accounts.setdefault(p.symbol, [])
            if p.account_id not in ids:
                ids.append(p.account_id)
    unknown = tuple(
        Unknown(
            s,
            round(v, 2),
            weight(v),
            tuple(unknown_accounts[s]),
            unknown_rows[s].description,
            unknown_rows[s].classification.note,
        )
        for s, v in sorted(unknown_values.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
    )

    # concentration over single names held directly
    names: dict[str, float] = {}
    for p in positions:
        c = p.classification
        if p.asset_type in _NOT_SINGLE_NAMES or c.source == "fund" or c.mix.get("cash"):
            continue
        info = ref.lookup(p.symbol)
        if info is not None and info.asset_type != "equity":
            continue
        key = info.symbol if info is not None else p.symbol
        names[key] = names.get(key, 0.0) + p.market_value
    ranked = sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))
    top10 = tuple((s, weight(v)) for s, v in ranked[:10])
    mag7 = sum(v for s, v in names.items() if s in MAG7)
    concentration = Concentration(
        top10_weight=sum(w for _, w in top10),
        mag7_weight=weight(mag7),
        largest_symbol=ranked[0][0] if ranked else None,
        largest_weight=weight(ranked[0][1]) if ranked else 0.0,
        top10=top10,
    )

    # small-cap quality: the refinancing wall, from the screen of filed financials
    small_total = buckets["small"].value + buckets["micro"].value
    flagged: dict[str, tuple[float, str]] = {}
    small_held: list[tuple[str, float]] = []
    for p in positions:
        c = p.classification
        part = c.mix.get("small", 0.0) + c.mix.get("micro", 0.0)
        if not part or p.asset_type != "equity" or c.source == "unknown":
            continue
        small_held.append((p.symbol, p.market_value * part))
        v = (verdicts or {}).get(p.symbol)
        if v is not None and v.acts:
            held, _ = flagged.get(p.symbol, (0.0, ""))
            flagged[p.symbol] = (held + p.market_value * part, v.rule)
    low_value = round(sum(v for v, _ in flagged.values()), 2)
    quality = SmallCapQuality(
        exposure=small_total,
        low_quality_value=low_value,
        low_quality_share=low_value / small_total if small_total > 0 else None,
        names=tuple(
            (s, round(v, 2), why)
            for s, (v, why) in sorted(flagged.items(), key=lambda kv: -kv[1][0])
        ),
        wall=wall_exposure(small_held, verdicts) if verdicts is not None else None,
    )

    mega = buckets["mega"].value
    small_vs_mega = buckets["small"].value / mega if mega > 0 else None
    warnings = _warnings(household, positions, unknown, total)
    return Exposure(
        total=total,
        buckets=buckets,
        equity_only=equity_only,
        accounts=tuple(accounts),
        positions=positions,
        unknown=unknown,
        concentration=concentration,
        small_vs_mega=small_vs_mega,
        small_cap_quality=quality,
        warnings=tuple(warnings),
        scheme=ref.size_scheme,
        fund_view=ref.fund_view,
        by_source={k: round(v, 2) for k, v in by_source.items()},
    )


def _warnings(
    household: Household,
    positions: Sequence[PositionExposure],
    unknown: Sequence[Unknown],
    total: float,
) -> list[str]:
    out: list[str] = []
    if unknown:
        value = sum(u.market_value for u in unknown)
        share = f" ({value / total:.1%} of the household)" if total else ""
        out.append(
            f"{len(unknown)} holding(s) worth ${value:,.2f}{share} could not be classified "
            f"(source 'unknown', shown as 'other'): {', '.join(u.symbol for u in unknown)}"
        )
    mismatched = []
    for p in positions:
        c = p.classification
        if c.source == "unknown" and c.note.startswith(REUSED):
            item = f"{p.symbol} (file: '{p.description}', master: '{c.name}')"
            if item not in mismatched:
                mismatched.append(item)
    if mismatched:
        out.append(
            "the file's description does not match the security master's name, so the "
            "holding is left unclassified and never traded; check the symbol (it may have been "
            "reused): " + "; ".join(mismatched)
        )
    guessed = sorted({p.symbol for p in positions if p.classification.source == "guessed"})
    if guessed:
        out.append(
            "placed by a guess (the fund's category or the file's description), not by "
            f"holdings or market data: {', '.join(guessed)}"
        )
    newest = _newest_file_date(household)
    if newest is not None:
        stale = sorted(
            {
                p.symbol
                for p in positions
                if p.classification.as_of is not None
                and (newest - p.classification.as_of).days > STALE_DAYS
            }
        )
        if stale:
            out.append(
                f"classification data older than {STALE_DAYS} days before the holdings' date "
                f"({newest.isoformat()}): {', '.join(stale)}"
            )
    return out
