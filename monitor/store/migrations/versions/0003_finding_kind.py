"""findings.kind: ``auto`` (the machine decided) or ``assisted`` (a reviewer confirms).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('findings') as batch:
        batch.add_column(sa.Column('kind', sa.String(length=16), server_default='auto', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('findings') as batch:
        batch.drop_column('kind')
