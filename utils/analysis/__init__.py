"""Experiments that train and measure: gradient flow, the long-range task, LSTM vs GRU,
interpretable units. Imports ``training`` and the layers below.
"""
