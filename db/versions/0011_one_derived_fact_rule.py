"""One derived-fact rule: the append-only triggers of every derived-fact
table let a laptop replace its copy with the kept one the same way.

Derived facts (movement undos, sign-in corrections, tally take-backs, merges; domain/corrections.py
RULES) made on two laptops are one fact; every store keeps the same copy (device, hlc and
provenance fields). ``storage.records.keep_one_correction`` replaces a laptop's copy with one
UPDATE while meta ``adopt_hub_fact`` is '1'. Until now movements allowed a same-fact UPDATE
without the flag and merges only a changed device (not its hlc or reason); now all four tables
need the flag, and movements and merges still refuse any change of the fields that make the fact.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_FLAG = "(SELECT value FROM meta WHERE key = 'adopt_hub_fact') IS '1'"
_MOVEMENT_SAME = (
    "OLD.kind = 'undo' AND NEW.kind = 'undo' AND OLD.ref_id IS NOT NULL AND NEW.id = OLD.id"
    " AND NEW.ref_id IS OLD.ref_id AND NEW.caravan_id IS OLD.caravan_id AND NEW.title_id IS OLD.title_id"
    " AND NEW.qty IS OLD.qty AND NEW.visit_id IS OLD.visit_id AND NEW.recipient IS OLD.recipient"
)
_MERGE_SAME = (
    "NEW.id = OLD.id AND NEW.entity IS OLD.entity AND NEW.from_id IS OLD.from_id"
    " AND NEW.into_id IS OLD.into_id AND NEW.undoes IS OLD.undoes AND NEW.deleted IS OLD.deleted"
)


def upgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS movements_no_update")
    op.execute(
        "CREATE TRIGGER movements_no_update BEFORE UPDATE ON movements "
        f"WHEN NOT ({_FLAG} AND {_MOVEMENT_SAME}) "
        "BEGIN SELECT RAISE(ABORT, 'movements is append-only'); END"
    )
    op.execute("DROP TRIGGER IF EXISTS merges_no_update")
    op.execute(
        "CREATE TRIGGER merges_no_update BEFORE UPDATE ON merges "
        f"WHEN NOT ({_FLAG} AND {_MERGE_SAME}) "
        "BEGIN SELECT RAISE(ABORT, 'merges is append-only'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS movements_no_update")
    op.execute(
        "CREATE TRIGGER movements_no_update BEFORE UPDATE ON movements "
        f"WHEN NOT ({_MOVEMENT_SAME}) "
        "BEGIN SELECT RAISE(ABORT, 'movements is append-only'); END"
    )
    op.execute("DROP TRIGGER IF EXISTS merges_no_update")
    op.execute(
        "CREATE TRIGGER merges_no_update BEFORE UPDATE OF entity, from_id, into_id, reason, undoes, id, hlc, "
        "deleted ON merges BEGIN SELECT RAISE(ABORT, 'merges is append-only'); END"
    )
