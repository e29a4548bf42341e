"""Exercise checks for lesson 07 (seq2seq). Each prints ✅/❌ with an explanation and returns
a bool; none raises on a wrong answer."""

from __future__ import annotations

from typing import Any

from utils.feedback import correct, incorrect
from utils.vocab import EOS_ID, PAD_ID, SOS_ID

#: Exercise 1: the target sentence's ids (without special tokens).
TARGET_IDS = (7, 8, 9)

#: Exercise 2: the model whose shapes the learner predicts.
SHAPES_SETUP = {"batch": 32, "src_len": 12, "hidden_size": 64, "bidirectional": True,
                "num_layers": 1}


def _int_list(answer: Any) -> list[int] | None:
    try:
        values = [int(x) for x in answer]
    except (TypeError, ValueError):
        return None
    return values


def check_decoder_input_and_labels(answer: Any) -> bool:
    """Exercise 1: ``answer = (tgt_in, tgt_out)`` for the target ``TARGET_IDS``."""
    if answer is None:
        return incorrect("`answer` is still None: give a pair (tgt_in, tgt_out) of id lists.")
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return incorrect("`answer` should be a pair: (decoder input ids, label ids).")
    tgt_in, tgt_out = (_int_list(a) for a in answer)
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
    if len(tgt_in) != len(tgt_out):
        return incorrect(f"input and labels must have the same length (one label per input "
                         f"step); you have {len(tgt_in)} and {len(tgt_out)}.")
    if PAD_ID in tgt_in + tgt_out:
        return incorrect(f"no padding is needed for one sentence (PAD_ID = {PAD_ID}).")
    if tgt_in != want_in:
        return incorrect(f"the decoder input should start with <sos> (id {SOS_ID}) and then "
                         f"the target tokens; got {tgt_in}.")
    return incorrect(f"the labels should be the target tokens followed by <eos> (id {EOS_ID}), "
                     f"so the model learns when to stop; got {tgt_out}.")


def check_encoder_shapes(answer: Any) -> bool:
    """Exercise 2: ``answer = {"outputs": shape, "state": shape}`` for ``SHAPES_SETUP``."""
    if answer is None:
        return incorrect('`answer` is still None: give {"outputs": (...), "state": (...)}.')
    if not isinstance(answer, dict) or set(answer) != {"outputs", "state"}:
        return incorrect('`answer` should be a dict with the keys "outputs" and "state".')
    out, state = (_int_list(answer[k]) for k in ("outputs", "state"))
    if out is None or state is None:
        return incorrect("each shape should be a tuple of integers, e.g. (32, 12, 64).")
    b, s, h = SHAPES_SETUP["batch"], SHAPES_SETUP["src_len"], SHAPES_SETUP["hidden_size"]
    ok_out, ok_state = [b, s, 2 * h], [1, b, 2 * h]
    if out == ok_out and state == ok_state:
        return correct("outputs (batch, src_len, 2·hidden): one state per source token, both "
                       "directions side by side; state (layers, batch, 2·hidden): the two "
                       "directions' final states joined to start the decoder.")
    if out == [b, s, h] or state[-1:] == [h]:
        return incorrect("the encoder is bidirectional: each position holds a forward and a "
                         "backward state, concatenated, so the last size doubles.")
    if out == [s, b, 2 * h]:
        return incorrect("the course's RNNs are batch_first=True: batch comes first.")
    if state == [2, b, h]:
        return incorrect("that is nn.GRU's raw h_n (layers·directions, batch, hidden); the "
                         "encoder merges the two directions into one (layers, batch, 2·hidden).")
    if out != ok_out:
        return incorrect(f"outputs has one vector per source position: got {tuple(out)}.")
    return incorrect(f"state has one vector per layer and batch row: got {tuple(state)}.")
