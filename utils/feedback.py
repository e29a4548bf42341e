"""Feedback for exercises: every check prints what is right or what to look at, then returns
``True`` or ``False``. Checks never raise on a wrong answer, so a learner's notebook keeps
running; they explain instead.
"""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import Any

import numpy as np


def correct(message: str) -> bool:
    """Print a success message and return ``True``."""
    print(f"✅ Correct. {message}".rstrip())
    return True


def incorrect(message: str) -> bool:
    """Print what is wrong (and a hint) and return ``False``."""
    print(f"❌ Not yet. {message}")
    return False


#: The tolerance an answer computed in float32 gets: float32 carries about 7 significant
#: digits, so its rounding (≈1e-7 on numbers of size 1) passes, while every slip a hint names
#: is off by far more (≥ 1e-2 on the exercises of lessons 03–05).
FLOAT32_ATOL = 1e-5
#: The same for float16 / bfloat16 answers (about 3 significant digits).
HALF_ATOL = 1e-2


def answer_atol(answer: Any, float64_atol: float) -> float:
    """The absolute tolerance for comparing ``answer`` with a float64 reference.

    ``float64_atol`` for float64 (and Python numbers, lists, integer arrays); at least
    :data:`FLOAT32_ATOL` when ``answer`` is a float32 NumPy array or torch tensor, at least
    :data:`HALF_ATOL` for a 16-bit one, so a right answer in lower precision is not failed
    for its rounding.
    """
    dtype = str(getattr(answer, "dtype", "")).removeprefix("torch.")
    if dtype == "float32":
        return max(float64_atol, FLOAT32_ATOL)
    if dtype in ("float16", "bfloat16"):
        return max(float64_atol, HALF_ATOL)
    return float64_atol


def as_float_array(answer: Any) -> np.ndarray | None:
    """``answer`` (NumPy array, torch tensor of any float dtype, list) as a float64 array;
    ``None`` when it is not numbers (or is ``None``)."""
    if answer is None:
        return None
    if hasattr(answer, "detach"):  # a torch tensor (bfloat16 has no NumPy twin: go via float64)
        answer = answer.detach().cpu().double().numpy()
    try:
        return np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None


def whole_number(answer: Any) -> int | None:
    """``answer`` as an ``int`` when it is a whole number, else ``None``.

    The course's one rule for counting exercises: Python and NumPy integers, integral floats
    (``2560.0``, ``np.float32(7381)``) and 0-d arrays or tensors holding one count; booleans,
    strings, non-integral numbers (``1706.9``) and NaN or inf do not.
    """
    if getattr(answer, "ndim", None) == 0 and hasattr(answer, "item"):
        answer = answer.item()  # a 0-d NumPy array or torch tensor
    if isinstance(answer, bool | np.bool_ | str | bytes):
        return None
    if isinstance(answer, Integral):
        return int(answer)
    if isinstance(answer, Real) and math.isfinite(float(answer)) and float(answer).is_integer():
        return int(answer)
    return None


def check_array(
    name: str,
    answer: Any,
    expected: np.ndarray,
    *,
    atol: float = 1e-6,
    hint: str = "",
    success: str = "",
) -> bool:
    """Compare a learner's array with the expected one, explaining shape or value mismatches.

    ``answer`` may be anything array-like (a NumPy array, a torch tensor, a list) or ``None``
    (the exercise not attempted yet).
    """
    if answer is None:
        return incorrect(f"`{name}` is still None: replace the `None` with your code.")
    if hasattr(answer, "detach"):
        answer = answer.detach().cpu().numpy()
    try:
        got = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return incorrect(f"`{name}` should be an array of numbers, got {type(answer).__name__}.")
    expected = np.asarray(expected, dtype=float)
    if got.shape != expected.shape:
        return incorrect(
            f"`{name}` has shape {got.shape}, expected {expected.shape}. {hint}".rstrip()
        )
    if not np.all(np.isfinite(got)):
        return incorrect(f"`{name}` contains NaN or inf. {hint}".rstrip())
    err = float(np.max(np.abs(got - expected))) if got.size else 0.0
    if err > atol:
        return incorrect(
            f"`{name}` has the right shape but its values differ by up to {err:.3g}. {hint}"
            .rstrip()
        )
    return correct(success)
