"""``python -m monitor``: the ``pimon`` command."""

from monitor.cli.main import main

main()
