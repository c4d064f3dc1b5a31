"""The tilt fades with the regime's age - full, linear, none - unless an advisor overrides it
with a reason; the plan applies it, says so, and records it in its JSON. Policy numbers that are
not finite are refused by name."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner.brokers import load_household
from planner.core.errors import InputError
from planner.core.plan import RegimeView, applied_tilt, make_plan
from planner.core.policy import Policy, Tilt
from planner.core.policy_file import parse_policy, policy_to_toml
from planner.reports.plan_json import plan_json
from planner.resources import demo_files
from tests.core.test_plan import _facts

ASOF = date(2026, 1, 8)
COMPOSITE = 0.6


def _regime(age: int | None) -> RegimeView:
    return RegimeView(
        "small-cap leadership",
        COMPOSITE,
        ASOF,
        stale=age is None or age > 7,
        age_days=age,
        source="snapshot: test",
    )


def _expected(age: float, full: float = 30, zero: float = 90) -> float:
    """The fade as the policy text says it, computed here independently."""
    if age <= full:
        return 1.0
    if age >= zero:
        return 0.0
    return 1.0 - (age - full) / (zero - full)


@pytest.mark.parametrize(
    ("age", "strength"), [(10, 1.0), (30, 1.0), (60, 0.5), (90, 0.0), (120, 0.0)]
)
def test_the_fade(age: int, strength: float) -> None:
    assert Tilt().strength(age) == pytest.approx(strength)
    assert applied_tilt(Policy(), _regime(age)) == pytest.approx(COMPOSITE * 0.05 * strength)


def test_the_fade_follows_the_policy_days() -> None:
    tilt = Tilt(full_until_days=10, zero_after_days=20)
    for age in range(0, 30):
        assert tilt.strength(age) == pytest.approx(_expected(age, 10, 20)), age
    assert Tilt().strength(None) == 0  # an undated regime moves nothing


def test_an_override_applies_full_strength_and_is_recorded() -> None:
    household = load_household([str(p) for p in demo_files()])
    reason = "Investment committee, 2026-11-30: keep the January view"
    policy = Policy(tilt=Tilt(override_reason=reason))
    assert policy.tilt.strength(120) == 1.0
    plan = make_plan(household, _facts(), policy, _regime(120), scenarios=False)
    assert plan.tilt == pytest.approx(COMPOSITE * 0.05)
    doc = plan_json(plan)["regime"]
    assert doc["applied_strength"] == 1.0 and doc["override_reason"] == reason
    assert doc["age_days"] == 120
    assert any(f"by override: {reason}" in w and "without it 0%" in w for w in plan.warnings)


def test_the_plan_says_what_the_age_did() -> None:
    household = load_household([str(p) for p in demo_files()])
    stale = make_plan(household, _facts(), Policy(), _regime(326), scenarios=False)
    doc = plan_json(stale)["regime"]
    assert stale.tilt == 0 and doc["applied_strength"] == 0 and doc["override_reason"] is None
    assert stale.buckets["small"].target == pytest.approx(stale.buckets["small"].policy_target)
    [warning] = [w for w in stale.warnings if w.startswith("the regime is stale")]
    assert "326 days old" in warning and "applies no tilt" in warning
    assert "snapshot: test" in warning and "override_reason" in warning
    half = make_plan(household, _facts(), Policy(), _regime(60), scenarios=False)
    assert plan_json(half)["regime"]["applied_strength"] == pytest.approx(0.5)
    assert any("50% strength" in w for w in half.warnings)
    fresh = make_plan(household, _facts(), Policy(), _regime(3), scenarios=False)
    assert not any("regime is stale" in w for w in fresh.warnings)
    assert plan_json(fresh)["regime"]["applied_strength"] == 1.0


def test_the_bundled_snapshot_tilts_nothing_today() -> None:
    from planner.market.regime_inputs import load_regime

    today = date(2026, 11, 30)
    regime = load_regime(today=today)
    assert regime.label == "small-cap leadership" and regime.tilt > 0  # it still has a view
    assert regime.age_days == (today - date(2026, 1, 8)).days
    assert applied_tilt(Policy(), regime.view()) == 0
    within = load_regime(today=date(2026, 1, 8) + timedelta(days=60))
    assert applied_tilt(Policy(), within.view()) == pytest.approx(within.tilt * 0.5, abs=1e-6)


def test_tilt_keys_in_the_policy_file() -> None:
    text = (
        "[tilt]\nfull_until_days = 15\nzero_after_days = 45\n"
        'override_reason = "committee, 2026-11-30"\n'
    )
    p = parse_policy(text, "client.toml")
    assert p.tilt == Tilt(
        full_until_days=15.0, zero_after_days=45.0, override_reason="committee, 2026-11-30"
    )
    assert parse_policy(policy_to_toml(p), "again.toml") == p


@pytest.mark.parametrize(
    ("text", "names", "line"),
    [
        ("[tilt]\nfull_until_days = 60\nzero_after_days = 30\n", "tilt.zero_after_days", None),
        ("[tilt]\noverride_reason = 5\n", "tilt.override_reason", 2),
        ('[tilt]\noverride_reason = "a\\nb"\n', "tilt.override_reason", 2),
        ("[trading]\nmin_trade = nan\n", "trading.min_trade", 2),
        ("[trading]\n\ncash_reserve = inf\n", "trading.cash_reserve", 3),
        ("[tilt]\nmax = -inf\n", "tilt.max", 2),
        ("[tilt]\nzero_after_days = inf\n", "tilt.zero_after_days", 2),
        ("[targets]\nmega = nan\n", "targets.mega", 2),
        ("[weights]\ndrift = nan\n", "weights.drift", 2),
    ],
)
def test_bad_tilt_and_non_finite_numbers_name_their_key(
    text: str, names: str, line: int | None
) -> None:
    with pytest.raises(InputError) as err:
        parse_policy(text, "client.toml")
    assert names in str(err.value)
    if line is not None:
        assert str(err.value).startswith(f"client.toml:{line}:")
