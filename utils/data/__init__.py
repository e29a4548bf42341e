"""Data: vocabularies, padding and minibatches, generated tasks, real text (the standard library,
Tatoeba) and BPE. Imports only layer 0 of ``utils``.
"""
