"""The beam-search views: the step table, the beam tree, the stepper's callbacks, and the
hand-made next-token table of the worked example."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from utils.data.vocab import EOS_ID, PAD_ID  # noqa: E402
from utils.decoding.beam import FINISHED, LIVE, beam_search, sequence_log_prob  # noqa: E402
from utils.decoding.greedy import greedy_decode  # noqa: E402
from utils.models.next_token_table import WORKED_EXAMPLE, NextTokenTable  # noqa: E402
from utils.models.seq2seq import build_seq2seq  # noqa: E402
from utils.viz.beam_widgets import (  # noqa: E402
    beam_stepper,
    finished_so_far,
    hypothesis_text,
    plot_beam_step,
    plot_beam_tree,
    render_beam_step_html,
)

SRC = torch.ones(1, 1, dtype=torch.long)
ONE = torch.tensor([1])


def words(model, tokens):
    return hypothesis_text(tokens, model.vocab.itos)


def test_worked_example_greedy_and_beam():
    toy = NextTokenTable(WORKED_EXAMPLE)
    greedy, _ = greedy_decode(toy, SRC, ONE, 10)
    assert words(toy, greedy[0].tolist()) == "I was hit by a pie <eos>"
    plain = beam_search(toy, SRC, ONE, k=2, max_len=10, trace=True)
    assert [words(toy, h.tokens) for h in plain.hypotheses[0]] == [
        "he hit a pie <eos>", "he hit me with a pie <eos>"]
    assert [h.log_prob for h in plain.hypotheses[0]] == pytest.approx([-4.1, -4.5])
    live = [[words(toy, e.tokens) for e in step] for step in plain.traces[0].live[:4]]
    assert live == [["I", "he"], ["I was", "he hit"], ["he hit me", "he hit a"],
                    ["he hit me with", "he hit a pie"]]
    average = beam_search(toy, SRC, ONE, k=2, max_len=10, normalisation="average")
    assert words(toy, average.best()[0].tokens) == "he hit me with a pie <eos>"
    assert average.best()[0].score == pytest.approx(-4.5 / 7)
    logp = sequence_log_prob(toy, SRC, ONE, [greedy[0].tolist()])
    assert float(logp) == pytest.approx(-5.2)


def test_table_rejects_too_much_probability():
    with pytest.raises(ValueError, match="add up to"):
        NextTokenTable({(): {"a": -0.1, "b": -0.2}})


def test_step_html_lists_candidates_and_finished():
    toy = NextTokenTable(WORKED_EXAMPLE)
    trace = beam_search(toy, SRC, ONE, k=2, max_len=10, trace=True).traces[0]
    page = render_beam_step_html(trace, 1, toy.vocab.itos)
    assert "step 2" in page and "I was" in page and "he struck" in page
    assert "none yet" in page and "-1.600" in page
    page = render_beam_step_html(trace, 4, toy.vocab.itos)
    assert "he hit a pie &lt;eos&gt;" in page and "none yet" not in page
    assert [words(toy, e.tokens) for e in finished_so_far(trace, 6)] == [
        "he hit a pie <eos>", "he hit me with a pie <eos>"]
    with pytest.raises(ValueError, match="step"):
        render_beam_step_html(trace, 7, toy.vocab.itos)


def test_tree_and_static_step_figures_draw():
    toy = NextTokenTable(WORKED_EXAMPLE)
    trace = beam_search(toy, SRC, ONE, k=2, max_len=10, trace=True).traces[0]
    ax = plot_beam_tree(trace, toy.vocab.itos)
    labels = [t.get_text() for t in ax.texts]
    assert "I -0.70" in labels and "<eos> -4.50" in labels
    assert len(ax.lines) == sum(len(s) for s in trace.steps)
    plt.close("all")
    model, src, lengths, itos = attention_model()
    trace = beam_search(model, src, lengths, k=3, max_len=5, trace=True).traces[0]
    entry = trace.live[2][0]
    fig = plot_beam_step(trace, 2, entry, ["a", "b", "c", "d"], itos)
    heat = fig.axes[1].images[0].get_array()
    torch.testing.assert_close(torch.as_tensor(heat.data), entry.attention)
    plt.close("all")


def attention_model():
    torch.manual_seed(0)
    model = build_seq2seq(9, 8, emb_dim=4, hidden_size=3, attention="dot")
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(3.0)
    src = torch.tensor([[4, 5, 6, 7]])
    itos = ["<pad>", "<sos>", "<eos>", "<unk>", "w4", "w5", "w6", "w7"]
    return model, src, torch.tensor([4]), itos


def test_stepper_callbacks_redraw():
    model, src, lengths, itos = attention_model()
    stepper = beam_stepper(model, src, lengths, ["a", "b", "c", "d"], itos, max_len=5, k=2)
    first = stepper.table.value
    assert "step 1" in first and "k = 2" in first
    assert stepper.drawn is stepper.trace.steps[0][0]  # the best candidate's attention
    assert stepper.plot.value[:4] == b"\x89PNG"
    png = stepper.plot.value
    assert stepper.step.value == 1 and stepper.step.min == 1  # slider and table count from 1
    stepper.step.value = 3
    assert "step 3" in stepper.table.value
    assert stepper.selected() is stepper.candidates()[0]
    assert len(stepper.selected().tokens) == 3
    stepper.hypothesis.value = 1
    chosen = stepper.selected()
    assert chosen is stepper.candidates()[1] and chosen.status in (LIVE, FINISHED)
    assert stepper.drawn is chosen and stepper.drawn.attention.shape == (3, 4)
    assert stepper.plot.value != png
    assert "font-weight:bold" in stepper.table.value
    stepper.k.value = 4  # a new search, back to step 1
    assert stepper.trace.k == 4 and stepper.step.value == 1 and "k = 4" in stepper.table.value
    assert len(stepper.trace.live[0]) == 4
    stepper.normalisation.value = "average"
    assert "normalisation = average" in stepper.table.value
    assert stepper.step.max == len(stepper.trace.steps)
    stepper.step.value = stepper.step.max
    assert f"step {stepper.step.max}" in stepper.table.value
    with pytest.raises(ValueError, match="one sentence"):
        beam_stepper(model, src.expand(2, -1), lengths.expand(2), ["a"] * 4, itos, max_len=3)


def test_hypothesis_text():
    assert hypothesis_text([4, 5, EOS_ID], ["", "", "", "", "he", "hit"]) == "he hit <eos>"
    assert hypothesis_text([4, PAD_ID], ["<pad>", "", "", "", "x"], joiner="") == "x<pad>"


def test_step_attention_has_a_colour_bar():
    from utils.decoding.beam import TraceEntry
    from utils.viz.beam_widgets import plot_step_attention

    entry = TraceEntry(tokens=[4, 2], log_prob=-1.0, score=-1.0, status=FINISHED, parent=0,
                       attention=torch.tensor([[0.2, 0.8], [1.0, 0.0]]))
    ax = plot_step_attention(entry, ["a", "b"], ["<pad>", "<sos>", "<eos>", "<unk>", "x"])
    assert [a.get_ylabel() for a in ax.figure.axes] == ["output so far", "attention weight"]
