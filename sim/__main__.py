"""``python -m sim`` is the same as the ``boligflyt`` command."""

from sim.cli import main

raise SystemExit(main())
