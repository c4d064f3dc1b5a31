"""The policy's own rules, on their limits: band widths, the NIIT threshold, location costs,
the vehicles in order, and the tilt bounded by the maximum and by the targets it moves.
(Written against the mutants that survived the mutation run: README "Mutation testing".)"""

from __future__ import annotations

from dataclasses import replace

import pytest

from planner.core.policy import BUCKETS, Bands, Location, Policy, Tax, Tilt


@pytest.mark.parametrize("target", [0.0, 0.1, 0.6])
def test_a_band_is_the_smaller_of_absolute_and_relative_and_absolute_at_zero(target: float) -> None:
    bands = Bands(absolute=0.05, relative=0.25)
    expected = 0.05 if target == 0 else min(0.05, 0.25 * target)  # 0.05, 0.025, 0.05
    assert bands.width(target) == pytest.approx(expected)


def test_niit_applies_to_income_above_the_threshold_not_at_it() -> None:
    at = Tax(income=250_000.0, niit_threshold=250_000.0, state=0.05)
    above = replace(at, income=250_000.01)
    assert at.surcharge() == pytest.approx(0.05)
    assert above.surcharge() == pytest.approx(0.05 + above.niit)


def test_location_costs_nothing_when_disabled_or_for_a_bucket_without_a_rate() -> None:
    loc = Location()
    assert loc.cost("tax_deferred", "bonds") == loc.tax_deferred["bonds"]
    assert loc.cost("brokerage", "bonds") == loc.taxable["bonds"]  # unknown type: taxable
    assert loc.cost("taxable", "cash") == 0.0
    assert replace(loc, enabled=False).cost("taxable", "bonds") == 0.0


def test_vehicle_symbols_in_bucket_order_then_preference_once_each() -> None:
    p = Policy(vehicles={"small": ("IJR", "VTI"), "mega": ("MGC", "VTI"), "bonds": "BND"})  # type: ignore[dict-item]
    expected = [s for b in BUCKETS for s in p.vehicles.get(b, ())]
    assert p.vehicle_symbols() == list(dict.fromkeys(expected))
    assert p.vehicle_symbols() == ["MGC", "VTI", "IJR", "BND"]


def _targets(mega: float, small: float) -> dict[str, float]:
    return {"mega": mega, "large": 1.0 - mega - small, "small": small}


@pytest.mark.parametrize(
    ("tilt", "mega", "small", "moved"),
    [
        (1.0, 0.30, 0.10, 0.05),  # a full tilt moves the policy's maximum
        (0.03, 0.30, 0.10, 0.03),
        (0.05, 0.02, 0.10, 0.02),  # no more than mega holds
        (-0.05, 0.30, 0.02, -0.02),  # no more than small holds
        (-1.0, 0.30, 0.10, -0.05),
    ],
)
def test_the_tilt_moves_mega_to_small_within_the_maximum_and_the_targets(
    tilt: float, mega: float, small: float, moved: float
) -> None:
    p = Policy(targets=_targets(mega, small), tilt=Tilt(max=0.05))
    out = p.tilted_targets(tilt)
    assert out["mega"] == pytest.approx(mega - moved)
    assert out["small"] == pytest.approx(small + moved)
    assert out["large"] == p.targets["large"]
    assert min(out.values()) >= 0


def test_a_disabled_tilt_moves_nothing() -> None:
    p = Policy(targets=_targets(0.3, 0.1), tilt=Tilt(enabled=False))
    assert p.tilted_targets(0.05) == dict(p.targets)


def test_a_tilt_that_stops_without_fading_is_none_from_its_last_day() -> None:
    # full_until_days == zero_after_days (the file allows it): full strength before day 45,
    # none from day 45 on, no day in between
    tilt = Tilt(full_until_days=45.0, zero_after_days=45.0)
    assert [tilt.strength(d) for d in (0, 44, 45, 46)] == [1.0, 1.0, 0.0, 0.0]
