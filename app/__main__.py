"""Command line: `python -m app serve | migrate | seed | keys …`."""

from app.cli import main

raise SystemExit(main())
