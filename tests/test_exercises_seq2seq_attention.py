"""The lesson 07/08 exercise checks: the reference solution passes in every numeric type a
learner may produce, and each slip a hint names fails with that hint."""

import numpy as np
import pytest
import torch

from utils.exercises.attention import (
    KEYS,
    QUERY,
    check_attention_by_hand,
    check_general_score,
    expected_weights_and_context,
)
from utils.exercises.seq2seq import (
    SHAPES_SETUP,
    TARGET_IDS,
    check_decoder_input_and_labels,
    check_encoder_shapes,
)
from utils.scratch.functions import softmax

# ---------------------------------------------------------------- lesson 07, exercise 1
TGT_IN, TGT_OUT = [1, *TARGET_IDS], [*TARGET_IDS, 2]


@pytest.mark.parametrize("convert", [
    list, tuple, np.array, lambda x: np.array(x, dtype=np.int32), lambda x: np.array(x, float),
    torch.tensor, lambda x: torch.tensor(x, dtype=torch.int32), lambda x: [float(v) for v in x],
])
def test_decoder_input_and_labels_accepts_every_integer_type(convert, capsys):
    assert check_decoder_input_and_labels((convert(TGT_IN), convert(TGT_OUT)))
    assert check_decoder_input_and_labels([convert(TGT_IN), convert(TGT_OUT)])
    assert capsys.readouterr().out.count("✅ Correct.") == 2


@pytest.mark.parametrize("answer, hint", [
    ((TGT_OUT, TGT_IN), "swapped"),
    ((TGT_IN, TGT_IN), "shifted one step left"),
    (([1, 7, 8, 9], [7, 8, 9]), "same length"),
    (([1, 7, 8, 9, 2], [7, 8, 9, 2]), "same length"),
    (([1, 7, 8, 9], [7, 8, 9, 0]), "no padding"),
    (([1, 7, 8], [7, 8, 9]), "labels should end with <eos>"),          # <eos> forgotten
    (([7, 8, 9], [8, 9, 2]), "should start with <sos>"),               # <sos> forgotten
    (([1, 7, 8, 9, 2], [7, 8, 9, 2, 2]), "never fed"),                 # <eos> fed as input
    (([1, 9, 8, 7], [9, 8, 7, 2]), "in order"),                        # tokens reversed
    (([1, 7, 8, 9.5], TGT_OUT), "integer ids"),
    ((None, TGT_OUT), "integer ids"),
    ("abc", "a pair"),
    (None, "still None"),
])
def test_decoder_input_and_labels_names_each_slip(answer, hint, capsys):
    assert check_decoder_input_and_labels(answer) is False
    out = capsys.readouterr().out
    assert out.startswith("❌") and hint in out, out


def test_a_missing_eos_is_not_told_to_start_with_sos(capsys):
    check_decoder_input_and_labels(([1, 7, 8], [7, 8, 9]))
    out = capsys.readouterr().out
    assert "<eos>" in out and "start with <sos>" not in out


# ---------------------------------------------------------------- lesson 07, exercise 2
B, S, H = SHAPES_SETUP["batch"], SHAPES_SETUP["src_len"], SHAPES_SETUP["hidden_size"]


@pytest.mark.parametrize("convert", [
    tuple, list, torch.Size, np.array, torch.tensor, lambda x: tuple(np.int64(v) for v in x),
    lambda x: tuple(float(v) for v in x),
])
def test_encoder_shapes_accepts_every_integer_type(convert, capsys):
    outputs, state = convert((B, S, 2 * H)), convert((1, B, 2 * H))
    assert check_encoder_shapes({"outputs": outputs, "state": state})
    assert "✅ Correct." in capsys.readouterr().out


def test_encoder_shapes_from_a_real_encoder_pass():
    from utils.models.seq2seq import Encoder

    enc = Encoder(20, 8, H, bidirectional=True)
    src = torch.randint(4, 20, (B, S))
    memory, state = enc(src, torch.full((B,), S))
    assert check_encoder_shapes({"outputs": memory.outputs.shape, "state": state.shape})


