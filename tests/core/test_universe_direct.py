"""Direct tests of :class:`planner.core.universe.Reference`'s small readers: a fund holding's
company cap (what builds the size profile of a holdings file the user imports), the schemes a
master can apply, a row's source in words and the ranked caps. (Written against the mutants
the mutation run found without a test: README "Mutation testing".)"""

from __future__ import annotations

from datetime import date

import pytest

from planner.core.universe import Reference, SecurityInfo

D = date(2026, 1, 8)
AAPL_CUSIP = "037833100"


def _stock(symbol: str, cap: float | None, **kw: object) -> SecurityInfo:
    args: dict[str, object] = {
        "symbol": symbol,
        "name": f"{symbol} Inc",
        "asset_type": "equity",
        "market_cap_usd": cap,
        "sector": "Technology",
        "price": None,
        "price_as_of": None,
        "market_cap_as_of": D if cap is not None else None,
        "source": "test",
    }
    args.update(kw)
    return SecurityInfo(**args)  # type: ignore[arg-type]


def _ref() -> Reference:
    securities = {
        "AAPL": _stock("AAPL", 3e12),
        "MSFT": _stock("MSFT", 2.5e12, market_cap_as_of=date(2025, 12, 31)),
        "NOCAP": _stock("NOCAP", None),
    }
    return Reference(securities, cusips={AAPL_CUSIP: "AAPL"})


@pytest.mark.parametrize(
    ("symbol", "cusip", "found"),
    [
        ("AAPL", "", (3e12, D)),
        ("MSFT", "", (2.5e12, date(2025, 12, 31))),
        ("MSFT", AAPL_CUSIP, (2.5e12, date(2025, 12, 31))),  # the symbol's cap comes first
        ("MSFT", "000000000", (2.5e12, date(2025, 12, 31))),  # an unknown CUSIP: the symbol
        ("AAPL*", AAPL_CUSIP, (3e12, D)),  # a symbol the master does not know: its CUSIP
        ("NOCAP", AAPL_CUSIP, (3e12, D)),  # known without a cap: its CUSIP
        ("", AAPL_CUSIP, (3e12, D)),
        ("NOCAP", "", None),
        ("GONE", "", None),
        ("GONE", "000000000", None),
        ("", "", None),
    ],
)
def test_cap_of_a_fund_holding_by_symbol_then_by_cusip(
    symbol: str, cusip: str, found: tuple[float, date] | None
) -> None:
    assert _ref().cap_of(symbol, cusip) == found
