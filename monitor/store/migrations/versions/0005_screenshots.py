"""screenshots: pictures of the screen per UI step, consent transition and dialog.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('screenshots',
    sa.Column('id', Id, nullable=False),
    sa.Column('run_id', Id, nullable=False),
    sa.Column('ts', sa.BigInteger(), nullable=False),
    sa.Column('label', sa.String(length=64), nullable=False),
    sa.Column('ui_action_id', Id, nullable=True),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('png', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_screenshots_run_id_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screenshots'))
    )
    op.create_index('ix_screenshots_run_ts', 'screenshots', ['run_id', 'ts'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_screenshots_run_ts', table_name='screenshots')
    op.drop_table('screenshots')
