"""The course's static diagrams (utils.viz.diagrams) and scripts/draw_images.py: every
figure carries its labels, the numbers on the attention, beam-search and BLEU figures are
right (BLEU against sacreBLEU), and the script regenerates exactly the committed img/."""

import math
import re
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import sacrebleu  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from utils.viz import diagrams as D  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
IMG = ROOT / "img"
SCRIPT = ROOT / "scripts" / "draw_images.py"


def texts_by_gid(fig: Figure) -> dict[str, str]:
    return {t.get_gid(): t.get_text() for ax in fig.axes for t in ax.texts if t.get_gid()}


def number(text: str) -> float:
    """The last number in ``text`` (typographic minus signs understood)."""
    return float(re.findall(r"-?\d+(?:\.\d+)?", text.replace(D.MINUS, "-"))[-1])


#: labels each figure must show: "=label" must be a whole text, "label" part of one.
LABELS = {
    D.draw_rnn_unrolled: ["=$h_0$", "=$x_{1}$", "=$h_{3}$", "=$y_{T}$", "=$x_{T}$",
                          "=$W_{hh}$", "=$W_{xh}$", "=$W_{hy}$", "same weights",
                          "at every step", "=time",
                          r"h_t = \tanh(x_t\,W_{xh} + h_{t-1}\,W_{hh} + b)"],
    D.draw_lstm_cell: ["=forget", "=input", "=candidate", "=output", "=$f_t$", "=$i_t$",
                       "=$g_t$", "=$o_t$", "=$c_{t-1}$", "=$c_t$", "=$h_{t-1}$", "=$x_t$",
                       "=tanh", "additive path",
                       r"=$c_t = f_t \odot c_{t-1} + i_t \odot g_t$",
                       r"=$h_t = o_t \odot \tanh(c_t)$", "nn.LSTM"],
    D.draw_gru_cell: ["=reset", "=update", "=candidate", "=$r_t$", "=$z_t$",
                      r"=$n_t = \tilde h_t$", "=$1 - z_t$",
                      r"=$h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}$", "OLD state",
                      "nn.GRU", r"r_t \odot (h_{t-1}\,W_{hn} + b_{hn})"],
    D.draw_encoder_decoder: ["=encoder", "=decoder", "=i", "=am", "=a", "=student", "=<sos>",
                             "=je", "=suis", "=étudiant", "=<eos>", "=$h_4$", "=$s_1$",
                             "=fixed-size\ncontext vector\n(the bottleneck)", "fed back"],
    D.draw_attention: ["=$h_1$", "=$h_4$", "=$s_t$", "=$c_t$", "=softmax over s",
                       r"=$e_{t,s} = \mathrm{score}(s_t, h_s)$", r"\alpha_{t,2}",
                       r"c_t = \sum_s \alpha_{t,s}\, h_s", r"\tilde s_t", "=$y_t$ = suis"],
    D.draw_beam_tree: ["k = 2", "=step 1", "=step 3", "=<sos>", "=<eos>", "=finished",
                       "pruned", "log p(token | prefix)"],
    D.draw_bleu_pipeline: ["=hypothesis", "=reference 1", "=reference 2",
                           f"={D.BLEU_HYPOTHESIS}", *(f"={r}" for r in D.BLEU_REFERENCES),
                           "clipping", "$p_n$", "geometric mean",
                           "BP = min(1, $e^{1 - r/c}$)", "=c = 7", "=r = 8", "BLEU = BP"],
}


@pytest.mark.parametrize("draw", list(LABELS), ids=lambda f: f.__name__)
def test_each_diagram_is_a_figure_with_its_labels_and_leaves_pyplot_alone(draw):
    before = plt.get_fignums()
    fig = draw()
    assert isinstance(fig, Figure)
    assert plt.get_fignums() == before                      # not registered with pyplot
    texts = D.figure_texts(fig)
    missing = [label for label in LABELS[draw]
               if not (label[1:] in texts if label.startswith("=")
                       else any(label in t for t in texts))]
    assert not missing, f"{draw.__name__} lacks {missing}"
    assert matplotlib.rcParams["svg.hashsalt"] != D.STYLE["svg.hashsalt"]  # style not leaked


