"""The programme's containers (``planner/core/rebalance/model.py``): the layout gives every
variable a column of its own, with no column left over; rows with none at all are an empty
matrix the width of the programme."""

from __future__ import annotations

import numpy as np
import pytest

from planner.core.rebalance.model import Csr, Layout, Rows


def _blocks(L: Layout) -> list[tuple[str, int, int]]:
    """(name, first column, width) of each block, widths from the layout's own counts: five
    per slot, one new-cash column per account, three per bucket, one per lot, order pair and
    wash-sale group, and the seven single columns (the two net gains, the tax, the three
    netting switches, the carried loss) plus the constant."""
    n, a, k = L.n_slots, L.n_accounts, L.n_buckets
    return [
        ("b", L.b, n),
        ("s", L.s, n),
        ("c", L.c, n),
        ("zb", L.zb, n),
        ("zs", L.zs, n),
        ("new", L.new, a),
        ("dp", L.dp, k),
        ("dm", L.dm, k),
        ("out", L.out, k),
        ("lot", L.lot, L.n_lots),
        ("order", L.order, L.n_order),
        ("gs", L.gs, 1),
        ("gl", L.gl, 1),
        ("tax", L.tax, 1),
        ("y", L.y, 3),
        ("carry", L.carry, 1),
        ("wash", L.wash, L.n_groups),
        ("one", L.one, 1),
    ]


@pytest.mark.parametrize(
    "sizes",
    [(1, 1, 1, 0, 0, 0), (4, 2, 7, 0, 0, 0), (3, 2, 5, 6, 4, 2), (9, 3, 8, 11, 7, 3)],
)
def test_the_layout_gives_every_variable_one_column_and_none_to_spare(
    sizes: tuple[int, int, int, int, int, int],
) -> None:
    L = Layout(*sizes)
    used: list[int] = []
    for name, first, width in _blocks(L):
        assert isinstance(first, int), name
        used += range(first, first + width)
    assert sorted(used) == list(range(L.size))
    assert L.size == sum(width for *_, width in _blocks(L))


def test_no_rows_are_an_empty_matrix_the_width_of_the_programme() -> None:
    mat, lo, hi = Rows().matrix(7)
    assert mat.shape == (0, 7) and mat.nnz == 0
    assert list(mat.indptr) == [0] and len(mat.indices) == 0
    assert lo.shape == hi.shape == (0,)


@pytest.mark.parametrize("width", [1, 3])
def test_triplets_become_rows_of_doubles_with_each_entry_once(width: int) -> None:
    """Entries given in any order, some twice, values as integers: each row lists its columns
    in order, once, with the sum of what named it, as doubles (what HiGHS takes) — also for a
    programme one column wide, where a row's place and a column's must not run together."""
    entries = [(2, width - 1, 4), (0, 0, 1), (2, 0, 2), (0, 0, 5), (1, width - 1, 3)]
    rows, cols, vals = (np.array(v) for v in zip(*entries, strict=True))
    mat = Csr.from_triplets(rows, cols, vals, (3, width))
    assert mat.data.dtype == np.float64
    dense = np.zeros((3, width))
    for r, c, v in entries:
        dense[r, c] += v
    got = np.zeros((3, width))
    for r in range(3):
        span = slice(mat.indptr[r], mat.indptr[r + 1])
        assert list(mat.indices[span]) == sorted(set(mat.indices[span]))
        got[r, mat.indices[span]] = mat.data[span]
    assert np.array_equal(got, dense)
    assert mat.nnz == len({(r, c) for r, c, _ in entries})
