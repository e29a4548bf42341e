"""Prefix predictions equal the classifier's answers; the explorer redraws on new text."""

import matplotlib
import numpy as np
import pytest
import torch

from utils.data.vocab import Vocab
from utils.models.classifiers import RNNClassifier
from utils.viz.prefix_predictions import (
    prefix_explorer,
    prefix_probabilities,
    prefix_summary,
    render_prefix_probabilities,
)

matplotlib.use("Agg")


@pytest.fixture
def model_and_vocab():
    torch.manual_seed(0)
    vocab = Vocab("it was good not bad".split())
    return RNNClassifier(len(vocab), 4, 6, 2), vocab


def test_prefix_probabilities_match_the_classifier(model_and_vocab):
    model, vocab = model_and_vocab
    tokens = "it was good".split()
    probs = prefix_probabilities(model, vocab, tokens)
    assert probs.shape == (3,)
    for t in (1, 3):
        ids = torch.tensor([vocab.encode(tokens[:t])])
        want = torch.softmax(model(ids, torch.tensor([t])), dim=-1)[0, 1].item()
        assert probs[t - 1] == pytest.approx(want, abs=1e-6)


def test_summary_names_the_verdict_and_unknown_words(model_and_vocab):
    _, vocab = model_and_vocab
    line = prefix_summary(["it", "was", "superb"], np.array([0.5, 0.6, 0.9]), vocab)
    assert line == ("after 'superb': P(positive) = 0.90 → positive "
                    "(unknown to the model: superb)")
    assert "negative" in prefix_summary(["bad"], np.array([0.1]), vocab)


def test_render_draws_one_bar_per_word():
    fig = render_prefix_probabilities([["a", "b"], ["c", "d", "e"]],
                                      [np.array([0.2, 0.7]), np.array([0.5, 0.4, 0.9])])
    assert [len(ax.patches) for ax in fig.axes] == [2, 3]
    assert fig.axes[0].patches[1].get_height() == pytest.approx(0.7)


def test_explorer_updates_when_the_text_changes(model_and_vocab):
    model, vocab = model_and_vocab
    box, hint, summary, image = prefix_explorer(model, vocab, "it was good").children
    assert "Enter" in hint.value and not box.continuous_update
    before, png = summary.value, bytes(image.value)
    assert before.startswith("after 'good'") and png.startswith(b"\x89PNG")
    box.value = "it was not bad"
    assert summary.value.startswith("after 'bad'") and summary.value != before
    assert bytes(image.value).startswith(b"\x89PNG") and bytes(image.value) != png
    box.value = "   "
    assert summary.value == "type a review" and bytes(image.value) == b""


def test_bad_input_raises(model_and_vocab):
    model, vocab = model_and_vocab
    with pytest.raises(ValueError, match="no tokens"):
        prefix_probabilities(model, vocab, [])
    with pytest.raises(ValueError, match="one probability per token"):
        prefix_summary(["a"], np.array([0.1, 0.2]), vocab)
    with pytest.raises(ValueError, match="as many probability rows"):
        render_prefix_probabilities([["a"]], [])
