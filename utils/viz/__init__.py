"""Every plot, diagram and widget of the course. Imports ``analysis`` and the layers below; the
only layer that imports matplotlib or ipywidgets.
"""
