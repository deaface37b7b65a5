"""Server-side decoding: ms per 1280x720 label photo through POST /api/barcodes/decode,
against decoding the same image directly with zxing-cpp.

Usage: uv run python bench/barcode_decode.py [--photos 40] [--devices 4] [--smoke]

A real `packline serve` (SQLite) answers signed-in devices sending JPEG label photos (a
Code128 tracking number, an EAN-13 and a DataMatrix the warehouse does not use); the
endpoint checks the image, decodes it with Pillow and runs zxing-cpp restricted to the
warehouse's symbologies. Baselines from the same run: Pillow decode + zxing-cpp with the
same `formats=`, and with every format (what an unrestricted reader would cost).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import httpx
import zxingcpp
from _common import (
    PICKER,
    PIN,
    WAREHOUSE,
    databases,
    free_port,
    migrate_and_staff,
    packline_serve,
)
from _images import label_jpeg
from PIL import Image

FORMATS = zxingcpp.barcode_formats_from_str("Code128,EAN13,QRCode")


def direct_ms(photos: list[bytes], formats: object) -> float:
    times = []
    for data in photos:
        start = time.perf_counter()
        with Image.open(io.BytesIO(data)) as image:
            found = zxingcpp.read_barcodes(image.convert("L"), formats=formats)  # type: ignore[arg-type]
        times.append((time.perf_counter() - start) * 1000)
        assert found
    return statistics.median(times)


async def sign_in(client: httpx.AsyncClient) -> dict[str, str]:
    r = await client.post("/api/demo/enroll", json={"warehouse_code": WAREHOUSE})
    device = r.json()
    r = await client.post(
        "/api/auth/login",
        json={"employee_code": PICKER, "pin": PIN},
        headers={"Authorization": f"Bearer {device['token']}"},
    )
    return {"Authorization": f"Bearer {r.json()['token']}", "Content-Type": "image/jpeg"}


async def endpoint(base: str, photos: list[bytes], devices: int) -> tuple[float, float, int]:
    """(median ms per request, photos/s overall, codes outside the warehouse's formats)."""
    times: list[float] = []
    stray = 0
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        heads = [await sign_in(client) for _ in range(devices)]

        async def device(i: int) -> None:
            nonlocal stray
            for data in photos[i::devices]:
                start = time.perf_counter()
                r = await client.post("/api/barcodes/decode", content=data, headers=heads[i])
                times.append((time.perf_counter() - start) * 1000)
                assert r.status_code == 200, r.text
                stray += sum(
                    c["format"] not in {"Code128", "EAN13", "QRCode"} for c in r.json()["codes"]
                )

        start = time.perf_counter()
        await asyncio.gather(*(device(i) for i in range(devices)))
        wall = time.perf_counter() - start
    return statistics.median(times), len(photos) / wall, stray


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=40)
    parser.add_argument("--devices", type=int, default=4)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    count = 4 if args.smoke else args.photos
    photos = [label_jpeg(f"SF{i:010d}") for i in range(count)]
    print(f"{count} label photos 1280x720, {sum(map(len, photos)) / count / 1e3:.0f} KB each")
    print(f"  direct, restricted formats: {direct_ms(photos, FORMATS):6.1f} ms/photo (baseline)")
    print(
        f"  direct, all formats:        "
        f"{direct_ms(photos, zxingcpp.BarcodeFormat.All):6.1f} ms/photo"
    )
    for name, url in databases(want_pg=False):
        migrate_and_staff(url)
        port = free_port()
        server = packline_serve(url, port)
        try:
            asyncio.run(server.wait_healthy(f"http://127.0.0.1:{port}/api/health"))
            for devices in (1, args.devices):
                ms, rate, stray = asyncio.run(endpoint(f"http://127.0.0.1:{port}", photos, devices))
                print(
                    f"  endpoint ({name}), {devices} device(s): {ms:6.1f} ms/photo median,"
                    f" {rate:5.1f} photos/s, {stray} codes outside the warehouse's formats"
                )
        finally:
            server.stop()


if __name__ == "__main__":
    main()
