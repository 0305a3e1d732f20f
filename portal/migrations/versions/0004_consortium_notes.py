"""consortium notes: members' notes on a shared supplier

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consortium_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_consortium_notes_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortia.id'], name=op.f('fk_consortium_notes_consortium_id_consortia'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_consortium_notes_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supplier_id'], ['organisations.id'], name=op.f('fk_consortium_notes_supplier_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consortium_notes'))
    )
    with op.batch_alter_table('consortium_notes', schema=None) as batch_op:
        batch_op.create_index('ix_consortium_notes_supplier', ['consortium_id', 'supplier_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_consortium_notes_organisation_id'), ['organisation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('consortium_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consortium_notes_organisation_id'))
        batch_op.drop_index('ix_consortium_notes_supplier')

    op.drop_table('consortium_notes')
