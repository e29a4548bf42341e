"""Beam search and exhaustive search over a seq2seq model, and rescoring a sequence.

All three drive a model through the interface of ``utils.models.seq2seq.Seq2Seq``:
``encode(src, src_lengths) -> (memory, state)`` and
``decode_step(y_prev, state, memory) -> (log_probs, state, attention or None)``.
Greedy decoding is ``utils.decoding.greedy.greedy_decode``; ``beam_search`` with ``k = 1`` gives the
same output.

A hypothesis is the list of generated ids ``y_1 … y_t`` (``<eos>`` last if finished); its
log-probability is ``Σ_i log p(y_i | y_<i, x)`` and its *score* is that sum divided by a
length penalty ``lp(t)``:

- ``"none"``:    ``lp = 1`` (the plain sum, which favours short outputs);
- ``"average"``: ``lp = t`` (the mean log-probability per token);
- ``"gnmt"``:    ``lp = (5 + t)^α / (5 + 1)^α`` (Wu et al., 2016).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import Tensor, nn

from utils.data.vocab import EOS_ID, PAD_ID, SOS_ID
from utils.models.seq2seq import EncoderMemory, State

NORMALISATIONS = ("none", "average", "gnmt")
#: The three states a candidate can be in after a beam-search step.
LIVE, FINISHED, PRUNED = "live", "finished", "pruned"


def _check_normalisation(normalisation: str, alpha: float) -> None:
    if normalisation not in NORMALISATIONS:
        raise ValueError(f"normalisation must be one of {NORMALISATIONS}, got {normalisation!r}")
    if not alpha >= 0:
        raise ValueError(f"alpha must be non-negative, got {alpha}")


def length_penalty(length: int | Tensor, normalisation: str = "none", alpha: float = 0.6
                   ) -> float | Tensor:
    """The divisor ``lp(t)`` for a hypothesis of ``length`` tokens (``<eos>`` included)."""
    _check_normalisation(normalisation, alpha)
    if (torch.as_tensor(length) < 1).any():
        raise ValueError(f"length must be at least 1, got {length}")
    if normalisation == "none":
        return 1.0 if isinstance(length, int) else torch.ones_like(length, dtype=torch.float)
    if normalisation == "average":
        return float(length) if isinstance(length, int) else length.float()
    return ((5 + length) / 6) ** alpha


def normalise_score(log_prob: float | Tensor, length: int | Tensor, normalisation: str = "none",
                    alpha: float = 0.6) -> float | Tensor:
    """``log_prob / lp(length)``: the score beam search ranks finished hypotheses by."""
    return log_prob / length_penalty(length, normalisation, alpha)


@dataclass
class Hypothesis:
    """One decoded sequence.

    tokens: generated ids (``<eos>`` last when ``finished``); log_prob: their summed
    log-probability; score: ``log_prob / lp(len(tokens))``; attention ``(len(tokens),
    src_len)`` (the sentence's own source length) or ``None`` for a model without attention.
    """

    tokens: list[int]
    log_prob: float
    score: float
    finished: bool
    attention: Tensor | None = field(default=None, repr=False)


@dataclass
class TraceEntry:
    """A candidate at one beam-search step: the hypothesis so far, its log-probability and
    score, its status (``live`` / ``finished`` / ``pruned``), the index of the live
    hypothesis of the previous step it extends (``parent``, ``0`` at the first step) and its
    attention ``(len(tokens), src_len)`` or ``None``."""

    tokens: list[int]
    log_prob: float
    score: float
    status: str
    parent: int
    attention: Tensor | None = field(default=None, repr=False)


@dataclass
class BeamTrace:
    """What one sentence's beam search did: ``steps[t]`` lists the best ``2k`` candidates of
    step ``t`` (best first) — the ``k`` kept ``live``, the ones ending in ``<eos>`` set aside
    as ``finished`` and the rest ``pruned`` — and ``live[t]`` the live ones in slot order
    (their ``parent`` indexes ``live[t - 1]``)."""

    k: int
    normalisation: str
    alpha: float
    steps: list[list[TraceEntry]]
    live: list[list[TraceEntry]]


@dataclass
class BeamSearchResult:
    """``hypotheses[b]``: sentence ``b``'s n-best list, best score first; ``traces[b]`` its
    :class:`BeamTrace` when asked for (``None`` otherwise); ``steps``: decoder steps run."""

    hypotheses: list[list[Hypothesis]]
    traces: list[BeamTrace] | None
    steps: int

    def best(self) -> list[Hypothesis]:
        """The top hypothesis of every sentence."""
        return [h[0] for h in self.hypotheses]

    def best_tokens(self) -> Tensor:
        """``(batch, steps)`` long: each sentence's best tokens padded with ``PAD_ID`` after
        them, the layout of ``greedy_decode``."""
        best = self.best()
        width = max(len(h.tokens) for h in best)
        out = torch.full((len(best), width), PAD_ID, dtype=torch.long)
        for i, h in enumerate(best):
            out[i, :len(h.tokens)] = torch.tensor(h.tokens, dtype=torch.long)
        return out


def select_state(state: State, index: Tensor) -> State:
    """Rows ``index`` of a decoder state ``(layers, batch, hidden)`` (or an LSTM's pair)."""
    if isinstance(state, tuple):
        return tuple(s.index_select(1, index) for s in state)
    return state.index_select(1, index)


def select_memory(memory: EncoderMemory, index: Tensor) -> EncoderMemory:
    """Rows ``index`` of the encoder memory (outputs and mask)."""
    return EncoderMemory(memory.outputs.index_select(0, index), memory.mask.index_select(0, index))


def _check_inputs(src: Tensor, src_lengths: Tensor, max_len: int) -> None:
    if src.dim() != 2 or src.size(0) == 0 or src.size(1) == 0:
        raise ValueError(f"src must be a non-empty (batch, src_len) tensor, got shape "
                         f"{tuple(src.shape)}")
    if src_lengths.shape != (src.size(0),):
        raise ValueError(f"src_lengths must have shape ({src.size(0)},), got "
                         f"{tuple(src_lengths.shape)}")
    if not isinstance(max_len, int) or max_len < 1:
        raise ValueError(f"max_len must be a positive int, got {max_len!r}")


def _eval_mode(model: nn.Module) -> bool:
    was_training = model.training
    model.eval()
    return was_training


@torch.no_grad()
def sequence_log_prob(model: nn.Module, src: Tensor, src_lengths: Tensor,
                      hypotheses: list[list[int]]) -> Tensor:
    """``(batch,)`` summed log-probabilities the model gives ``hypotheses[b]`` for source
    ``b``, fed the true previous token at each step (teacher forcing).

    ``hypotheses`` is one list of generated ids per sentence (``<eos>`` included if it is
    part of the sequence; no ``<sos>``). This is the reference every search score is
    checked against.
    """
    _check_inputs(src, src_lengths, 1)
    if len(hypotheses) != src.size(0):
        raise ValueError(f"need one hypothesis per sentence: {src.size(0)} sentences, "
                         f"{len(hypotheses)} hypotheses")
    lengths = torch.tensor([len(h) for h in hypotheses])
    if int(lengths.min()) < 1:
        raise ValueError("cannot score an empty hypothesis")
    width = int(lengths.max())
    tokens = torch.full((len(hypotheses), width), PAD_ID, dtype=torch.long)
    for i, h in enumerate(hypotheses):
        tokens[i, :len(h)] = torch.as_tensor(list(h), dtype=torch.long)
    tokens = tokens.to(src.device)
    was_training = _eval_mode(model)
    try:
        memory, state = model.encode(src, src_lengths)
        y = torch.full((src.size(0),), SOS_ID, dtype=torch.long, device=src.device)
        total = torch.zeros(src.size(0), device=src.device)
        for t in range(width):
            log_probs, state, _ = model.decode_step(y, state, memory)
            step = log_probs.gather(1, tokens[:, t:t + 1]).squeeze(1)
            total = total + torch.where(lengths.to(src.device) > t, step, 0.0)
            y = tokens[:, t]
    finally:
        model.train(was_training)
    return total


def _backtrack(b: int, step: int, parent: int, token: int, tokens: list, parents: list,
               attn: np.ndarray | None, src_len: int) -> tuple[list[int], Tensor | None]:
    """The tokens (and attention rows) of the candidate ``token`` appended at ``step`` to
    live slot ``parent`` of step ``step - 1`` of sentence ``b``."""
    out, steps, slots = [token], [step], [parent]
    slot = parent
    for s in range(step - 1, -1, -1):
        out.append(tokens[s][b][slot])
        slot = parents[s][b][slot]
        steps.append(s)
        slots.append(slot)
    out.reverse()
    if attn is None:
        return out, None
    rows = attn[steps[::-1], b, slots[::-1], :src_len]  # (len, src_len)
    return out, torch.from_numpy(rows)


@torch.no_grad()
def beam_search(model: nn.Module, src: Tensor, src_lengths: Tensor, *, k: int = 5,
                max_len: int, n_best: int | None = None, normalisation: str = "none",
                alpha: float = 0.6, trace: bool = False) -> BeamSearchResult:
    """Beam search for every sentence of a batch at once.

    src ``(batch, src_len)``, src_lengths ``(batch,)``. All ``batch · k`` hypotheses live in
    one tensor: the encoder memory is repeated ``k`` times and, after each step, the
    decoder state is reordered with ``index_select`` to follow the surviving hypotheses.

    At each step every live hypothesis is extended by every token; of the ``2k`` best
    candidates (by summed log-probability) those ending in ``<eos>`` and ranked among the
    first ``k`` are set aside as finished, the ``k`` best others stay live, the rest are
    pruned. A sentence stops once ``n_best`` (default ``k``) hypotheses have finished; the
    search stops when every sentence has, or after ``max_len`` steps. Finished hypotheses
    are ranked by their normalised score (see the module docstring); if fewer than
    ``n_best`` finished, the best unfinished ones fill the list (``finished=False``).
    With ``trace=True`` every step's candidates are recorded for the step-through widget.
    """
    _check_inputs(src, src_lengths, max_len)
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"beam size k must be a positive int, got {k!r}")
    n_best = k if n_best is None else n_best
    if not isinstance(n_best, int) or not 1 <= n_best:
        raise ValueError(f"n_best must be a positive int, got {n_best!r}")
    _check_normalisation(normalisation, alpha)
    device, batch = src.device, src.size(0)
    was_training = _eval_mode(model)
    try:
        memory, state = model.encode(src, src_lengths)
        rows = torch.arange(batch, device=device).repeat_interleave(k)
        memory, state = select_memory(memory, rows), select_state(state, rows)
        scores = torch.full((batch, k), float("-inf"), device=device)
        scores[:, 0] = 0.0  # one live hypothesis (the empty one) per sentence at the start
        y = torch.full((batch * k,), SOS_ID, dtype=torch.long, device=device)
        done = torch.zeros(batch, dtype=torch.bool, device=device)
        n_finished = torch.zeros(batch, dtype=torch.long, device=device)
        live_tokens, live_parents, attn_out, records = [], [], [], []
        offsets = (torch.arange(batch, device=device) * k)[:, None]
        for _ in range(max_len):
            log_probs, state, attn = model.decode_step(y, state, memory)
            vocab = log_probs.size(-1)
            cand = (scores[:, :, None] + log_probs.view(batch, k, vocab)).view(batch, -1)
            top, idx = cand.topk(min(2 * k, k * vocab), dim=1)  # (batch, C), best first
            parent, token = idx // vocab, idx % vocab
            finite = torch.isfinite(top)
            is_eos = token == EOS_ID
            rank = torch.arange(top.size(1), device=device)[None, :]
            fin = is_eos & (rank < k) & finite & ~done[:, None]
            keep = ~is_eos & finite
            keep = keep & (keep.cumsum(1) <= k)
            order = torch.sort((~keep).to(torch.int8), dim=1, stable=True).indices[:, :k]
            scores = top.gather(1, order).masked_fill(~keep.gather(1, order), float("-inf"))
            new_parent, new_token = parent.gather(1, order), token.gather(1, order)
            records.append((top, parent, token, fin, keep, done.clone()))
            live_tokens.append(new_token)
            live_parents.append(new_parent)
            if attn is not None:
                attn_out.append(attn.view(batch, k, -1))
            n_finished += fin.sum(1)
            done = done | (n_finished >= n_best)
            state = select_state(state, (offsets + new_parent).view(-1))
            y = new_token.view(-1)
            if bool(done.all()) or not bool(torch.isfinite(scores).any()):
                break
    finally:
        model.train(was_training)
    steps = len(records)
    return _collect(records, live_tokens, live_parents, attn_out, scores, src_lengths, steps,
                    k=k, n_best=n_best, normalisation=normalisation, alpha=alpha, trace=trace)


def _collect(records: list, live_tokens: list[Tensor], live_parents: list[Tensor],
             attn_out: list[Tensor], scores: Tensor, src_lengths: Tensor, steps: int, *, k: int,
             n_best: int, normalisation: str, alpha: float, trace: bool) -> BeamSearchResult:
    """Turn the per-step tensors of :func:`beam_search` into hypotheses (and traces)."""
    tokens_l = [t.tolist() for t in live_tokens]
    parents_l = [p.tolist() for p in live_parents]
    # (steps, batch, k, src_len); NumPy, whose fancy indexing is cheap per hypothesis
    attn = torch.stack(attn_out).cpu().numpy() if attn_out else None
    lens = src_lengths.tolist()
    # every finished candidate: (batch, steps·C) scores, plus where it came from
    fin_scores = torch.cat([
        torch.where(fin, normalise_score(top, torch.full_like(top, t + 1), normalisation,
                                         alpha), float("-inf"))
        for t, (top, _, _, fin, _, _) in enumerate(records)], dim=1).cpu()
    width = records[0][0].size(1)
    tops_l, parents_r, tokens_r = ([r[i].tolist() for r in records] for i in range(3))
    fin_l = fin_scores.tolist()
    n_finished = torch.isfinite(fin_scores).sum(dim=1).tolist()
    hypotheses = []
    for b in range(scores.size(0)):
        chosen: list[Hypothesis] = []
        n_fin = n_finished[b]
        if n_fin:
            best = fin_scores[b].topk(min(n_best, n_fin))
            for flat in best.indices.tolist():
                t, c = divmod(flat, width)
                toks, rows = _backtrack(b, t, parents_r[t][b][c], tokens_r[t][b][c], tokens_l,
                                        parents_l, attn, lens[b])
                chosen.append(Hypothesis(toks, tops_l[t][b][c], fin_l[b][flat], True, rows))
        if len(chosen) < n_best:  # not enough finished: the best live ones fill the list
            alive = [j for j in range(k) if torch.isfinite(scores[b, j])]
            extra = []
            for j in alive:
                t = steps - 1
                toks, rows = _backtrack(b, t, parents_l[t][b][j], tokens_l[t][b][j], tokens_l,
                                        parents_l, attn, lens[b])
                log_prob = float(scores[b, j])
                extra.append(Hypothesis(toks, log_prob, float(normalise_score(
                    log_prob, steps, normalisation, alpha)), False, rows))
            extra.sort(key=lambda h: -h.score)
            chosen += extra[:n_best - len(chosen)]
        hypotheses.append(chosen)
    traces = None
    if trace:
        traces = [_trace(b, records, tokens_l, parents_l, attn, lens[b], k=k,
                         normalisation=normalisation, alpha=alpha)
                  for b in range(scores.size(0))]
    return BeamSearchResult(hypotheses, traces, steps)


def _trace(b: int, records: list, tokens_l: list, parents_l: list, attn: np.ndarray | None,
           src_len: int, *, k: int, normalisation: str, alpha: float) -> BeamTrace:
    """Sentence ``b``'s steps, up to the step at which it stopped."""
    steps, live = [], []
    for t, (top, parent, token, fin, keep, was_done) in enumerate(records):
        if bool(was_done[b]):
            break
        entries, kept = [], []
        for c in range(top.size(1)):
            log_prob = float(top[b, c])
            if log_prob == float("-inf"):
                continue
            toks, rows = _backtrack(b, t, int(parent[b, c]), int(token[b, c]), tokens_l,
                                    parents_l, attn, src_len)
            status = FINISHED if fin[b, c] else LIVE if keep[b, c] else PRUNED
            entry = TraceEntry(toks, log_prob,
                               float(normalise_score(log_prob, t + 1, normalisation, alpha)),
                               status, int(parent[b, c]), rows)
            entries.append(entry)
            if status == LIVE:
                kept.append(entry)
        steps.append(entries)
        live.append(kept)
    return BeamTrace(k, normalisation, alpha, steps, live)


def count_sequences(vocab_size: int, max_len: int) -> int:
    """How many complete outputs (``<eos>`` last, ``≤ max_len`` tokens) exist:
    ``Σ_{t=1..T} (V − 1)^(t − 1)``, which grows like ``V^T``."""
    if vocab_size < 1 or max_len < 1:
        raise ValueError(f"vocab_size and max_len must be positive, got {vocab_size}, {max_len}")
    return sum((vocab_size - 1) ** (t - 1) for t in range(1, max_len + 1))


@torch.no_grad()
def exhaustive_search(model: nn.Module, src: Tensor, src_lengths: Tensor, *, max_len: int,
                      n_best: int = 1, normalisation: str = "none", alpha: float = 0.6,
                      max_sequences: int = 20_000) -> list[list[Hypothesis]]:
    """Score every complete output of at most ``max_len`` tokens and return the
    ``n_best`` best per sentence (best score first): the exact answer beam search
    approximates.

    All prefixes of one length are extended together in one batch. Refuses (``ValueError``)
    when there are more than ``max_sequences`` outputs per sentence (see
    :func:`count_sequences`): the count grows like ``V^T``.
    """
    _check_inputs(src, src_lengths, max_len)
    _check_normalisation(normalisation, alpha)
    if not isinstance(n_best, int) or n_best < 1:
        raise ValueError(f"n_best must be a positive int, got {n_best!r}")
    was_training = _eval_mode(model)
    try:
        memory, state = model.encode(src, src_lengths)
        vocab = model.decode_step(torch.full((src.size(0),), SOS_ID, dtype=torch.long,
                                             device=src.device), state, memory)[0].size(-1)
        total = count_sequences(vocab, max_len)
        if total > max_sequences:
            raise ValueError(f"exhaustive search over {total} sequences (vocabulary {vocab}, "
                             f"max_len {max_len}) exceeds max_sequences = {max_sequences}; "
                             "use beam search, or a smaller vocabulary or max_len")
        others = torch.tensor([v for v in range(vocab) if v != EOS_ID], device=src.device)
        results = []
        for b in range(src.size(0)):
            one = torch.tensor([b], device=src.device)
            mem_b, state_b = select_memory(memory, one), select_state(state, one)
            prefixes = torch.zeros(1, 0, dtype=torch.long, device=src.device)
            logp = torch.zeros(1, device=src.device)
            y = torch.full((1,), SOS_ID, dtype=torch.long, device=src.device)
            attn_rows = None
            complete: list[Hypothesis] = []
            for t in range(max_len):
                rows = torch.zeros(prefixes.size(0), dtype=torch.long, device=src.device)
                log_probs, new_state, attn = model.decode_step(
                    y, state_b, select_memory(mem_b, rows))
                if attn is not None:
                    attn = attn[:, :int(src_lengths[b])].cpu()
                    attn_rows = attn[:, None] if attn_rows is None else torch.cat(
                        [attn_rows, attn[:, None]], dim=1)
                ends = logp + log_probs[:, EOS_ID]
                for i in range(prefixes.size(0)):
                    toks = prefixes[i].tolist() + [EOS_ID]
                    lp = float(ends[i])
                    complete.append(Hypothesis(
                        toks, lp, float(normalise_score(lp, t + 1, normalisation, alpha)), True,
                        None if attn_rows is None else attn_rows[i]))
                if t + 1 == max_len:
                    break
                n = prefixes.size(0)
                parent = torch.arange(n, device=src.device).repeat_interleave(len(others))
                token = others.repeat(n)
                logp = (logp[:, None] + log_probs[:, others]).reshape(-1)
                prefixes = torch.cat([prefixes[parent], token[:, None]], dim=1)
                state_b = select_state(new_state, parent)
                if attn_rows is not None:
                    attn_rows = attn_rows[parent.cpu()]
                y = token
            complete.sort(key=lambda h: -h.score)
            results.append(complete[:n_best])
    finally:
        model.train(was_training)
    return results


def all_sequences(vocab_size: int, max_len: int) -> list[list[int]]:
    """Every complete output (``<eos>`` last, ``≤ max_len`` tokens), shortest first — the
    list :func:`exhaustive_search` scores, written out with ``itertools.product``."""
    count_sequences(vocab_size, max_len)
    others = [v for v in range(vocab_size) if v != EOS_ID]
    return [list(p) + [EOS_ID] for t in range(max_len)
            for p in itertools.product(others, repeat=t)]
