"""Looking inside a character model: which hidden units track something we can measure?

* ``hidden_trace`` runs a model over one text and keeps every step's hidden state
  (or, for an LSTM, its cell state): ``(time, hidden)``.
* ``code_features`` measures, character by character, what a programmer sees in code:
  inside a string, bracket depth, indentation, position in the line.
* ``unit_correlations`` / ``best_units`` search every unit for the strongest Pearson
  correlation with each feature.
* ``describe_unit`` sums a unit up in one line; ``utils.viz.unit_widgets`` colours the text
  by a unit's activation.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from utils.models.lm import RNNModel

FEATURES = ("inside string", "bracket depth", "indentation", "position in line")


@torch.no_grad()
def hidden_trace(model: RNNModel, ids: Sequence[int], which: str = "h") -> np.ndarray:
    """The last layer's state after reading each token of ``ids``: ``(time, hidden)``.

    ``which="h"``: the hidden state (the layer's output); ``which="c"``: an LSTM's cell
    state, read one step at a time.
    """
    if len(ids) == 0:
        raise ValueError("ids is empty")
    if which not in ("h", "c"):
        raise ValueError(f"which must be 'h' or 'c', got {which!r}")
    if which == "c" and model.cell != "lstm":
        raise ValueError(f"only an LSTM has a cell state; this model is a {model.cell}")
    model.eval()
    device = next(model.parameters()).device
    x = torch.tensor([list(ids)], device=device)
    emb = model.embedding(x)
    if which == "h":
        out, _ = model.rnn(emb)
        return out[0].cpu().numpy()
    state, cells = None, []
    for t in range(x.shape[1]):
        _, state = model.rnn(emb[:, t : t + 1], state)
        cells.append(state[1][-1, 0].cpu().numpy())
    return np.stack(cells)


def code_features(text: str) -> dict[str, np.ndarray]:
    """What each character of Python code is part of, measured after reading it.

    Returns four arrays ``(len(text),)``: ``inside string`` (1 from an opening quote up to,
    not including, its closing quote; single, double and triple quotes, with backslash
    escapes), ``bracket depth`` (open ``([{`` minus closed, outside strings and comments),
    ``indentation`` (leading spaces of the current line read so far) and ``position in
    line`` (column, 0 right after a newline).
    """
    if not text:
        raise ValueError("text is empty")
    n = len(text)
    inside, depth, indent, column = (np.zeros(n) for _ in range(4))
    quote: str | None = None  # the delimiter of the string we are in: ', ", ''' or """
    comment = escaped = False
    d = ind = col = 0
    at_line_start = True
    i = 0
    while i < n:
        ch = text[i]
        step = 1
        if quote is not None:  # inside a string
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif text.startswith(quote, i):
                step = len(quote)
                quote = None
            elif ch == "\n" and len(quote) == 1:
                quote = None  # an unterminated one-line string ends at the line's end
        elif comment:
            comment = ch != "\n"
        elif ch == "#":
            comment = True
        elif ch in "'\"":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            step = len(quote)
        elif ch in "([{":
            d += 1
        elif ch in ")]}":
            d = max(0, d - 1)
        for j in range(i, min(i + step, n)):
            c = text[j]
            if c == "\n":
                col, ind, at_line_start = 0, 0, True
            else:
                col += 1
                if at_line_start and c == " ":
                    ind += 1
                else:
                    at_line_start = False
            # a closing quote already counts as outside; an opening one as inside
            inside[j] = quote is not None
            depth[j], indent[j], column[j] = d, ind, col
        i += step
    return dict(zip(FEATURES, (inside, depth, indent, column), strict=True))


def unit_correlations(acts: np.ndarray, feature: np.ndarray) -> np.ndarray:
    """Pearson correlation of every unit with one feature: ``(time, hidden)``, ``(time,)``
    → ``(hidden,)``. A unit (or feature) that never changes gets correlation 0."""
    acts, feature = np.asarray(acts, dtype=float), np.asarray(feature, dtype=float)
    if acts.ndim != 2 or feature.shape != (acts.shape[0],):
        raise ValueError(
            f"acts must be (time, hidden) and feature (time,), got {acts.shape} and "
            f"{feature.shape}"
        )
    if acts.shape[0] < 2:
        raise ValueError("need at least 2 time steps to correlate")
    a = acts - acts.mean(axis=0)
    f = feature - feature.mean()
    denom = np.sqrt((a**2).sum(axis=0) * (f**2).sum())
    num = f @ a
    return np.divide(num, denom, out=np.zeros_like(num), where=denom > 1e-12)


def best_units(acts: np.ndarray, features: dict[str, np.ndarray]) -> list[tuple[str, int, float]]:
    """For each feature, the unit whose activation correlates most strongly with it
    (either sign): a list of ``(feature, unit, r)``."""
    out = []
    for name, f in features.items():
        r = unit_correlations(acts, f)
        unit = int(np.argmax(np.abs(r)))
        out.append((name, unit, float(r[unit])))
    return out


def describe_unit(unit: int, acts: np.ndarray, features: dict[str, np.ndarray]) -> str:
    """One line: the unit's correlation with every feature."""
    parts = [f"{name} r={unit_correlations(acts[:, [unit]], f)[0]:+.2f}"
             for name, f in features.items()]
    return f"unit {unit}: " + ", ".join(parts)


