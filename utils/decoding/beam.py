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

    Two shortcuts change no result: the first step runs once per sentence (its ``k`` beams
    are copies of the empty hypothesis), and a sentence that has stopped leaves the
    batch, so later steps run only the sentences still searching.
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
        full_memory, state = model.encode(src, src_lengths)
        memory = full_memory
        # the sentences still searching, and their beams' scores and finished counts
        active = torch.arange(batch, device=device)
        scores = torch.full((batch, k), float("-inf"), device=device)
        scores[:, 0] = 0.0  # one live hypothesis (the empty one) per sentence at the start
        n_finished = torch.zeros(batch, dtype=torch.long, device=device)
        final_scores = scores.clone()  # the last scores of every sentence, for _collect
        stopped_finite = False  # does a sentence that stopped still have a finite score?
        y = torch.full((batch,), SOS_ID, dtype=torch.long, device=device)
        offsets = torch.arange(batch, device=device)[:, None] * k  # each sentence's first row
        records: list[tuple[Tensor, ...]] = []
        first_k = None  # (1, C): the candidates ranked among the first k
        for step in range(max_len):
            log_probs, state, attn = model.decode_step(y, state, memory)
            n_act, vocab = active.size(0), log_probs.size(-1)
            if step == 0:  # one row per sentence: the k beams would be identical copies
                log_probs = log_probs.repeat_interleave(k, dim=0)
                attn = None if attn is None else attn.repeat_interleave(k, dim=0)
            cand = (scores[:, :, None] + log_probs.view(n_act, k, vocab)).view(n_act, -1)
            top, idx = cand.topk(min(2 * k, k * vocab), dim=1)  # (n_act, C), best first
            parent, token = idx // vocab, idx % vocab
            if first_k is None:
                first_k = torch.arange(top.size(1), device=device)[None, :] < k
            finite = torch.isfinite(top)
            is_eos = token == EOS_ID
            fin = is_eos & first_k & finite
            keep = ~is_eos & finite
            keep = keep & (keep.cumsum(1) <= k)
            order = torch.sort((~keep).to(torch.int8), dim=1, stable=True).indices[:, :k]
            scores = top.gather(1, order).masked_fill(~keep.gather(1, order), float("-inf"))
            new_parent, new_token = parent.gather(1, order), token.gather(1, order)
            records.append((active, top, parent, token, fin, keep, new_token, new_parent,
                            None if attn is None else attn.view(n_act, k, -1)))
            n_finished = n_finished + fin.sum(1)
            done = n_finished >= n_best
            # one synchronisation: how many stopped, and whether any beam is still alive
            n_done, alive = torch.stack((done.sum(), keep.any())).tolist()
            if n_done == n_act or not (stopped_finite or alive):
                break
            if step == 0:  # every beam continues a copy of its sentence's one row
                rows = torch.arange(n_act, device=device).repeat_interleave(k)
            else:
                rows = (offsets[:n_act] + new_parent).view(-1)
            if n_done:  # the sentences that stopped leave the batch
                left, still = done.nonzero().squeeze(1), (~done).nonzero().squeeze(1)
                final_scores[active[left]] = scores[left]
                stopped_finite = stopped_finite or bool(torch.isfinite(scores[left]).any())
                rows = rows.view(n_act, k)[still].view(-1)
                active, scores = active[still], scores[still]
                n_finished, new_token = n_finished[still], new_token[still]
            if step == 0 or n_done:
                memory = select_memory(full_memory, active.repeat_interleave(k))
            state = select_state(state, rows)
            y = new_token.reshape(-1)
        final_scores[active] = scores
    finally:
        model.train(was_training)
    return _collect(records, final_scores, src_lengths, k=k, n_best=n_best,
                    normalisation=normalisation, alpha=alpha, trace=trace)


def _scatter_rows(batch: int, active: Tensor, values: Tensor, fill: float | int | bool
                  ) -> Tensor:
    """A ``(batch, ...)`` tensor holding ``values`` at the rows ``active``, ``fill`` elsewhere."""
    if active.size(0) == batch:
        return values
    out = values.new_full((batch, *values.shape[1:]), fill)
    out[active] = values
    return out


