"""Evidence uploads and reads: resumable intake into the blob store, per-request access.

An upload is a row (`evidence_upload`, how many bytes arrived) and a part file; each chunk
is written at its offset and then claimed with a compare-and-set on `received`, so two
racing retries of one chunk advance it once. The request that completes the bytes checks
the declared sha256, runs the intake (in a worker thread: decoding is CPU work) and writes
the evidence row; a second upload of the same `uid` answers with that row (exactly once).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import anyio.to_thread

from server.db import Connector, Row, stamp
from server.evidence.intake import IntakeRejected, Limits, intake
from server.evidence.schemas import EvidenceOut, UploadStart, UploadState
from server.evidence.store import BlobStore, address
from server.identity.principal import Principal
from server.roles import Role

UPLOADERS = (Role.COURIER, Role.PICKER, Role.MANAGER)
# Who sees every proof of the warehouse; anyone else sees only what they uploaded.
OFFICE = (Role.MANAGER, Role.CS, Role.EXCEPTIONS)

_EVIDENCE_COLS = (
    "e.uid, e.kind, e.eid, e.mime, e.width, e.height, e.size, e.sha256, u.employee_code,"
    " e.created_at, e.captured_at, e.latitude, e.longitude, e.thumb_sha256, e.uploaded_by"
)
_EVIDENCE_FROM = " FROM evidence e JOIN app_user u ON u.id = e.uploaded_by"
_UPLOAD_COLS = "uid, uploaded_by, kind, eid, size, sha256, received, meta"


class NotFound(LookupError):
    """No such upload or evidence for this person (another warehouse's looks the same)."""


class Conflict(Exception):
    """A chunk at the wrong offset; `state` says where to resume."""

    def __init__(self, state: UploadState) -> None:
        super().__init__("chunk offset does not match the bytes received")
        self.state = state


@dataclass(frozen=True, slots=True)
class Stored:
    out: EvidenceOut
    thumb_sha256: str
    uploader_pk: int


def _iso(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return datetime.fromisoformat(str(value)).astimezone(UTC).isoformat()


def _stored(row: Row) -> Stored:
    out = EvidenceOut(
        uid=str(row[0]),
        kind=str(row[1]),
        eid=str(row[2]),
        mime=str(row[3]),
        width=int(row[4]),
        height=int(row[5]),
        size=int(row[6]),
        sha256=str(row[7]),
        uploaded_by=str(row[8]),
        created_at=_iso(row[9]) or "",
        captured_at=_iso(row[10]),
        latitude=None if row[11] is None else float(row[11]),
        longitude=None if row[12] is None else float(row[12]),
    )
    return Stored(out, str(row[13]), int(row[14]))


def _parse_time(raw: str | None) -> datetime | None:
    if not raw:
        return None
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


class EvidenceService:
    def __init__(self, connector: Connector, store: BlobStore, parts: Path, limits: Limits) -> None:
        self.connector = connector
        self.store = store
        self.parts = parts
        self.limits = limits

    def _part(self, warehouse: int, uid: str) -> Path:
        return self.parts / f"{warehouse}-{uid}.part"

    # -- reads -------------------------------------------------------------------------

    async def _evidence(self, warehouse: int, uid: str) -> Stored | None:
        rows = await self.connector.fetch(
            f"SELECT {_EVIDENCE_COLS}{_EVIDENCE_FROM} WHERE e.warehouse = ? AND e.uid = ?",
            [warehouse, uid],
        )
        return _stored(rows[0]) if rows else None

    async def find(self, who: Principal, uid: str) -> Stored:
        """The evidence if this person may see it; otherwise NotFound, as if it did not exist."""
        found = await self._evidence(who.warehouse_id, uid)
        if found is None or not (who.has_any(*OFFICE) or found.uploader_pk == who.user_pk):
            raise NotFound(uid)
        return found

    async def for_order(self, who: Principal, eid: str) -> list[EvidenceOut]:
        sql = f"SELECT {_EVIDENCE_COLS}{_EVIDENCE_FROM} WHERE e.warehouse = ? AND e.eid = ?"
        args: list[object] = [who.warehouse_id, eid]
        if not who.has_any(*OFFICE):
            sql += " AND e.uploaded_by = ?"
            args.append(who.user_pk)
        rows = await self.connector.fetch(sql + " ORDER BY e.id", args)
        return [_stored(r).out for r in rows]

    def blob(self, sha256: str) -> bytes | None:
        return self.store.get(sha256)

    # -- uploads -----------------------------------------------------------------------

    async def _may_prove(self, who: Principal, eid: str) -> bool:
        """The order exists in this warehouse, and a courier carries it on their route."""
        if not eid:
            return True
        rows = await self.connector.fetch(
            "SELECT 1 FROM sync_entity WHERE warehouse = ? AND etype = 'order' AND eid = ?",
            [who.warehouse_id, eid],
        )
        if not rows:
            return False
        if who.has_any(Role.MANAGER, Role.PICKER):
            return True
        routed = await self.connector.fetch(
            "SELECT 1 FROM courier_route WHERE warehouse = ? AND eid = ? AND courier = ?",
            [who.warehouse_id, eid, who.user_pk],
        )
        return bool(routed)

    async def _upload(self, warehouse: int, uid: str) -> Row | None:
        rows = await self.connector.fetch(
            f"SELECT {_UPLOAD_COLS} FROM evidence_upload WHERE warehouse = ? AND uid = ?",
            [warehouse, uid],
        )
        return rows[0] if rows else None

    async def start(self, who: Principal, req: UploadStart) -> UploadState:
        done = await self._evidence(who.warehouse_id, req.uid)
        if done is not None:
            if done.uploader_pk != who.user_pk:
                raise NotFound(req.uid)
            return UploadState(
                uid=req.uid,
                size=done.out.size,
                received=done.out.size,
                done=True,
                evidence=done.out,
            )
        if req.size > self.limits.max_bytes:
            raise IntakeRejected(413, "too_large", f"image is over {self.limits.max_bytes} bytes")
        if not await self._may_prove(who, req.eid):
            raise NotFound(req.eid)
        meta = json.dumps(
            {
                "keep_time": req.keep_time,
                "keep_place": req.keep_place,
                "captured_at": req.captured_at if req.keep_time else None,
                "latitude": req.latitude if req.keep_place else None,
                "longitude": req.longitude if req.keep_place else None,
            }
        )
        async with self.connector.write() as conn:
            await conn.execute(
                "INSERT INTO evidence_upload (warehouse, uid, uploaded_by, device_id, kind, eid,"
                " size, sha256, received, meta, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)"
                " ON CONFLICT (warehouse, uid) DO NOTHING",
                [
                    who.warehouse_id,
                    req.uid,
                    who.user_pk,
                    who.device_id,
                    req.kind,
                    req.eid,
                    req.size,
                    req.sha256,
                    meta,
                    stamp(conn, datetime.now(UTC)),
                ],
            )
        return await self.state(who, req.uid)

    async def state(self, who: Principal, uid: str) -> UploadState:
        row = await self._upload(who.warehouse_id, uid)
        if row is None:
            done = await self._evidence(who.warehouse_id, uid)
            if done is None or done.uploader_pk != who.user_pk:
                raise NotFound(uid)
            return UploadState(
                uid=uid, size=done.out.size, received=done.out.size, done=True, evidence=done.out
            )
        if int(row[1]) != who.user_pk:
            raise NotFound(uid)
        return UploadState(uid=uid, size=int(row[4]), received=int(row[6]), done=False)

    async def chunk(self, who: Principal, uid: str, offset: int, data: bytes) -> UploadState:
        state = await self.state(who, uid)
        if state.done:
            return state
        if offset != state.received or offset + len(data) > state.size or not data:
            raise Conflict(state)
        path = self._part(who.warehouse_id, uid)
        await anyio.to_thread.run_sync(_write_at, path, offset, data)
        end = offset + len(data)
        async with self.connector.write() as conn:
            won = await conn.fetch(
                "UPDATE evidence_upload SET received = ? WHERE warehouse = ? AND uid = ?"
                " AND received = ? RETURNING received",
                [end, who.warehouse_id, uid, offset],
            )
        if not won:
            raise Conflict(await self.state(who, uid))
        if end < state.size:
            return UploadState(uid=uid, size=state.size, received=end, done=False)
        return await self._finish(who, uid)

    async def _finish(self, who: Principal, uid: str) -> UploadState:
        row = await self._upload(who.warehouse_id, uid)
        assert row is not None
        path = self._part(who.warehouse_id, uid)
        try:
            data = path.read_bytes()
            if address(data) != str(row[5]):
                raise IntakeRejected(422, "checksum", "the bytes do not match the declared sha256")
            meta = json.loads(str(row[7]))
            result = await anyio.to_thread.run_sync(
                lambda: intake(
                    data,
                    self.limits,
                    keep_time=bool(meta["keep_time"]),
                    keep_place=bool(meta["keep_place"]),
                )
            )
        except IntakeRejected:
            await self._drop(who.warehouse_id, uid)
            raise
        sha = await anyio.to_thread.run_sync(self.store.put, result.data)
        thumb = await anyio.to_thread.run_sync(self.store.put, result.thumb)
        captured = _parse_time(meta.get("captured_at")) or result.taken.captured_at
        lat = meta.get("latitude") if meta.get("latitude") is not None else result.taken.latitude
        lon = meta.get("longitude") if meta.get("longitude") is not None else result.taken.longitude
        if lat is None or lon is None:
            lat = lon = None
        async with self.connector.write() as conn:
            await conn.execute(
                "INSERT INTO evidence (warehouse, uid, kind, eid, uploaded_by, device_id, sha256,"
                " thumb_sha256, mime, width, height, size, captured_at, latitude, longitude,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (warehouse, uid) DO NOTHING",
                [
                    who.warehouse_id,
                    uid,
                    str(row[2]),
                    str(row[3]),
                    who.user_pk,
                    who.device_id,
                    sha,
                    thumb,
                    result.mime,
                    result.width,
                    result.height,
                    len(result.data),
                    None if captured is None else stamp(conn, captured),
                    lat,
                    lon,
                    stamp(conn, datetime.now(UTC)),
                ],
            )
            await conn.execute(
                "DELETE FROM evidence_upload WHERE warehouse = ? AND uid = ?",
                [who.warehouse_id, uid],
            )
        path.unlink(missing_ok=True)
        return await self.state(who, uid)

    async def _drop(self, warehouse: int, uid: str) -> None:
        async with self.connector.write() as conn:
            await conn.execute(
                "DELETE FROM evidence_upload WHERE warehouse = ? AND uid = ?", [warehouse, uid]
            )
        self._part(warehouse, uid).unlink(missing_ok=True)


def _write_at(path: Path, offset: int, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.pwrite(fd, data, offset)
        os.fsync(fd)
    finally:
        os.close(fd)
