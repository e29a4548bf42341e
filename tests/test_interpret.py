"""Hidden-unit traces, code features measured by hand, the correlation search, the widget."""

import numpy as np
import pytest
import torch

from utils.analysis.interpret import (
    FEATURES,
    best_units,
    code_features,
    hidden_trace,
    unit_correlations,
)
from utils.models.lm import RNNModel
from utils.viz.unit_widgets import render_unit_html, unit_picker


def test_code_features_by_hand():
    text = 'x = f("a(", b)\n  # (\n  y\n'
    f = code_features(text)
    assert set(f) == set(FEATURES)
    inside = "".join(str(int(v)) for v in f["inside string"])
    assert inside == "000000111000000" + "000000" + "0000"
    depth = [int(v) for v in f["bracket depth"]]
    assert depth[:15] == [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]  # "(" in a string ignored
    assert depth[15:] == [0] * 10  # "(" in a comment ignored
    assert [int(v) for v in f["indentation"][15:]] == [1, 2, 2, 2, 2, 0, 1, 2, 2, 0]
    assert [int(v) for v in f["position in line"][:3]] == [1, 2, 3]
    assert f["position in line"][14] == 0  # just read a newline


def test_triple_quotes_and_escapes():
    text = "'''a'b''' \"c\\\"d\" e"
    inside = "".join(str(int(v)) for v in code_features(text)["inside string"])
    assert inside == "111111000" + "0" + "11111" + "0" + "00"


def test_unit_correlations_equal_numpy_corrcoef():
    rng = np.random.default_rng(0)
    acts = rng.normal(size=(50, 4))
    acts[:, 2] = 1.0  # a constant unit
    feature = rng.normal(size=50)
    r = unit_correlations(acts, feature)
    for u in (0, 1, 3):
        assert r[u] == pytest.approx(np.corrcoef(acts[:, u], feature)[0, 1])
    assert r[2] == 0.0
    with pytest.raises(ValueError, match=r"acts must be \(time, hidden\)"):
        unit_correlations(acts, feature[:10])


def test_best_units_finds_a_planted_unit():
    rng = np.random.default_rng(1)
    f = code_features("def f(a, (b)):\n    return 'x'\n" * 5)
    acts = rng.normal(size=(len(f["bracket depth"]), 16))
    acts[:, 7] = -2 * f["bracket depth"] + 0.1 * rng.normal(size=acts.shape[0])
    best = {name: (unit, r) for name, unit, r in best_units(acts, f)}
    assert best["bracket depth"][0] == 7 and best["bracket depth"][1] < -0.98


def test_hidden_trace_matches_the_model_and_its_final_state():
    torch.manual_seed(0)
    model = RNNModel(10, 4, 6, num_layers=2)
    ids = [4, 5, 6, 7, 8, 9]
    h = hidden_trace(model, ids)
    c = hidden_trace(model, ids, which="c")
    out, (h_n, c_n) = model.rnn(model.embedding(torch.tensor([ids])))
    assert h.shape == (6, 6) and c.shape == (6, 6)
    np.testing.assert_allclose(h, out[0].detach().numpy(), atol=1e-6)
    np.testing.assert_allclose(c[-1], c_n[-1, 0].detach().numpy(), atol=1e-6)
    with pytest.raises(ValueError, match="only an LSTM"):
        hidden_trace(RNNModel(10, 4, 6, cell="gru"), ids, which="c")


def test_render_colours_and_escapes():
    html = render_unit_html("a<\n", np.array([1.0, -0.5, 0.0]), title="unit 3")
    assert "rgb(255,0,0)" in html and "rgb(128,128,255)" in html and "rgb(255,255,255)" in html
    assert "&lt;" in html and "unit 3" in html
    with pytest.raises(ValueError, match=r"values must have shape \(3,\)"):
        render_unit_html("abc", np.zeros(2))


def test_unit_picker_callback_recolours_the_text():
    text = "(a)\n"
    acts = np.array([[1.0, -1.0], [1.0, -1.0], [0.0, 1.0], [0.0, 1.0]])
    box = unit_picker(text, acts, code_features(text))
    slider, view = box.children
    assert "unit 0: " in view.value and "bracket depth r=+1.00" in view.value
    slider.value = 1
    assert "unit 1: " in view.value and "bracket depth r=-1.00" in view.value
    with pytest.raises(ValueError, match=r"acts must be \(4, hidden\)"):
        unit_picker(text, acts[:3], code_features(text))
