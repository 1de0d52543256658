"""Files in and out: our YAML, JSON and CSV formats, event tables, TimelineJS and vis-timeline.

Takes paths (and text), gives events frames built by :mod:`timeline._frame`; takes frames and
writes files atomically. ``formats`` is the registry that picks a reader or writer by name,
extension or content.
"""
