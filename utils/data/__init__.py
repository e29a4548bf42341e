"""Data: vocabularies, padding and minibatches, generated tasks, real text (the standard library,
Tatoeba), tokenisers, splits by source sentence, parallel data, BPE and BERT-style
token masking. Imports only layer 0 of ``utils``.
"""
