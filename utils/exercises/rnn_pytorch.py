"""Checks for lesson 02 (RNNs in PyTorch). Each prints ✅ or ❌ with a hint, returns a bool
and never raises on a wrong answer.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import torch
from torch import Tensor

from utils.data.order import same_bag, sentiment_label
from utils.data.padding import last_real_step
from utils.feedback import check_array, correct, incorrect
from utils.models.torch_rnn import rnn_output_shapes


def _as_shape(x: Any) -> tuple[int, ...] | None:
    try:
        shape = tuple(int(n) for n in x)
    except (TypeError, ValueError):
        return None
    return shape if len(shape) == 3 else None


def check_rnn_shapes(
    answer: Any, input_shape: tuple[int, int, int], hidden_size: int, num_layers: int = 1, *,
    batch_first: bool = False, bidirectional: bool = False,
) -> bool:
    """``answer = (output_shape, h_n_shape)`` for an ``nn.RNN`` of this configuration."""
    if answer is None:
        return incorrect("`answer` is still None: write (output_shape, h_n_shape).")
    try:
        got_out, got_h = (_as_shape(a) for a in answer)
    except (TypeError, ValueError):
        return incorrect("write the answer as a pair of shapes, e.g. ((7, 4, 12), (6, 4, 6)).")
    if got_out is None or got_h is None:
        return incorrect("each shape has three sizes, e.g. ((7, 4, 12), (6, 4, 6)).")
    out, h = rnn_output_shapes(input_shape, hidden_size, num_layers,
                               batch_first=batch_first, bidirectional=bidirectional)
    dirs = 2 if bidirectional else 1
    if got_out != out:
        if got_out == (out[1], out[0], out[2]):
            return incorrect(f"output {got_out} has batch and time swapped. batch_first="
                             f"{batch_first}: the input {input_shape} is "
                             + ("(batch, time, input)." if batch_first else
                                "(time, batch, input), and output keeps that layout."))
        if got_out[:2] == out[:2] and got_out[2] == hidden_size and dirs == 2:
            return incorrect(f"output {got_out}: a bidirectional RNN concatenates the forward "
                             f"and backward states at every step, so {dirs} × {hidden_size}.")
        if got_out[:2] == out[:2] and got_out[2] != out[2]:
            return incorrect(f"output {got_out}: its last size is directions × hidden; "
                             "output holds only the top layer, at every step.")
        return incorrect(f"output {got_out} is not right; it keeps the input's layout "
                         "(time and batch) and has directions × hidden features.")
    if got_h != h:
        if got_h[1:] == h[1:] and got_h[0] == num_layers and dirs == 2:
            return incorrect(f"h_n {got_h}: one final state per layer *and* direction, "
                             f"{num_layers} × {dirs} = {num_layers * dirs}.")
        if got_h[1:] == h[1:] and got_h[0] == dirs and num_layers > 1:
            return incorrect(f"h_n {got_h}: every layer keeps its last state, not only the "
                             f"top one: {num_layers} layers × {dirs} direction(s).")
        if got_h == (h[1], h[0], h[2]):
            return incorrect(f"h_n {got_h}: h_n ignores batch_first; it is always "
                             "(layers · directions, batch, hidden).")
        if got_h[0] == h[0] and got_h[2] == h[2] and got_h[1] != h[1]:
            return incorrect(f"h_n {got_h}: its middle size is the batch (one last state "
                             "per sequence), not the number of time steps.")
        return incorrect(f"h_n {got_h} is not right; it is (layers · directions, batch, "
                         "hidden).")
    return correct(f"output {out}, h_n {h}.")


def check_last_real_step(answer: Any, outputs: Tensor, lengths: Tensor) -> bool:
    """``answer (batch, hidden)`` = each sequence's output at its last real step."""
    expected = last_real_step(outputs, lengths)
    if answer is not None and hasattr(answer, "shape") and tuple(answer.shape) == tuple(
            expected.shape):
        a = torch.as_tensor(answer, dtype=outputs.dtype)
        if torch.equal(a, outputs[:, -1]) and not torch.equal(a, expected):
            return incorrect("that is outputs[:, -1]: for every sequence shorter than the "
                             "longest it is the state after the padding. Index each row at "
                             "its own length.")
        shifted = outputs[torch.arange(len(lengths)), lengths.clamp(max=outputs.size(1) - 1)]
        if torch.equal(a, shifted) and not torch.equal(a, expected):
            return incorrect("off by one: a sequence of length n has its last token at "
                             "index n - 1.")
    return check_array("answer", answer, expected.detach().numpy(), atol=1e-6,
                       hint="Use torch.arange(batch) for the rows and lengths - 1 for the "
                            "time steps.",
                       success="Each row is read at its own last real token.")


def check_twin(answer: Any, sentence: str) -> bool:
    """``answer``: a review with exactly the words of ``sentence`` and the opposite label."""
    if answer is None:
        return incorrect("`answer` is still None: write a sentence as a string.")
    if not isinstance(answer, str):
        return incorrect(f"write the sentence as a string, got {type(answer).__name__}.")
    tokens, original = answer.split(), sentence.split()
    if not same_bag(tokens, original):
        extra = Counter(tokens) - Counter(original)
        missing = Counter(original) - Counter(tokens)
        return incorrect(f"use exactly the same words: extra {sorted(extra.elements())}, "
                         f"missing {sorted(missing.elements())}.")
    try:
        label = sentiment_label(tokens)
    except ValueError as e:
        return incorrect(f"{e}: put `not` right before the sentiment word it flips.")
    if label == sentiment_label(original):
        return incorrect("same words, but the same label too: move `not` so it flips the "
                         "other sentiment word.")
    name = "positive" if label else "negative"
    return correct(f"same bag of words, opposite label ({name}): no bag-of-words model can "
                   "tell these two apart.")
