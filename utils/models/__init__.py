"""PyTorch models: sequence classifiers, the language model, attention, seq2seq, multi-head
attention, positional encodings and the Transformer, and the hand-made next-token table.
Imports ``scratch``, ``data``, ``metrics`` and layer 0.
"""
