"""runs.status: 32 characters, for ``instrumentation-detected``.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def _alter(new: int, old: int) -> None:
    # SQLite does not enforce VARCHAR lengths and batch mode would copy the runs table (and with
    # foreign keys on, cascade): there only the declared type changes, in place, through the schema text.
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(sa.text("PRAGMA writable_schema=ON"))
        op.execute(sa.text(
            f"UPDATE sqlite_master SET sql = replace(sql, 'status VARCHAR({old}) NOT NULL, \n\tstatus_reason',"
            f" 'status VARCHAR({new}) NOT NULL, \n\tstatus_reason') WHERE type = 'table' AND name = 'runs'"))
        op.execute(sa.text("PRAGMA writable_schema=OFF"))
        return
    op.alter_column('runs', 'status', type_=sa.String(length=new), existing_type=sa.String(length=old),
                    existing_nullable=False)


def upgrade() -> None:
    _alter(32, 16)


def downgrade() -> None:
    _alter(16, 32)
