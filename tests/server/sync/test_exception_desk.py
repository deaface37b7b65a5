"""The exception desk over the one ingest path: who may assign, note, tell customer
service and resolve (sync/permissions.py); a resolved exception leaves the open queue of
every device; another warehouse's exception, or none at all, looks missing."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import device_for
from support.exceptions import open_exceptions
from support.wire import BOOTSTRAP
from test_push import an_order, push

Client = AsyncTestClient[Litestar]


def _statuses(out: dict[str, object]) -> list[tuple[str, str | None]]:
    results = out["results"]
    assert isinstance(results, list)
    return [(r["status"], r.get("reason")) for r in results]


async def test_desk_actions_by_role_and_resolution_everywhere(demo_client: Client) -> None:
    picker = await device_for(demo_client, "K001")
    manager = await device_for(demo_client, "M001")
    handler = await device_for(demo_client, "E001")
    cs = await device_for(demo_client, "C001")
    parcel = await an_order(demo_client, picker, "printed")
    scans = [
        (d, d.op("parcel.scan_out", parcel["eid"], {"tracking": parcel["tracking"]}))
        for d in (picker, manager)
    ]
    for d, scan in scans:
        assert _statuses(await push(demo_client, d, [scan])) == [("accepted", None)]
    dup = [
        e for e in await open_exceptions(demo_client, manager.headers) if e["eid"] == parcel["eid"]
    ]
    assert [e["kind"] for e in dup] == ["duplicate_scan"]
    eid = dup[0]["id"]

    def desk(dev: object, kind: str, payload: dict[str, str], target: str = eid) -> object:
        return dev.op(kind, target, payload, etype="exception")  # type: ignore[attr-defined]

    # Floor roles may not act on the desk; customer service may only add a note.
    denied = [
        (picker, "exception.resolve", {"outcome": "accept"}),
        (picker, "exception.note", {"text": "我扫了两次"}),
        (cs, "exception.resolve", {"outcome": "cancel"}),
        (cs, "exception.assign", {"to": "C001"}),
        (cs, "exception.notify_cs", {}),
    ]
    for dev, kind, payload in denied:
        out = await push(demo_client, dev, [desk(dev, kind, payload)])
        assert _statuses(out) == [("rejected", "forbidden_kind")], kind
    note = desk(cs, "exception.note", {"text": "客户来电询问"})
    assert _statuses(await push(demo_client, cs, [note])) == [("accepted", None)]
    # Unknown and foreign exceptions look the same: missing.
    nope = desk(handler, "exception.note", {"text": "x"}, "duplicate_scan:NOPE:1|NOPE:2")
    assert _statuses(await push(demo_client, handler, [nope])) == [("rejected", "unknown_entity")]
    far_mgr = await device_for(demo_client, "H001", "HZ02")
    out = await push(
        demo_client, far_mgr, [desk(far_mgr, "exception.resolve", {"outcome": "accept"})]
    )
    assert _statuses(out) == [("rejected", "unknown_entity")]
    handler_ops = [
        desk(handler, "exception.assign", {"to": "E001"}),
        desk(handler, "exception.notify_cs", {"text": "同一包裹被两台手机出库"}),
    ]
    assert _statuses(await push(demo_client, handler, handler_ops)) == [("accepted", None)] * 2
    assert eid in {e["id"] for e in await open_exceptions(demo_client, picker.headers)}
    resolve = desk(handler, "exception.resolve", {"outcome": "accept", "text": "只发了一个包裹"})
    assert _statuses(await push(demo_client, handler, [resolve])) == [("accepted", None)]
    for dev in (picker, manager, handler, cs):
        assert eid not in {e["id"] for e in await open_exceptions(demo_client, dev.headers)}
    # A later op on the order re-derives the record: it stays resolved.
    later = manager.op("order.set_field", parcel["eid"], {"field": "note", "value": "已处理"})
    assert _statuses(await push(demo_client, manager, [later])) == [("accepted", None)]
    assert eid not in {e["id"] for e in await open_exceptions(demo_client, manager.headers)}
    # Every action is an op in the log: the picker's phone pulls them (the audit trail).
    boot = await demo_client.get(BOOTSTRAP, headers=picker.headers)
    kinds = [o["kind"] for o in boot.json()["ops"] if o["etype"] == "exception"]
    assert kinds == [
        "exception.note",
        "exception.assign",
        "exception.notify_cs",
        "exception.resolve",
    ]
