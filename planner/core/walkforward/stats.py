"""How well the composite ranked what followed: hit rates and the rank information coefficient
(Spearman) with a confidence interval that respects overlapping windows.

Month-end samples of a 12-month return overlap by 11 months, so there are about n / 12
independent observations, not n. The interval is a **moving-block bootstrap** (blocks of
``max(12, 2 x horizon)`` consecutive months resampled with replacement, percentile interval,
fixed seed); the Fisher-z interval with n / horizon effective observations is given beside it
as a cross-check.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

SEED = 20260108  # fixed: the same data give the same interval
RESAMPLES = 2000
MIN_BLOCKS = 4  # a bootstrap needs at least this many blocks' worth of months


def _pearson_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a - a.mean(axis=-1, keepdims=True)
    b = b - b.mean(axis=-1, keepdims=True)
    den = np.sqrt((a * a).sum(axis=-1) * (b * b).sum(axis=-1))
    with np.errstate(invalid="ignore", divide="ignore"):
        out: np.ndarray = (a * b).sum(axis=-1) / den
    return out


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Spearman's rank correlation (ties take their mean rank); None when undefined."""
    if len(x) < 3:
        return None
    from scipy.stats import rankdata  # scipy.stats takes a second to import: only here

    r = float(_pearson_rows(rankdata(np.asarray(x, float)), rankdata(np.asarray(y, float))))
    return r if math.isfinite(r) else None


def block_length(horizon: int) -> int:
    return max(12, 2 * horizon)


def bootstrap_ci(
    x: Sequence[float],
    y: Sequence[float],
    block: int,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    level: float = 0.95,
) -> tuple[float, float] | None:
    """Percentile interval of Spearman's correlation over moving-block resamples; None with
    fewer than :data:`MIN_BLOCKS` blocks of data (too few to resample)."""
    n = len(x)
    if n < MIN_BLOCKS * block:
        return None
    rng = np.random.default_rng(seed)
    blocks = math.ceil(n / block)
    starts = rng.integers(0, n - block + 1, size=(resamples, blocks))
    idx = (starts[:, :, None] + np.arange(block)).reshape(resamples, -1)[:, :n]
    xs, ys = np.asarray(x, float)[idx], np.asarray(y, float)[idx]
    from scipy.stats import rankdata

    ics = _pearson_rows(rankdata(xs, axis=1), rankdata(ys, axis=1))
    ics = ics[np.isfinite(ics)]
    if ics.size == 0:
        return None
    lo, hi = np.quantile(ics, [(1 - level) / 2, 1 - (1 - level) / 2])
    return float(lo), float(hi)


def fisher_ci(r: float, n_eff: float, level: float = 0.95) -> tuple[float, float] | None:
    """Fisher-z interval for a correlation ``r`` from ``n_eff`` independent observations."""
    if n_eff <= 3 or abs(r) >= 1:
        return None
    z = math.atanh(r)
    from scipy.stats import norm

    half = float(norm.ppf(0.5 + level / 2)) / math.sqrt(n_eff - 3)
    return math.tanh(z - half), math.tanh(z + half)


@dataclass(frozen=True)
class HorizonStats:
    """The composite against the next ``months`` months' small-minus-large return."""

    months: int
    n: int  # month-ends with a known outcome
    independent: int  # non-overlapping windows among them (n // months)
    rank_ic: float | None
    ci: tuple[float, float] | None  # moving-block bootstrap, 95%
    fisher: tuple[float, float] | None  # Fisher z with n / months observations, 95%
    block: int
    tilted: int  # month-ends with a tilt (label not neutral)
    hit_rate: float | None  # share of tilted month-ends whose tilt had the outcome's sign
    small_calls: int
    small_hit_rate: float | None
    mega_calls: int
    mega_hit_rate: float | None
    sign_hit_rate: float | None  # share of all month-ends where the composite's sign was right
    small_ahead: float | None  # share of all month-ends after which small-caps led (base rate)
    mean_after: dict[str, float | None]  # label -> mean outcome after it (fraction)


def _share(flags: Sequence[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def horizon_stats(
    months: int,
    composite: Sequence[float],
    tilt: Sequence[float],
    label: Sequence[str],
    outcome: Sequence[float | None],
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> HorizonStats:
    keep = [i for i, o in enumerate(outcome) if o is not None]
    c = [composite[i] for i in keep]
    t = [tilt[i] for i in keep]
    lab = [label[i] for i in keep]
    y = [float(outcome[i] or 0.0) for i in keep]
    n = len(keep)
    ic = spearman(c, y)
    block = block_length(months)
    small = [yi > 0 for ti, yi in zip(t, y, strict=True) if ti > 0]
    mega = [yi < 0 for ti, yi in zip(t, y, strict=True) if ti < 0]
    signed = [(ci > 0) == (yi > 0) for ci, yi in zip(c, y, strict=True) if ci != 0 and yi != 0]
    mean_after: dict[str, float | None] = {}
    for name in dict.fromkeys(lab):
        ys = [yi for li, yi in zip(lab, y, strict=True) if li == name]
        mean_after[name] = sum(ys) / len(ys) if ys else None
    return HorizonStats(
        months=months,
        n=n,
        independent=n // months,
        rank_ic=ic,
        ci=bootstrap_ci(c, y, block, resamples, seed) if ic is not None else None,
        fisher=fisher_ci(ic, n / months) if ic is not None else None,
        block=block,
        tilted=len(small) + len(mega),
        hit_rate=_share(small + mega),
        small_calls=len(small),
        small_hit_rate=_share(small),
        mega_calls=len(mega),
        mega_hit_rate=_share(mega),
        sign_hit_rate=_share(signed),
        small_ahead=_share([yi > 0 for yi in y]),
        mean_after=mean_after,
    )


def episodes(labels: Sequence[str]) -> dict[str, int]:
    """Label -> how many separate runs of it there were (few runs = few independent calls)."""
    out: dict[str, int] = {}
    prev = None
    for lab in labels:
        if lab != prev:
            out[lab] = out.get(lab, 0) + 1
        prev = lab
    return out
