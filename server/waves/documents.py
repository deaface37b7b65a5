"""The input of one A4 document of a wave; only what that kind prints is read."""

from __future__ import annotations

from typing import Any

from server.printing.documents import HandoffEntry
from server.waves import assemble, render
from server.waves.render import DocKind
from server.waves.views import wave_handoffs


async def a4_document(
    kind: DocKind, wave: assemble.WaveInput, row: dict[str, Any], warehouse: int
) -> render.ListDoc:
    if kind is DocKind.HANDOFF_SHEET:
        signed = [
            HandoffEntry(
                document=h.document,
                handed_by=h.handed_by,
                received_by=h.received_by,
                order_count=h.order_count,
                signed_at=h.signed_at.astimezone(wave.printed_at.tzinfo),
            )
            for h in await wave_handoffs(int(row["id"]), wave.code)
        ]
        return assemble.handoff_sheet(wave, row["started_by"], signed)
    if kind is DocKind.PACKING_SLIPS:
        return await assemble.packing_slips(wave, warehouse)
    pick, sort = await assemble.lists(wave, warehouse)
    return pick if kind is DocKind.PICK_LIST else sort
