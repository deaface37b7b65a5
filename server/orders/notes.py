"""The flagged-note history 红旗备注 of an order, read back from its op log (append-only)."""

from __future__ import annotations

from datetime import UTC, datetime

from server.orders import repo
from server.orders.schemas import LabelOut, NoteOut


def _when(value: object, wall: int) -> datetime:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    return datetime.fromtimestamp(wall / 1000, UTC)


async def note_history(warehouse: int, eid: str) -> list[NoteOut]:
    out: list[NoteOut] = []
    for op in await repo.order_history(warehouse, eid, ["order.set_field"]):
        value = op.payload.get("value")
        if op.payload.get("field") != "flag_note" or not isinstance(value, dict):
            continue
        out.append(
            NoteOut(
                op_id=op.op_id,
                by=str(value.get("by") or op.actor),
                at=_when(value.get("at"), op.wall),
                change=str(value.get("change", "")),
                old=value.get("old"),
                new=value.get("new"),
                note=str(value.get("note", "")),
                after_print=value.get("after_print") is True,
            )
        )
    return out


async def label_history(warehouse: int, eid: str) -> list[LabelOut]:
    """Label versions in print order; a void (by anyone, even offline) marks its version."""
    labels: dict[str, LabelOut] = {}
    for op in await repo.order_history(warehouse, eid, ["label.print", "label.void"]):
        tracking = str(op.payload.get("tracking", ""))
        at = datetime.fromtimestamp(op.wall / 1000, UTC)
        if op.kind == "label.print" and tracking not in labels:
            labels[tracking] = LabelOut(
                version=len(labels) + 1,
                tracking=tracking,
                status="printed",
                printed_by=op.actor,
                printed_at=at,
            )
        elif op.kind == "label.void" and tracking in labels:
            old = labels[tracking]
            if old.status == "printed":
                labels[tracking] = LabelOut(
                    version=old.version,
                    tracking=tracking,
                    status="voided",
                    printed_by=old.printed_by,
                    printed_at=old.printed_at,
                    voided_by=op.actor,
                    voided_at=at,
                    void_reason=str(op.payload.get("reason", "")),
                )
    return sorted(labels.values(), key=lambda lb: lb.version)
