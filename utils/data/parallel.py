"""A parallel corpus ready for seq2seq: split by source, tokenised, numericalised.

``make_parallel_data(pairs, src_tokenize, tgt_tokenize, detokenize)`` splits the pairs by
source sentence (``utils.data.splits``), builds both vocabularies from the training pairs
only, and numericalises three ``utils.data.seq2seq.Seq2SeqData``:

- ``train``: every ``(source, translation)`` pair of the training sources;
- ``dev`` and ``test``: each source once (its first reference as the nominal target,
  used only for lengths); ``split.dev`` / ``split.test`` keep all references for BLEU.

``detokenize`` turns the model's target tokens back into text, so that BLEU compares
text with text (sacreBLEU tokenises both sides itself).

``tatoeba_en_fr`` and ``tatoeba_en_ko`` build lesson 12's two directions from the shipped
Tatoeba files, so that the notebook, the benchmarks and the tests use the same data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from utils.data.seq2seq import Seq2SeqData, Tokenizer, word_tokenize
from utils.data.splits import MultiReference, SourceSplit, split_by_source
from utils.data.tatoeba import TUTORIAL_PREFIXES, load_tatoeba
from utils.data.tokenizers import SubwordTokenizer, detokenize, punct_tokenize
from utils.data.vocab import UNK_ID, Vocab

Pair = tuple[str, str]
Detokenizer = Callable[[Sequence[str]], str]


@dataclass
class ParallelData:
    """Training, dev and test data of one translation direction (see the module docstring)."""

    split: SourceSplit
    train: Seq2SeqData
    dev: Seq2SeqData
    test: Seq2SeqData
    detokenize: Detokenizer

    @property
    def src_vocab(self) -> Vocab:
        return self.train.src_vocab

    @property
    def tgt_vocab(self) -> Vocab:
        return self.train.tgt_vocab

    def to_text(self, ids: Sequence[int]) -> str:
        """Target ids (stopping at ``<eos>``) → text."""
        return self.detokenize(self.tgt_vocab.decode(ids))


def sources_data(examples: Sequence[MultiReference], like: Seq2SeqData) -> Seq2SeqData:
    """The sources of ``examples`` numericalised with ``like``'s vocabularies and tokenisers
    (the target of each is its first reference)."""
    return Seq2SeqData([(ex.source, ex.references[0]) for ex in examples], like.src_vocab,
                       like.tgt_vocab, like.src_tokenize, like.tgt_tokenize)


def make_parallel_data(pairs: Sequence[Pair], src_tokenize: Tokenizer, tgt_tokenize: Tokenizer,
                       detokenize: Detokenizer, *, n_dev: int | float = 0.05,
                       n_test: int | float = 0.1, seed: int = 0, min_count: int = 1,
                       train_sources: int | None = None) -> ParallelData:
    """Split ``pairs`` by source, build vocabularies on the training side (tokens seen fewer
    than ``min_count`` times become ``<unk>``) and numericalise all three parts.

    ``train_sources`` keeps only the first that many training sources (in a shuffled order
    fixed by ``seed``; dev and test do not change), for learning curves over data size.
    """
    split = split_by_source(pairs, n_dev=n_dev, n_test=n_test, seed=seed)
    if train_sources is not None:
        split = split.subset(train_sources)
    src_vocab = Vocab.build((src_tokenize(s) for s, _ in split.train), min_count=min_count)
    tgt_vocab = Vocab.build((tgt_tokenize(t) for _, t in split.train), min_count=min_count)
    train = Seq2SeqData(split.train, src_vocab, tgt_vocab, src_tokenize, tgt_tokenize)
    return ParallelData(split, train, sources_data(split.dev, train),
                        sources_data(split.test, train), detokenize)


def unknown_rate(data: Seq2SeqData, side: str = "src") -> float:
    """The share of ``data``'s real tokens on ``side`` (``"src"`` or ``"tgt"``) that its
    vocabulary maps to ``<unk>``."""
    if side == "src":
        ids, lengths = data.src, data.src_lengths
    elif side == "tgt":
        ids, lengths = data.tgt_out, data.tgt_lengths - 1  # without <eos>
    else:
        raise ValueError(f"side must be 'src' or 'tgt', got {side!r}")
    return float((ids == UNK_ID).sum()) / float(lengths.sum())


def tatoeba_en_fr(*, tokenizer: str = "punct", max_words: int | None = 10,
                  prefixes: tuple[str, ...] | None = TUTORIAL_PREFIXES, n_dev: int | float = 400,
                  n_test: int | float = 800, seed: int = 0, min_count: int = 1,
                  train_sources: int | None = None) -> ParallelData:
    """Lesson 12's English → French data from the shipped file: by default the PyTorch
    tutorial's subset (``TUTORIAL_PREFIXES``, ≤ 10 words a side), 400 dev and 800 test
    sources. ``tokenizer``: ``"punct"`` (``punct_tokenize``) or ``"words"`` (white space).
    The shipped file holds only the tutorial's sentences (``data/README.md``); the scale-up
    (all pairs of at most 15 words) reads the full export with ``load_sentence_pairs``."""
    pairs = load_tatoeba("eng-fra", max_len=max_words, prefixes=prefixes)
    if tokenizer == "punct":
        return make_parallel_data(pairs, english_tokens, french_tokens, french_text,
                                  n_dev=n_dev, n_test=n_test, seed=seed, min_count=min_count,
                                  train_sources=train_sources)
    if tokenizer == "words":
        return make_parallel_data(pairs, word_tokenize, word_tokenize, " ".join, n_dev=n_dev,
                                  n_test=n_test, seed=seed, min_count=min_count,
                                  train_sources=train_sources)
    raise ValueError(f"tokenizer must be 'punct' or 'words', got {tokenizer!r}")


def tatoeba_en_ko(*, tokenizer: str = "bpe", merges: int = 1000, max_words: int | None = 10,
                  n_dev: int | float = 200, n_test: int | float = 400, seed: int = 0,
                  min_count: int = 1) -> ParallelData:
    """Lesson 12's English → Korean data from the shipped file (pairs of ≤ 10 words a side,
    200 dev and 400 test sources). ``tokenizer``: ``"bpe"`` (English words and punctuation;
    Korean BPE with ``merges`` merges learned on the training targets) or ``"words"``
    (white space on both sides)."""
    pairs = load_tatoeba("eng-kor", max_len=max_words)
    if tokenizer == "words":
        return make_parallel_data(pairs, word_tokenize, word_tokenize, " ".join, n_dev=n_dev,
                                  n_test=n_test, seed=seed, min_count=min_count)
    if tokenizer != "bpe":
        raise ValueError(f"tokenizer must be 'bpe' or 'words', got {tokenizer!r}")
    split = split_by_source(pairs, n_dev=n_dev, n_test=n_test, seed=seed)
    korean = SubwordTokenizer.train([ko for _, ko in split.train], merges)
    return make_parallel_data(pairs, english_tokens, korean, korean.detokenize, n_dev=n_dev,
                              n_test=n_test, seed=seed, min_count=min_count)


def english_tokens(text: str) -> list[str]:
    """``punct_tokenize(text, "en")``."""
    return punct_tokenize(text, "en")


def french_tokens(text: str) -> list[str]:
    """``punct_tokenize(text, "fr")``."""
    return punct_tokenize(text, "fr")


def french_text(tokens: Sequence[str]) -> str:
    """``detokenize(tokens, "fr")``."""
    return detokenize(tokens, "fr")
