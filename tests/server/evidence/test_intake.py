"""Photo intake refuses hostile files before they cost anything, and keeps no EXIF."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from support.images import gps_photo, photo, png_bomb

from server.evidence.intake import IntakeRejected, Limits, intake

LIMITS = Limits(max_bytes=16_000_000, max_pixels=30_000_000)
REPO = Path(__file__).resolve().parents[3]


def _refusal(data: bytes, limits: Limits = LIMITS) -> IntakeRejected:
    with pytest.raises(IntakeRejected) as caught:
        intake(data, limits, keep_time=True, keep_place=True)
    return caught.value


def test_a_decompression_bomb_is_refused_from_its_header_with_little_memory(
    tmp_path: Path,
) -> None:
    """A 144 MP PNG in ~20 KB: refused as 413 before decoding. Measured in a fresh process
    (peak RSS), since Pillow's pixel buffers are invisible to tracemalloc."""
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_bomb())
    assert bomb.stat().st_size < 200_000
    script = textwrap.dedent(
        f"""
        import resource, sys
        from server.evidence.intake import IntakeRejected, Limits, intake
        data = open({str(bomb)!r}, "rb").read()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            intake(data, Limits(16_000_000, 30_000_000), keep_time=False, keep_place=False)
            print("accepted")
        except IntakeRejected as exc:
            after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print(exc.status, exc.code, after - before)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[:2] == ["413", "too_many_pixels"], out
    assert int(out[2]) < 50 * 1024, f"peak RSS grew by {out[2]} KB"


def test_just_over_the_pixel_cap_is_refused_and_just_under_is_kept() -> None:
    small = Limits(max_bytes=16_000_000, max_pixels=640 * 480)
    assert intake(photo(640, 480), small, keep_time=False, keep_place=False).width == 640
    assert _refusal(photo(641, 480), small).status == 413


def test_the_byte_cap_is_checked_before_anything_is_parsed() -> None:
    refusal = _refusal(b"\xff\xd8" + b"\0" * 2000, Limits(max_bytes=1024, max_pixels=10))
    assert (refusal.status, refusal.code) == (413, "too_large")


def test_a_truncated_jpeg_is_a_422() -> None:
    whole = photo(800, 600, quality=90)
    refusal = _refusal(whole[: len(whole) // 2])
    assert (refusal.status, refusal.code) == (422, "corrupt")


@pytest.mark.parametrize(
    "data",
    [
        b"this is a delivery note, renamed to photo.jpg\n" * 20,
        b"GIF89a" + b"\0" * 100,
        photo(64, 64, fmt="GIF"),
        photo(64, 64, fmt="BMP"),
        photo(64, 64, fmt="TIFF"),
        b"",
    ],
    ids=["text-renamed-jpg", "gif-header", "gif", "bmp", "tiff", "empty"],
)
def test_anything_but_jpeg_png_webp_is_refused(data: bytes) -> None:
    refusal = _refusal(data)
    assert refusal.status in {415, 422}
    assert refusal.code in {"not_an_image", "empty"}


def test_a_gps_photo_is_stored_without_exif_upright_with_time_and_place_as_fields() -> None:
    result = intake(gps_photo(), LIMITS, keep_time=True, keep_place=True)
    stored = Image.open(io.BytesIO(result.data))
    assert stored.format == "JPEG"
    assert not stored.getexif(), "EXIF survived"
    assert b"Exif" not in result.data[:4096] and b"SERIAL-123456" not in result.data
    assert "exif" not in stored.info
    # Orientation 6 (rotate 90°): the 400x200 sensor image is stored 200x400, upright.
    assert (result.width, result.height) == stored.size == (200, 400)
    assert result.taken.latitude == pytest.approx(31.2362500)
    assert result.taken.longitude == pytest.approx(121.475)
    assert result.taken.captured_at == datetime(2026, 12, 7, 6, 5, 9, tzinfo=UTC)
    thumb = Image.open(io.BytesIO(result.thumb))
    assert thumb.format == "JPEG" and max(thumb.size) <= 320 and not thumb.getexif()


def test_without_the_couriers_consent_no_time_or_place_is_kept() -> None:
    result = intake(gps_photo(), LIMITS, keep_time=False, keep_place=False)
    assert (result.taken.captured_at, result.taken.latitude, result.taken.longitude) == (
        None,
        None,
        None,
    )


def test_a_signature_png_keeps_transparency_and_its_text_chunks_go() -> None:
    from PIL import PngImagePlugin

    sig = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    sig.paste((0, 0, 0, 255), (20, 60, 280, 64))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "someone's name")
    out = io.BytesIO()
    sig.save(out, "PNG", pnginfo=info)
    result = intake(out.getvalue(), LIMITS, keep_time=False, keep_place=False)
    stored = Image.open(io.BytesIO(result.data))
    assert (result.mime, stored.mode) == ("image/png", "RGBA")
    assert b"someone's name" not in result.data


def test_webp_is_accepted() -> None:
    result = intake(photo(120, 80, fmt="WEBP"), LIMITS, keep_time=False, keep_place=False)
    assert (result.width, result.height) == (120, 80)
