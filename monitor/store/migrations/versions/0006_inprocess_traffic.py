"""flows: source (proxy | in-process), attributed_by (stack | host), sender stack/thread/process, TLS tap;
destinations: every place the app connected to or looked up, payload or not.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    with op.batch_alter_table('flows') as batch:
        batch.add_column(sa.Column('source', sa.String(length=16), server_default='proxy', nullable=False))
        batch.add_column(sa.Column('attributed_by', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('stack', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('thread', sa.String(length=255), nullable=True))
        batch.add_column(sa.Column('process', sa.String(length=255), nullable=True))
        batch.add_column(sa.Column('tap', sa.String(length=64), nullable=True))
    op.create_table('destinations',
    sa.Column('id', Id, nullable=False),
    sa.Column('run_id', Id, nullable=False),
    sa.Column('ts', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('host', sa.String(length=255), nullable=True),
    sa.Column('ip', sa.String(length=64), nullable=True),
    sa.Column('port', sa.Integer(), nullable=True),
    sa.Column('transport', sa.String(length=8), nullable=False),
    sa.Column('process', sa.String(length=255), nullable=True),
    sa.Column('local', sa.String(length=100), nullable=True),
    sa.Column('result', sa.Integer(), nullable=True),
    sa.Column('blocked', sa.String(length=16), nullable=True),
    sa.Column('addresses', sa.JSON(), nullable=True),
    sa.Column('api', sa.String(length=255), nullable=True),
    sa.Column('thread', sa.String(length=255), nullable=True),
    sa.Column('stack', sa.JSON(), nullable=True),
    sa.Column('caller', sa.String(length=255), nullable=True),
    sa.Column('attributed_by', sa.String(length=16), nullable=True),
    sa.Column('flows', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_destinations_run_id_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_destinations'))
    )
    with op.batch_alter_table('destinations') as batch:
        batch.create_index('ix_destinations_run_ts', ['run_id', 'ts'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('destinations') as batch:
        batch.drop_index('ix_destinations_run_ts')
    op.drop_table('destinations')
    with op.batch_alter_table('flows') as batch:
        for col in ('tap', 'process', 'thread', 'stack', 'attributed_by', 'source'):
            batch.drop_column(col)
