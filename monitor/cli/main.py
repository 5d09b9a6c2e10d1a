"""The ``pimon`` command line. Sub-command groups live in sibling modules and are mounted here."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="pimon",
    help="Dynamic privacy-compliance monitor for Android apps: hooks, consent scenarios, traffic evidence, reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
