"""Files whose own prices show them old, read directly: a file that falls short of the rule
does not stop the next one being judged, the warning names the worst prices first, and an
ellipsis says only when more strayed than are shown; and vehicles whose master price is older
than the holdings files are named in one warning."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from planner.core.holdings import Account, Household, SourceFile, normalize_positions
from planner.core.plan_model import SecurityFacts
from planner.core.policy import Policy
from planner.core.prices_used import DOUBTFUL_APART, STALE_FILE_MIN, STRAYS_SHOWN, stale_files
from planner.core.problem import Security
from planner.core.vehicles import add_vehicles

MASTER = 100.0
AS_OF = date(2026, 7, 1)


def _household(files: dict[str, list[tuple[str, float]]], when: date | None = None) -> Household:
    """files: path -> rows (symbol, its price in the file), 10 shares each, all dated
    ``when``."""
    rows = [(path, sym, price) for path, got in files.items() for sym, price in got]
    frame = normalize_positions(
        pd.DataFrame(
            {
                "account_id": ["A"] * len(rows),
                "symbol": [r[1] for r in rows],
                "asset_type": ["equity"] * len(rows),
                "quantity": [10.0] * len(rows),
                "price": [r[2] for r in rows],
                "market_value": [10.0 * r[2] for r in rows],
                "cost_basis": [float("nan")] * len(rows),
                "source_file": [r[0] for r in rows],
                "source_line": list(range(2, 2 + len(rows))),
            }
        )
    )
    sources = tuple(SourceFile(path, "test", when) for path in files)
    return Household(sources, (Account("A", "Account A", "taxable", "x"),), frame)


def _facts(symbols: list[str]) -> dict[str, SecurityFacts]:
    return {
        s: SecurityFacts({"large": 1.0}, price=MASTER, price_as_of=AS_OF, kind="stock")
        for s in symbols
    }


def _stray(symbol: str, price: float) -> str:
    return f"{symbol} ${price:,.2f} against ${MASTER:,.2f} on {AS_OF.isoformat()}"


def _said(name: str, strays: list[tuple[str, float]], checked: int, more: str) -> str:
    # the worst first: the farthest from the master's price, on a log scale
    worst = sorted(strays, key=lambda s: -abs(math.log(s[1] / MASTER)))[:STRAYS_SHOWN]
    return (
        f"{name} is undated and looks old: {len(strays)} of the {checked} prices the security "
        f"master can check are more than {DOUBTFUL_APART:.0%} from its own "
        f"({'; '.join(_stray(s, p) for s, p in worst)}{more}); its holdings are counted at "
        f"the file's values and nothing in it is traded; download it again before trading"
    )


def test_each_old_file_is_named_with_its_worst_prices_and_an_ellipsis_only_for_more() -> None:
    assert STALE_FILE_MIN <= STRAYS_SHOWN
    # a.csv: too few strays to look old; b.csv: exactly as many as are shown; c.csv: one more.
    # The strays are at different distances, in neither order, some below the master's price.
    few = [("AAA", MASTER * 3)] * (STALE_FILE_MIN - 1)
    factors = [2.0, 0.3, 5.0, 0.6, 9.0, 1.5, 0.1, 3.5]
    shown = [(f"B{i}", MASTER * factors[i]) for i in range(STRAYS_SHOWN)]
    extra = [(f"C{i}", MASTER * factors[-1 - i]) for i in range(STRAYS_SHOWN + 1)]
    files = {"dl/a.csv": few, "dl/b.csv": shown, "C:\\dl\\c.csv": extra}
    symbols = [s for rows in files.values() for s, _ in rows]
    warnings: list[str] = []
    out = stale_files(_household(files), _facts(symbols), warnings)
    assert set(out) == {"dl/b.csv", "C:\\dl\\c.csv"}
    assert out["dl/b.csv"].startswith("b.csv is undated and looks old (")
    assert warnings == [
        _said("b.csv", shown, len(shown), ""),
        _said("c.csv", extra, len(extra), "; ..."),
    ]


def test_vehicles_priced_before_the_holdings_files_are_named_together_in_order() -> None:
    # three small-cap vehicles the household does not hold, priced a month before its file
    before = date(2026, 6, 1)
    listed = {"V1": 10.0, "V2": 20.0, "V3": 30.0}
    facts = {
        s: SecurityFacts({"small": 1.0}, price=p, price_as_of=before, kind="fund")
        for s, p in listed.items()
    }
    policy = Policy(vehicles={"small": tuple(listed)})
    household = _household({"pos.csv": [("HELD", 50.0)]}, when=AS_OF)
    securities: dict[str, Security] = {}
    warnings: list[str] = []
    add_vehicles(policy, {"small": 1.0}, facts, securities, household, warnings)
    assert {s: sec.price for s, sec in securities.items()} == listed
    assert warnings == [
        "the prices of V1 ($10.00), V2 ($20.00) and V3 ($30.00) are as of "
        f"{before.isoformat()}, older than the holdings files ({AS_OF.isoformat()})"
    ]
