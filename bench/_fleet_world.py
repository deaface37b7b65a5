"""The fleet bench's world: staff, enrolled devices, orders and the ops to push.

Everything is done the way users do it, against a real `packline serve`: the schema,
the warehouse, the manager and the office's enrolment code as the `packline` CLI does;
the pickers, the other enrolment codes, every device claim and sign-in, and the orders
(`order.create` + `label.print`, pushed by the office device) over HTTP. Nothing here
imports the server beyond what the CLI's admin commands call, so the bench measures
whatever the sync code looks like.

Ops are pushed the way the PWA pushes them (`pwa/src/syncclient/engine.ts`): a JSON body
`{"ops": [...]}` of envelopes in protocol field order (`JSON.stringify` of them is the
canonical JSON `sync.encode_json` gives), `Content-Type` and `Accept: application/json`,
and gzip accepted like a browser. `PROTOCOL` is the one switch for protocol v2.
"""

from __future__ import annotations

import asyncio
import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import msgspec
from _common import SimDevice, order_create_payload
from _fleet_db import MANAGER, PIN

from sync import PROTOCOL_VERSION, encode_json

# Protocol version the devices send: the sync core's, as the PWA sends its own, so a bump
# of `sync.PROTOCOL_VERSION` (v2) carries the bench along. The one switch: `--protocol N`
# to play another version, `--protocol none` for a server from before versions were on the
# wire (no `protocol` field in a push body, no `?protocol=` on pull and bootstrap).
PROTOCOL: int | None = PROTOCOL_VERSION

SETUP_BATCH = 500  # the PWA's PUSH_BATCH
Row = tuple[Any, ...]  # an op_log row, as ingest writes it


def push_body(ops_json: list[bytes], protocol: int | None) -> bytes:
    head = b'{"protocol":%d,"ops":[' % protocol if protocol is not None else b'{"ops":['
    return head + b",".join(ops_json) + b"]}"


def sync_path(path: str, protocol: int | None, **params: object) -> str:
    if protocol is not None:
        params["protocol"] = protocol
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{path}?{query}" if query else path


def op_row(op_json: bytes, warehouse: int, now: datetime) -> Row:
    """The op_log row ingest stores for an op (same columns, same values)."""
    o = json.loads(op_json)
    hlc = f"{o['wall']:015d}-{o['ctr']:010d}"
    return (
        f"{o['device']}:{o['seq']}",
        o["device"],
        o["seq"],
        hlc,
        o["actor"],
        warehouse,
        o["etype"],
        o["eid"],
        o["kind"],
        o["wall"],
        o["ctr"],
        op_json.decode(),
        now,
    )


# -- devices and staff over HTTP --------------------------------------------------------


@dataclass
class Handheld:
    sim: SimDevice
    headers: dict[str, str]
    base: str = ""  # the server process it talks to


@dataclass
class Fleet:
    office: Handheld
    devices: list[Handheld]
    warehouse: int = 0
    checkpoint: int = 0  # log head after setup: every device's cursor before the shift
    eids: list[str] = field(default_factory=list)
    tracking: list[str] = field(default_factory=list)
    setup_rows: list[Row] = field(default_factory=list)
    setup_s: float = 0.0


def _auth(token: str) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Accept": "application/json",
    }


def save_fleet(fleet: Fleet, path: Path, urls: dict[str, str]) -> None:
    """What a later run needs to reuse a set-up database: devices, their sessions and
    op counters (so new op ids never collide), the checkpoint and the database URLs."""

    def hand(h: Handheld) -> dict[str, Any]:
        return {"id": h.sim.device_id, "actor": h.sim.actor, "seq": h.sim.seq,
                "headers": h.headers}  # fmt: skip

    doc = {
        "office": hand(fleet.office),
        "devices": [hand(h) for h in fleet.devices],
        "warehouse": fleet.warehouse,
        "checkpoint": fleet.checkpoint,
        "orders": len(fleet.eids),
        "setup_ops": len(fleet.setup_rows),
        "setup_s": fleet.setup_s,
        "urls": urls,
    }
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False), encoding="utf-8")


def load_fleet(path: Path) -> tuple[Fleet, dict[str, str]]:
    doc = json.loads(path.read_text(encoding="utf-8"))

    def hand(d: dict[str, Any]) -> Handheld:
        sim = SimDevice(d["id"], d["actor"])
        sim.seq = d["seq"]
        return Handheld(sim, d["headers"])

    fleet = Fleet(hand(doc["office"]), [hand(d) for d in doc["devices"]], doc["warehouse"],
                  doc["checkpoint"], setup_s=doc["setup_s"])  # fmt: skip
    fleet.eids = [order_eid(i) for i in range(doc["orders"])]
    fleet.tracking = [tracking_no(i) for i in range(doc["orders"])]
    return fleet, doc["urls"]


def order_eid(i: int) -> str:
    return f"tmall:T{i:010d}"


def tracking_no(i: int) -> str:
    return f"SF{i:012d}"


async def _ok(r: httpx.Response) -> Any:
    if r.status_code >= 300:
        raise SystemExit(f"{r.request.method} {r.request.url.path}: {r.status_code} {r.text[:500]}")
    return r.json()


