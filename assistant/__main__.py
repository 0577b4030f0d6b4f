"""`python -m assistant` runs the walkaway command."""

from assistant.cli import main

raise SystemExit(main())
