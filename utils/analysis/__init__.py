"""Experiments that train and measure: gradient flow, the long-range task, LSTM vs GRU,
interpretable units, translation on real data with early stopping on dev BLEU. Imports
``training`` and the layers below.
"""
