"""Parameter counts: a fixed-window neural language model vs a recurrent one (lesson 01).

A window model must give every position of its window its own weights, so its size grows
with the window; an RNN reuses one set of weights at every step, so its size does not
depend on the sequence length at all.
"""

from __future__ import annotations


def _check_sizes(**sizes: int) -> None:
    for name, n in sizes.items():
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise ValueError(f"{name} must be a positive int, got {n!r}")


def rnn_param_count(input_size: int, hidden_size: int, output_size: int | None = None) -> int:
    """Weights of ``h_t = tanh(x_t Wx + h_{t-1} Wh + b)`` (+ ``y_t = h_t Wy + by``).

    ``Wx (input, hidden) + Wh (hidden, hidden) + b (hidden,)``, plus
    ``Wy (hidden, output) + by (output,)`` when ``output_size`` is given. No sequence
    length appears: the same weights serve every step.
    """
    _check_sizes(input_size=input_size, hidden_size=hidden_size)
    count = input_size * hidden_size + hidden_size * hidden_size + hidden_size
    if output_size is not None:
        _check_sizes(output_size=output_size)
        count += hidden_size * output_size + output_size
    return count


def window_lm_param_count(window: int, vocab_size: int, embed_size: int, hidden_size: int
                          ) -> int:
    """Weights of a Bengio-style fixed-window language model (NNLM).

    The ``window`` previous words are embedded (one shared table ``(vocab, embed)``), their
    vectors **concatenated** (to keep their order) into ``window * embed`` numbers, then a
    tanh hidden layer and a softmax over the vocabulary:
    ``vocab*embed + (window*embed)*hidden + hidden + hidden*vocab + vocab``.
    The middle term grows linearly with the window.
    """
    _check_sizes(window=window, vocab_size=vocab_size, embed_size=embed_size,
                 hidden_size=hidden_size)
    return (vocab_size * embed_size + window * embed_size * hidden_size + hidden_size
            + hidden_size * vocab_size + vocab_size)
