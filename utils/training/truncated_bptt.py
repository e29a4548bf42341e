"""Truncated backpropagation through time (TBPTT) for a many-to-one sequence classifier.

The forward pass runs over the whole sequence in chunks of ``chunk`` steps, carrying the
hidden state from one chunk to the next; between chunks the state is *detached*, so the
backward pass stops at the chunk boundary. Autograd then keeps the activations of one chunk
instead of the whole sequence (memory ∝ ``chunk``, not ``time``), but no gradient can
reach a token more than ``chunk`` steps before the loss: the model cannot *learn* a longer
dependency, however far its forward pass carries information.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import torch
from torch import Tensor, nn

from utils.models.classifiers import SequenceClassifier

State = Tensor | tuple[Tensor, Tensor]


def detach_state(state: State) -> State:
    """Cut the gradient path through a recurrent state (``h``, or ``(h, c)`` for an LSTM)."""
    if isinstance(state, tuple):
        return tuple(s.detach() for s in state)
    return state.detach()


class TruncatedBPTT(nn.Module):
    """Wraps a :class:`SequenceClassifier` so its forward pass is cut every ``chunk`` steps.

    ``forward(x (batch, time))`` → logits ``(batch, n_classes)``, the same *values* as
    ``model(x)``; only the gradients differ: they flow back at most ``chunk`` steps from
    the last one (to the start of the last chunk, which may be shorter). Works with
    ``utils.training.classifiers.train_classifier`` unchanged.
    """

    def __init__(self, model: SequenceClassifier, chunk: int) -> None:
        super().__init__()
        if chunk < 1:
            raise ValueError(f"chunk must be at least 1, got {chunk}")
        self.model = model
        self.chunk = chunk

    def forward(self, x: Tensor) -> Tensor:
        if x.ndim != 2 or x.shape[1] == 0:
            raise ValueError(f"x must be token ids (batch, time) with time >= 1, got "
                             f"{tuple(x.shape)}")
        # Chunk boundaries are counted back from the last step (where the loss is), so
        # only the first chunk may be short.
        starts = range(x.shape[1] - self.chunk, -self.chunk, -self.chunk)
        pieces = [x[:, max(s, 0) : s + self.chunk] for s in reversed(starts)]
        state = None
        for piece in pieces:
            if state is not None:
                state = detach_state(state)  # the forward goes on, the backward stops here
            outputs, state = self.model.rnn(self.model.embedding(piece), state)
        return self.model.out(outputs[:, -1])


def saved_activation_bytes(loss_fn: Callable[[], Tensor]) -> int:
    """Bytes autograd holds for the backward pass once ``loss_fn()`` has built its loss.

    Every tensor saved for backward while ``loss_fn`` runs is watched (through
    ``torch.autograd.graph.saved_tensors_hooks`` and a weak reference); those still held
    when it returns are what ``loss.backward()`` will need. The graphs of earlier TBPTT
    chunks are already freed by then, so they do not count. Shared memory counts once.
    """
    watched: list[weakref.ref[Tensor]] = []

    def pack(t: Tensor) -> Tensor:
        saved = t.detach()  # same memory; no link back to the graph (no reference cycle)
        watched.append(weakref.ref(saved))
        return saved

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        loss = loss_fn()
    if not isinstance(loss, Tensor) or loss.grad_fn is None:
        raise ValueError("loss_fn must return a tensor that is part of an autograd graph")
    storages: dict[int, int] = {}
    for ref in watched:
        t = ref()
        if t is not None:
            storages[t.untyped_storage().data_ptr()] = t.untyped_storage().nbytes()
    return sum(storages.values())