def test_rnn_unrolled_draws_the_asked_number_of_columns_and_rejects_zero():
    texts = D.figure_texts(D.draw_rnn_unrolled(5))
    assert "$x_{5}$" in texts and "$x_{6}$" not in texts and "$x_{T}$" in texts
    assert texts.count("$W_{hh}$") == 5 + 2                 # h0→h1 ... h4→h5, h5→⋯, ⋯→hT
    with pytest.raises(ValueError, match="steps"):
        D.draw_rnn_unrolled(0)


def test_attention_weights_on_the_figure_are_the_softmax_of_its_scores():
    gids = texts_by_gid(D.draw_attention())
    scores = [number(gids[f"attention-score-{s}"]) for s in range(1, 5)]
    shown = [number(gids[f"attention-weight-{s}"]) for s in range(1, 5)]
    assert scores == list(D.ATTENTION_SCORES)
    exp = [math.exp(e) for e in scores]
    assert shown == [round(v / sum(exp), 2) for v in exp]
    assert sum(shown) == pytest.approx(1.0, abs=1e-9)        # the rounded weights add up
    assert max(range(4), key=shown.__getitem__) == D.SOURCE.index("am")
    with pytest.raises(ValueError, match="one score per source token"):
        D.draw_attention(scores=(1.0, 2.0))


# --------------------------------------------------------------------------- beam search

def test_beam_steps_rank_keep_finish_and_prune_by_the_course_rule():
    steps = D.beam_steps()
    table = [[(" ".join(c.tokens), round(c.total, 9), c.rank, c.status) for c in step]
             for step in steps]
    assert table == [
        [("the", -0.5, 1, "live"), ("cats", -1.2, 2, "live"), ("a", -2.5, 3, "pruned")],
        [("cats sleep", -1.3, 1, "live"), ("the cat", -1.4, 2, "live"),
         ("the dog", -1.5, 3, "pruned"), ("cats sat", -3.8, 4, "pruned")],
        [("cats sleep <eos>", -1.7, 1, "finished"), ("the cat sleeps", -1.8, 2, "live"),
         ("cats sleep soundly", -2.6, 3, "live"), ("the cat sat", -2.8, 4, "pruned")],
    ]
    with pytest.raises(ValueError, match="does not list"):
        D.beam_steps(steps=4)                                 # live prefixes not in the tree


def test_beam_steps_agree_with_the_course_beam_search_on_the_same_table():
    """utils.decoding.beam.beam_search, run on a decoder that reads BEAM_TREE, ranks, keeps,
    finishes and prunes the drawn candidates exactly as the figure does."""
    torch = pytest.importorskip("torch")
    from utils.decoding.beam import beam_search
    from utils.models.next_token_table import NextTokenTable

    model = NextTokenTable(D.BEAM_TREE)
    result = beam_search(model, torch.zeros(1, 1, dtype=torch.long), torch.tensor([1]),
                         k=D.BEAM_K, max_len=3, trace=True)
    itos = model.vocab.itos
    trace = result.traces[0]
    assert len(trace.steps) == 3
    for ours, theirs in zip(D.beam_steps(), trace.steps, strict=True):
        theirs = {tuple(itos[i] for i in e.tokens): e for e in theirs}
        for c in ours:
            if c.status != "pruned":
                assert theirs[c.tokens].status == c.status
                assert theirs[c.tokens].log_prob == pytest.approx(c.total, abs=1e-6)
        assert {t for t, e in theirs.items() if e.status != "pruned"} == \
            {c.tokens for c in ours if c.status != "pruned"}
    best = result.hypotheses[0][0]
    assert best.finished and [itos[i] for i in best.tokens] == ["cats", "sleep", "<eos>"]


def test_beam_steps_finish_only_an_eos_ranked_in_the_top_k():
    tree = {(): {"a": -0.1, "b": -0.2, "<eos>": -3.0}}
    assert [c.status for c in D.beam_steps(tree, k=2, steps=1)[0]] == ["live", "live", "pruned"]
    tree = {(): {"<eos>": -0.1, "a": -0.2, "b": -0.3, "c": -0.4}}
    assert [c.status for c in D.beam_steps(tree, k=2, steps=1)[0]] == \
        ["finished", "live", "live", "pruned"]


