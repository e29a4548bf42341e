"""Every exercise check of lessons 00, 01, 02, 06, 09 and 10 accepts the right answer in each
numeric type a learner may produce: Python numbers, NumPy scalars and arrays (float32 and
float64), torch tensors. (Each lesson's own test file checks the misconceptions' hints.)"""

from fractions import Fraction

import numpy as np
import pytest
import torch

from utils.data.padding import last_real_step
from utils.exercises.bleu import check_clipped_precision, check_corpus_bleu, corpus_problem
from utils.exercises.decoding import check_sequence_count
from utils.exercises.foundations import check_epochs, check_mul_backward
from utils.exercises.language_models import check_first_merge, check_perplexity
from utils.exercises.rnn_from_scratch import check_param_count
from utils.exercises.rnn_pytorch import check_last_real_step, check_rnn_shapes
from utils.metrics.bleu import corpus_bleu

NUMBER_TYPES = [
    pytest.param(lambda v: v, id="python"),
    pytest.param(np.float64, id="np.float64"),
    pytest.param(np.float32, id="np.float32"),
    pytest.param(lambda v: np.array(v), id="0-d array"),
    pytest.param(lambda v: torch.tensor(v), id="torch"),
    pytest.param(lambda v: torch.tensor(v, dtype=torch.float64), id="torch float64"),
]


@pytest.mark.parametrize("as_type", NUMBER_TYPES)
def test_scalar_answers(as_type, capsys):
    assert check_mul_backward(as_type(-8.0), as_type(6.0))
    assert check_epochs(as_type(20.0))
    assert check_perplexity(as_type(float(np.exp(-np.log([0.5, 0.25, 0.125, 0.5]).mean()))))
    assert check_clipped_precision(as_type(2 / 7))
    hyps, refs = corpus_problem()
    assert check_corpus_bleu(as_type(corpus_bleu(hyps, refs, smooth_method="none").score))


COUNT_TYPES = [int, np.int64, np.int32, float, np.float64, torch.tensor, np.array]


@pytest.mark.parametrize("as_type", COUNT_TYPES)
def test_counts_in_every_integer_type(as_type, capsys):
    assert check_sequence_count(as_type(7381))
    assert check_param_count(as_type(1706))


def test_fractions_and_shape_objects(capsys):
    assert check_clipped_precision(Fraction(2, 7))
    out, h = (7, 4, 12), (6, 4, 6)
    for answer in [(out, h), (torch.Size(out), torch.Size(h)), (list(out), list(h)),
                   (tuple(np.int64(x) for x in out), np.array(h))]:
        assert check_rnn_shapes(answer, input_shape=(7, 4, 3), hidden_size=6, num_layers=3,
                                bidirectional=True)
    assert check_first_merge(("u", "g")) and check_first_merge(["u", "g"])
    assert check_first_merge(np.array(["u", "g"]))


@pytest.mark.parametrize("convert", [lambda t: t, lambda t: t.numpy(),
                                     lambda t: t.double(), lambda t: t.numpy().astype(np.float64)])
def test_last_real_step_as_tensor_or_array(convert, capsys):
    torch.manual_seed(0)
    outputs, lengths = torch.randn(3, 9, 8), torch.tensor([3, 5, 9])
    assert check_last_real_step(convert(last_real_step(outputs, lengths)), outputs, lengths)
