"""Positional-encoding pictures, head heatmaps and the head explorer's callbacks."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from utils.data.seq2seq import Seq2SeqData, char_tokenize  # noqa: E402
from utils.models.positional import sinusoidal_encoding  # noqa: E402
from utils.models.transformer import TransformerSeq2Seq  # noqa: E402
from utils.viz.transformer_plots import (  # noqa: E402
    HeadExample,
    HeadExplorer,
    collect_head_examples,
    describe_head,
    plot_positional_encoding,
    render_head,
    render_layer_heads,
)


def toy_example(name="toy", n_src=3, n_out=2, layers=2, heads=2, seed=0):
    rng = np.random.default_rng(seed)

    def maps(n_q, n_k):
        w = rng.random((layers, heads, n_q, n_k))
        return w / w.sum(-1, keepdims=True)

    return HeadExample(name, list("abc")[:n_src], ["x", "<eos>", "z"][:n_out],
                       maps(n_src, n_src), np.tril(maps(n_out, n_out)), maps(n_out, n_src))


def test_positional_picture_shows_the_table_and_its_dot_products():
    table = sinusoidal_encoding(20, 8).numpy()
    fig = plot_positional_encoding(table)
    left, right = fig.axes[:2]                                # then the two colour bars
    np.testing.assert_allclose(left.images[0].get_array(), table)
    np.testing.assert_allclose(right.images[0].get_array(), table @ table.T, rtol=1e-6)
    plt.close(fig)
    with pytest.raises(ValueError, match="length, d_model"):
        plot_positional_encoding(np.zeros(5))


def test_head_weights_describe_and_render():
    ex = toy_example()
    w, keys, queries = ex.weights("cross", 1, 0)
    np.testing.assert_array_equal(w, ex.cross[1, 0])
    assert keys == ["a", "b", "c"] and queries == ["x", "<eos>"]
    assert ex.weights("decoder", 0, 1)[1] == ["<sos>", "x"]
    e = int(ex.encoder[0, 1, 2].argmax())
    assert describe_head(ex, "encoder", 0, 1, 2) == (
        f"encoder self-attention, layer 1, head 2: source token 3/3 'c' looks most at source "
        f"token {e + 1} '{'abc'[e]}' (weight {ex.encoder[0, 1, 2, e]:.2f})")
    s = int(ex.cross[1, 0, 1].argmax())
    assert describe_head(ex, "cross", 1, 0, 1) == (
        f"cross-attention (decoder → encoder), layer 2, head 1: step 2/2 writes '<eos>' and "
        f"looks most at source token {s + 1} '{'abc'[s]}' (weight {ex.cross[1, 0, 1, s]:.2f})")
    fig = render_head(ex, "cross", 1, 0, step=1)
    heat, bars, _ = fig.axes                                  # heatmap, bars, colour bar
    np.testing.assert_array_equal(heat.images[0].get_array(), ex.cross[1, 0])
    np.testing.assert_allclose([p.get_height() for p in bars.patches], ex.cross[1, 0, 1])
    (frame,) = heat.patches
    assert frame.get_xy() == (-0.5, 0.5)                       # step 2 framed
    plt.close(fig)
    heat, bars, _ = render_head(ex, "encoder", 0, 1, step=2).axes  # the encoder's row 3 too
    np.testing.assert_allclose([p.get_height() for p in bars.patches], ex.encoder[0, 1, 2])
    assert heat.patches[0].get_xy() == (-0.5, 1.5) and bars.get_title() == "source token 3: 'c'"
    with pytest.raises(ValueError, match="step"):
        render_head(ex, "encoder", 0, 0, step=3)
    assert len(render_layer_heads(ex, "decoder", 0).axes) == 3  # two heads and a colour bar
    eight = toy_example(heads=8)
    fig = render_layer_heads(eight, "cross", 1)                # two rows of four, a bar per row
    heat = [ax for ax in fig.axes if ax.images and ax.get_title().startswith("head")]
    assert [ax.get_title() for ax in heat] == [f"head {h}" for h in range(1, 9)]
    assert len(fig.axes) == 8 + 2
    np.testing.assert_array_equal(heat[5].images[0].get_array(), eight.cross[1, 5])
    five = render_layer_heads(toy_example(heads=5), "cross", 0)  # a spare panel is switched off
    assert sum(not ax.axison for ax in five.axes) == 3
    plt.close("all")
    with pytest.raises(ValueError, match="kind"):
        ex.weights("self", 0, 0)
    with pytest.raises(ValueError, match="layer and head"):
        ex.weights("cross", 2, 0)
    with pytest.raises(ValueError, match="step"):
        describe_head(ex, "cross", 0, 0, 2)


def test_explorer_controls_change_the_view():
    explorer = HeadExplorer([toy_example(), toy_example("other", n_src=2, n_out=3, seed=1)])
    assert explorer.shown == (0, "cross", 1, 0, 0)           # last layer, head 1, step 1
    assert explorer.caption.value.startswith("cross-attention (decoder → encoder), layer 2")
    views = {explorer.image.value}
    for control, value in ((explorer.head, 2), (explorer.layer, 1), (explorer.step, 2)):
        control.value = value
        assert bytes(explorer.image.value) not in views
        views.add(bytes(explorer.image.value))
    assert explorer.shown == (0, "cross", 0, 1, 1)
    assert "step 2/2 writes '&lt;eos&gt;'" in explorer.caption.value   # escaped for HTML
    explorer.kind.value = "encoder"                           # rows: the 3 source tokens
    assert (explorer.step.max, explorer.step.value) == (3, 1)
    assert explorer.shown == (0, "encoder", 0, 1, 0)
    assert explorer.caption.value.startswith("encoder self-attention, layer 1, head 2: source "
                                             "token 1/3 'a'")
    assert bytes(explorer.image.value) not in views
    views.add(bytes(explorer.image.value))
    explorer.step.value = 3                                   # moves the encoder's framed row
    assert explorer.shown[4] == 2 and bytes(explorer.image.value) not in views
    views.add(bytes(explorer.image.value))
    explorer.kind.value = "decoder"                           # rows: the 2 output steps
    assert (explorer.step.max, explorer.step.value) == (2, 1) and explorer.shown[1] == "decoder"
    assert bytes(explorer.image.value) not in views
    views.add(bytes(explorer.image.value))
    explorer.example.value = 1
    assert explorer.step.max == 3 and explorer.step.value == 1 and explorer.shown[0] == 1
    assert bytes(explorer.image.value) not in views
    explorer.kind.value = "encoder"                           # example 1 has 2 source tokens
    assert (explorer.step.max, explorer.shown) == (2, (1, "encoder", 0, 1, 0))
    plt.close("all")
    with pytest.raises(ValueError, match="at least one"):
        HeadExplorer([])


def test_collect_examples_from_a_model():
    pairs = [("abc", "cba"), ("ab", "ba")]
    data, _ = Seq2SeqData.from_pairs(pairs, pairs, char_tokenize, char_tokenize)
    torch.manual_seed(0)
    model = TransformerSeq2Seq(len(data.src_vocab), len(data.tgt_vocab), d_model=8,
                               num_heads=2, d_ff=8)
    a, b = collect_head_examples(model, data, [0, 1])
    assert a.src_tokens == ["a", "b", "c"] and b.src_tokens == ["a", "b"]
    n = len(a.out_tokens)
    assert a.encoder.shape == (2, 2, 3, 3) and a.decoder.shape == (2, 2, n, n)
    assert a.cross.shape == (2, 2, n, 3)
    np.testing.assert_allclose(a.cross.sum(-1), 1.0, rtol=1e-5)
    with pytest.raises(ValueError, match="at least one"):
        collect_head_examples(model, data, [])
