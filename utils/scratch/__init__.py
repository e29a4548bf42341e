"""From scratch: NumPy functions, layers, RNN and LSTM cells with hand-written backward passes,
the char RNN, gradient checks, graph nodes, optimisers, initialisation, regularisation, and the
GRU in plain tensors. Imports only layer 0 of ``utils``.
"""
