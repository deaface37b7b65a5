"""Session windows per device: the record that lets a push prove who made each op.

A sign-in opens a window for (user, device) starting after the device's op counter at
that moment (and at its clock, when the device reports it); the next sign-in on the device
ends the earlier windows at that counter; sign-out, revocation and expiry end a window in
time. An op's actor must have a window on the op's device that covers the op's counter and
its clock (server/sync/ingest.py). So ops a previous user made offline on a shared handheld
still land after the next person signs in, while nobody can push in the name of a person
who never signed in on that device, or for a time outside their shift on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from server.db import Conn, fetch_in, stamp
from sync.hlc import MAX_DRIFT_MS

# A device clock may run this far ahead of the server's and its ops still count as made
# before the window ended (the same bound the HLC allows, docs/sync-protocol.md §3).
END_SLACK_MS = MAX_DRIFT_MS

_LAST_SEQ = "SELECT MAX(counter) FROM op_log WHERE device_id = ?"
_END_BY_SEQ = (
    "UPDATE device_session SET end_seq = ? WHERE device = ? AND end_seq IS NULL AND start_seq <= ?"
)
_END_IN_TIME = (
    "UPDATE device_session SET ended_at = ?, end_reason = ? WHERE {where} AND ended_at IS NULL"
)
_END_SESSIONS = "UPDATE user_session SET ended_at = ? WHERE device = ? AND ended_at IS NULL"
_INSERT_SESSION = (
    'INSERT INTO user_session (token_hash, "user", device, created_at, expires_at)'
    " VALUES (?, ?, ?, ?, ?) RETURNING id"
)
_INSERT_WINDOW = (
    'INSERT INTO device_session (device, "user", session, started_at, expires_at,'
    " start_seq, start_wall) VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_WINDOWS = (
    "SELECT u.employee_code, w.start_seq, w.end_seq, w.start_wall, w.ended_at, w.expires_at"
    ' FROM device_session w JOIN app_user u ON u.id = w."user" WHERE w.device = ?'
)


@dataclass(frozen=True, slots=True)
class Window:
    start_seq: int  # ops of the window have counter > start_seq ...
    end_seq: int | None  # ... and <= end_seq (None: no later sign-in yet)
    start_wall: int | None  # device clock at sign-in, if the device reported it
    end_ms: int  # sign-out, revocation or expiry, server time

    def covers(self, seq: int, wall: int) -> bool:
        if seq <= self.start_seq or (self.end_seq is not None and seq > self.end_seq):
            return False
        if self.start_wall is not None and wall < self.start_wall:
            return False
        return wall <= self.end_ms + END_SLACK_MS


def _ms(value: datetime | str) -> int:
    """A timestamp column as epoch ms: datetime from asyncpg, Piccolo's text on SQLite."""
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return int(when.timestamp() * 1000)


async def open_session(
    conn: Conn,
    *,
    token_hash: str,
    user_pk: int,
    device_pk: int,
    device_id: str,
    now: datetime,
    expires: datetime,
    seq: int | None,
    wall: int | None,
) -> int:
    """Insert the session and its window; end every earlier session on the device (a
    handheld has one person at a time). Returns the session's id."""
    rows = await conn.fetch(_LAST_SEQ, [device_id])
    pushed = int(rows[0][0]) if rows and rows[0][0] is not None else 0
    # The device cannot move its counter below what it already pushed.
    start = max(seq or 0, pushed)
    at = stamp(conn, now)
    if seq is not None:
        # Earlier users' windows end where this one starts: their offline ops before the
        # switch still land, nothing after it can claim to be theirs.
        await conn.execute(_END_BY_SEQ, [start, device_pk, start])
    await conn.execute(_END_IN_TIME.format(where="device = ?"), [at, "replaced", device_pk])
    await conn.execute(_END_SESSIONS, [at, device_pk])
    found = await conn.fetch(
        _INSERT_SESSION, [token_hash, user_pk, device_pk, at, stamp(conn, expires)]
    )
    session_pk = int(found[0][0])
    await conn.execute(
        _INSERT_WINDOW,
        [device_pk, user_pk, session_pk, at, stamp(conn, expires), start, wall],
    )
    return session_pk


async def end_session(conn: Conn, session_pk: int, now: datetime, seq: int | None) -> None:
    """Sign-out: the session and its window end now (and at the device's counter, if sent)."""
    at = stamp(conn, now)
    await conn.execute("UPDATE user_session SET ended_at = ? WHERE id = ?", [at, session_pk])
    await conn.execute(_END_IN_TIME.format(where="session = ?"), [at, "signed_out", session_pk])
    if seq is not None:
        await conn.execute(
            "UPDATE device_session SET end_seq = ? WHERE session = ? AND end_seq IS NULL",
            [seq, session_pk],
        )


async def windows(conn: Conn, device_pk: int, actors: Sequence[str]) -> dict[str, list[Window]]:
    """The windows of these employee codes on the device, by employee code."""
    out: dict[str, list[Window]] = {}
    for code, start, end, start_wall, ended, expires in await fetch_in(
        conn, _WINDOWS, [device_pk], "u.employee_code", actors
    ):
        end_ms = _ms(expires) if ended is None else min(_ms(ended), _ms(expires))
        out.setdefault(code, []).append(
            Window(
                int(start),
                None if end is None else int(end),
                None if start_wall is None else int(start_wall),
                end_ms,
            )
        )
    return out
