"""initial schema: runs, events, ui_actions, consent_transitions, lifecycle, dialogs, findings, marks.

Revision ID: 0001
Revises: 
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('runs',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('app_package', sa.String(length=255), nullable=False),
    sa.Column('app_label', sa.String(length=255), nullable=True),
    sa.Column('device_kind', sa.String(length=32), nullable=False),
    sa.Column('device_serial', sa.String(length=255), nullable=True),
    sa.Column('scenario', sa.String(length=255), nullable=True),
    sa.Column('pimon_version', sa.String(length=32), nullable=False),
    sa.Column('started_ms', sa.BigInteger(), nullable=False),
    sa.Column('ended_ms', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('config', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_runs'))
    )
    with op.batch_alter_table('runs', schema=None) as batch_op:
        batch_op.create_index('ix_runs_app_package_started', ['app_package', 'started_ms'], unique=False)
        batch_op.create_index('ix_runs_status', ['status'], unique=False)

    op.create_table('dialogs',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('run_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ts', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('preselected', sa.Boolean(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_dialogs_run_id_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogs'))
    )
    with op.batch_alter_table('dialogs', schema=None) as batch_op:
        batch_op.create_index('ix_dialogs_run_ts', ['run_id', 'ts'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('run_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('ts', sa.BigInteger(), nullable=False),
    sa.Column('api', sa.String(length=512), nullable=False),
    sa.Column('class', sa.String(length=512), nullable=False),
    sa.Column('method', sa.String(length=255), nullable=False),
    sa.Column('overload', sa.Text(), nullable=True),
    sa.Column('category', sa.String(length=64), nullable=False),
    sa.Column('pi', sa.String(length=64), nullable=True),
    sa.Column('sensitive', sa.Boolean(), nullable=False),
    sa.Column('args', sa.JSON(), nullable=True),
    sa.Column('ret', sa.Text(), nullable=True),
    sa.Column('thread', sa.String(length=255), nullable=True),
    sa.Column('stack', sa.JSON(), nullable=True),
    sa.Column('caller', sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_events_run_id_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_run_api_caller', ['run_id', 'api', 'caller'], unique=False)
        batch_op.create_index('ix_events_run_ts', ['run_id', 'ts'], unique=False)

    op.create_table('findings',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('run_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('rule', sa.String(length=64), nullable=False),
    sa.Column('article', sa.String(length=64), nullable=False),
    sa.Column('severity', sa.String(length=16), nullable=False),
    sa.Column('api', sa.String(length=512), nullable=False),
    sa.Column('category', sa.String(length=64), nullable=False),
    sa.Column('caller', sa.String(length=255), nullable=False),
    sa.Column('caller_frame', sa.JSON(), nullable=True),
    sa.Column('chain', sa.JSON(), nullable=True),
    sa.Column('phase', sa.String(length=16), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('first_ms', sa.BigInteger(), nullable=False),
    sa.Column('last_ms', sa.BigInteger(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_findings_run_id_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_findings'))
    )
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index('ix_findings_run_rule', ['run_id', 'rule'], unique=False)

    op.create_table('lifecycle',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('run_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ts', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_lifecycle_run_id_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lifecycle'))
    )
    with op.batch_alter_table('lifecycle', schema=None) as batch_op:
        batch_op.create_index('ix_lifecycle_run_ts', ['run_id', 'ts'], unique=False)

    op.create_table('marks',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('run_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ts', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_marks_run_id_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_marks'))
    )
    with op.batch_alter_table('marks', schema=None) as batch_op:
        batch_op.create_index('ix_marks_run_ts', ['run_id', 'ts'], unique=False)

    op.create_table('ui_actions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('run_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ts', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('target', sa.JSON(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_ui_actions_run_id_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ui_actions'))
    )
    with op.batch_alter_table('ui_actions', schema=None) as batch_op:
        batch_op.create_index('ix_ui_actions_run_ts', ['run_id', 'ts'], unique=False)

    op.create_table('consent_transitions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('run_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ts', sa.BigInteger(), nullable=False),
    sa.Column('from_state', sa.String(length=16), nullable=False),
    sa.Column('to_state', sa.String(length=16), nullable=False),
    sa.Column('ui_action_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_consent_transitions_run_id_runs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ui_action_id'], ['ui_actions.id'], name=op.f('fk_consent_transitions_ui_action_id_ui_actions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_transitions'))
    )
    with op.batch_alter_table('consent_transitions', schema=None) as batch_op:
        batch_op.create_index('ix_consent_transitions_run_ts', ['run_id', 'ts'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('consent_transitions', schema=None) as batch_op:
        batch_op.drop_index('ix_consent_transitions_run_ts')

    op.drop_table('consent_transitions')
    with op.batch_alter_table('ui_actions', schema=None) as batch_op:
        batch_op.drop_index('ix_ui_actions_run_ts')

    op.drop_table('ui_actions')
    with op.batch_alter_table('marks', schema=None) as batch_op:
        batch_op.drop_index('ix_marks_run_ts')

    op.drop_table('marks')
    with op.batch_alter_table('lifecycle', schema=None) as batch_op:
        batch_op.drop_index('ix_lifecycle_run_ts')

    op.drop_table('lifecycle')
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index('ix_findings_run_rule')

    op.drop_table('findings')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_run_ts')
        batch_op.drop_index('ix_events_run_api_caller')

    op.drop_table('events')
    with op.batch_alter_table('dialogs', schema=None) as batch_op:
        batch_op.drop_index('ix_dialogs_run_ts')

    op.drop_table('dialogs')
    with op.batch_alter_table('runs', schema=None) as batch_op:
        batch_op.drop_index('ix_runs_status')
        batch_op.drop_index('ix_runs_app_package_started')

    op.drop_table('runs')
