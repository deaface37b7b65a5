"""OWASP API1:2023 (broken object-level authorisation): every route, every role, both warehouses.

The walk reads the routes from the app's own OpenAPI document, so a new route is walked the
day it is added. For every route and every principal (each demo role of SH01, a device with
nobody signed in, no token at all):

- nothing answers 5xx;
- an object of the other warehouse (HZ02) answers exactly like a missing one: same status,
  same body once the id itself is replaced by a placeholder;
- a courier's order off their route answers exactly like a missing order;
- roles without the right never get a 2xx on an office route, and nobody without a token
  gets past 401 except on the public routes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import bearer, enroll, sign_in
from support.evidence import upload
from support.images import photo
from support.orders import TAOBAO, csv_bytes, demo_skus, order_json
from support.waves import start_wave

from sync import PROTOCOL_VERSION

Client = AsyncTestClient[Litestar]
ROLES = ("P001", "K001", "B001", "Q001", "E001", "C001", "D001", "M001", "A001")
# Routes anyone may call without a token (enrolment, sign-in, health, demo mode, reports).
PUBLIC = {
    "/api/health",
    "/api/demo/enroll",
    "/api/demo/users",
    "/api/devices/claim",
    "/api/diagnostics/client-report",
}
# Routes a floor role (printer, picker, packer, QC, courier) may never succeed at.
OFFICE_ONLY = {
    ("POST", "/api/orders"),
    ("POST", "/api/orders/import"),
    ("GET", "/api/orders/imports/{import_id}/errors.csv"),
    ("POST", "/api/orders/{eid}/address"),
    ("POST", "/api/orders/{eid}/lines"),
    ("POST", "/api/orders/{eid}/line-attributes"),
    ("POST", "/api/orders/{eid}/requests"),
    ("POST", "/api/orders/{eid}/cancel"),
    ("POST", "/api/dispatch/routes"),
    ("PUT", "/api/waves/schedule"),
    ("POST", "/api/admin/users"),
    ("POST", "/api/admin/warehouses"),
    ("POST", "/api/devices/enrollments"),
    ("GET", "/api/devices"),
    ("POST", "/api/devices/{device_id}/revoke"),
    ("GET", "/api/sync/rejected"),
}
FLOOR = ("P001", "K001", "B001", "Q001", "D001")
# Live streams never end on their own; their authorisation is tested in tests/server/sync.
SKIP = {("GET", "/api/sync/stream")}
# Signing out ends the caller's session: walked last for each principal.
LAST = {("POST", "/api/auth/logout")}


@dataclass
class World:
    """Ids of real objects: SH01's own, HZ02's (foreign) and ones that exist nowhere."""

    own: dict[str, str] = field(default_factory=dict)
    foreign: dict[str, str] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    off_route: str = ""
    principals: dict[str, dict[str, str]] = field(default_factory=dict)


async def _world(client: Client) -> World:
    w = World()
    cs, hz = await sign_in(client, "C001"), await sign_in(client, "H001", warehouse="HZ02")
    manager, printer = await sign_in(client, "M001"), await sign_in(client, "P001")
    skus = demo_skus(2)
    for headers, key, no in ((cs, "own", "BOLA-OWN"), (hz, "foreign", "BOLA-HZ")):
        r = await client.post("/api/orders", json=order_json(no, skus), headers=headers)
        assert r.status_code == 201, r.text
        getattr(w, key)["eid"] = r.json()["eid"]
        row = [f"{no}-X", "张三", "13812345678", "浙江省 杭州市 西湖区 文三路1号", "0000", 1, ""]
        r = await client.post(
            "/api/orders/import",
            files={"file": ("o.csv", csv_bytes(TAOBAO, [row]))},
            headers=headers,
        )
        assert r.status_code == 200, r.text
        getattr(w, key)["import_id"] = str(r.json()["import_id"])
    r = await client.post("/api/orders", json=order_json("BOLA-OFF", skus), headers=cs)
    w.off_route = r.json()["eid"]
    r = await client.post(
        "/api/dispatch/routes", json={"eid": w.own["eid"], "courier": "D001"}, headers=manager
    )
    assert r.status_code == 200, r.text
    for headers, key in ((printer, "own"), (hz, "foreign")):
        r = await start_wave(client, headers)
        assert r.status_code == 201, r.text
        getattr(w, key)["code"] = r.json()["code"]
        getattr(w, key)["document"] = r.json()["pick_list"]
        device = await enroll(client, "SH01" if key == "own" else "HZ02")
        getattr(w, key)["device_id"] = device["device_id"]
    # Evidence (issue 13): a photo of SH01's routed order by its courier, one of HZ02's.
    for headers, key, eid in (
        (await sign_in(client, "D001"), "own", w.own["eid"]),
        (hz, "foreign", ""),
    ):
        uid = f"bola-{key}-evidence"
        r = await upload(client, headers, photo(32, 32), eid=eid, uid=uid)
        assert r.status_code == 200, r.text
        getattr(w, key)["uid"] = uid
    w.missing = {
        "uid": "bola-nowhere-evidence",
        "eid": "tmall:BOLA-NOWHERE",
        "import_id": str(2**31 - 7),
        "code": "SH01-20991231-D",
        "document": "PK-SH01-20991231-D",
        "device_id": "dev-nowhere-000000",
    }
    for code in ROLES:
        w.principals[code] = await sign_in(client, code)
    w.principals["device-only"] = bearer((await enroll(client))["token"])
    w.principals["anonymous"] = {}
    return w


def _fill(path: str, ids: dict[str, str]) -> str:
    values = {"kind": "pick-list", **ids}  # not an object id: the same in every variant
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


def _body(method: str, path: str, ids: dict[str, str]) -> Any:
    """A well-formed body, so a request gets past validation to the object lookup."""
    bodies: dict[tuple[str, str], Any] = {
        ("POST", "/api/orders/{eid}/address"): {"city": "杭州市", "note": "客户来电"},
        ("POST", "/api/orders/{eid}/lines"): {"lines": [{"sku": demo_skus(1)[0], "qty": 2}]},
        ("POST", "/api/orders/{eid}/line-attributes"): {"attributes": {}, "note": "x"},
        ("POST", "/api/orders/{eid}/requests"): {"greeting_card": "生日快乐"},
        ("POST", "/api/orders/{eid}/void"): {"tracking": "SF0000000000", "reason": "撕毁"},
        ("POST", "/api/dispatch/routes"): {"eid": ids["eid"], "courier": "D002"},
        ("POST", "/api/waves/handoff"): {"document": ids["document"]},
        ("POST", "/api/orders"): order_json("BOLA-NEW", demo_skus(1)),
        ("POST", "/api/diagnostics/client-report"): {"level": "info", "message": "walk"},
        ("POST", "/api/auth/login"): {"employee_code": "K001", "pin": "0000"},
        ("POST", "/api/devices/claim"): {"code": "NOPE-NOPE"},
        ("POST", "/api/demo/enroll"): {"warehouse_code": "SH01", "label": "walk"},
        ("PUT", "/api/waves/schedule"): {"times": ["08:00", "12:00", "16:00"]},
        ("POST", "/api/devices/enrollments"): {"label": "walk"},
        ("POST", "/api/sync/push"): {"protocol": PROTOCOL_VERSION, "ops": []},
    }
    if path.endswith(("/hold", "/release", "/cancel", "/reprint")):
        return {"reason": "走查"}
    return bodies.get((method, path), {})


def _query(path: str) -> dict[str, str]:
    return {"protocol": str(PROTOCOL_VERSION)} if path.startswith("/api/sync/") else {}


def _normalised(text: str, value: str) -> str:
    return text.replace(value, "<ID>")


@dataclass(frozen=True)
class Seen:
    principal: str
    method: str
    path: str
    variant: str
    status: int
    body: str


async def _call(client: Client, w: World, who: str, method: str, path: str, variant: str) -> Seen:
    ids = {**w.own, **({"eid": w.off_route} if variant == "off_route" else {})}
    if variant == "foreign":
        ids = w.foreign
    elif variant == "missing":
        ids = w.missing
    url = _fill(path, ids)
    headers = w.principals[who]
    if method == "GET":
        r = await client.get(url, headers=headers, params=_query(path))
    elif path == "/api/orders/import":
        row = ["W1", "张三", "13812345678", "浙江省 杭州市 西湖区 路1号", "0", 1, ""]
        data = csv_bytes(TAOBAO, [row])
        r = await client.post(url, files={"file": ("w.csv", data)}, headers=headers)
    else:
        r = await client.request(method, url, json=_body(method, path, ids), headers=headers)
    changed = {
        k: v for k, v in ids.items() if "{" + k + "}" in path or k in ("eid", "document", "code")
    }
    body = r.text
    for value in changed.values():
        body = _normalised(body, value)
    return Seen(who, method, path, variant, r.status_code, body)


def _operations(app: Litestar) -> list[tuple[str, str]]:
    doc = app.openapi_schema.to_schema()
    ops = [
        (m.upper(), p)
        for p, item in doc["paths"].items()
        for m in item
        if m in {"get", "post", "put", "delete", "patch"} and (m.upper(), p) not in SKIP
    ]
    return sorted(ops, key=lambda o: o in LAST)


def _object_route(method: str, path: str) -> bool:
    return "{" in path or (method, path) in {
        ("POST", "/api/dispatch/routes"),
        ("POST", "/api/waves/handoff"),
    }


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_every_route_every_role_both_warehouses(
    demo_client: Client, app_doc: Litestar
) -> None:
    w = await _world(demo_client)
    seen: list[Seen] = []
    for who in w.principals:
        for method, path in _operations(app_doc):
            variants = ["own"]
            if _object_route(method, path):
                variants += ["foreign", "missing"]
                if who == "D001" and "{eid}" in path:
                    variants.append("off_route")
            for variant in variants:
                seen.append(await _call(demo_client, w, who, method, path, variant))

    errors = [s for s in seen if s.status >= 500]
    assert not errors, errors[:5]
    by_key = {(s.principal, s.method, s.path, s.variant): s for s in seen}
    for (who, method, path, variant), s in by_key.items():
        if variant in ("foreign", "off_route"):
            missing = by_key[(who, method, path, "missing")]
            assert (s.status, s.body) == (missing.status, missing.body), (s, missing)
    for s in seen:
        if s.principal == "anonymous" and s.path not in PUBLIC and s.path != "/api/auth/login":
            assert s.status == 401, s
        if s.principal == "device-only" and s.path.startswith(("/api/orders", "/api/waves")):
            assert s.status in (401, 403), s
        if s.principal in FLOOR and (s.method, s.path) in OFFICE_ONLY:
            assert s.status in (403, 404), s
    # The courier reads their own route's order, and nothing else of the warehouse's.
    assert by_key[("D001", "GET", "/api/orders/{eid}", "own")].status == 200
    assert by_key[("D001", "GET", "/api/orders/{eid}", "off_route")].status == 404
    assert by_key[("C001", "GET", "/api/orders/{eid}", "foreign")].status == 404
    counts = Counter(s.status // 100 for s in seen)
    print(f"BOLA walk: {len(seen)} requests, by class {dict(sorted(counts.items()))}")


@pytest.fixture
def app_doc(demo_client: Client) -> Litestar:
    app: Litestar = demo_client.app
    return app