def _full_records(batch: int, records: list[tuple[Tensor, ...]], trace: bool
                  ) -> tuple[list[tuple[Tensor, ...]], list[Tensor], list[Tensor], list[Tensor]]:
    """The per-step tensors of :func:`beam_search` (rows of the sentences still searching)
    laid out for the whole batch: ``(top, parent, token, fin, keep, was_done)`` per step (a
    sentence that had stopped: no candidate, ``was_done`` true; ``was_done`` is ``None``
    unless ``trace``), and the live tokens, back-pointers and attention
    ``(batch, k[, src_len])`` per step."""
    full, tokens, parents, attn = [], [], [], []
    for active, top, parent, token, fin, keep, new_token, new_parent, weights in records:
        was_done = None
        if trace:
            was_done = torch.ones(batch, dtype=torch.bool, device=top.device)
            was_done[active] = False
        full.append((_scatter_rows(batch, active, top, float("-inf")),
                     _scatter_rows(batch, active, parent, 0),
                     _scatter_rows(batch, active, token, 0),
                     _scatter_rows(batch, active, fin, False),
                     _scatter_rows(batch, active, keep, False), was_done))
        tokens.append(_scatter_rows(batch, active, new_token, 0))
        parents.append(_scatter_rows(batch, active, new_parent, 0))
        if weights is not None:
            attn.append(_scatter_rows(batch, active, weights, 0.0))
    return full, tokens, parents, attn


