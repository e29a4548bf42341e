"""Heatmaps show the weights they are given; the explorer widget's callbacks redraw."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from utils.data.seq2seq import Seq2SeqData, word_tokenize  # noqa: E402
from utils.models.seq2seq import build_seq2seq  # noqa: E402
from utils.viz.attention_plots import (  # noqa: E402
    AttentionExample,
    AttentionExplorer,
    collect_attention_examples,
    describe_step,
    plot_attention,
    render_attention_step,
)

W = np.array([[0.1, 0.9, 0.0], [0.7, 0.2, 0.1]])
EX = AttentionExample("toy", ["a", "b", "c"], ["x", "<eos>"], W, np.eye(3))
EX2 = AttentionExample("other", ["p", "q"], ["u", "v", "w"],
                       np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]))


def test_plot_attention_draws_the_weights_and_frames_the_highlighted_row():
    ax = plot_attention(W, ["a", "b", "c"], ["x", "<eos>"], highlight=1)
    np.testing.assert_array_equal(ax.images[0].get_array(), W)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    (frame,) = ax.patches
    assert frame.get_xy() == (-0.5, 0.5) and frame.get_height() == 1
    plt.close("all")
    assert len(ax.figure.axes) == 1                          # no colour bar unless asked
    fig, (left, right) = plt.subplots(1, 2)
    plot_attention(W, ["a", "b", "c"], ["x", "<eos>"], ax=right, colorbar=True,
                   colorbar_label="weight (both panels)")
    assert len(fig.axes) == 3 and fig.axes[-1].get_ylabel() == "weight (both panels)"
    assert fig.axes[-1].get_ylim() == (0.0, 1.0)             # the fixed scale 0–1
    plt.close("all")
    with pytest.raises(ValueError, match="out_len, src_len"):
        plot_attention(W.T, ["a", "b", "c"], ["x", "<eos>"])
    with pytest.raises(ValueError, match="highlight"):
        plot_attention(W, ["a", "b", "c"], ["x", "<eos>"], highlight=2)


def test_render_step_shows_the_row_and_the_context():
    fig = render_attention_step(EX, 0)
    heat, bars, ctx, bar = fig.axes           # the heatmap's colour bar is added last
    assert bar.get_ylabel() == "attention weight" and bar.get_ylim() == (0.0, 1.0)
    np.testing.assert_allclose([p.get_height() for p in bars.patches], W[0])
    context_line = ctx.get_lines()[1]
    np.testing.assert_allclose(context_line.get_ydata(), W[0] @ np.eye(3))
    plt.close(fig)
    assert len(render_attention_step(EX2, 2).axes) == 3     # heatmap, bars, colour bar
    plt.close("all")


def test_describe_step():
    assert describe_step(EX, 0) == ("step 1/2: output 'x' looks most at source token 2 'b' "
                                    "(weight 0.90)")
    with pytest.raises(ValueError, match="step"):
        describe_step(EX, 2)


def test_explorer_callbacks_update_caption_and_slider():
    explorer = AttentionExplorer([EX, EX2])
    # the slider and the caption count output steps the same way, from 1
    assert explorer.step.value == 1 and explorer.step.min == 1 and explorer.step.max == 2
    assert explorer.caption.value.startswith("step 1/2: output 'x'")
    explorer.step.value = 2
    # the caption is HTML: '<eos>' must be escaped to be seen
    assert explorer.caption.value.startswith("step 2/2: output '&lt;eos&gt;'")
    assert "'a'" in explorer.caption.value
    explorer.example.value = 1
    assert explorer.step.max == 3 and explorer.step.value == 1
    assert explorer.caption.value.startswith("step 1/3: output 'u'")
    explorer.step.value = 3
    assert explorer.caption.value.startswith("step 3/3: output 'w'")
    assert explorer.shown == (1, 2)
    before = explorer.image.value
    explorer.step.value = 2
    assert bytes(explorer.image.value)[:4] == b"\x89PNG" and explorer.image.value != before
    plt.close("all")
    with pytest.raises(ValueError, match="at least one"):
        AttentionExplorer([])


def test_collect_examples_from_a_model():
    pairs = [("the cat ate", "고양이는 먹었다"), ("a dog ran far", "개가 멀리 달렸다")]
    data, _ = Seq2SeqData.from_pairs(pairs, pairs, word_tokenize, word_tokenize)
    torch.manual_seed(0)
    model = build_seq2seq(len(data.src_vocab), len(data.tgt_vocab), emb_dim=4, hidden_size=3)
    (a, b) = collect_attention_examples(model, data, [0, 1])
    assert a.src_tokens == ["the", "cat", "ate"] and b.src_tokens == ["a", "dog", "ran", "far"]
    assert a.weights.shape == (len(a.out_tokens), 3) and b.encoder_states.shape == (4, 6)
    np.testing.assert_allclose(a.weights.sum(1), 1.0, rtol=1e-5)
    with pytest.raises(ValueError, match="no attention"):
        collect_attention_examples(build_seq2seq(len(data.src_vocab), len(data.tgt_vocab),
                                                 attention=None), data, [0])
