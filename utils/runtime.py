"""Run-time set-up shared by every notebook: seeds, device and the course's address."""

from __future__ import annotations

import os
import random

import numpy as np
import torch

#: Where the course lives. Colab set-up cells clone it from here; a test keeps every
#: notebook's set-up cell and the README's Colab links equal to this one value.
COURSE_REPO = "https://github.com/seq-models-step-by-step/sequence-models-step-by-step"


def seed_everything(seed: int = 0) -> None:
    """Fix Python's, NumPy's and PyTorch's random seeds so a re-run gives the same numbers."""
    if not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    os.environ["PYTHONHASHSEED"] = str(seed)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def use_one_cpu_thread() -> None:
    """Run PyTorch's CPU kernels on one thread.

    The course's models are tiny: splitting their small matrix products across threads
    costs more than it saves (on a busy 2-core machine, ten times more), and one thread
    gives the same floating-point results whatever the machine's core count.
    """
    torch.set_num_threads(1)


def get_device() -> torch.device:
    """The fastest device present: ``cuda`` when a GPU is visible, otherwise ``cpu``."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")
