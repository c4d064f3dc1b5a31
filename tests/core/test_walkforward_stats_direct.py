"""Direct tests of :mod:`planner.core.walkforward.stats`: the moving-block bootstrap interval is
the one an independent loop over the same draws gives (scipy's Spearman on each resample, the
2.5% and 97.5% quantiles), it needs four blocks of data, and the Fisher-z interval refuses what
it cannot compute instead of failing."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps

from planner.core.walkforward.stats import (
    MIN_BLOCKS,
    SEED,
    block_length,
    bootstrap_ci,
    episodes,
    fisher_ci,
    horizon_stats,
    spearman,
)


def _sample(n: int, seed: int = 11) -> tuple[list[float], list[float]]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    y = 0.4 * x + rng.normal(size=n)
    return list(x), list(y)


def _reference_interval(
    x: list[float], y: list[float], block: int, resamples: int, seed: int, level: float
) -> tuple[float, float]:
    """Moving blocks drawn as the docstring says: ceil(n / block) block starts uniform over
    [0, n - block], each block ``block`` consecutive months, the resample cut to n months."""
    n = len(x)
    rng = np.random.default_rng(seed)
    starts = rng.integers(0, n - block + 1, size=(resamples, math.ceil(n / block)))
    ics = []
    for row in starts:
        idx = np.concatenate([np.arange(s, s + block) for s in row])[:n]
        ics.append(sps.spearmanr(np.asarray(x)[idx], np.asarray(y)[idx]).statistic)
    tail = (1 - level) / 2
    lo, hi = np.quantile(ics, [tail, 1 - tail])
    return float(lo), float(hi)


@pytest.mark.parametrize(
    ("n", "block", "level"),
    [(60, 12, 0.95), (50, 12, 0.95), (96, 24, 0.9)],
)
def test_the_bootstrap_interval_is_the_quantiles_of_the_resampled_rank_correlations(
    n: int, block: int, level: float
) -> None:
    x, y = _sample(n)
    got = bootstrap_ci(x, y, block, resamples=100, seed=SEED, level=level)
    assert got == pytest.approx(_reference_interval(x, y, block, 100, SEED, level), abs=1e-12)
    r = spearman(x, y)
    assert got is not None and r is not None and got[0] < r < got[1]


def test_the_bootstrap_needs_four_blocks_of_months() -> None:
    block = 12
    x, y = _sample(MIN_BLOCKS * block)
    assert MIN_BLOCKS == 4
    assert bootstrap_ci(x, y, block, resamples=100) is not None  # exactly four blocks
    assert bootstrap_ci(x[:-1], y[:-1], block, resamples=100) is None  # one month short


def test_one_resample_gives_an_interval_of_its_own_correlation() -> None:
    x, y = _sample(48)
    lo, hi = _reference_interval(x, y, 12, 1, SEED, 0.95)
    assert lo == hi
    assert bootstrap_ci(x, y, 12, resamples=1) == pytest.approx((lo, hi), abs=1e-12)


@pytest.mark.parametrize(
    ("r", "n_eff"),
    [(0.3, 3.0), (0.3, 2.5), (1.0, 40.0), (-1.0, 40.0)],
)
def test_the_fisher_interval_refuses_three_observations_or_a_perfect_correlation(
    r: float, n_eff: float
) -> None:
    assert fisher_ci(r, n_eff) is None


@pytest.mark.parametrize("n_eff", [3.5, 4.0])
def test_the_fisher_interval_from_just_over_three_observations(n_eff: float) -> None:
    r = 0.3
    half = 1.959963984540054 / math.sqrt(n_eff - 3)
    assert fisher_ci(r, n_eff) == pytest.approx(
        (math.tanh(math.atanh(r) - half), math.tanh(math.atanh(r) + half))
    )


@pytest.mark.parametrize(
    ("x", "y"),
    [
        ([1.0, 2.0, 3.0], [1.0, 3.0, 2.0]),  # three months: defined
        ([1.0, 1.0, 2.0, 3.0], [4.0, 1.0, 2.0, 3.0]),  # a tie takes the mean rank
        ([0.3, -0.2, 0.1, 0.5, 0.0], [0.01, 0.02, -0.03, 0.04, 0.0]),
    ],
)
def test_spearman_is_scipys_rank_correlation(x: list[float], y: list[float]) -> None:
    assert spearman(x, y) == pytest.approx(sps.spearmanr(x, y).statistic, abs=1e-12)


def test_spearman_is_undefined_for_two_months_or_a_constant_series() -> None:
    assert spearman([1.0, 2.0], [2.0, 1.0]) is None
    assert spearman([1.0, 1.0, 1.0, 1.0], [1.0, 2.0, 3.0, 4.0]) is None
    assert spearman([1.0, 2.0, 3.0, 4.0], [0.5, 0.5, 0.5, 0.5]) is None


@pytest.mark.parametrize(("months", "block"), [(1, 12), (3, 12), (6, 12), (7, 14), (12, 24)])
def test_a_block_is_a_year_or_two_horizons_whichever_is_longer(months: int, block: int) -> None:
    assert block_length(months) == block


def test_hit_rates_count_a_flat_outcome_as_a_miss_and_leave_out_flat_signs() -> None:
    #           composite, tilt,  label, outcome
    months = [
        (0.3, 0.015, "s", 0.02),  # small call, right
        (0.3, 0.015, "s", -0.01),  # small call, wrong
        (-0.3, -0.015, "m", -0.03),  # mega call, right
        (0.1, 0.0, "n", 0.01),  # no call; sign right
        (0.3, 0.015, "s", None),  # no outcome yet: left out of everything
        (0.2, 0.01, "s", 0.0),  # small call, flat outcome: a miss; no sign to judge
        (0.0, 0.0, "n", 0.05),  # a flat composite: no sign to judge; small-caps ahead
        (-0.2, -0.01, "m", 0.0),  # mega call, flat outcome: a miss
    ]
    c, t, lab, y = (list(col) for col in zip(*months, strict=True))
    h = horizon_stats(3, c, t, lab, y, resamples=20)
    known = [m for m in months if m[3] is not None]
    assert (h.months, h.n, h.independent, h.block) == (3, 7, 7 // 3, 12)
    assert (h.tilted, h.small_calls, h.mega_calls) == (5, 3, 2)
    assert h.hit_rate == pytest.approx(2 / 5)
    assert h.small_hit_rate == pytest.approx(1 / 3)
    assert h.mega_hit_rate == pytest.approx(1 / 2)
    assert h.sign_hit_rate == pytest.approx(3 / 4)
    assert h.small_ahead == pytest.approx(3 / 7)
    assert list(h.mean_after) == ["s", "m", "n"]  # in the order the labels first occur
    assert h.mean_after["s"] == pytest.approx((0.02 - 0.01 + 0.0) / 3)
    assert h.mean_after["m"] == pytest.approx((-0.03 + 0.0) / 2)
    assert h.mean_after["n"] == pytest.approx((0.01 + 0.05) / 2)
    expected_ic = sps.spearmanr([m[0] for m in known], [m[3] for m in known]).statistic
    assert h.rank_ic == pytest.approx(expected_ic)
    assert h.ci is None  # seven months: fewer than four blocks
    assert h.fisher is None  # 7 / 3 independent observations: too few


def test_a_long_history_has_both_intervals() -> None:
    x, y = _sample(60)
    tilt = [0.05 * v for v in x]
    h = horizon_stats(3, x, tilt, ["n"] * 60, list(y), resamples=50, seed=5)
    r = sps.spearmanr(x, y).statistic
    assert h.rank_ic == pytest.approx(r)
    assert (h.n, h.independent, h.block) == (60, 20, 12)
    assert h.ci == bootstrap_ci(x, y, 12, resamples=50, seed=5)
    assert h.ci == pytest.approx(_reference_interval(x, y, 12, 50, 5, 0.95), abs=1e-12)
    half = 1.959963984540054 / math.sqrt(60 / 3 - 3)
    assert h.fisher == pytest.approx(
        (math.tanh(math.atanh(r) - half), math.tanh(math.atanh(r) + half))
    )
    assert h.tilted == 60 and h.sign_hit_rate == h.hit_rate


def test_no_known_outcome_gives_no_figures() -> None:
    h = horizon_stats(6, [0.2, -0.1], [0.01, 0.0], ["s", "n"], [None, None], resamples=20)
    assert (h.n, h.independent, h.tilted, h.small_calls, h.mega_calls) == (0, 0, 0, 0, 0)
    assert (h.rank_ic, h.ci, h.fisher) == (None, None, None)
    assert (h.hit_rate, h.small_hit_rate, h.mega_hit_rate) == (None, None, None)
    assert (h.sign_hit_rate, h.small_ahead, h.mean_after) == (None, None, {})


def test_a_constant_composite_has_no_rank_ic_and_no_interval() -> None:
    _, y = _sample(60)
    h = horizon_stats(3, [0.2] * 60, [0.01] * 60, ["s"] * 60, list(y), resamples=20)
    assert (h.n, h.independent) == (60, 20)
    assert (h.rank_ic, h.ci, h.fisher) == (None, None, None)
    assert h.small_calls == 60 and h.sign_hit_rate == h.small_ahead


@pytest.mark.parametrize(
    ("labels", "runs"),
    [
        ([], {}),
        (["n"], {"n": 1}),
        (["", "s"], {"": 1, "s": 1}),  # any label's first run counts, even an empty one
        (["n", "n", "n"], {"n": 1}),
        (["n", "s", "s", "n", "s", "m", "m"], {"n": 2, "s": 2, "m": 1}),
    ],
)
def test_episodes_count_the_separate_runs_of_each_label(
    labels: list[str], runs: dict[str, int]
) -> None:
    assert episodes(labels) == runs