def _paths(t_end: np.ndarray, b: np.ndarray, slot: np.ndarray, tokens: np.ndarray,
           parents: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Backtrack many hypotheses at once. Hypothesis ``i`` was appended at step
    ``t_end[i]`` to live slot ``slot[i]`` of sentence ``b[i]``; ``tokens`` and ``parents``
    are the live tokens and back-pointers ``(steps, batch, k)``. Returns ``(ids, rows)``,
    both ``(n, max t_end + 1)``: the ids before the appended one, and the slot whose
    decoder row produced the token of each step (for the attention)."""
    width = int(t_end.max()) + 1 if t_end.size else 1
    ids = np.zeros((t_end.size, width), dtype=np.int64)
    rows = np.zeros((t_end.size, width), dtype=np.int64)
    slot = slot.copy()
    rows[np.arange(t_end.size), t_end] = slot
    for s in range(width - 2, -1, -1):
        on = s < t_end
        ids[on, s] = tokens[s, b[on], slot[on]]
        slot[on] = parents[s, b[on], slot[on]]
        rows[on, s] = slot[on]
    return ids, rows


def _collect(records: list[tuple[Tensor, ...]], scores: Tensor, src_lengths: Tensor, *, k: int,
             n_best: int, normalisation: str, alpha: float, trace: bool) -> BeamSearchResult:
    """Turn the per-step tensors of :func:`beam_search` into hypotheses (and traces).

    Everything per hypothesis is done with whole-array operations (the backtracking, the
    attention rows); Python only wraps the results into :class:`Hypothesis` objects.
    ``scores`` ``(batch, k)``: every sentence's live scores when it stopped.
    """
    batch, steps = scores.size(0), len(records)
    records, live_tokens, live_parents, attn_out = _full_records(batch, records, trace)
    scores, src_lengths = scores.cpu(), src_lengths.cpu()
    tokens_np = torch.stack(live_tokens).cpu().numpy()  # (steps, batch, k)
    parents_np = torch.stack(live_parents).cpu().numpy()
    # (steps, batch, k, src_len); NumPy, whose fancy indexing is cheap per hypothesis
    attn = torch.stack(attn_out).cpu().numpy() if attn_out else None
    lens = src_lengths.tolist()
    # every finished candidate: (batch, steps·C) scores, plus where it came from
    tops, parents_t, tokens_t, fins = (torch.stack([r[i] for r in records]) for i in range(4))
    lengths = torch.arange(1, steps + 1, device=tops.device).to(tops.dtype)[:, None, None]
    fin_scores = torch.where(fins, normalise_score(tops, lengths.expand_as(tops), normalisation,
                                                   alpha), float("-inf"))
    width = tops.size(2)
    fin_scores = fin_scores.permute(1, 0, 2).reshape(batch, steps * width).cpu()
    tops_np, parents_r, tokens_r = (t.cpu().numpy() for t in (tops, parents_t, tokens_t))
    n_finished = torch.isfinite(fin_scores).sum(dim=1)
    # each sentence's best finished candidates; one topk per list length, as topk orders
    # ties by its own rule (the same row, the same k: the same order)
    n_take = n_finished.clamp(max=n_best)
    chosen_b, chosen_flat = [], []
    for take in n_take.unique().tolist():
        if take == 0:
            continue
        rows_b = (n_take == take).nonzero().squeeze(1)
        best = fin_scores[rows_b].topk(take, dim=1).indices
        chosen_b.append(rows_b[:, None].expand(-1, take).reshape(-1))
        chosen_flat.append(best.reshape(-1))
    # the best unfinished ones of the sentences with fewer than n_best finished
    short = (n_take < n_best).nonzero().squeeze(1)
    alive = torch.isfinite(scores[short])  # (n_short, k)
    extra_b = short[:, None].expand(-1, k)[alive]
    extra_slot = torch.arange(k)[None, :].expand(short.size(0), -1)[alive]
    # one backtracking pass for all of them
    fb = torch.cat(chosen_b).numpy() if chosen_b else np.zeros(0, dtype=np.int64)
    ff = torch.cat(chosen_flat).numpy() if chosen_flat else np.zeros(0, dtype=np.int64)
    ft, fc = np.divmod(ff, width)
    eb, es = extra_b.numpy(), extra_slot.numpy()
    et = np.full(eb.size, steps - 1)
    t_end = np.concatenate([ft, et])
    b_all = np.concatenate([fb, eb])
    slot_end = np.concatenate([parents_r[ft, fb, fc], parents_np[et, eb, es]])
    last = np.concatenate([tokens_r[ft, fb, fc], tokens_np[et, eb, es]])
    ids, rows = _paths(t_end, b_all, slot_end, tokens_np, parents_np)
    ids[np.arange(t_end.size), t_end] = last
    if attn is not None:
        steps_ix = np.broadcast_to(np.arange(ids.shape[1]), ids.shape)
        attn_rows = attn[steps_ix, b_all[:, None], rows]  # (n, width, src_len)
    ids_l, lens_all = ids.tolist(), np.concatenate([ft + 1, np.full(eb.size, steps)])
    log_probs = tops_np[ft, fb, fc].tolist() + scores[eb, es].tolist()
    normalised = fin_scores.numpy()[fb, ff].tolist()
    hyp_attn: list[Tensor | None] = [None] * t_end.size
    if attn is not None:
        src_lens = src_lengths.numpy()[b_all]
        hyp_attn = [torch.from_numpy(attn_rows[i, :n, :m].copy())
                    for i, (n, m) in enumerate(zip(lens_all.tolist(), src_lens.tolist(),
                                                   strict=True))]
    hypotheses: list[list[Hypothesis]] = [[] for _ in range(batch)]
    for i, b in enumerate(fb.tolist()):
        hypotheses[b].append(Hypothesis(ids_l[i][:lens_all[i]], log_probs[i], normalised[i],
                                        True, hyp_attn[i]))
    extra: dict[int, list[Hypothesis]] = {}
    for i, b in enumerate(eb.tolist(), start=fb.size):
        extra.setdefault(b, []).append(Hypothesis(
            ids_l[i][:steps], log_probs[i],
            float(normalise_score(log_probs[i], steps, normalisation, alpha)), False,
            hyp_attn[i]))
    for b, more in extra.items():
        more.sort(key=lambda h: -h.score)
        hypotheses[b] += more[:n_best - len(hypotheses[b])]
    traces = None
    if trace:
        tokens_l, parents_l = tokens_np.tolist(), parents_np.tolist()
        traces = [_trace(b, records, tokens_l, parents_l, attn, lens[b], k=k,
                         normalisation=normalisation, alpha=alpha)
                  for b in range(batch)]
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
