"""The BLEU explainer: clipped matches by position, the HTML view, the widget's callbacks."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import sacrebleu  # noqa: E402

from utils.metrics.bleu import clipped_matches  # noqa: E402
from utils.viz.bleu_widgets import (  # noqa: E402
    bleu_explainer,
    explain_bleu,
    matched_starts,
    plot_bleu_breakdown,
    render_bleu_html,
)

REF = "Half of my heart is in Havana ooh na na"
OUT1 = "Half as my heart is in Obama ooh na"
OUT2 = "Havana na in heart my is Half ooh of na"


def test_matched_starts_respect_clipping():
    hyp = "the the cat the".split()
    refs = ["the cat".split(), "a the the".split()]
    assert matched_starts(hyp, refs, 1) == [0, 1, 2]  # "the" clipped at 2, third one not
    assert matched_starts(hyp, refs, 2) == [0, 1]  # "the the", "the cat"
    assert matched_starts(hyp, refs, 3) == []
    for n in (1, 2, 3, 4):
        for h in (OUT1, OUT2):
            matched, _ = clipped_matches(h.split(), [REF.split()], n)
            assert len(matched_starts(h.split(), [REF.split()], n)) == sum(matched.values())


def test_explanation_matches_sacrebleu():
    ex = explain_bleu(OUT1, [REF])
    assert [o.matched for o in ex.orders] == [7, 4, 2, 1]
    assert [o.total for o in ex.orders] == [9, 8, 7, 6]
    assert ex.orders[3].starts == [2]  # "my heart is in"
    assert ex.score == pytest.approx(sacrebleu.sentence_bleu(OUT1, [REF]).score, abs=1e-9)
    assert ex.score == pytest.approx(ex.bp * ex.geometric_mean, abs=1e-9)
    assert (ex.sys_len, ex.ref_len) == (9, 10)
    two = explain_bleu(OUT2, [REF], smooth_method="none")
    assert [o.matched for o in two.orders] == [10, 0, 0, 0] and two.score == 0.0


def test_html_shows_matches_and_scores():
    page = render_bleu_html(explain_bleu(OUT1, [REF]))
    assert page.count("<mark") == 7 + 6 + 4 + 4  # tokens covered by matched 1..4-grams
    assert "7 / 9" in page and "1 / 6" in page
    assert "BLEU = BP × geometric mean = <b>33.01</b>" in page and "✅ equal" in page
    short = render_bleu_html(explain_bleu("Half of", [REF]))
    assert "not used" in short and "exp(1 − r/c)" in short
    page = render_bleu_html(explain_bleu("<b>", ["<b> x"]))  # 13a splits "<", "b", ">"
    assert "&lt; b &gt; x" in page and "<b> x" not in page  # escaped, not markup


def test_widget_callbacks_redraw_the_view():
    box = bleu_explainer(OUT1, [REF])
    hyp, refs, smoothing, view = box.children
    assert hyp.continuous_update and refs.continuous_update  # it updates as you type
    assert "33.01" in view.value
    hyp.value = OUT2
    assert "33.01" not in view.value and "10 / 10" in view.value
    smoothing.value = "none"
    assert "BLEU = BP × geometric mean = <b>0.00</b>" in view.value
    refs.value = ""
    assert "at least one non-empty reference" in view.value
    refs.value = REF + "\n" + OUT2
    assert "BLEU = BP × geometric mean = <b>100.00</b>" in view.value
    with pytest.raises(ValueError, match="smooth_method"):
        bleu_explainer(OUT1, [REF], smooth_method="laplace")


def test_breakdown_plot():
    ex = explain_bleu(OUT1, [REF])
    ax = plot_bleu_breakdown(ex)
    heights = [p.get_height() for p in ax.patches]
    assert len(heights) == 7
    assert heights[:4] == pytest.approx([o.precision for o in ex.orders])
    assert heights[-1] == pytest.approx(ex.score)
    plt.close("all")
