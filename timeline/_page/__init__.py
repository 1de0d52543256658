"""The page: a figure and its events as one offline HTML file, or as an image.

Takes a figure and an events frame, gives a standalone HTML page (chart, event table, filter box,
provenance; its CSS and JavaScript are the files in ``assets/``) or a PNG, SVG or PDF via kaleido.
"""
