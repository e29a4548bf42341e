"""Sequence Models Step by Step: the package every notebook imports.

Modules are small and named after what they hold (``utils.numpy_rnn``, ``utils.bleu``, ...);
import what you need from them directly. ``utils.runtime`` fixes seeds and picks the device.
"""
