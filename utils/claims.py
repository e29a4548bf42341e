"""Claims a lesson makes from a computed result, asserted in the cell that computes it.

Learners run the course on many CPUs (Colab's Intel, Apple silicon, Windows laptops), whose
numeric kernels round differently. A training run's loss to four digits, a unit's index or a
rounding-level error is a *measurement of one machine*; the sentence the lesson builds on it
("clipping rescues every run", "the two agree to 1e-6") is a *claim*. The helpers here keep
the two apart:

- :func:`measured` formats a number as ``≈0.745``. ``tests/sanitize.cfg`` blanks every
  ``≈``-number before nbval compares outputs, so the learner sees the value, nbval does not
  compare it, and the rest of the line still is compared.
- :func:`report_close` prints ``label: 2.3e-09 < 1e-06 ✓`` for a rounding-level error and
  raises unless the error is below the tolerance (the sanitiser blanks the measured error).
- :func:`assert_claim` asserts a statement and prints ``✓ statement``; the statement is compared.

The notebook hygiene test requires every cell whose printed numbers are hidden from nbval to
call one of these (or ``assert`` / a ``check_…``), so nbval still checks the lesson's truth.
"""

from __future__ import annotations

import math


def measured(value: float, fmt: str = ".3f") -> str:
    """``value`` as ``"≈<value>"``: shown to the learner, blanked before nbval compares.

    >>> measured(0.74512)
    '≈0.745'
    >>> measured(0.3, ".1%")
    '≈30.0%'
    """
    return f"≈{format(value, fmt)}"


def report_close(label: str, error: float, tol: float) -> None:
    """Print ``"label: <error> < <tol> ✓"`` and raise ``AssertionError`` unless ``error < tol``.

    ``error`` is a non-negative difference (absolute or relative) between two computations of
    the same quantity; its digits depend on the CPU, the claim ``error < tol`` must not.
    """
    if not tol > 0:
        raise ValueError(f"tol must be positive, got {tol}")
    if math.isnan(error) or error < 0:
        raise ValueError(f"error must be a non-negative number, got {error}")
    if not error < tol:
        raise AssertionError(f"{label}: {error:.1e} is not below the tolerance {tol:.0e}")
    print(f"{label}: {error:.1e} < {tol:.0e} ✓")


def assert_claim(condition: bool, statement: str) -> None:
    """Assert ``statement`` (which the lesson's prose relies on) and print ``"✓ statement"``.

    Raises ``AssertionError`` naming the statement when ``condition`` is false, so a machine
    on which the lesson's conclusion does not hold fails its test instead of teaching it.
    """
    if not isinstance(statement, str) or not statement:
        raise ValueError("statement must be a non-empty string")
    if not condition:
        raise AssertionError(f"the lesson claims: {statement!r}, but this run does not show it")
    print(f"✓ {statement}")
