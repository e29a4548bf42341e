"""Sequence Models Step by Step: the package every notebook imports.

The folders follow the course's architecture, from the bottom up. Each layer may import
from the layers *below* it (and from its own folder), never from a layer above or beside
it; ``tests/test_layers.py`` checks this rule and that no import cycle exists.

=====  ======================  ===========================================================
layer  package                 what it holds
=====  ======================  ===========================================================
0      ``runtime``,            seeds and device; exercise feedback; claims asserted next
       ``feedback``,           to a computed result (top-level modules, import nothing
       ``claims``              from ``utils``)
1      ``utils.scratch``       written by hand: NumPy functions, layers,
                               RNN/LSTM cells and BPTT, the char RNN, gradient check,
                               graph nodes, optimisers, initialisation, regularisation;
                               the GRU written in plain tensors
1      ``utils.data``          vocabularies, padding, minibatches, generated tasks
                               (order, dates, translation, copy, long range), real text
                               (the standard library, Tatoeba), tokenisers, splits by
                               source sentence, BPE, BERT's masking
1      ``utils.metrics``       BLEU, n-gram language-model baselines, perplexity,
                               parameter counts
2      ``utils.models``        PyTorch models: classifiers, language model, attention,
                               seq2seq, multi-head attention and the Transformer,
                               ``nn.RNN`` = the NumPy RNN, a next-token table
3      ``utils.decoding``      greedy, beam and exhaustive search, sampling, translating
                               a dataset
4      ``utils.training``      training loops (classifiers, language models, seq2seq),
                               gradient clipping, truncated BPTT
5      ``utils.analysis``      experiments that train and measure: gradient flow, the
                               long-range task, LSTM vs GRU, interpretable units,
                               translation with early stopping on dev BLEU
6      ``utils.viz``           every plot, diagram and widget (the only layer that imports
                               matplotlib or ipywidgets)
7      ``utils.exercises``     the checks behind each lesson's exercises
=====  ======================  ===========================================================

Layers with the same number are independent of each other (``scratch``, ``data`` and
``metrics`` import only layer 0). Modules are small and named after what they hold
(``utils.scratch.rnn``, ``utils.metrics.bleu``, ...); import what you need from them
directly.
"""
