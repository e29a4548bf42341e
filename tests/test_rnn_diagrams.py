"""The task-shape and unrolled-RNN diagrams draw the boxes they promise."""

from collections import Counter

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from utils.viz.rnn_diagrams import TASK_SHAPES, draw_rnn, plot_task_shapes  # noqa: E402


def boxes(ax) -> Counter:
    return Counter(p.get_gid() for p in ax.patches)


def test_task_shapes_have_the_right_boxes():
    fig = plot_task_shapes()
    expected = {
        "one-to-one": (1, 1, 1),
        "one-to-many": (1, 4, 4),
        "many-to-one": (4, 4, 1),
        "many-to-many\n(aligned)": (4, 4, 4),
        "many-to-many\n(unaligned)": (3, 6, 3),
    }
    assert [ax.get_title() for ax in fig.axes] == [t[0] for t in TASK_SHAPES] == list(expected)
    for ax in fig.axes:
        n = boxes(ax)
        assert (n["input"], n["hidden"], n["output"]) == expected[ax.get_title()]
    plt.close(fig)


def test_unaligned_outputs_come_after_the_inputs():
    fig, ax = plt.subplots()
    draw_rnn(ax, [0, 1, 2], [3, 4, 5], 6)
    xs = {kind: sorted(p.get_x() + p.get_width() / 2 for p in ax.patches if p.get_gid() == kind)
          for kind in ("input", "output")}
    assert max(xs["input"]) < min(xs["output"])
    plt.close(fig)


def test_draw_rnn_rejects_steps_outside_the_row():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match=r"lie in \[0, 3\)"):
        draw_rnn(ax, [0, 3], [2], 3)
    with pytest.raises(ValueError, match="at least 1"):
        draw_rnn(ax, [], [], 0)
    plt.close(fig)
