"""Metrics: BLEU (equal to sacreBLEU), n-gram language-model baselines, perplexity, parameter
counts. Imports only layer 0 of ``utils``.
"""
