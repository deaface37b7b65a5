"""Evidence over HTTP (SQLite and PostgreSQL): resumable, exactly once, seen only by those
who may, and hostile uploads refused with a clear 4xx."""

from __future__ import annotations

import asyncio
import hashlib
import io
from pathlib import Path
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from PIL import Image
from support.auth import device_for, sign_in
from support.evidence import upload
from support.images import gps_photo, photo, png_bomb
from test_push import an_order

from server.settings import Settings

Client = AsyncTestClient[Litestar]


async def _routed(client: Client, courier: str = "D001") -> str:
    manager = await device_for(client, "M001")
    order = await an_order(client, manager, "printed")
    r = await client.post(
        "/api/dispatch/routes",
        json={"eid": order["eid"], "courier": courier},
        headers=manager.headers,
    )
    assert r.status_code == 200, r.text
    return str(order["eid"])


def _blobs(settings: Settings) -> list[Path]:
    root = settings.data_path / "evidence" / "blobs"
    return [p for p in root.rglob("*") if p.is_file()]


async def test_resumed_upload_stores_once_without_exif_and_the_office_sees_it(
    demo_client: Client, demo_loaded: Settings
) -> None:
    eid = await _routed(demo_client)
    courier = await sign_in(demo_client, "D001")
    data = gps_photo()
    uid = "photo-0001-abcdef"
    start = {
        "uid": uid,
        "kind": "photo",
        "size": len(data),
        "eid": eid,
        "sha256": hashlib.sha256(data).hexdigest(),
        "keep_time": True,
        "keep_place": True,
    }
    r = await demo_client.post("/api/evidence/uploads", json=start, headers=courier)
    assert r.json() == {
        "uid": uid,
        "size": len(data),
        "received": 0,
        "done": False,
        "evidence": None,
    }
    # First half arrives, then the link drops; the phone asks where to resume.
    half = len(data) // 2
    put = {**courier, "Content-Type": "application/octet-stream"}
    r = await demo_client.put(
        f"/api/evidence/uploads/{uid}", content=data[:half], headers={**put, "Upload-Offset": "0"}
    )
    assert r.json()["received"] == half
    # A retried first chunk (its answer was lost) is a 409 naming the resume point.
    r = await demo_client.put(
        f"/api/evidence/uploads/{uid}", content=data[:half], headers={**put, "Upload-Offset": "0"}
    )
    assert (r.status_code, r.json()["received"]) == (409, half)
    r = await demo_client.post("/api/evidence/uploads", json=start, headers=courier)
    assert r.json()["received"] == half
    r = await demo_client.put(
        f"/api/evidence/uploads/{uid}",
        content=data[half:],
        headers={**put, "Upload-Offset": str(half)},
    )
    assert r.status_code == 200, r.text
    done = r.json()
    assert done["done"] is True and done["evidence"]["eid"] == eid
    assert done["evidence"]["latitude"] is not None
    # Starting it again (the answer above was lost) finds the same evidence: once only.
    again = await demo_client.post("/api/evidence/uploads", json=start, headers=courier)
    assert again.json() == done
    assert len(_blobs(demo_loaded)) == 2  # the image and its thumbnail

    office = await sign_in(demo_client, "C001")
    listed = await demo_client.get("/api/evidence/", params={"eid": eid}, headers=office)
    assert [e["uid"] for e in listed.json()["items"]] == [uid]
    image = await demo_client.get(f"/api/evidence/{uid}/image", headers=office)
    assert image.headers["content-type"] == "image/jpeg"
    stored = Image.open(io.BytesIO(image.content))
    assert not stored.getexif() and stored.size == (200, 400)
    thumb = await demo_client.get(f"/api/evidence/{uid}/thumb", headers=office)
    assert thumb.status_code == 200 and thumb.content[:2] == b"\xff\xd8"


async def test_the_same_photo_twice_is_one_blob(demo_client: Client, demo_loaded: Settings) -> None:
    eid = await _routed(demo_client)
    courier = await sign_in(demo_client, "D001")
    data = photo(320, 240)
    for _ in range(2):
        r = await upload(demo_client, courier, data, eid=eid)
        assert r.status_code == 200 and r.json()["done"], r.text
    assert len(_blobs(demo_loaded)) == 2


