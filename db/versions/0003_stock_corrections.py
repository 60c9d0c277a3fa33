"""Stock corrections: an undo's non-semantic fields may be replaced by sync.

The same undo made on two laptops has one derived id (domain/corrections.py); after sync every
store keeps the copy with the lower (hlc, device). The laptop that made the other copy replaces
its row's provenance (device, hlc, at, reason, override). The append-only trigger now allows
exactly that and nothing else: an undo row whose id and every field that makes the fact
(van, title, kind, quantity, visit, recipient, target) stay the same.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_SAME_FACT = (
    "OLD.kind = 'undo' AND NEW.kind = 'undo' AND OLD.ref_id IS NOT NULL AND NEW.id = OLD.id"
    " AND NEW.ref_id IS OLD.ref_id AND NEW.caravan_id IS OLD.caravan_id AND NEW.title_id IS OLD.title_id"
    " AND NEW.qty IS OLD.qty AND NEW.visit_id IS OLD.visit_id AND NEW.recipient IS OLD.recipient"
)


def upgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS movements_no_update")
    op.execute(
        "CREATE TRIGGER movements_no_update BEFORE UPDATE ON movements "
        f"WHEN NOT ({_SAME_FACT}) "
        "BEGIN SELECT RAISE(ABORT, 'movements is append-only'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS movements_no_update")
    op.execute(
        "CREATE TRIGGER movements_no_update BEFORE UPDATE ON movements "
        "BEGIN SELECT RAISE(ABORT, 'movements is append-only'); END"
    )
