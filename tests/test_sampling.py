"""Temperature, greedy and sampled generation, repetition, and the temperature widget."""

import numpy as np
import pytest
import torch

from utils.decoding.sampling import (
    distinct_ngram_ratio,
    entropy_bits,
    generate,
    next_token_probs,
    softmax_with_temperature,
)
from utils.models.lm import RNNModel
from utils.viz.temperature_widgets import plot_temperature, render_temperature, temperature_widget


def small_model(seed=0):
    torch.manual_seed(seed)
    return RNNModel(9, 6, 8, cell="gru")


def test_temperature_sharpens_and_flattens():
    logits = torch.tensor([2.0, 1.0, 0.0])
    torch.testing.assert_close(softmax_with_temperature(logits, 1.0), torch.softmax(logits, 0))
    torch.testing.assert_close(softmax_with_temperature(logits, 0.5),
                               torch.softmax(2 * logits, 0))
    assert softmax_with_temperature(logits, 0.01)[0] > 0.999
    assert softmax_with_temperature(logits, 100.0).max() < 0.34
    with pytest.raises(ValueError, match="temperature must be positive"):
        softmax_with_temperature(logits, 0.0)


def test_greedy_generation_equals_rerunning_the_whole_prefix():
    """Carrying the state step by step gives the argmax of a full re-run each time."""
    model = small_model()
    prompt = [4, 5, 6]
    out = generate(model, prompt, 12, greedy=True)
    seq = list(prompt)
    for _ in range(12):
        logits, _ = model(torch.tensor([seq]))
        seq.append(int(logits[0, -1].argmax()))
    assert out == seq[3:]


def test_sampling_is_reproducible_respects_bans_and_tends_to_greedy():
    model = small_model(1)
    a = generate(model, [4], 50, generator=torch.Generator().manual_seed(3))
    b = generate(model, [4], 50, generator=torch.Generator().manual_seed(3))
    assert a == b and len(a) == 50
    banned = generate(model, [4], 200, temperature=3.0, banned=[0, 1, 2, 3],
                      generator=torch.Generator().manual_seed(0))
    assert min(banned) >= 4 and len(set(banned)) == 5  # hot sampling visits every allowed id
    cold = generate(model, [4], 30, temperature=1e-4, generator=torch.Generator().manual_seed(0))
    assert cold == generate(model, [4], 30, greedy=True)


def test_sample_frequencies_follow_the_probabilities():
    model = small_model(2)
    probs = next_token_probs(model, [4, 5], temperature=1.5)
    gen = torch.Generator().manual_seed(0)
    draws = [generate(model, [4, 5], 1, temperature=1.5, generator=gen)[0] for _ in range(3000)]
    freq = np.bincount(draws, minlength=9) / 3000
    assert np.abs(freq - probs.numpy()).max() < 0.03


def test_distinct_ngram_ratio_and_entropy():
    assert distinct_ngram_ratio("abcabcabc", 3) == pytest.approx(3 / 7)
    assert distinct_ngram_ratio(list(range(10)), 2) == 1.0
    with pytest.raises(ValueError, match="at least 4 tokens"):
        distinct_ngram_ratio("abc", 4)
    assert entropy_bits(np.array([0.5, 0.5, 0.0])) == pytest.approx(1.0)


def test_widget_callback_updates_the_view():
    model = small_model()
    with torch.no_grad():
        model.decoder.weight *= 30  # confident predictions: T = 0.2 is then nearly greedy
    labels = [str(i) for i in range(9)]
    box = temperature_widget(model, [4, 5], labels, lambda ids: " ".join(map(str, ids)),
                             length=20)
    slider, view = box.children
    first = view.value
    assert "T = 1.0" in first
    slider.value = 0.2
    assert "T = 0.2" in view.value and view.value != first
    # at T = 0.2 the sample is (almost surely) the greedy continuation
    greedy = " ".join(map(str, generate(model, [4, 5], 20, greedy=True)))
    assert greedy in view.value


def test_static_pictures():
    probs = {0.5: np.array([0.7, 0.2, 0.1]), 2.0: np.array([0.4, 0.3, 0.3])}
    fig = plot_temperature(probs, ["a", "b", "\n"], top=3)
    assert len(fig.axes) == 2 and fig.axes[0].get_title() == "T = 0.5"
    html = render_temperature(np.array([0.1, 0.9]), ["<", "b"], "x<y", 0.7)
    assert "&lt;" in html and "x&lt;y" in html and "0.900" in html
