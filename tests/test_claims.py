"""utils.claims: measurements are printed for the learner, claims are asserted."""

import re
from pathlib import Path

import pytest
from nbval.plugin import get_sanitize_patterns

from utils.claims import assert_claim, measured, report_close

SANITIZE = Path(__file__).parent / "sanitize.cfg"


def sanitize(text: str) -> str:
    """Apply tests/sanitize.cfg with nbval's own parser, in file order, as nbval does."""
    for regex, replace in get_sanitize_patterns(SANITIZE.read_text(encoding="utf-8")):
        text = re.sub(regex, replace, text)
    return text


def test_measured_formats_with_the_marker():
    assert measured(0.74512) == "≈0.745"
    assert measured(0.3, ".1%") == "≈30.0%"
    assert measured(-2.5e-7, ".1e") == "≈-2.5e-07"
    assert measured(12673, ",d") == "≈12,673"


@pytest.mark.parametrize("a, b", [(0.745, 1.0), (0.3, 0.9994), (-2.5e-7, 3e12), (12673, 5)])
def test_sanitizer_blanks_measured_numbers_so_machines_agree(a, b):
    for fmt in (".3f", ".1%", ".2e", ".4g"):
        line = f"final loss {measured(a, fmt)}, accuracy {measured(b, fmt)} on 1,000 tests"
        assert sanitize(line) == "final loss <measured>, accuracy <measured> on 1,000 tests"


def test_sanitizer_file_is_ascii():
    """nbval opens it in the locale's encoding (cp1252 on many Windows machines)."""
    SANITIZE.read_bytes().decode("ascii")


def test_sanitizer_keeps_unmarked_numbers():
    assert sanitize("gap 10: 8 of 8 seeds ≥ 0.95") == "gap 10: 8 of 8 seeds ≥ 0.95"


def test_report_close_prints_and_passes_below_tolerance(capsys):
    report_close("max relative error", 2.3e-9, 1e-6)
    out = capsys.readouterr().out
    assert out == "max relative error: 2.3e-09 < 1e-06 ✓\n"
    assert sanitize(out) == "max relative error: <error> < 1e-06 ✓\n"
    report_close("difference", 0.0, 1e-12)
    assert sanitize(capsys.readouterr().out) == "difference: <error> < 1e-12 ✓\n"


def test_report_close_raises_at_or_above_tolerance():
    with pytest.raises(AssertionError, match="2.0e-06 is not below the tolerance 1e-06"):
        report_close("error", 2e-6, 1e-6)
    with pytest.raises(AssertionError):
        report_close("error", 1e-6, 1e-6)


@pytest.mark.parametrize("error, tol", [(float("nan"), 1e-6), (-1.0, 1e-6), (0.0, 0.0)])
def test_report_close_rejects_bad_input(error, tol):
    with pytest.raises(ValueError):
        report_close("error", error, tol)


def test_claim_prints_a_true_statement(capsys):
    assert_claim(3 > 2, "5 of 5 clipped runs reach 1.00")
    assert capsys.readouterr().out == "✓ 5 of 5 clipped runs reach 1.00\n"


def test_claim_raises_on_a_false_statement():
    with pytest.raises(AssertionError, match="unclipped runs diverge"):
        assert_claim(False, "unclipped runs diverge")
    with pytest.raises(ValueError):
        assert_claim(True, "")
