"""Data: vocabularies, padding and minibatches, generated tasks, real text (the standard library,
Tatoeba), BPE and BERT-style token masking. Imports only layer 0 of ``utils``.
"""
