"""The figure: an events frame drawn as a ``plotly.graph_objects.Figure``.

Takes an events frame (its ``start``/``end`` columns, never its date strings), gives a figure:
lanes, marks, relations, periods, density strips, layout and the text of labels and hover.
"""
