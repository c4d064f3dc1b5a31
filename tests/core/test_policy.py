"""The policy file: defaults, every documented key, clear errors naming the key and line."""

from __future__ import annotations

import pytest

from planner.core.errors import InputError
from planner.core.policy import BUCKETS, DEFAULT_TARGETS, Policy, Restrictions, Tilt
from planner.core.policy_file import parse_policy, policy_to_toml

FULL = """
[targets]
mega = 0.30
large = 0.20
mid = 0.10
small = 0.15
intl_equity = 0.10
bonds = 0.10
cash = 0.05
[bands]
absolute = 0.04
relative = 0.20
[tilt]
enabled = true
max = 0.03
[trading]
mode = "cash_flow"
min_trade = 250.0
fractional = true
cash_reserve = 500
new_cash = 10000
buy_single_stocks = true
max_position = 0.05
[trading.deposits]
"Z555-1234" = 7000
[trading.withdrawals]
"8765" = 2500.5
[vehicles]
small = ["vb", "IJR"]
mid = "vo"
[restrictions]
do_not_sell = ["aapl"]
do_not_buy = ["TSLA"]
held_away = ["Z555-1234"]
unsupervised = ["brk.b"]
[tax]
short_term = 0.35
long_term = 0.15
niit_applies = true
state = 0.05
lot_method = "hifo"
unknown_term = "short"
max_realized_gain = 20000
max_tax = 4000
harvest = true
[location]
enabled = true
[location.taxable]
bonds = 0.012
[location.tax_free]
small = 0.001
"""


def test_every_key_is_read() -> None:
    p = parse_policy(FULL, "client.toml")
    assert p.targets["small"] == 0.15 and p.targets["micro"] == 0.0
    assert (p.bands.absolute, p.bands.relative) == (0.04, 0.20)
    assert p.tilt.max == 0.03
    assert p.trading.mode == "cash_flow" and p.trading.fractional
    assert p.trading.cash_reserve == 500.0 and p.trading.new_cash == 10000.0
    assert p.vehicles["small"] == ("VB", "IJR") and p.vehicles["mid"] == ("VO",)
    assert p.vehicles["bonds"] == ("BND",)  # default kept
    assert p.restrictions.do_not_sell == ("AAPL",)
    assert p.restrictions.held_away == ("Z555-1234",)  # account ids as typed
    assert p.restrictions.unsupervised == ("BRK.B",)
    assert p.trading.buy_single_stocks and p.trading.max_position == 0.05
    assert dict(p.trading.deposits) == {"Z555-1234": 7000.0}
    assert dict(p.trading.withdrawals) == {"8765": 2500.5}
    assert p.tax.long_term == 0.15 and p.tax.lot_method == "hifo"
    assert p.tax.max_realized_gain == 20000.0 and p.tax.max_tax == 4000.0 and p.tax.harvest
    # NIIT applies by the flag; state tax on both terms; unknown terms taxed as short
    assert p.tax.rate("long") == pytest.approx(0.15 + 0.038 + 0.05)
    assert p.tax.rate("unknown") == pytest.approx(0.35 + 0.038 + 0.05)
    assert p.location.cost("taxable", "bonds") == 0.012
    assert p.location.cost("unknown", "bonds") == 0.012  # an unknown type counts as taxable
    assert p.location.cost("tax_free", "small") == 0.001
    assert p.location.cost("tax_deferred", "bonds") == Policy().location.cost(
        "tax_deferred", "bonds"
    )


def test_missing_keys_take_defaults() -> None:
    p = parse_policy("", "empty.toml")
    assert p == Policy()
    assert dict(p.targets) == DEFAULT_TARGETS
    assert abs(sum(p.targets.values()) - 1) < 1e-12


def test_round_trip() -> None:
    p = parse_policy(FULL, "client.toml")
    assert parse_policy(policy_to_toml(p), "again.toml") == p