def test_beam_tree_claims_a_winner_only_when_no_live_hypothesis_is_ahead():
    ahead = D.draw_beam_tree({(): {"a": -0.1, "<eos>": -0.5, "b": -0.6}}, k=2, steps=1)
    assert not any("overtake" in t for t in D.figure_texts(ahead))
    assert any("overtake" in t for t in D.figure_texts(D.draw_beam_tree()))


def test_beam_tree_tokens_not_drawn_could_not_change_the_ranking():
    """Each expanded prefix lists its likeliest tokens (probabilities summing to ≤ 1); the
    best a token not drawn could reach, parent + log(left-over), is below the k-th kept."""
    steps = D.beam_steps()
    live_before = [((), 0.0)] + [(c.tokens, c.total) for s in steps for c in s
                                 if c.status == "live"]
    for step in steps:
        kth_live = sorted((c.total for c in step if c.status == "live"), reverse=True)[-1]
        parents = {c.tokens[:-1] for c in step}
        for prefix in parents:
            mass = sum(math.exp(lp) for lp in D.BEAM_TREE[prefix].values())
            assert mass < 1
            total = dict(live_before)[prefix]
            assert total + math.log(1 - mass) < kth_live


def test_beam_tree_figure_sums_add_up_and_ranks_and_styles_are_right():
    fig = D.draw_beam_tree()
    gids = texts_by_gid(fig)
    status = {}
    for patch in fig.axes[0].patches:
        m = re.fullmatch(r"beam-(live|finished|pruned)-(.+)", patch.get_gid() or "")
        if m:
            status[m.group(2)] = m.group(1)
            assert (patch.get_linestyle() == "-") == (m.group(1) != "pruned")
    assert len(status) == 3 + 4 + 4

    def tokens(slug):
        return tuple("<eos>" if t == "eos" else t for t in slug.split("-"))

    totals = {(): 0.0} | {tokens(s): number(gids[f"beam-total-{s}"]) for s in status}
    for slug in status:
        toks = tokens(slug)
        assert gids[f"beam-token-{slug}"] == toks[-1]
        logp = number(gids[f"beam-logp-{slug}"])
        assert logp == D.BEAM_TREE[toks[:-1]][toks[-1]]
        assert totals[toks] == pytest.approx(totals[toks[:-1]] + logp, abs=1e-9)
    for depth in (1, 2, 3):
        slugs = sorted((s for s in status if len(tokens(s)) == depth),
                       key=lambda s: -totals[tokens(s)])
        assert [number(gids[f"beam-rank-{s}"]) for s in slugs] == list(range(1, len(slugs) + 1))
        unfinished = [s for s in slugs if tokens(s)[-1] != "<eos>"]
        assert [s for s in slugs if status[s] == "live"] == unfinished[:D.BEAM_K]
        assert [s for s in slugs if status[s] == "finished"] == \
            [s for s in slugs[:D.BEAM_K] if tokens(s)[-1] == "<eos>"]
    assert [s for s in status if status[s] == "finished"] == ["cats-sleep-eos"]
    # the legend's worked sum: -1.2 - 0.1 - 0.4 = -1.7
    legend = gids["beam-legend-2"].replace(D.MINUS, "-")
    terms = re.search(r": (-[\d.]+(?: - [\d.]+)*) = (-[\d.]+)", legend)
    parts = [float(x) for x in terms.group(1).replace("- ", "-").split()]
    assert sum(parts) == pytest.approx(float(terms.group(2)), abs=1e-9)
    assert float(terms.group(2)) == totals[("cats", "sleep", "<eos>")]


# --------------------------------------------------------------------------- BLEU

