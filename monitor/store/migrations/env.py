"""Alembic environment. ``open_store`` passes its connection in ``config.attributes["connection"]``;
``alembic -x url=sqlite:///x.db revision --autogenerate`` works too (for writing new revisions)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from monitor.store.schema import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    with create_engine(url).connect() as conn:
        _run(conn)
        conn.commit()
