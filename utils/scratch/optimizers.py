"""Six optimisers in NumPy with one interface, and a helper to watch them on a 2-D surface.

Every optimiser has ``update(params, grads)``: ``params`` and ``grads`` are lists of arrays
of matching shapes; each parameter array is changed **in place** (so a layer holding it
sees the new values) and the optimiser keeps its own state (velocities, running squares)
keyed by the position in the list. The update rules are written so that, with the
hyper-parameters named alike, they produce the same numbers as ``torch.optim``:

=========  ===========================================================================
SGD        ``p -= lr * g``
Momentum   ``v = momentum * v - lr * g;  p += v``            (torch: SGD(momentum=...))
Nesterov   ``v = momentum * v - lr * g;  p += momentum * v - lr * g``
                                                 (torch: SGD(momentum=..., nesterov=True))
AdaGrad    ``h += g**2;  p -= lr * g / (sqrt(h) + eps)``
RMSProp    ``h = alpha * h + (1 - alpha) * g**2;  p -= lr * g / (sqrt(h) + eps)``
Adam       ``m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g**2;``
           ``p -= lr * (m / (1-b1**t)) / (sqrt(v / (1-b2**t)) + eps)``
=========  ===========================================================================
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np


class Optimizer:
    """Base class: checks the arguments, keeps per-parameter state, counts steps."""

    def __init__(self, lr: float) -> None:
        if not lr > 0:
            raise ValueError(f"learning rate must be positive, got {lr}")
        self.lr = lr
        self.t = 0  # number of updates done so far
        self.state: list[dict[str, np.ndarray]] | None = None

    def update(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        """Change every ``params[i]`` in place using ``grads[i]`` (same shape)."""
        if len(params) != len(grads):
            raise ValueError(f"got {len(params)} parameters but {len(grads)} gradients")
        if len(params) == 0:
            raise ValueError("update needs at least one parameter")
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            if not isinstance(p, np.ndarray):
                raise TypeError(f"parameter {i} must be a NumPy array, got {type(p).__name__}")
            if np.shape(g) != p.shape:
                raise ValueError(f"parameter {i} has shape {p.shape}, its gradient {np.shape(g)}")
        if self.state is None:
            self.state = [{} for _ in params]
        elif len(self.state) != len(params):
            raise ValueError(f"this optimiser holds state for {len(self.state)} parameters")
        self.t += 1
        for p, g, s in zip(params, grads, self.state, strict=True):
            self._step(p, np.asarray(g, dtype=p.dtype), s)

    def _step(self, p: np.ndarray, g: np.ndarray, s: dict[str, np.ndarray]) -> None:
        raise NotImplementedError


class SGD(Optimizer):
    """Plain gradient descent: step against the gradient."""

    def _step(self, p, g, s):
        p -= self.lr * g


class Momentum(Optimizer):
    """SGD with a velocity that accumulates past gradients (a ball rolling downhill)."""

    def __init__(self, lr: float, momentum: float = 0.9) -> None:
        super().__init__(lr)
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum}")
        self.momentum = momentum

    def _step(self, p, g, s):
        v = s.setdefault("v", np.zeros_like(p))
        v *= self.momentum
        v -= self.lr * g
        p += v


class Nesterov(Momentum):
    """Momentum that applies the velocity it is *about* to have ("look ahead")."""

    def _step(self, p, g, s):
        v = s.setdefault("v", np.zeros_like(p))
        v *= self.momentum
        v -= self.lr * g
        p += self.momentum * v - self.lr * g


class AdaGrad(Optimizer):
    """Per-coordinate learning rates that shrink with the sum of squared gradients."""

    def __init__(self, lr: float, eps: float = 1e-10) -> None:
        super().__init__(lr)
        self.eps = eps

    def _step(self, p, g, s):
        h = s.setdefault("h", np.zeros_like(p))
        h += g * g
        p -= self.lr * g / (np.sqrt(h) + self.eps)


class RMSProp(Optimizer):
    """AdaGrad with a forgetting running average of squared gradients."""

    def __init__(self, lr: float, alpha: float = 0.99, eps: float = 1e-8) -> None:
        super().__init__(lr)
        if not 0 <= alpha < 1:
            raise ValueError(f"alpha must be in [0, 1), got {alpha}")
        self.alpha, self.eps = alpha, eps

    def _step(self, p, g, s):
        h = s.setdefault("h", np.zeros_like(p))
        h *= self.alpha
        h += (1 - self.alpha) * g * g
        p -= self.lr * g / (np.sqrt(h) + self.eps)


class Adam(Optimizer):
    """Momentum (first moment) + RMSProp (second moment), both bias-corrected."""

    def __init__(
        self, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8
    ) -> None:
        super().__init__(lr)
        if not all(0 <= b < 1 for b in betas):
            raise ValueError(f"betas must lie in [0, 1), got {betas}")
        self.beta1, self.beta2 = betas
        self.eps = eps

    def _step(self, p, g, s):
        m = s.setdefault("m", np.zeros_like(p))
        v = s.setdefault("v", np.zeros_like(p))
        m *= self.beta1
        m += (1 - self.beta1) * g
        v *= self.beta2
        v += (1 - self.beta2) * g * g
        m_hat = m / (1 - self.beta1**self.t)
        v_hat = v / (1 - self.beta2**self.t)
        p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


def optimize(
    optimizer: Optimizer,
    grad_fn: Callable[[np.ndarray], np.ndarray],
    start: Sequence[float],
    steps: int,
) -> np.ndarray:
    """Run ``optimizer`` from ``start`` for ``steps`` updates; return the path.

    ``grad_fn(p)`` gives the gradient at the point ``p`` of shape ``(dims,)``.
    Returns ``(steps + 1, dims)``: the start, then the point after each update.
    Points may run off to ``inf`` when the learning rate is too large; that is shown,
    not hidden.
    """
    p = np.array(start, dtype=float)
    if p.ndim != 1 or p.size == 0:
        raise ValueError(f"start must be a non-empty 1-D point, got shape {p.shape}")
    if steps < 0:
        raise ValueError(f"steps must be non-negative, got {steps}")
    path = np.empty((steps + 1, p.size))
    path[0] = p
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, steps + 1):
            optimizer.update([p], [grad_fn(p)])
            path[k] = p
    return path


def bowl(p: np.ndarray) -> np.ndarray:
    """The anisotropic bowl ``f(x, y) = x**2 / 20 + y**2``, shallow in x, steep in y.

    ``p``: ``(..., 2)`` → ``(...)``. Its minimum is 0 at the origin.
    """
    p = np.asarray(p, dtype=float)
    if p.shape[-1:] != (2,):
        raise ValueError(f"bowl needs points (..., 2), got shape {p.shape}")
    return p[..., 0] ** 2 / 20 + p[..., 1] ** 2


def bowl_grad(p: np.ndarray) -> np.ndarray:
    """Gradient of :func:`bowl`: ``(x / 10, 2 y)``; ``(..., 2)`` → ``(..., 2)``."""
    p = np.asarray(p, dtype=float)
    if p.shape[-1:] != (2,):
        raise ValueError(f"bowl needs points (..., 2), got shape {p.shape}")
    return np.stack([p[..., 0] / 10, 2 * p[..., 1]], axis=-1)
