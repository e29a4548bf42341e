"""Fixtures shared by the test modules."""

import pytest
import torch

from utils.data.tatoeba import TUTORIAL_PREFIXES, load_tatoeba


@pytest.fixture
def one_thread():
    """Tiny models train many times faster on one thread than on two that wait for each
    other (and this suite shares the machine). Use it per test or per module
    (``pytestmark = pytest.mark.usefixtures("one_thread")``)."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="session")
def fr_pairs():
    """The shipped English–French subset as lesson 12 loads it: the PyTorch tutorial's
    prefixes, at most 10 words a side (a list of ``(english, french)`` pairs)."""
    return load_tatoeba("eng-fra", max_len=10, prefixes=TUTORIAL_PREFIXES)
