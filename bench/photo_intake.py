"""Photo intake: 12 MP JPEGs per second through the evidence intake, against only decoding
them with Pillow, from several devices at once.

Usage: uv run python bench/photo_intake.py [--photos 12] [--devices 1,4] [--smoke]

Intake is what the server does when an upload completes: byte cap, format and pixel checks
from the header, decode, orientation, EXIF-free re-encode (JPEG q85), a 320 px thumbnail,
and both written to the content-addressed store (fsync'd). The baseline in the same run is
`Image.open(...).load()` of the same bytes, nothing else. Devices are threads (Pillow drops
the GIL while it decodes and encodes), each taking the next photo. Peak RSS and the store's
disk use are printed too.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import io

from _images import camera_jpeg
from PIL import Image

from server.evidence.intake import Limits, intake
from server.evidence.store import LocalBlobStore

LIMITS = Limits(max_bytes=16_000_000, max_pixels=30_000_000)


def decode_only(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as image:
        image.load()


def rate(photos: list[bytes], devices: int, work: object) -> float:
    start = time.perf_counter()
    with ThreadPoolExecutor(devices) as pool:
        list(pool.map(work, photos))  # type: ignore[arg-type]
    return len(photos) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=12)
    parser.add_argument("--devices", default="1,4")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    count = 3 if args.smoke else args.photos
    photos = [camera_jpeg(seed=i) for i in range(count)]
    avg = sum(map(len, photos)) / len(photos) / 1e6
    print(f"{count} photos, 4000x3000 (12 MP), {avg:.1f} MB average JPEG")
    with tempfile.TemporaryDirectory() as tmp:
        store = LocalBlobStore(Path(tmp))

        def full(data: bytes) -> None:
            result = intake(data, LIMITS, keep_time=True, keep_place=True)
            store.put(result.data)
            store.put(result.thumb)

        for devices in (int(d) for d in args.devices.split(",")):
            base = rate(photos, devices, decode_only)
            got = rate(photos, devices, full)
            print(
                f"  {devices} device(s): intake {got:5.2f} photos/s"
                f"   baseline (Pillow decode only) {base:5.2f} photos/s"
                f"   ratio {got / base:.2f}"
            )
        disk = sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file())
        blobs = sum(1 for p in Path(tmp).rglob("*") if p.is_file())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  store: {blobs} blobs (deduplicated across runs), {disk / 1e6:.1f} MB on disk")
    print(f"  peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
