"""Counts of events per lane and time bin, computed by an engine where the table lives."""
