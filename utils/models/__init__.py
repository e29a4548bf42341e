"""PyTorch models: sequence classifiers, the language model, attention, seq2seq, and the
hand-made next-token table. Imports ``scratch``, ``data``, ``metrics`` and layer 0.
"""
