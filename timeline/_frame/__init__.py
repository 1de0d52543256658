"""The events frame: the contract every other stage shares.

Takes events as Python records or as checked columns, and gives the events DataFrame (one row per
event; ``start``/``end`` instants worked out from EDTF dates, ``precision``, lists of actors, tags,
sources and relations), with the checks, the problem type and the selections that work on it.
Modules here import nothing from the other stages.
"""
