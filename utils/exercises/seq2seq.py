"""Exercise checks for lesson 07 (seq2seq). Each prints ✅/❌ with an explanation and returns
a bool; none raises on a wrong answer."""

from __future__ import annotations

from typing import Any

from utils.data.vocab import EOS_ID, PAD_ID, SOS_ID
from utils.feedback import correct, incorrect, whole_number

#: Exercise 1: the target sentence's ids (without special tokens).
TARGET_IDS = (7, 8, 9)

#: Exercise 2: the model whose shapes the learner predicts.
SHAPES_SETUP = {"batch": 32, "src_len": 12, "hidden_size": 64, "bidirectional": True,
                "num_layers": 1}


def _id_list(answer: Any) -> list[int] | None:
    """``answer`` as a list of whole numbers (ids or sizes), else ``None``.

    Accepts lists, tuples, ``torch.Size``, NumPy arrays and 1-D tensors of integers (or of
    integral floats); see :func:`utils.feedback.whole_number`.
    """
    if hasattr(answer, "tolist") and not isinstance(answer, (list, tuple)):
        answer = answer.tolist()
    if isinstance(answer, (str, bytes)):
        return None
    try:
        values = [whole_number(x) for x in answer]
    except TypeError:
        return None
    return None if any(v is None for v in values) else values


def check_decoder_input_and_labels(answer: Any) -> bool:
    """Exercise 1: ``answer = (tgt_in, tgt_out)`` for the target ``TARGET_IDS``.

    Each slip gets its own hint, tested in this order: the two swapped, labels equal to the
    input (not shifted), different lengths, padding, labels without ``<eos>`` at the end,
    an input that does not start with ``<sos>``, ``<eos>`` fed as an input, and finally
    target tokens out of place.
    """
    if answer is None:
        return incorrect("`answer` is still None: give a pair (tgt_in, tgt_out) of id lists.")
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return incorrect("`answer` should be a pair: (decoder input ids, label ids).")
    tgt_in, tgt_out = (_id_list(a) for a in answer)
    if tgt_in is None or tgt_out is None:
        return incorrect("both parts should be lists of integer ids, e.g. [1, 7, ...].")
    body = list(TARGET_IDS)
    want_in, want_out = [SOS_ID, *body], [*body, EOS_ID]
    if (tgt_in, tgt_out) == (want_in, want_out):
        return correct("The decoder reads <sos> y1 y2 y3 and must predict y1 y2 y3 <eos>: "
                       "the labels are the inputs shifted one step to the left.")
    if (tgt_in, tgt_out) == (want_out, want_in):
        return incorrect("you swapped them: the decoder is *fed* <sos> first and has to "
                         "*predict* <eos> last.")
    if tgt_in == tgt_out:
        return incorrect("input and labels are the same list: the label at each step is the "
                         "*next* token, so the labels are the input shifted one step left.")
    if len(tgt_in) != len(tgt_out):
        return incorrect(f"input and labels must have the same length (one label per input "
                         f"step); you have {len(tgt_in)} and {len(tgt_out)}.")
    if PAD_ID in tgt_in + tgt_out:
        return incorrect(f"no padding is needed for one sentence (PAD_ID = {PAD_ID}).")
    if not tgt_out or tgt_out[-1] != EOS_ID:
        return incorrect(f"the labels should end with <eos> (id {EOS_ID}), so the model learns "
                         f"when to stop; then the input holds <sos> and all {len(body)} target "
                         f"tokens. Got labels {tgt_out}.")
    if tgt_in[0] != SOS_ID:
        return incorrect(f"the decoder input should start with <sos> (id {SOS_ID}): at the "
                         f"first step there is no previous token yet. Got {tgt_in}.")
    if EOS_ID in tgt_in:
        return incorrect(f"<eos> (id {EOS_ID}) is only ever predicted, never fed: after it the "
                         f"decoder stops. Got input {tgt_in}.")
    return incorrect(f"<sos> and <eos> are right; in between come the target ids {body} in "
                     f"order: input {want_in[:1]} + {body}, labels {body} + {want_out[-1:]}.")


def _shape_hints(out: list[int], state: list[int]) -> list[str]:
    """One hint per slip, for the outputs' shape and for the state's shape separately."""
    b, s, h = SHAPES_SETUP["batch"], SHAPES_SETUP["src_len"], SHAPES_SETUP["hidden_size"]
    hints = []
    if out == [b, s, h]:
        hints.append("outputs: the encoder is bidirectional, so each position holds a forward "
                     "and a backward state side by side: the last size doubles.")
    elif out == [s, b, 2 * h]:
        hints.append("outputs: the course's RNNs are batch_first=True, so batch comes first.")
    elif out == [s, b, h]:
        hints.append("outputs: batch comes first (batch_first=True), and the last size "
                     "doubles (two directions side by side).")
    elif out != [b, s, 2 * h]:
        hints.append(f"outputs has one vector per source position and batch row: got "
                     f"{tuple(out)}.")
    if state == [2, b, h]:
        hints.append("state: (2, batch, hidden) is nn.GRU's raw h_n (layers·directions, batch, "
                     "hidden); the encoder joins the two directions into one "
                     "(layers, batch, 2·hidden) for the decoder.")
    elif state == [1, b, h]:
        hints.append("state: the decoder starts from both directions' final states joined, so "
                     "its last size doubles too.")
    elif state == [b, 2 * h]:
        hints.append("state: an RNN's state keeps a leading layers axis, even for one layer.")
    elif state in ([b, s, 2 * h], [b, s, h]):
        hints.append("state: the decoder gets one vector per layer and batch row, not one per "
                     "source position (those are the outputs).")
    elif state != [1, b, 2 * h]:
        hints.append(f"state has one vector per layer and batch row: got {tuple(state)}.")
    return hints


def check_encoder_shapes(answer: Any) -> bool:
    """Exercise 2: ``answer = {"outputs": shape, "state": shape}`` for ``SHAPES_SETUP``.

    The two shapes are judged separately, so a learner with two slips sees both hints.
    """
    if answer is None:
        return incorrect('`answer` is still None: give {"outputs": (...), "state": (...)}.')
    if not isinstance(answer, dict) or set(answer) != {"outputs", "state"}:
        return incorrect('`answer` should be a dict with the keys "outputs" and "state".')
    out, state = (_id_list(answer[k]) for k in ("outputs", "state"))
    if out is None or state is None:
        return incorrect("each shape should be a tuple of integers, e.g. (32, 12, 64).")
    hints = _shape_hints(out, state)
    if not hints:
        return correct("outputs (batch, src_len, 2·hidden): one state per source token, both "
                       "directions side by side; state (layers, batch, 2·hidden): the two "
                       "directions' final states joined to start the decoder.")
    return incorrect(" ".join(hints))
