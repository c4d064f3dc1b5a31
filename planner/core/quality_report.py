"""The quality screen over a set of holdings: verdicts by symbol, the value at risk by the
refinancing wall, and verdicts as plain data for JSON and the workbook.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from planner.core.financials import Figure, Financials
from planner.core.quality import STATUSES, QualitySettings, QualityVerdict, Status, screen
from planner.core.universe import symbol_key


def screen_symbols(
    symbols: Iterable[str],
    ciks: Mapping[str, str],
    store: Mapping[str, Financials],
    settings: QualitySettings | None = None,
    today: date | None = None,
) -> dict[str, QualityVerdict]:
    """Symbol → verdict. ``ciks`` maps symbols (any spelling :func:`symbol_key` unifies) to
    ten-digit CIKs, e.g. from the universe; ``store`` maps CIKs to their financials."""
    by_key = {symbol_key(k): v for k, v in ciks.items()}
    out: dict[str, QualityVerdict] = {}
    for symbol in symbols:
        cik = by_key.get(symbol_key(symbol))
        fin = store.get(cik) if cik else None
        out[symbol] = screen(fin, symbol, settings, today, cik=cik)
    return out


@dataclass(frozen=True)
class WallName:
    """One holding in the exposure's quality block: dollars held and the verdict's figures."""

    symbol: str
    market_value: float
    status: Status
    wall_usd: float | None
    resources_usd: float | None
    interest_coverage: float | None
    filed: date | None
    rule: str


@dataclass(frozen=True)
class WallExposure:
    """Dollars held, by verdict. ``at_risk_usd``: in ``refinancing_risk`` names (the value at
    risk by the wall); ``wall_exceeds_usd``: in names whose wall exceeds their resources,
    whatever their coverage; ``unknown_usd``: names without a verdict or with ``unknown``."""

    at_risk_usd: float
    wall_exceeds_usd: float
    unprofitable_usd: float
    sound_usd: float
    unknown_usd: float
    total_usd: float
    names: tuple[WallName, ...]

    def as_dict(self) -> dict[str, object]:
        """Plain types for JSON: dates as ISO text, floats rounded to cents."""
        return {
            "at_risk_usd": round(self.at_risk_usd, 2),
            "wall_exceeds_usd": round(self.wall_exceeds_usd, 2),
            "unprofitable_usd": round(self.unprofitable_usd, 2),
            "sound_usd": round(self.sound_usd, 2),
            "unknown_usd": round(self.unknown_usd, 2),
            "total_usd": round(self.total_usd, 2),
            "names": [
                {
                    "symbol": n.symbol,
                    "market_value": round(n.market_value, 2),
                    "status": n.status,
                    "wall_usd": n.wall_usd,
                    "resources_usd": n.resources_usd,
                    "interest_coverage": n.interest_coverage,
                    "filed": n.filed.isoformat() if n.filed else None,
                    "rule": n.rule,
                }
                for n in self.names
            ],
        }


def wall_exposure(
    positions: Iterable[tuple[str, float]], verdicts: Mapping[str, QualityVerdict]
) -> WallExposure:
    """Value at risk by the wall for positions ``(symbol, dollars)`` (a symbol held in
    several accounts is added up). A symbol without a verdict counts as unknown."""
    held: dict[str, float] = {}
    for symbol, dollars in positions:
        held[symbol] = held.get(symbol, 0.0) + float(dollars)
    by_key = {symbol_key(k): v for k, v in verdicts.items()}
    totals: dict[Status, float] = dict.fromkeys(STATUSES, 0.0)
    exceeds = 0.0
    names: list[WallName] = []
    for symbol in sorted(held):
        dollars = held[symbol]
        v = verdicts.get(symbol) or by_key.get(symbol_key(symbol))
        status: Status = v.status if v else "unknown"
        totals[status] += dollars
        if v is not None and v.wall_exceeds_resources:
            exceeds += dollars
        names.append(
            WallName(
                symbol=symbol,
                market_value=dollars,
                status=status,
                wall_usd=v.wall_usd if v else None,
                resources_usd=v.resources_usd if v else None,
                interest_coverage=v.interest_coverage if v else None,
                filed=v.filed if v else None,
                rule=v.rule if v else f"Unknown: no verdict for {symbol}.",
            )
        )
    return WallExposure(
        at_risk_usd=totals["refinancing_risk"],
        wall_exceeds_usd=exceeds,
        unprofitable_usd=totals["unprofitable"],
        sound_usd=totals["sound"],
        unknown_usd=totals["unknown"],
        total_usd=sum(held.values()),
        names=tuple(names),
    )


def figure_dict(f: Figure) -> dict[str, object]:
    return {
        "value": f.value,
        "tags": list(f.tags),
        "end": f.end.isoformat(),
        "filed": f.filed.isoformat(),
        "form": f.form,
        "accn": f.accn,
        "method": f.method,
    }


def verdict_dict(v: QualityVerdict) -> dict[str, object]:
    """A verdict in plain types for JSON and the workbook: status, rule, ratios, dollars,
    the filing's date and form, and every figure with its tags and method."""
    fin = v.financials
    figures: dict[str, object] = {}
    if fin is not None:
        for name, f in fin.figures().items():
            figures[name] = None if f is None else figure_dict(f)
    return {
        "symbol": v.symbol,
        "status": v.status,
        "rule": v.rule,
        "cik": v.cik,
        "entity": fin.entity if fin else None,
        "source": v.source or None,
        "filed": v.filed.isoformat() if v.filed else None,
        "form": v.form,
        "stale": v.stale,
        "interest_coverage": v.interest_coverage,
        "net_debt_usd": v.net_debt_usd,
        "ebitda_usd": v.ebitda_usd,
        "net_debt_to_ebitda": v.net_debt_to_ebitda,
        "wall_usd": v.wall_usd,
        "resources_usd": v.resources_usd,
        "wall_exceeds_resources": v.wall_exceeds_resources,
        "thin_coverage": v.thin_coverage,
        "high_leverage": v.high_leverage,
        "figures": figures,
        "notes": list(v.notes),
    }
