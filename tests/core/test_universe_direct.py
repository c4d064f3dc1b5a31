"""Direct tests of :class:`planner.core.universe.Reference`'s small readers: a fund holding's
company cap (what builds the size profile of a holdings file the user imports), the schemes a
master can apply, a row's source in words and the ranked caps. (Written against the mutants
the mutation run found without a test: README "Mutation testing".)"""

from __future__ import annotations

from datetime import date

import pytest

from planner.core.buckets import rank_scheme
from planner.core.profiles import Fund
from planner.core.universe import Reference, SecurityInfo, is_cusip, rank_scheme_of

D = date(2026, 1, 8)
AAPL_CUSIP = "037833100"
IVV_CUSIP = "464287200"
GONE_CUSIP = "594918104"  # a valid CUSIP (Microsoft's) the master does not hold


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


def _ranked(n: int, dated: bool) -> dict[str, SecurityInfo]:
    """``n`` companies ranked 1..n, worth $n billion down to $1 billion; the first dated
    2026-01-08 and the rest 2025-12-31 (or none dated)."""
    out = {}
    for r in range(1, n + 1):
        when = (D if r == 1 else date(2025, 12, 31)) if dated else None
        out[f"R{r}"] = _stock(f"R{r}", (n + 1 - r) * 1e9, rank=r, market_cap_as_of=when)
    return out


def test_a_masters_rank_scheme_is_dated_by_its_newest_cap_and_says_its_source() -> None:
    ranked = _ranked(3000, dated=True)
    s = rank_scheme_of(ranked)
    assert s is not None
    # the caps at ranks 50, 200, 1,000 and 3,000
    assert s.breakpoints.lines() == (2951e9, 2801e9, 2001e9, 1e9)
    assert s.as_of == D
    assert s.source == "companies of the security master ranked by market cap (3,000)"
    given = rank_scheme_of(ranked, "the bundled master of 2026-01-08")
    assert given is not None and given.source == "the bundled master of 2026-01-08"


def test_a_master_ranked_without_cap_dates_has_an_undated_rank_scheme() -> None:
    s = rank_scheme_of(_ranked(3000, dated=False))
    assert s is not None and s.as_of is None and s.companies == 3000


def test_buckets_default_to_the_rank_scheme_and_copies_keep_the_loaders_rank() -> None:
    """The loader's rank scheme (with its own source) stays with every copy, so a copy can
    go back to ``rank`` even when its few securities could not be ranked again."""
    loaded = rank_scheme([4e9, 3e9, 2e9, 1e9], D, "the loader's ranks", (1, 2, 3, 4))
    ref = Reference({"AAPL": _stock("AAPL", 3e12)}, rank=loaded)
    assert ref.with_buckets().size_scheme == loaded
    back = ref.with_buckets("sp-ranges").with_buckets("rank")
    assert back.size_scheme == loaded and back.rank_scheme == loaded


def test_buckets_refuse_an_unknown_view_and_a_master_that_cannot_rank() -> None:
    ref = Reference({"AAPL": _stock("AAPL", 3e12)})
    with pytest.raises(ValueError, match=r"^unknown fund view 'both'; views: look-through, index$"):
        ref.with_buckets("sp-ranges", "both")
    with pytest.raises(
        ValueError, match=r"^the security master has too few ranked companies for 'rank'$"
    ):
        ref.with_buckets("rank")


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        (AAPL_CUSIP, True),  # check digit 0: the sum's last digit is 0
        ("594918104", True),  # Microsoft, check digit 4
        ("037833101", False),  # Apple's with a wrong check digit
    ],
)
def test_a_cusip_is_recognised_by_its_check_digit(text: str, valid: bool) -> None:
    assert is_cusip(text) is valid


def _fund(symbol: str) -> Fund:
    return Fund(symbol, f"{symbol} fund", "equivalent", "Test index", "large", None, {}, "t", D)


def test_fidelitys_class_b_spelling_finds_the_dotted_class_when_the_key_is_ambiguous() -> None:
    # a master that lists Berkshire B under two spellings: "BRKB" (no punctuation) names two
    # rows, so the plain key finds nothing; Fidelity's BRKB is still the dotted class B
    ref = Reference({"BRK.B": _stock("BRK.B", 1e12), "BRK/B": _stock("BRK/B", 1e12)})
    assert ref.resolve("BRKB") == "BRK.B"
    assert ref.resolve("brkb") == "BRK.B"
    # only a last letter A or B is a share class: ABCD and ABCX name nothing here
    ref = Reference(
        {s: _stock(s, 1e9) for s in ("ABC.D", "ABC/D", "ABC.X", "ABC/X", "AB.C", "AB/C")}
    )
    assert ref.resolve("ABCD") is None
    assert ref.resolve("ABCX") is None
    assert ref.resolve("ABC") is None  # three letters: never split


def test_a_cusip_names_only_a_security_the_master_or_the_fund_table_has() -> None:
    ref = Reference(
        {"AAPL": _stock("AAPL", 3e12)},
        funds={"IVV": _fund("IVV")},
        cusips={AAPL_CUSIP: "AAPL", IVV_CUSIP: "IVV", GONE_CUSIP: "GONE"},
    )
    assert ref.resolve(AAPL_CUSIP) == "AAPL"
    assert ref.resolve(IVV_CUSIP) == "IVV"
    assert ref.fund(IVV_CUSIP) == _fund("IVV")
    # the CUSIP map names a symbol neither table holds: the CUSIP names nothing
    assert is_cusip(GONE_CUSIP)
    assert ref.resolve(GONE_CUSIP) is None
    assert ref.lookup(GONE_CUSIP) is None


def test_the_fund_table_is_read_without_share_class_punctuation() -> None:
    ref = Reference({}, funds={"BF.B": _fund("BF.B")})
    assert ref.fund("BF/B") == _fund("BF.B")
    assert ref.fund("bf-b") == _fund("BF.B")
    assert ref.fund("BFC") is None