def test_bleu_example_equals_sacrebleu_part_by_part():
    ex = D.bleu_example()
    for tokenize in ("13a", "none"):                          # no punctuation: same tokens
        ref = sacrebleu.sentence_bleu(D.BLEU_HYPOTHESIS, list(D.BLEU_REFERENCES),
                                      tokenize=tokenize)
        assert list(ex.clipped) == ref.counts and list(ex.totals) == ref.totals
        assert (ex.c, ex.r) == (ref.sys_len, ref.ref_len)
        assert ex.bp == pytest.approx(ref.bp, abs=1e-12)
        assert 100 * ex.bleu == pytest.approx(ref.score, abs=1e-9)
    # every p_n > 0, so smoothing cannot matter
    plain = sacrebleu.sentence_bleu(D.BLEU_HYPOTHESIS, list(D.BLEU_REFERENCES),
                                    smooth_method="none")
    assert min(ex.clipped) > 0 and 100 * ex.bleu == pytest.approx(plain.score, abs=1e-9)
    # the example shows clipping (unigram "the") and a brevity penalty
    assert ex.matches[0] > ex.clipped[0] and ex.clipped_ngrams == (("the", 3, 2),)
    assert ex.c < ex.r and ex.bp < 1


def test_bleu_figure_shows_sacrebleus_numbers():
    ref = sacrebleu.sentence_bleu(D.BLEU_HYPOTHESIS, list(D.BLEU_REFERENCES))
    gids = texts_by_gid(D.draw_bleu_pipeline())
    for n in range(1, 5):
        assert number(gids[f"bleu-clipped-{n}"]) == ref.counts[n - 1]
        assert number(gids[f"bleu-total-{n}"]) == ref.totals[n - 1]
        assert number(gids[f"bleu-p-{n}"]) == round(ref.precisions[n - 1] / 100, 3)
        assert gids[f"bleu-p-{n}"].startswith(f"{ref.counts[n - 1]}/{ref.totals[n - 1]} = ")
    assert number(gids["bleu-c"]) == ref.sys_len and number(gids["bleu-r"]) == ref.ref_len
    assert number(gids["bleu-bp"]) == round(ref.bp, 4)
    geo = math.exp(sum(math.log(c / t) for c, t in zip(ref.counts, ref.totals, strict=True)) / 4)
    assert number(gids["bleu-geo-mean"]) == round(geo, 4)
    assert number(gids["bleu-score"]) == round(ref.score / 100, 4)
    assert number(gids["bleu-score-100"]) == round(ref.score, 2)


def test_bleu_example_refuses_a_zero_precision():
    with pytest.raises(ValueError, match="p_n is 0"):
        D.bleu_example("the cat", ["a dog"])


# --------------------------------------------------------------------------- the images

def test_save_svg_is_deterministic_with_text_as_paths_and_no_date(tmp_path):
    fig = D.draw_gru_cell()
    a = D.save_svg(fig, tmp_path / "a.svg").read_bytes()
    b = D.save_svg(D.draw_gru_cell(), tmp_path / "b.svg").read_bytes()
    assert a == b
    assert b"<text" not in a and b"<dc:date>" not in a


def svg_structure(svg: str) -> tuple[list[str], list[str]]:
    """The ids of an SVG's elements and the glyphs it draws, in order."""
    return re.findall(r'<g id="([^"]*)"', svg), re.findall(r'<use xlink:href="#([^"]*)"', svg)


def test_svg_structure_sees_a_changed_label(tmp_path):
    a = D.save_svg(D.draw_attention(), tmp_path / "a.svg").read_text()
    b = D.save_svg(D.draw_attention(previous="il"), tmp_path / "b.svg").read_text()
    assert svg_structure(a) != svg_structure(b)
    assert svg_structure(a) == svg_structure(a.replace(".5 ", ".50001 "))


def test_the_script_regenerates_exactly_the_committed_images(tmp_path):
    run = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300, check=True)
    written = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in IMG.glob("*.svg"))
    assert written == committed and len(written) == 7
    assert run.stdout.count("wrote ") == 7
    for name in written:
        new, old = (tmp_path / name).read_text(), (IMG / name).read_text()
        assert len(new) < 150_000, f"{name} is {len(new)} bytes"
        # The same drawing and the same text, compared in a way that holds on every machine:
        # the elements in order, and every glyph drawn in order (text is stored as glyph
        # paths). Byte equality would also compare the last digits of path coordinates,
        # which another CPU's rounding may change.
        assert svg_structure(new) == svg_structure(old), (
            f"img/{name} is stale: run scripts/draw_images.py")
