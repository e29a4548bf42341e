"""Training loops for classifiers, language models and seq2seq, gradient clipping and truncated
BPTT. Imports ``decoding``, ``models`` and the layers below.
"""
