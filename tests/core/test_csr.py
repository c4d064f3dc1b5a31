"""The solver's own compressed-row matrix is the matrix scipy builds from the same triplets:
duplicates summed, columns in order within each row, empty rows and an explicit zero kept."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import coo_matrix

from planner.core.rebalance.model import Csr


@pytest.mark.parametrize("seed", range(25))
def test_csr_is_scipys_csr_of_the_same_triplets(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_rows, n_cols = int(rng.integers(1, 40)), int(rng.integers(1, 60))
    k = int(rng.integers(0, 4 * n_rows))
    rows = rng.integers(0, n_rows, k)
    cols = rng.integers(0, n_cols, k)
    vals = rng.choice([-2.5, -1.0, 0.0, 0.5, 1.0, 3.0], k)
    if k >= 2:  # a duplicate that cancels: scipy keeps the zero, and so must we
        rows[1], cols[1], vals[1] = rows[0], cols[0], -vals[0]
    ours = Csr.from_triplets(rows, cols, vals, (n_rows, n_cols))
    theirs = coo_matrix((vals, (rows, cols)), shape=(n_rows, n_cols)).tocsr()
    theirs.sort_indices()
    assert ours.shape == theirs.shape and ours.nnz == theirs.nnz
    np.testing.assert_array_equal(ours.indptr, theirs.indptr)
    np.testing.assert_array_equal(ours.indices, theirs.indices)
    np.testing.assert_allclose(ours.data, theirs.data, rtol=0, atol=1e-12)
    dense = np.zeros((n_rows, n_cols))
    np.add.at(dense, (rows, cols), vals)
    rebuilt = np.zeros((n_rows, n_cols))
    for i in range(n_rows):
        span = slice(ours.indptr[i], ours.indptr[i + 1])
        assert list(ours.indices[span]) == sorted(set(ours.indices[span]))
        rebuilt[i, ours.indices[span]] = ours.data[span]
    np.testing.assert_allclose(rebuilt, dense, atol=1e-12)


def test_an_empty_matrix_has_a_pointer_per_row() -> None:
    empty = np.zeros(0)
    m = Csr.from_triplets(empty, empty, empty, (3, 5))
    assert m.nnz == 0 and list(m.indptr) == [0, 0, 0, 0]
