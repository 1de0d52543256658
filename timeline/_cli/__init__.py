"""The ``timeline`` command line: a front end over every stage (``timeline._cli.main``)."""

from timeline._cli.main import main, unexpected_error_line

__all__ = ["main", "unexpected_error_line"]