@pytest.mark.parametrize("outputs, state, hints, not_hints", [
    ((B, S, H), (1, B, 2 * H), ["outputs: the encoder is bidirectional"], ["state:"]),
    ((S, B, 2 * H), (1, B, 2 * H), ["batch_first=True"], ["state:", "bidirectional"]),
    ((S, B, H), (1, B, 2 * H), ["batch comes first", "doubles"], ["state:"]),
    ((B, S, 2 * H), (2, B, H), ["raw h_n"], ["outputs:", "bidirectional"]),   # the raw h_n
    ((B, S, 2 * H), (1, B, H), ["state: the decoder starts from both directions"], ["outputs:"]),
    ((B, S, 2 * H), (B, 2 * H), ["leading layers axis"], ["outputs:"]),
    ((B, S, 2 * H), (B, S, 2 * H), ["not one per source position"], ["outputs:"]),
    ((B, S, H), (2, B, H), ["outputs: the encoder is bidirectional", "raw h_n"], []),  # both
    ((B, 2 * H), (1, B, 2 * H), ["outputs has one vector per source position"], ["state:"]),
    ((B, S, 2 * H), (3, B, 2 * H), ["state has one vector per layer"], ["outputs:"]),
])
def test_encoder_shapes_names_each_slip(outputs, state, hints, not_hints, capsys):
    assert check_encoder_shapes({"outputs": outputs, "state": state}) is False
    out = capsys.readouterr().out
    assert out.startswith("❌")
    assert all(h in out for h in hints), out
    assert not any(h in out for h in not_hints), out


@pytest.mark.parametrize("answer, hint", [
    (None, "still None"),
    ({"outputs": (B, S, 2 * H)}, "keys"),
    ({"outputs": "x", "state": 3}, "tuple of integers"),
    ({"outputs": (B, S, 127.5), "state": (1, B, 2 * H)}, "tuple of integers"),
])
def test_encoder_shapes_explains_malformed_answers(answer, hint, capsys):
    assert check_encoder_shapes(answer) is False
    assert hint in capsys.readouterr().out


# ---------------------------------------------------------------- lesson 08, exercise 1
def reference_by_hand(dtype=np.float64):
    """What the solution cell computes, in ``dtype``."""
    keys, query = KEYS.astype(dtype), QUERY.astype(dtype)
    scores = keys @ query
    weights = np.exp(scores - scores.max()) / np.exp(scores - scores.max()).sum()
    return weights, weights @ keys


def test_exercise_query_gives_moderate_scores():
    scores = KEYS @ QUERY
    np.testing.assert_allclose(scores, [1.4, 2.0, 0.6, 3.0])
    w, c = expected_weights_and_context()
    np.testing.assert_allclose(w, softmax(scores))
    np.testing.assert_allclose(c, softmax(scores) @ KEYS)
    assert 0.5 < w.max() < 0.7 and w.min() > 0.05       # no single state takes it all


@pytest.mark.parametrize("convert", [
    lambda x: x, lambda x: x.astype(np.float32), torch.tensor,
    lambda x: torch.tensor(x, dtype=torch.float32), lambda x: torch.tensor(x).requires_grad_(),
    lambda x: x.tolist(), lambda x: x[None],              # a (1, n) batch of one is fine too
])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_attention_by_hand_accepts_the_solution_in_every_numeric_type(convert, dtype, capsys):
    w, c = reference_by_hand(dtype)
    assert check_attention_by_hand(convert(w), convert(c))
    assert capsys.readouterr().out.count("✅ Correct.") == 1     # printed once


def test_attention_by_hand_accepts_torch_attention():
    from utils.models.attention import attention

    ctx, w = attention(torch.tensor(QUERY, dtype=torch.float32)[None],
                       torch.tensor(KEYS, dtype=torch.float32)[None])
    assert check_attention_by_hand(w, ctx)


W_REF, C_REF = reference_by_hand()
SCORES = KEYS @ QUERY


