"""answer feedback counts, per intent only

Revision ID: 7c1f0e2a9b3d
Revises: 429d8fb76842
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa


revision = '7c1f0e2a9b3d'
down_revision = '429d8fb76842'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('answer_feedback',
    sa.Column('intent', sa.String(length=64), nullable=False),
    sa.Column('helpful', sa.Integer(), nullable=False),
    sa.Column('not_helpful', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('intent', name=op.f('pk_answer_feedback'))
    )


def downgrade():
    op.drop_table('answer_feedback')
