"""Images for intake tests, made in memory: honest photos, hostile files, bombs."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def photo(width: int = 640, height: int = 480, fmt: str = "JPEG", **save: object) -> bytes:
    image = Image.new("RGB", (width, height))
    # A gradient, so the JPEG is not trivially flat and a rotation is visible.
    image.putdata(
        [(x * 255 // width, y * 255 // height, 90) for y in range(height) for x in range(width)]
    )
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def gps_photo() -> bytes:
    """A JPEG a phone would send: GPS position, capture time, serial, rotated 90°."""
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[0x010F] = "PhoneMaker"
    exif[0xA431] = "SERIAL-123456"  # BodySerialNumber (personal data nobody needs)
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = "2026:12:07 14:05:09"
    sub[0x9011] = "+08:00"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (31.0, 14.0, 10.5)
    gps[3] = "E"
    gps[4] = (121.0, 28.0, 30.0)
    return photo(400, 200, exif=exif.tobytes())


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(side: int = 12_000) -> bytes:
    """A valid 1-bit PNG of sidexside pixels (144 MP by default: under Pillow's own bomb error, so
    our cap is what stops it) in about 20 KB: decoded, it
    would take side² bytes of memory."""
    row = b"\0" + b"\0" * ((side + 7) // 8)
    comp = zlib.compressobj(9)
    body = b"".join(comp.compress(row) for _ in range(side)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")
    )


def label_photo(codes: list[tuple[str, str]], size: tuple[int, int] = (1280, 720)) -> bytes:
    """A JPEG 'photo' of a label: each (format, text) barcode drawn side by side."""
    import zxingcpp

    canvas = Image.new("L", size, 235)
    x = 40
    for fmt, text in codes:
        barcode = zxingcpp.create_barcode(text, zxingcpp.barcode_format_from_str(fmt))
        img = Image.frombytes("L", *_pixels(zxingcpp.write_barcode_to_image(barcode, scale=3)))
        canvas.paste(img, (x, 120))
        x += img.width + 60
    out = io.BytesIO()
    canvas.convert("RGB").save(out, "JPEG", quality=92)
    return out.getvalue()


def _pixels(img: object) -> tuple[tuple[int, int], bytes]:
    view = memoryview(img)  # type: ignore[arg-type]
    height, width = view.shape[0], view.shape[1]
    return (width, height), view.tobytes()