@pytest.mark.parametrize("weights, context, hint", [
    (SCORES, C_REF, "those are the scores"),
    (np.exp(SCORES), C_REF, "sum to 1"),
    (SCORES / SCORES.sum(), C_REF, "exponentiates first"),
    (np.eye(4)[SCORES.argmax()], C_REF, "one-hot"),
    (np.eye(4)[SCORES.argmax()], KEYS[SCORES.argmax()], "one-hot"),
    (softmax(SCORES / np.sqrt(3)), C_REF, "scaled the scores by 1/√d"),
    (softmax(SCORES / 3), C_REF, "scaled the scores by 1/d"),
    (softmax(KEYS @ QUERY[::-1]), C_REF, "KEYS @ QUERY"),
    (W_REF[:3], C_REF, "4 numbers"),
    (W_REF, W_REF, "not of the weights themselves"),
    (W_REF, KEYS[SCORES.argmax()], "most-attended encoder state alone"),
    (W_REF, KEYS.mean(0), "weights @ KEYS"),
    (W_REF, C_REF[:2], "shape"),
    (["a", "b", "c", "d"], C_REF, "4 numbers"),
    (None, C_REF, "`weights` still None"),
    (W_REF, None, "`context` still None"),
])
def test_attention_by_hand_names_each_slip(weights, context, hint, capsys):
    assert check_attention_by_hand(weights, context) is False
    out = capsys.readouterr().out
    assert out.startswith("❌") and hint in out, out


def test_one_hot_and_scaled_answers_are_far_from_the_right_one():
    """The slips differ from the answer by far more than the tolerance (the old query's
    scores of 55 vs ≤ 15 made them agree to 1e-6)."""
    assert np.abs(np.eye(4)[SCORES.argmax()] - W_REF).max() > 0.3
    assert np.abs(softmax(SCORES / np.sqrt(3)) - W_REF).max() > 0.1


# ---------------------------------------------------------------- lesson 08, exercise 2
def general_torch(q, W, k):
    return (k @ (q @ W).unsqueeze(-1)).squeeze(-1)


@pytest.mark.parametrize("fn", [
    general_torch,
    lambda q, W, k: ((q @ W)[:, None, :] * k).sum(-1),
    lambda q, W, k: torch.einsum("bq,qk,bsk->bs", q, W, k),
    lambda q, W, k: general_torch(q.double(), W.double(), k.double()),
    lambda q, W, k: general_torch(q, W, k).numpy(),
    lambda q, W, k: general_torch(q, W, k).numpy().astype(np.float64),
    lambda q, W, k: np.einsum("bq,qk,bsk->bs", q.numpy(), W.numpy(), k.numpy()),
    lambda q, W, k: general_torch(q, W, k).tolist(),
    lambda q, W, k: general_torch(q, W.requires_grad_(), k),
])
def test_general_score_accepts_every_numeric_type(fn, capsys):
    assert check_general_score(fn)
    assert capsys.readouterr().out.count("✅ Correct.") == 1


@pytest.mark.parametrize("fn, hint", [
    (lambda q, W, k: (k @ q[..., None]).squeeze(-1), "raised"),          # W forgotten
    (lambda q, W, k: k @ (q @ W).unsqueeze(-1), "squeeze"),
    (lambda q, W, k: torch.softmax(general_torch(q, W, k), -1), "attention weights"),
    (lambda q, W, k: -general_torch(q, W, k), "opposite sign"),
    (lambda q, W, k: torch.zeros(2, 5), "score_s = queryᵀ W key_s"),
    (lambda q, W, k: torch.zeros(5), "shape"),
    (lambda q, W, k: None, "forget `return`"),
    (lambda q, W, k: "scores", "should return numbers"),
    (None, "still None"),
    (42, "should be a function"),
])
def test_general_score_names_each_slip(fn, hint, capsys):
    assert check_general_score(fn) is False
    out = capsys.readouterr().out
    assert out.startswith("❌") and hint in out, out
