"""``pimon serve`` (the results web UI, ``monitor.web``) and ``pimon user add`` (its local accounts)."""

from __future__ import annotations

import getpass
import os
import sys
from typing import Annotated

import typer

from monitor.errors import ConfigError

user_app = typer.Typer(name="user", help="Accounts of `pimon serve`: roles viewer, reviewer (accepts findings), "
                                         "admin (also sees identifiers unmasked).", no_args_is_help=True,
                       add_completion=False, pretty_exceptions_enable=False)

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def bind_warning(host: str) -> str | None:
    """The loud warning printed when ``--host`` is not loopback (None when it is)."""
    if host in LOOPBACK:
        return None
    return (f"WARNING: binding {host}: pimon serve speaks plain HTTP. Put it behind a TLS reverse proxy (and pass "
            "--secure-cookies), or passwords and session cookies cross the network in clear.")


def _fail(msg: str) -> None:
    typer.echo(f"error: {msg}", err=True)
    raise typer.Exit(2)


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="the log-in name")],
    role: Annotated[str, typer.Option("--role", help="viewer, reviewer or admin")] = "viewer",
    db: Annotated[str | None, typer.Option("--db", help="SQLAlchemy URL or SQLite file")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="read the password from stdin "
                                                 "(one line) instead of prompting")] = False,
    replace: Annotated[bool, typer.Option("--replace", help="set a new password/role for an existing user")] = False,
) -> None:
    """Add a local account (the password is stored as an Argon2id hash, never in clear)."""
    from monitor.store import open_store
    from monitor.store.review import add_user
    from monitor.web.auth import hash_password

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            _fail("the passwords differ")
    if len(password) < 8:
        _fail("a password has at least 8 characters")
    try:
        with open_store(db) as store:
            add_user(store, name, hash_password(password), role, replace=replace)
    except ConfigError as exc:
        _fail(str(exc))
    typer.echo(f"user {name} ({role}) saved")


def serve_cmd(
    db: Annotated[str | None, typer.Option("--db", help="SQLAlchemy URL or SQLite file")] = None,
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8750,
    host: Annotated[str, typer.Option("--host", help="address to bind; anything but loopback should sit "
                                      "behind a TLS proxy")] = "127.0.0.1",
    secure_cookies: Annotated[bool, typer.Option("--secure-cookies", help="mark the session cookie Secure "
                                                 "(behind TLS)")] = False,
) -> None:
    """Serve the results web UI (runs, run reports, SDKs, apps, suites, baseline review)."""
    import uvicorn

    from monitor.paths import state_home
    from monitor.store import open_store
    from monitor.web.app import create_app
    from monitor.web.auth import session_secret

    warning = bind_warning(host)
    if warning:
        typer.secho(warning, err=True, fg="red", bold=True)
    try:
        store = open_store(db)
    except ConfigError as exc:
        _fail(str(exc))
    secret = os.environ.get("PIMON_SERVE_SECRET") or session_secret(state_home())
    typer.echo(f"pimon serve: http://{host}:{port}/ (Ctrl-C stops)", err=True)
    try:
        uvicorn.run(create_app(store, secret=secret, secure_cookies=secure_cookies), host=host, port=port,
                    log_level="warning", server_header=False)
    finally:
        store.close()


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
    app.command("serve")(serve_cmd)
