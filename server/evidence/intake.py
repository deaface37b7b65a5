"""Turn untrusted image bytes into a stored image and a thumbnail, or a clear refusal.

The order of checks is the point: the byte cap first (no parsing at all), then the format
from the header alone, then the declared pixel count, and only then are pixels decoded. A
decompression bomb (a few KB of PNG declaring 400 MP) is refused before it allocates
anything. Stored images are re-encoded from pixels, so no EXIF (GPS, device serials) or
text chunk survives; the capture time and place are kept as separate fields, and only when
the courier allowed it.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from PIL import Image, ImageOps, UnidentifiedImageError

# Format name (Pillow) → stored MIME type.
ALLOWED: dict[str, str] = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
THUMB_EDGE = 320
_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
_DATETIME_ORIGINAL = 0x9003
_OFFSET_TIME_ORIGINAL = 0x9011


class IntakeRejected(ValueError):
    """The upload is not an image we keep. `status` is the HTTP answer (413 too large,
    415 not an allowed format, 422 broken), `code` a stable word for the phone."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int
    max_pixels: int


@dataclass(frozen=True, slots=True)
class Taken:
    """What the photo itself says about when and where (EXIF), before it is stripped."""

    captured_at: datetime | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True, slots=True)
class Intake:
    data: bytes
    mime: str
    width: int
    height: int
    thumb: bytes
    taken: Taken


def open_checked(data: bytes, limits: Limits) -> Image.Image:
    """Open from the header only, refusing what is too big or not allowed; nothing decoded."""
    if len(data) > limits.max_bytes:
        raise IntakeRejected(413, "too_large", f"image is over {limits.max_bytes} bytes")
    if not data:
        raise IntakeRejected(422, "empty", "no image in the request body")
    with warnings.catch_warnings():
        # Pillow's own bomb check warns (or raises) in open(); ours below is stricter.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(ALLOWED))
        except Image.DecompressionBombError as exc:
            raise IntakeRejected(413, "too_many_pixels", "image declares too many pixels") from exc
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise IntakeRejected(415, "not_an_image", "not a JPEG, PNG or WebP image") from exc
    width, height = image.size
    if width < 1 or height < 1 or width * height > limits.max_pixels:
        image.close()
        raise IntakeRejected(
            413, "too_many_pixels", f"image is {width}x{height}, over {limits.max_pixels} pixels"
        )
    if getattr(image, "n_frames", 1) > 1:
        image.close()
        raise IntakeRejected(415, "animated", "animated images are not accepted")
    return image


def decode(data: bytes, limits: Limits) -> Image.Image:
    """Checked, then decoded: a truncated or corrupt file is a 422, never a 500."""
    image = open_checked(data, limits)
    try:
        image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        image.close()
        raise IntakeRejected(422, "corrupt", "the image is truncated or corrupt") from exc
    return image


def intake(data: bytes, limits: Limits, *, keep_time: bool, keep_place: bool) -> Intake:
    image = decode(data, limits)
    source_format = image.format or ""
    taken = _taken(image, keep_time=keep_time, keep_place=keep_place)
    # Copies of a 12 MP image cost 36 MB and time each: only transpose or convert if needed.
    upright = _upright(image)
    if source_format == "JPEG":
        rgb = upright if upright.mode == "RGB" else upright.convert("RGB")
        stored, mime = _encode(rgb, "JPEG", quality=85, optimize=False), "image/jpeg"
    else:
        # PNG and WebP keep transparency (signatures); re-encoded as PNG, lossless.
        want = "RGBA" if "A" in upright.getbands() else "RGB"
        keep = upright if upright.mode == want else upright.convert(want)
        stored, mime = _encode(keep, "PNG", optimize=False), "image/png"
    thumb = _thumbnail(upright)
    width, height = upright.size
    image.close()
    return Intake(stored, mime, width, height, thumb, taken)


def _encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)  # no exif=, no pnginfo=: nothing but pixels
    return out.getvalue()


def _upright(image: Image.Image) -> Image.Image:
    orientation = image.getexif().get(0x0112, 1)
    if orientation in (None, 1):
        return image
    return ImageOps.exif_transpose(image)


def _thumbnail(image: Image.Image) -> bytes:
    # reduce() is a cheap box filter that never copies the full image first.
    factor = max(1, min(image.size) // (THUMB_EDGE * 2))
    small = image.reduce(factor) if factor > 1 else image.copy()
    small.thumbnail((THUMB_EDGE, THUMB_EDGE))
    if "A" in small.getbands():
        flat = Image.new("RGB", small.size, "white")
        flat.paste(small, mask=small.getchannel("A"))
        small = flat
    return _encode(small.convert("RGB"), "JPEG", quality=70)


def _taken(image: Image.Image, *, keep_time: bool, keep_place: bool) -> Taken:
    if not keep_time and not keep_place:
        return Taken()
    try:
        exif = image.getexif()
        sub = exif.get_ifd(_EXIF_IFD)
        gps = exif.get_ifd(_GPS_IFD)
    except (OSError, ValueError, SyntaxError, KeyError, TypeError):
        return Taken()
    when = _exif_time(sub.get(_DATETIME_ORIGINAL), sub.get(_OFFSET_TIME_ORIGINAL))
    lat = _exif_coord(gps.get(2), gps.get(1), "S")
    lon = _exif_coord(gps.get(4), gps.get(3), "W")
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        lat = lon = None
    return Taken(
        captured_at=when if keep_time else None,
        latitude=lat if keep_place else None,
        longitude=lon if keep_place else None,
    )


def _exif_time(raw: object, offset: object) -> datetime | None:
    if not isinstance(raw, str):
        return None
    try:
        naive = datetime.strptime(raw.strip("\0 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    tz: timezone = UTC
    if isinstance(offset, str) and len(offset) >= 6 and offset[0] in "+-":
        try:
            hours, minutes = int(offset[1:3]), int(offset[4:6])
            sign = -1 if offset[0] == "-" else 1
            tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
        except ValueError:
            tz = UTC
    return naive.replace(tzinfo=tz)


def _exif_coord(dms: object, ref: object, negative: str) -> float | None:
    if not isinstance(dms, tuple) or len(dms) != 3:
        return None
    try:
        degrees, minutes, seconds = (float(part) for part in dms)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = degrees + minutes / 60 + seconds / 3600
    if isinstance(ref, str) and ref.strip("\0 ").upper() == negative:
        value = -value
    return round(value, 7)
