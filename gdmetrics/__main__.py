"""`python -m gdmetrics ...`: the command line."""

from gdmetrics.cli import main

raise SystemExit(main())
