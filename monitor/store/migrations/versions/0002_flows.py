"""flows: the proxy's HTTP(S) exchanges of a run, with the PI matches found in each.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('flows',
    sa.Column('id', Id, nullable=False),
    sa.Column('run_id', Id, nullable=False),
    sa.Column('flow_id', sa.String(length=64), nullable=False),
    sa.Column('ts', sa.BigInteger(), nullable=False),
    sa.Column('request_done_ms', sa.BigInteger(), nullable=True),
    sa.Column('response_ms', sa.BigInteger(), nullable=True),
    sa.Column('ended_ms', sa.BigInteger(), nullable=True),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('scheme', sa.String(length=8), nullable=False),
    sa.Column('host', sa.String(length=255), nullable=False),
    sa.Column('port', sa.Integer(), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('http_version', sa.String(length=16), nullable=False),
    sa.Column('request_headers', sa.JSON(), nullable=False),
    sa.Column('request_body', sa.LargeBinary(), nullable=False),
    sa.Column('request_body_size', sa.BigInteger(), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('response_headers', sa.JSON(), nullable=False),
    sa.Column('response_body', sa.LargeBinary(), nullable=False),
    sa.Column('response_body_size', sa.BigInteger(), nullable=False),
    sa.Column('tls', sa.Boolean(), nullable=False),
    sa.Column('tls_version', sa.String(length=16), nullable=True),
    sa.Column('sni', sa.String(length=255), nullable=True),
    sa.Column('server_address', sa.String(length=300), nullable=False),
    sa.Column('server_ip', sa.String(length=64), nullable=True),
    sa.Column('client_address', sa.String(length=64), nullable=False),
    sa.Column('offline', sa.Boolean(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('caller', sa.String(length=255), nullable=True),
    sa.Column('matches', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_flows_run_id_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flows'))
    )
    with op.batch_alter_table('flows', schema=None) as batch_op:
        batch_op.create_index('ix_flows_run_host', ['run_id', 'host'], unique=False)
        batch_op.create_index('ix_flows_run_ts', ['run_id', 'ts'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('flows', schema=None) as batch_op:
        batch_op.drop_index('ix_flows_run_ts')
        batch_op.drop_index('ix_flows_run_host')

    op.drop_table('flows')
