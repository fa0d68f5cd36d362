"""``python -m kg`` works the same as ``kg``."""

from kg.cli import main

raise SystemExit(main())
