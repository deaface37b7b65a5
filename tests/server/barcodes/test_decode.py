"""POST /api/barcodes/decode: only the warehouse's symbologies come back."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import sign_in
from support.images import label_photo, png_bomb

from server.db import Connector
from server.db.url import parse_database_url
from server.settings import Settings

Client = AsyncTestClient[Litestar]
LABEL = [
    ("Code128", "SF1234567890"),
    ("EAN13", "6901234567892"),
    ("DataMatrix", "DM-NOT-OURS"),
    ("QRCode", "PKL-MANIFEST-7"),
]


async def _decode(client: Client, headers: dict[str, str], body: bytes) -> dict[str, object]:
    r = await client.post(
        "/api/barcodes/decode", content=body, headers={**headers, "Content-Type": "image/jpeg"}
    )
    assert r.status_code == 200, r.text
    result: dict[str, object] = r.json()
    return result


async def test_default_symbologies_skip_codes_the_warehouse_does_not_print(
    demo_client: Client,
) -> None:
    picker = await sign_in(demo_client, "K001")
    found = await _decode(demo_client, picker, label_photo(LABEL))
    assert found["formats"] == ["Code128", "EAN13", "QRCode"]
    assert sorted((c["format"], c["text"]) for c in found["codes"]) == [  # type: ignore[attr-defined]
        ("Code128", "SF1234567890"),
        ("EAN13", "6901234567892"),
        ("QRCode", "PKL-MANIFEST-7"),
    ]


async def test_a_warehouse_setting_narrows_the_formats(
    demo_client: Client, demo_loaded: Settings
) -> None:
    connector = Connector(parse_database_url(demo_loaded.database_url))
    await connector.start()
    try:
        async with connector.write() as conn:
            await conn.execute(
                "INSERT INTO courier_settings (warehouse, barcode_formats, proof)"
                " SELECT id, 'QRCode', '{}' FROM warehouse WHERE code = 'SH01'",
            )
    finally:
        await connector.close()
    courier = await sign_in(demo_client, "D001")
    found = await _decode(demo_client, courier, label_photo(LABEL))
    assert found["codes"] == [{"text": "PKL-MANIFEST-7", "format": "QRCode"}]


async def test_hostile_bodies_are_4xx(demo_client: Client) -> None:
    picker = await sign_in(demo_client, "K001")
    for body, status in ((png_bomb(), 413), (b"plain text", 415), (b"", 422)):
        r = await demo_client.post("/api/barcodes/decode", content=body, headers=picker)
        assert r.status_code == status, (status, r.text)
    assert (await demo_client.post("/api/barcodes/decode", content=b"x")).status_code == 401
