"""A character-level RNN language model in NumPy: one-hot → RNN → affine → softmax loss.

Built from ``utils.scratch.rnn.TimeRNN`` and the layers of ``utils.scratch.layers``; trained
with plain gradient descent on a single word such as ``"hello"`` (inputs ``"hell"``,
targets ``"ello"``) and sampled from one character at a time. Lesson 01.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from utils.scratch.functions import softmax
from utils.scratch.layers import TimeAffine, TimeSoftmaxWithLoss, one_hot
from utils.scratch.rnn import TimeRNN


class CharRNN:
    """The vanilla RNN language model over a fixed character set.

    ``h_t = tanh(x_t @ Wx + h_{t-1} @ Wh + b)``, ``y_t = h_t @ Wy + by``, where ``x_t`` is the
    one-hot vector of character ``t``. ``params = [Wx (V, H), Wh (H, H), b (H,), Wy (H, V),
    by (V,)]`` with ``V = len(chars)``, ``H = hidden_size``; ``grads`` matches after
    ``backward``. Weights start as Xavier normals (std ``1/sqrt(fan_in)``), biases as zeros,
    drawn from ``np.random.default_rng(seed)`` so a model is reproducible.
    """

    def __init__(self, chars: Sequence[str], hidden_size: int, *, seed: int = 0) -> None:
        chars = list(chars)
        if not chars:
            raise ValueError("chars is empty: the model needs at least one character")
        if any(not isinstance(c, str) or len(c) != 1 for c in chars):
            raise ValueError(f"chars must be single characters, got {chars!r}")
        if len(set(chars)) != len(chars):
            raise ValueError(f"chars must be distinct, got {chars!r}")
        if hidden_size < 1:
            raise ValueError(f"hidden_size must be at least 1, got {hidden_size}")
        self.chars = chars
        self.stoi = {c: i for i, c in enumerate(chars)}
        V, H = len(chars), hidden_size
        rng = np.random.default_rng(seed)
        self.rnn = TimeRNN(
            rng.normal(scale=1 / np.sqrt(V), size=(V, H)),
            rng.normal(scale=1 / np.sqrt(H), size=(H, H)),
            np.zeros(H),
        )
        self.affine = TimeAffine(rng.normal(scale=1 / np.sqrt(H), size=(H, V)), np.zeros(V))
        self.loss_layer = TimeSoftmaxWithLoss()
        self.params = self.rnn.params + self.affine.params
        self.hs: np.ndarray | None = None  # hidden states of the last ``logits`` call

    @property
    def grads(self) -> list[np.ndarray]:
        """Gradients of the last ``backward``, in the order of ``params``."""
        return self.rnn.grads + self.affine.grads

    @property
    def vocab_size(self) -> int:
        return len(self.chars)

    @property
    def hidden_size(self) -> int:
        return self.params[1].shape[0]

    def encode(self, text: str) -> np.ndarray:
        """``text`` → character ids ``(len(text),)``; unknown characters raise ``ValueError``."""
        if not text:
            raise ValueError("text is empty")
        unknown = sorted(set(text) - set(self.chars))
        if unknown:
            raise ValueError(f"characters {unknown} are not in the model's chars {self.chars}")
        return np.array([self.stoi[c] for c in text])

    def decode(self, ids: Sequence[int] | np.ndarray) -> str:
        """Character ids → text."""
        return "".join(self.chars[int(i)] for i in ids)

    def logits(self, ids: np.ndarray, h0: np.ndarray | None = None) -> np.ndarray:
        """``ids (batch, time)`` → logits ``(batch, time, V)``; the hidden states stay in
        ``self.hs (batch, time, H)``."""
        ids = np.asarray(ids)
        if ids.ndim != 2:
            raise ValueError(f"ids must be (batch, time), got shape {ids.shape}")
        self.hs = self.rnn.forward(one_hot(ids, self.vocab_size), h0)
        return self.affine.forward(self.hs)

    def forward(self, ids: np.ndarray, targets: np.ndarray) -> float:
        """Mean cross-entropy of predicting ``targets (batch, time)`` from ``ids (batch, time)``."""
        return self.loss_layer.forward(self.logits(ids), targets)

    def backward(self) -> None:
        """Backpropagate the last ``forward``'s loss into ``self.grads`` (BPTT through the RNN)."""
        dlogits = self.loss_layer.backward()
        dhs = self.affine.backward(dlogits)
        self.rnn.backward(dhs)

    def predict(self, text: str) -> str:
        """The most likely next character after each prefix of ``text`` (teacher-forced)."""
        logits = self.logits(self.encode(text)[None, :])
        return self.decode(logits[0].argmax(axis=1))

    def trace(self, text: str) -> list[RNNStep]:
        """Run over ``text`` and record every time step (input, states, output distribution)."""
        ids = self.encode(text)
        probs = softmax(self.logits(ids[None, :])[0])  # (time, V)
        hs = self.hs[0]
        h_prev = np.vstack([np.zeros((1, self.hidden_size)), hs[:-1]])
        return [
            RNNStep(t, text[t], one_hot(ids[t], self.vocab_size), h_prev[t], hs[t], probs[t])
            for t in range(len(text))
        ]


@dataclass(frozen=True)
class RNNStep:
    """What the RNN sees and produces at one time step ``t``.

    ``x (V,)`` the one-hot input for ``char``, ``h_prev (H,)`` and ``h (H,)`` the hidden state
    before and after the step, ``probs (V,)`` the softmax over the next character.
    """

    t: int
    char: str
    x: np.ndarray
    h_prev: np.ndarray
    h: np.ndarray
    probs: np.ndarray


def train_char_rnn(
    model: CharRNN, text: str, *, steps: int = 300, lr: float = 0.5
) -> list[float]:
    """Teach ``model`` to predict ``text[1:]`` from ``text[:-1]`` by plain gradient descent.

    One step = forward, backward, ``p -= lr * grad`` for every weight. Returns the loss
    before each step (a list of ``steps`` floats).
    """
    if len(text) < 2:
        raise ValueError(f"text needs at least 2 characters (an input and a target), got {text!r}")
    if steps < 1 or lr <= 0:
        raise ValueError(f"need steps >= 1 and lr > 0, got steps={steps}, lr={lr}")
    ids = model.encode(text)
    inputs, targets = ids[None, :-1], ids[None, 1:]
    losses = []
    for _ in range(steps):
        losses.append(model.forward(inputs, targets))
        model.backward()
        for p, g in zip(model.params, model.grads, strict=True):
            p -= lr * g  # in place: the layers hold these same arrays
    return losses


def sample(
    model: CharRNN, start: str, length: int, *, seed: int = 0, temperature: float = 1.0
) -> str:
    """Generate ``length`` characters after ``start``, feeding each sample back in.

    The hidden state is carried from step to step; the next character is drawn from
    ``softmax(logits / temperature)`` with ``np.random.default_rng(seed)``. Returns
    ``start`` followed by the ``length`` new characters.
    """
    if length < 0:
        raise ValueError(f"length must be >= 0, got {length}")
    if temperature <= 0:
        raise ValueError(f"temperature must be > 0, got {temperature}")
    rng = np.random.default_rng(seed)
    ids = list(model.encode(start))
    logits = model.logits(np.array([ids]))[:, -1]  # (1, V)
    h = model.hs[:, -1]  # (1, H)
    for _ in range(length):
        p = softmax(logits[0] / temperature)
        nxt = int(rng.choice(model.vocab_size, p=p))
        ids.append(nxt)
        logits = model.logits(np.array([[nxt]]), h)[:, -1]
        h = model.hs[:, -1]
    return model.decode(ids)
