"""Decoding: greedy, beam and exhaustive search over a seq2seq model, and sampling from a
language model. Imports ``models`` and the layers below.
"""
