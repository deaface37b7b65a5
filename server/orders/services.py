"""The orders slice's service: orders in (JSON, imports), one order, customer-service changes.

It is also what the orders and waves slices share: the server's op author, its clock, the
office lock and the push. Every change the office makes is an op the server authors on
behalf of the signed-in user (actor = their employee code) and ingests through the sync
path, so devices see it. Built once by the composition root (it holds the lock and the
author's clock) and injected as `orders_service`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from litestar.exceptions import ClientException, HTTPException, NotFoundException
from litestar.status_codes import HTTP_409_CONFLICT, HTTP_413_REQUEST_ENTITY_TOO_LARGE

from server.db.tables import OrderImport
from server.identity.principal import Principal
from server.orders import changes, importer, repo
from server.orders.access import staff_of
from server.orders.changes import Change, ChangeRefusedError
from server.orders.drafts import RowError
from server.orders.export import to_csv
from server.orders.layouts import Layout
from server.orders.model import OrderView
from server.orders.notes import note_history
from server.orders.readers import FileFormatError
from server.orders.sandbox import ImportTooCostlyError, parse_isolated
from server.orders.schemas import (
    ChangeOut,
    ImportOut,
    NoteOut,
    OrderCreated,
    OrderIn,
    OrderOut,
    RowErrorOut,
)
from server.orders.upload import order_drafts
from server.orders.views import order_out
from server.sync.author import ServerAuthor
from server.sync.privacy import sees_phones
from server.sync.reader import route_only
from server.sync.services import SyncService
from sync import Op

BuildChange = Callable[[OrderView], Change]
ORDER_NO_CHARS = 64  # a bad order number is quoted in its row error, not stored whole
PARALLEL_PARSES = 2  # import parser processes at once (each capped at sandbox.MEMORY_BYTES)


class PushFailedError(RuntimeError):
    """The sync log did not take a server-authored op (never the client's fault)."""


def utcnow() -> datetime:
    return datetime.now(UTC)


class OrdersService:
    def __init__(self, sync: SyncService, now: Callable[[], datetime] = utcnow) -> None:
        self.sync = sync
        self.author = ServerAuthor()
        self.now = now
        # One office write at a time per process: "does it exist yet?" and the push that
        # creates it must not interleave (imports, wave starts, reprints).
        self.lock = asyncio.Lock()
        self.parsers = asyncio.Semaphore(PARALLEL_PARSES)

    def op(self, kind: str, eid: str, payload: dict[str, Any], actor: str) -> Op:
        return self.author.op(kind, "order", eid, payload, actor=actor)

    async def push(self, ops: Sequence[Op], warehouse: int) -> int:
        """All or nothing: the ingest writes a batch in one transaction. Returns the cursor."""
        if not ops:
            return 0
        results, cursor = await self.sync.push(None, ops, warehouse)
        bad = [r for r in results if r.status not in ("accepted", "duplicate")]
        if bad:
            raise PushFailedError(f"sync log refused {bad[0].id}: {bad[0].reason}")
        return cursor

    async def order(self, p: Principal, eid: str) -> OrderView:
        """404 alike for "no such order", "another warehouse's order" and, for a courier,
        "an order off your route": no existence oracle (OWASP API1, issue 9 finding 5).
        Every order route (show, labels, notes, changes) loads the order through here."""
        order = await repo.load_order(p.warehouse_id, eid)
        if order is None or (
            route_only(p) and not await repo.on_route(p.warehouse_id, eid, p.user_pk)
        ):
            raise NotFoundException(f"no order {eid!r} in warehouse {p.warehouse_code}")
        return order

    async def show(self, p: Principal, eid: str) -> OrderOut:
        return order_out(await self.order(p, eid), sees_phones(p))

    async def create(self, p: Principal, data: OrderIn) -> OrderCreated:
        """One order from JSON: `created`, or `existing` if its number is already known."""
        drafts, errors = order_drafts(data)
        out = await importer.land(self, p.warehouse_id, staff_of(p).code, drafts, errors)
        if out.errors:
            raise ClientException(
                "; ".join(e.text() for e in out.errors),
                extra={"errors": [e.message for e in out.errors]},
            )
        (eid,) = [*out.created, *out.existing]
        return OrderCreated(eid=eid, status="created" if out.created else "existing")

    async def import_file(
        self, p: Principal, filename: str, data: bytes, layout: Layout | None, platform: str | None
    ) -> ImportOut:
        """Land a platform export and keep a record of the import with its row errors."""
        try:
            # In a child process with memory and time caps, at most two at a time: the
            # event loop keeps answering while a workbook is parsed (sandbox.py).
            async with self.parsers:
                parsed = await asyncio.to_thread(parse_isolated, filename, data, layout, platform)
        except FileFormatError as exc:
            raise ClientException(f"{filename[:100]}: {exc}") from exc
        except ImportTooCostlyError as exc:
            raise HTTPException(
                status_code=HTTP_413_REQUEST_ENTITY_TOO_LARGE, detail=f"{filename[:100]}: {exc}"
            ) from exc
        by = staff_of(p).code
        out = await importer.land(self, p.warehouse_id, by, parsed.drafts, parsed.errors)
        record = OrderImport(
            warehouse=p.warehouse_id,
            filename=filename[:255],
            layout=parsed.layout.value,
            imported_by=by,
            imported_at=self.now(),
            row_count=parsed.rows,
            created=len(out.created),
            existing=len(out.existing),
            failed=len(out.failed),
            errors=json.dumps(
                [[e.row, e.order_no[:ORDER_NO_CHARS], e.text()] for e in out.errors],
                ensure_ascii=False,
            ),
        )
        await record.save()
        return ImportOut(
            import_id=int(record.id),
            layout=parsed.layout.value,
            rows=parsed.rows,
            created=len(out.created),
            existing=len(out.existing),
            failed=len(out.failed),
            created_orders=out.created,
            errors=[_error(e) for e in out.errors],
            errors_csv=f"/api/orders/imports/{record.id}/errors.csv" if out.errors else None,
        )

    async def import_errors(self, p: Principal, import_id: int) -> bytes:
        """An import's row errors as CSV; another warehouse's import is not found."""
        row = (
            await OrderImport.select(OrderImport.errors, OrderImport.filename)
            .where(OrderImport.id == import_id, OrderImport.warehouse == p.warehouse_id)
            .first()
        )
        if row is None:
            raise NotFoundException(f"no import {import_id} in warehouse {p.warehouse_code}")
        return to_csv(["row", "order_no", "error"], json.loads(row["errors"]))

    async def change(self, p: Principal, eid: str, build: BuildChange, note: str) -> ChangeOut:
        """Load (warehouse-checked), build the change, push it with its flagged note, re-read.

        A change that makes no sense for the order as it is now is a 409."""

        async def make(order: OrderView) -> Change:
            return build(order)

        return await self._change(p, eid, make, note)

    async def _change(
        self, p: Principal, eid: str, make: Callable[[OrderView], Awaitable[Change]], note: str
    ) -> ChangeOut:
        async with self.lock:
            order = await self.order(p, eid)
            try:
                change = await make(order)
                await changes.apply(self, order, change, staff_of(p), note)
            except ChangeRefusedError as exc:
                raise HTTPException(status_code=HTTP_409_CONFLICT, detail=str(exc)) from exc
        fresh = await self.order(p, eid)
        return ChangeOut(
            eid=eid, change=change.name, needs_reprint=fresh.needs_reprint, order=order_out(fresh)
        )

    async def change_lines(
        self, p: Principal, eid: str, lines: dict[str, int], note: str
    ) -> ChangeOut:
        """Replace the order's lines; every SKU must be in the catalogue."""

        async def make(order: OrderView) -> Change:
            known = await repo.skus(list(lines))
            unknown = sorted(set(lines) - set(known))
            if unknown:
                raise ClientException(f"unknown SKU {unknown[0]}")
            return changes.lines_change(order, lines)

        return await self._change(p, eid, make, note)

    async def notes(self, p: Principal, eid: str) -> list[NoteOut]:
        await self.order(p, eid)
        return await note_history(p.warehouse_id, eid)


def _error(e: RowError) -> RowErrorOut:
    return RowErrorOut(row=e.row, order_no=e.order_no[:ORDER_NO_CHARS], message=e.text())