async def test_who_may_see_is_checked_per_request(demo_client: Client) -> None:
    eid = await _routed(demo_client)
    courier = await sign_in(demo_client, "D001")
    r = await upload(demo_client, courier, photo(64, 64), eid=eid, uid="seen-by-few-0001")
    assert r.status_code == 200, r.text
    colleague = await sign_in(demo_client, "D002")
    elsewhere = await sign_in(demo_client, "H001", warehouse="HZ02")
    missing = await demo_client.get("/api/evidence/no-such-thing-01", headers=courier)
    for who in (colleague, elsewhere):
        for path in ("", "/image", "/thumb"):
            got = await demo_client.get(f"/api/evidence/seen-by-few-0001{path}", headers=who)
            assert (got.status_code, got.json()["detail"]) == (404, missing.json()["detail"])
        listed = await demo_client.get("/api/evidence/", params={"eid": eid}, headers=who)
        assert listed.json() == {"items": []}
        # Nor may they resume or probe the upload.
        state = await demo_client.get("/api/evidence/uploads/seen-by-few-0001", headers=who)
        assert state.status_code in {403, 404}
    assert (await demo_client.get("/api/evidence/seen-by-few-0001", headers=courier)).is_success
    no_token = await demo_client.get("/api/evidence/seen-by-few-0001")
    assert no_token.status_code == 401


async def test_a_courier_proves_only_orders_on_their_route(demo_client: Client) -> None:
    eid = await _routed(demo_client, "D002")
    courier = await sign_in(demo_client, "D001")
    r = await upload(demo_client, courier, photo(64, 64), eid=eid)
    assert r.status_code == 404
    picker_cannot_see_all = await sign_in(demo_client, "Q001")
    r = await upload(demo_client, picker_cannot_see_all, photo(64, 64))
    assert r.status_code == 403


async def test_hostile_uploads_are_clear_4xx_and_leave_nothing(
    demo_client: Client, demo_loaded: Settings
) -> None:
    eid = await _routed(demo_client)
    courier = await sign_in(demo_client, "D001")
    whole = photo(800, 600, quality=90)
    cases: dict[str, tuple[bytes, int, str]] = {
        "bomb": (png_bomb(), 413, "too_many_pixels"),
        "truncated": (whole[: len(whole) // 2], 422, "corrupt"),
        "text-renamed-jpg": (b"not a photo at all\n" * 50, 415, "not_an_image"),
    }
    for name, (data, status, code) in cases.items():
        r = await upload(demo_client, courier, data, eid=eid)
        assert (r.status_code, r.json()["extra"]["code"]) == (status, code), name
    lying = photo(64, 64)
    start = {
        "uid": "lying-sha-0001",
        "kind": "photo",
        "size": len(lying),
        "eid": eid,
        "sha256": "0" * 64,
    }
    await demo_client.post("/api/evidence/uploads", json=start, headers=courier)
    r = await demo_client.put(
        "/api/evidence/uploads/lying-sha-0001",
        content=lying,
        headers={**courier, "Upload-Offset": "0"},
    )
    assert (r.status_code, r.json()["extra"]["code"]) == (422, "checksum")
    too_big = {**start, "uid": "too-big-0001", "size": 10**9}
    r = await demo_client.post("/api/evidence/uploads", json=too_big, headers=courier)
    assert r.status_code == 413
    bad_offset = await demo_client.put(
        "/api/evidence/uploads/too-big-0001",
        content=b"x",
        headers={**courier, "Upload-Offset": "-1"},
    )
    assert bad_offset.status_code == 400
    assert _blobs(demo_loaded) == []
    parts = demo_loaded.data_path / "evidence" / "uploads"
    assert not parts.exists() or list(parts.iterdir()) == []


async def test_parallel_retries_of_one_chunk_advance_it_once(demo_client: Client) -> None:
    eid = await _routed(demo_client)
    courier = await sign_in(demo_client, "D001")
    data = photo(200, 100)
    start = {
        "uid": "racing-0001",
        "kind": "photo",
        "size": len(data),
        "eid": eid,
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    await demo_client.post("/api/evidence/uploads", json=start, headers=courier)

    async def send() -> Any:
        return await demo_client.put(
            "/api/evidence/uploads/racing-0001",
            content=data,
            headers={**courier, "Upload-Offset": "0"},
        )

    answers = await asyncio.gather(*(send() for _ in range(6)))
    codes = sorted(a.status_code for a in answers)
    assert codes.count(200) >= 1 and set(codes) <= {200, 409}, codes
    listed = await demo_client.get("/api/evidence/", params={"eid": eid}, headers=courier)
    assert len(listed.json()["items"]) == 1
