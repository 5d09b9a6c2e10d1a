"""events.count and events.times: aggregates of repeated calls (a flooding app, issue 12 point 8).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('events') as batch:
        batch.add_column(sa.Column('count', sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column('times', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('events') as batch:
        batch.drop_column('times')
        batch.drop_column('count')
