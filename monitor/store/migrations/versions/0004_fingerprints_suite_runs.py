"""fingerprints and suite runs: findings.fingerprint (backfilled), suite_runs, runs.suite_run_id, runs.task_id.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def _fingerprint(*parts: str | None) -> str:
    # Frozen copy of monitor.findings.fingerprint (version 1): a migration must not change with the code.
    raw = "\x00".join("" if p is None else str(p) for p in parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(raw).hexdigest()[:32]


def upgrade() -> None:
    op.create_table('suite_runs',
    sa.Column('id', Id, nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('key', sa.String(length=128), nullable=True),
    sa.Column('started_ms', sa.BigInteger(), nullable=False),
    sa.Column('ended_ms', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('config', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suite_runs')),
    sa.UniqueConstraint('key', name=op.f('uq_suite_runs_key'))
    )
    with op.batch_alter_table('suite_runs', schema=None) as batch_op:
        batch_op.create_index('ix_suite_runs_name_started', ['name', 'started_ms'], unique=False)

    with op.batch_alter_table('runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suite_run_id', Id, nullable=True))
        batch_op.add_column(sa.Column('task_id', sa.String(length=128), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_runs_suite_run_id_suite_runs'), 'suite_runs', ['suite_run_id'],
                                    ['id'], ondelete='SET NULL')
        batch_op.create_index('ix_runs_suite_run_id', ['suite_run_id'], unique=False)
        batch_op.create_index('ix_runs_task_id', ['task_id'], unique=False)

    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fingerprint', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_findings_fingerprint', ['fingerprint'], unique=False)

    conn = op.get_bind()
    runs = sa.table('runs', sa.column('id'), sa.column('app_package'), sa.column('scenario'))
    findings = sa.table('findings', sa.column('id'), sa.column('run_id'), sa.column('rule'), sa.column('api'),
                        sa.column('category'), sa.column('caller'), sa.column('phase'), sa.column('fingerprint'))
    rows = conn.execute(sa.select(findings.c.id, runs.c.app_package, runs.c.scenario, findings.c.rule,
                                  findings.c.api, findings.c.category, findings.c.caller, findings.c.phase)
                        .select_from(findings.join(runs, runs.c.id == findings.c.run_id))).all()
    for fid, app, scenario, rule, api, category, caller, phase in rows:
        conn.execute(findings.update().where(findings.c.id == fid)
                     .values(fingerprint=_fingerprint(app, scenario, rule, api, category or "-", caller, phase)))


def downgrade() -> None:
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index('ix_findings_fingerprint')
        batch_op.drop_column('fingerprint')
    with op.batch_alter_table('runs', schema=None) as batch_op:
        batch_op.drop_index('ix_runs_task_id')
        batch_op.drop_index('ix_runs_suite_run_id')
        batch_op.drop_constraint(batch_op.f('fk_runs_suite_run_id_suite_runs'), type_='foreignkey')
        batch_op.drop_column('task_id')
        batch_op.drop_column('suite_run_id')
    with op.batch_alter_table('suite_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_suite_runs_name_started')
    op.drop_table('suite_runs')
