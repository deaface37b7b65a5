"""Synthetic photos for the evidence and decode benchmarks (no files in the repo)."""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image, ImageChops


def camera_jpeg(width: int = 4000, height: int = 3000, seed: int = 0, quality: int = 90) -> bytes:
    """A 12 MP 'camera' JPEG: gradients plus sensor-like noise, a few MB like a phone's."""
    base = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 18 + seed % 7)
    red = ImageChops.add(base, noise, scale=2.0)
    green = ImageChops.add(base.transpose(Image.Transpose.FLIP_LEFT_RIGHT), noise, scale=2.0)
    blue = noise
    out = io.BytesIO()
    Image.merge("RGB", (red, green, blue)).save(out, "JPEG", quality=quality)
    return out.getvalue()


def label_jpeg(tracking: str, size: tuple[int, int] = (1280, 720)) -> bytes:
    """A 1280x720 'photo' of a label: a Code128 tracking number, an EAN-13 and a DataMatrix
    (a symbology the warehouse does not use), on a noisy background."""
    canvas = Image.effect_noise(size, 12).point(lambda v: 150 + v // 3)
    x = 40
    for fmt, text in (("Code128", tracking), ("EAN13", "6901234567892"), ("DataMatrix", "DM")):
        code = zxingcpp.create_barcode(text, zxingcpp.barcode_format_from_str(fmt))
        view = memoryview(zxingcpp.write_barcode_to_image(code, scale=3))
        img = Image.frombytes("L", (view.shape[1], view.shape[0]), view.tobytes())
        canvas.paste(img, (x, 150))
        x += img.width + 60
    out = io.BytesIO()
    canvas.convert("RGB").save(out, "JPEG", quality=88)
    return out.getvalue()
