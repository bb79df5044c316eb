"""Up and down sets of the lattice, as views, are exactly the nodes every level ≥ / ≤."""

import numpy as np
import pytest

from core.privacy.lattice import Lattice


@pytest.mark.parametrize("depths", [(2, 5, 2, 3, 4), (1, 3), (4,), (3, 1, 2)])
def test_views_are_the_up_and_down_sets(depths):
    lattice = Lattice(depths)
    rng = np.random.default_rng(len(depths))
    for x in rng.integers(0, lattice.size, 12):
        node = lattice.node(int(x))
        below = (lattice.levels <= np.asarray(node)).all(axis=1)
        above = (lattice.levels >= np.asarray(node)).all(axis=1)
        np.testing.assert_array_equal(lattice.down(node), below)
        np.testing.assert_array_equal(lattice.up(node), above)
        values = np.zeros(lattice.size, dtype=np.int8)
        lattice.down_view(values, node)[...] = 1
        lattice.up_view(values, node)[...] += 2
        np.testing.assert_array_equal(values, below * 1 + above * 2)
        assert lattice.index(node) == x
