"""Add and multiply nodes: hand-checked values and numerical gradients of a small graph."""

import numpy as np
import pytest

from utils.scratch.gradcheck import numerical_gradient, relative_error
from utils.scratch.graph_nodes import AddNode, MulNode


def test_add_passes_through_and_mul_swaps():
    add, mul = AddNode(), MulNode()
    assert add.forward(3.0, 4.0) == 7.0
    assert add.backward(2.5) == (2.5, 2.5)
    assert mul.forward(3.0, 4.0) == 12.0
    assert mul.backward(2.5) == (10.0, 7.5)


def test_shopping_graph_matches_numerical_gradient():
    """total = (price_a * n_a + price_b * n_b) * tax, on arrays, against central differences."""
    rng = np.random.default_rng(0)
    inputs = {k: rng.uniform(0.5, 3.0, size=4) for k in ("pa", "na", "pb", "nb", "tax")}
    m_a, m_b, add, m_tax = MulNode(), MulNode(), AddNode(), MulNode()

    def forward() -> float:
        a = m_a.forward(inputs["pa"], inputs["na"])
        b = m_b.forward(inputs["pb"], inputs["nb"])
        return float(np.sum(m_tax.forward(add.forward(a, b), inputs["tax"])))

    forward()
    d_sub, d_tax = m_tax.backward(np.ones(4))
    d_a, d_b = add.backward(d_sub)
    d_pa, d_na = m_a.backward(d_a)
    d_pb, d_nb = m_b.backward(d_b)
    analytic = {"pa": d_pa, "na": d_na, "pb": d_pb, "nb": d_nb, "tax": d_tax}
    np.testing.assert_allclose(d_pa, inputs["na"] * inputs["tax"])
    for k, g in analytic.items():
        assert relative_error(g, numerical_gradient(forward, inputs[k])) < 1e-8, k


def test_add_gradients_are_independent_copies():
    add = AddNode()
    add.forward(np.zeros(2), np.zeros(2))
    dx, dy = add.backward(np.ones(2))
    dx += 1
    np.testing.assert_array_equal(dy, [1.0, 1.0])


def test_bad_use_raises():
    with pytest.raises(RuntimeError, match="forward before backward"):
        MulNode().backward(1.0)
    with pytest.raises(RuntimeError, match="forward before backward"):
        AddNode().backward(1.0)
    with pytest.raises(ValueError, match="same shape"):
        MulNode().forward(np.zeros(2), np.zeros(3))
    node = MulNode()
    node.forward(np.zeros(2), np.zeros(2))
    with pytest.raises(ValueError, match=r"dout must have shape \(2,\)"):
        node.backward(np.zeros(3))
