"""Run the ``timeline`` command as ``python -m timeline``."""

from ._cli import main

raise SystemExit(main())
