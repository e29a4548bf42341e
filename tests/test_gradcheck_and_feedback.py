"""The numerical gradient and the exercise feedback helpers."""

import numpy as np
import pytest

from utils.feedback import check_array, whole_number
from utils.scratch.gradcheck import numerical_gradient, relative_error


def test_numerical_gradient_of_a_quadratic():
    x = np.array([1.0, -2.0, 3.0])
    np.testing.assert_allclose(numerical_gradient(lambda: float(np.sum(x**2)), x), 2 * x, rtol=1e-8)
    np.testing.assert_array_equal(x, [1.0, -2.0, 3.0])  # restored after perturbation


def test_numerical_gradient_refuses_float32():
    with pytest.raises(TypeError, match="float64"):
        numerical_gradient(lambda: 0.0, np.zeros(3, dtype=np.float32))


def test_relative_error():
    assert relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert relative_error(np.array([1.0]), np.array([3.0])) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="shapes differ"):
        relative_error(np.zeros(2), np.zeros(3))


@pytest.mark.parametrize(
    ("answer", "ok", "says"),
    [
        (None, False, "still None"),
        (np.zeros(3), False, "shape (3,), expected (2,)"),
        (np.array([1.0, 3.0]), False, "differ by up to 1"),
        (np.array([1.0, 2.0]), True, "Correct"),
        ([1.0, 2.0 + 1e-9], True, "Correct"),
        ("abc", False, "array of numbers"),
    ],
)
def test_check_array_explains(capsys, answer, ok, says):
    assert check_array("a", answer, np.array([1.0, 2.0])) is ok
    assert says in capsys.readouterr().out


def test_runtime_seeds_threads_and_device():
    import torch

    from utils.runtime import get_device, seed_everything, use_one_cpu_thread

    seed_everything(3)
    a = (np.random.rand(), torch.rand(1).item())
    seed_everything(3)
    assert (np.random.rand(), torch.rand(1).item()) == a
    with pytest.raises(ValueError, match="non-negative int"):
        seed_everything(-1)
    before = torch.get_num_threads()
    try:
        use_one_cpu_thread()
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)
    assert get_device().type == ("cuda" if torch.cuda.is_available() else "cpu")


@pytest.mark.parametrize("answer, want", [
    (7381, 7381), (np.int64(7381), 7381), (np.sum(9 ** np.arange(5)), 7381), (2560.0, 2560),
    (np.float32(2560), 2560), (np.int32(-3), -3),
    (1706.9, None), ("1706", None), (True, None), (np.bool_(True), None), (float("nan"), None),
    (float("inf"), None), (None, None), ([1], None),
])
def test_whole_number_is_the_course_wide_rule(answer, want):
    assert whole_number(answer) == want


def test_whole_number_reads_zero_dimensional_arrays_and_tensors():
    import torch

    assert whole_number(torch.tensor(7381)) == 7381 and whole_number(np.array(12.0)) == 12
    assert whole_number(torch.tensor(True)) is None and whole_number(torch.tensor([1, 2])) is None