@pytest.mark.parametrize(
    ("text", "names", "line"),
    [
        ("[targets]\nmega = 30\n", "targets.mega", 2),
        ("[targets]\nmegga = 0.3\n", "targets.megga", 2),
        ("[targets]\nmega = 0.3\nsmall = 0.3\n", "add up to 0.6000", 1),
        ('[trading]\nmode = "yolo"\n', "trading.mode", 2),
        ("[trading]\nmin_trade = -5\n", "trading.min_trade", 2),
        ("[trading]\nmin_trades = 5\n", "trading.min_trades", 2),
        ("[tax]\nlong_term = 20\n", "tax.long_term", 2),
        ("[tilt]\nenabled = 1\n", "tilt.enabled", 2),
        ('[restrictions]\ndo_not_sell = "AAPL"\n', "restrictions.do_not_sell", 2),
        ("[colour]\nx = 1\n", "colour", 1),
        ('[tax]\nlot_method = "lifo"\n', "tax.lot_method", 2),
        ("[tax]\nmax_tax = nan\n", "tax.max_tax", 2),
        ("[trading]\nnew_cash = inf\n", "trading.new_cash", 2),
        ("[trading]\nmax_position = 10\n", "trading.max_position", 2),
        ("[trading.deposits]\nA1 = -5\n", "trading.deposits.A1", 2),
        ("[vehicles]\nsmall = 3\n", "vehicles.small", 2),
        ("[location.taxable]\nbondz = 0.01\n", "location.taxable.bondz", 2),
        ("[targets\nmega = 1\n", "not valid TOML", 1),
    ],
)
def test_errors_name_the_key_and_line(text: str, names: str, line: int) -> None:
    with pytest.raises(InputError) as err:
        parse_policy(text, "client.toml")
    assert names in str(err.value)
    assert str(err.value).startswith(f"client.toml:{line}:")


def test_income_above_the_threshold_brings_niit() -> None:
    below = parse_policy("[tax]\nincome = 200000\n", "p.toml").tax
    above = parse_policy("[tax]\nincome = 300000\n", "p.toml").tax
    assert below.rate("long") == pytest.approx(below.long_term)
    assert above.rate("long") == pytest.approx(above.long_term + above.niit)


def test_tilt_moves_mega_to_small_and_stays_bounded() -> None:
    p = parse_policy(FULL, "client.toml")
    t = p.tilted_targets(0.02)
    assert t["mega"] == pytest.approx(0.28) and t["small"] == pytest.approx(0.17)
    assert p.tilted_targets(0.5)["small"] == pytest.approx(0.15 + p.tilt.max)
    assert abs(sum(t.values()) - 1) < 1e-12


def test_a_saved_policy_opens_with_its_units_and_its_targets() -> None:
    text = policy_to_toml(Policy())
    assert text.startswith(
        "# Rotation Planner policy: fractions of the household, dollars for money.\n"
        "\n"
        "[targets]\n"
        "mega = 0.25\n"
    )
    assert text.endswith("\n") and not text.endswith("\n\n")
    # true and false as TOML spells them
    assert "\nenabled = true\n" in text and "\nfractional = false\n" in text


def test_a_saved_policy_keeps_quotes_and_backslashes_and_missing_targets() -> None:
    # targets set by the app's editor may leave buckets out: they are saved as 0
    reason = 'client said "go small" - see C:\\notes\\2026.txt'
    policy = Policy(
        targets={"mega": 0.6, "bonds": 0.4},
        tilt=Tilt(override_reason=reason),
        restrictions=Restrictions(do_not_sell=('A"B', "C\\D")),
    )
    text = policy_to_toml(policy)
    assert "\nsmall = 0.0\n" in text
    again = parse_policy(text, "saved.toml")
    assert again.targets == {b: {"mega": 0.6, "bonds": 0.4}.get(b, 0.0) for b in BUCKETS}
    assert again.tilt.override_reason == reason
    assert again.restrictions.do_not_sell == ('A"B', "C\\D")
