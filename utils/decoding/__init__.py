"""Decoding: greedy, beam and exhaustive search over a seq2seq model, translating a whole
dataset back to text, and sampling from a language model. Imports ``models`` and the layers below.
"""