async def claim_and_sign_in(
    client: httpx.AsyncClient, base: str, code: str, who: str, label: str
) -> Handheld:
    dev = await _ok(
        await client.post(f"{base}/api/devices/claim", json={"code": code, "label": label})
    )
    r = await client.post(
        f"{base}/api/auth/login",
        json={"employee_code": who, "pin": PIN},
        headers=_auth(dev["token"]),
    )
    session = await _ok(r)
    return Handheld(SimDevice(dev["device_id"], who), _auth(session["token"]), base)


async def enrol(client: httpx.AsyncClient, base: str, office: Handheld, label: str) -> str:
    r = await client.post(
        f"{base}/api/devices/enrollments", json={"label": label}, headers=office.headers
    )
    code: str = (await _ok(r))["code"]
    return code


def picker_code(i: int) -> str:
    return f"FL-P{i:03d}"


async def staff_and_devices(
    client: httpx.AsyncClient, base: str, office_code: str, devices: int
) -> Fleet:
    """The office device signs in its manager, who adds a picker per handheld and an
    enrolment code for each; every handheld claims its code and its picker signs in."""
    office = await claim_and_sign_in(client, base, office_code, MANAGER, "office")
    sem = asyncio.Semaphore(4)

    async def one(i: int) -> Handheld:
        async with sem:
            r = await client.post(
                f"{base}/api/admin/users",
                json={
                    "employee_code": picker_code(i),
                    "name": f"拣货员{i}",
                    "roles": ["picker"],
                    "pin": PIN,
                },
                headers=office.headers,
            )
            await _ok(r)
            code = await enrol(client, base, office, f"PDA {i}")
            return await claim_and_sign_in(client, base, code, picker_code(i), f"PDA {i}")

    handhelds = await asyncio.gather(*(one(i) for i in range(devices)))
    return Fleet(office=office, devices=list(handhelds))


class _Results(msgspec.Struct):
    results: list[dict[str, Any]]
    cursor: int


_results = msgspec.json.Decoder(_Results)


async def seed_orders(
    client: httpx.AsyncClient, fleet: Fleet, orders: int, protocol: int | None
) -> None:
    """N orders, each created and its label printed, pushed by the office in PWA batches."""
    office = fleet.office
    now = datetime.now(UTC)
    pending: list[bytes] = []
    head = 0

    async def flush() -> None:
        nonlocal head
        r = await client.post(
            office.base + sync_path("/api/sync/push", protocol),
            content=push_body(pending, protocol),
            headers=office.headers,
        )
        if r.status_code != 200:
            raise SystemExit(f"setup push: {r.status_code} {r.text[:300]}")
        answer = _results.decode(r.content)
        bad = [x for x in answer.results if x["status"] != "accepted"]
        if bad:
            raise SystemExit(f"setup push refused ops: {bad[:3]}")
        head = answer.cursor
        pending.clear()

    for i in range(orders):
        eid, tracking = order_eid(i), tracking_no(i)
        fleet.eids.append(eid)
        fleet.tracking.append(tracking)
        for kind, payload in (
            ("order.create", order_create_payload(i)),
            ("label.print", {"tracking": tracking}),
        ):
            body = encode_json(office.sim.op(kind, eid, payload))
            pending.append(body)
            fleet.setup_rows.append(op_row(body, fleet.warehouse, now))
        if len(pending) >= SETUP_BATCH:
            await flush()
    if pending:
        await flush()
    fleet.checkpoint = head


# -- the workload ------------------------------------------------------------------------


@dataclass
class Workload:
    bodies: list[list[bytes]]  # per device, per batch: the push body
    retried: list[set[int]]  # per device: batch indexes sent twice
    raw_batches: list[list[Row]]  # the same rows, in batch order interleaved by device
    ops: int


def scans(
    fleet: Fleet,
    batches: int,
    batch: int,
    protocol: int | None,
    random_parcels: int | None = None,
    seed: int = 11,
) -> Workload:
    """Per device, `batches` batches of `batch` parcel.scan_out ops. Each op scans its own
    parcel, or with `random_parcels` a random one of the first that many (repeats then
    raise duplicate_scan exceptions). One batch in ten is sent a second time."""
    n = len(fleet.eids)
    need = len(fleet.devices) * batches * batch
    if random_parcels is None and need > n:
        raise SystemExit(f"{need} scans of their own parcel need at least {need} orders")
    now = datetime.now(UTC)
    per_device: list[list[list[bytes]]] = []
    for d, h in enumerate(fleet.devices):
        rng = random.Random(seed * 1_000 + d)
        mine: list[list[bytes]] = []
        for b in range(batches):
            ops = []
            for k in range(batch):
                i = (
                    rng.randrange(min(random_parcels, n))
                    if random_parcels is not None
                    else (d * batches + b) * batch + k
                )
                op = h.sim.op("parcel.scan_out", fleet.eids[i], {"tracking": fleet.tracking[i]})
                ops.append(encode_json(op))
            mine.append(ops)
        per_device.append(mine)
    bodies = [[push_body(ops, protocol) for ops in mine] for mine in per_device]
    retried = [{b for b in range(batches) if (b + d) % 10 == 0} for d in range(len(bodies))]
    raw = [
        [op_row(j, fleet.warehouse, now) for j in per_device[d][b]]
        for b in range(batches)
        for d in range(len(per_device))
    ]
    return Workload(bodies, retried, raw, need)
