"""Chinese text is drawn with real glyphs from the CJK font the project installs, never tofu."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from fontTools.fontBuilder import FontBuilder  # type: ignore[import-untyped]
from fontTools.pens.ttGlyphPen import TTGlyphPen  # type: ignore[import-untyped]
from PIL import Image, ImageChops, ImageDraw
from support.labels import make_label

from server.printing import fonts
from server.printing.errors import FontMissingError
from server.printing.label_layout import LabelLayout, LabelSize, Text, layout_label
from server.printing.label_pdf import render_labels_pdf
from server.printing.label_png import draw_layout
from server.printing.textfit import width

CJK = "收寄剪角王浙杭州区路号一"
NOT_IN_FONT = "\U000f0000"  # supplementary private use: Noto CJK has no glyph, so .notdef


def _glyph(ch: str, bold: bool, px: int = 48) -> bytes:
    font = fonts.pil_font(bold, px)
    img = Image.new("L", (px * 2, px * 2), 255)
    ImageDraw.Draw(img).text((px // 2, px // 2), ch, font=font, fill=0)
    return img.point(lambda v: 0 if v < 128 else 255).tobytes()


def _is_cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def test_font_is_the_noto_cjk_face_make_system_deps_installs() -> None:
    found = fonts.cjk_fonts()
    for f in (found.regular, found.bold):
        assert f.path.is_file()
        assert fonts.covers_cjk(f)
        assert "CJK" in f.path.name or "SC" in f.path.name


@pytest.mark.parametrize("bold", [False, True])
def test_distinct_characters_have_distinct_glyphs_unlike_notdef(bold: bool) -> None:
    notdef = _glyph(NOT_IN_FONT, bold)
    bitmaps = {ch: _glyph(ch, bold) for ch in CJK}
    assert len(set(bitmaps.values())) == len(CJK), "two characters drew the same bitmap"
    assert all(b != notdef for b in bitmaps.values()), "a character drew the .notdef box"
    # The check can fail: a character the font lacks draws exactly the .notdef box.
    assert _glyph("\U000f0001", bold) == notdef


def test_every_label_string_is_covered_by_the_font() -> None:
    layout = layout_label(make_label(), LabelSize.E_WAYBILL_76X130)
    texts = [el.text for el in layout.elements if isinstance(el, Text)]
    assert any(any(_is_cjk(c) for c in t) for t in texts)
    assert all(fonts.missing_glyphs(t) == "" for t in texts)
    assert fonts.missing_glyphs(f"王{NOT_IN_FONT}") == NOT_IN_FONT


def _as_tofu(layout: LabelLayout) -> LabelLayout:
    """The same label with every CJK character replaced by one the font cannot draw."""

    def swap(s: str) -> str:
        return "".join(NOT_IN_FONT if _is_cjk(c) else c for c in s)

    return dataclasses.replace(
        layout,
        elements=tuple(
            dataclasses.replace(el, text=swap(el.text)) if isinstance(el, Text) else el
            for el in layout.elements
        ),
    )


def _cjk_boxes(layout: LabelLayout, dpi: int) -> Iterator[tuple[str, tuple[int, int, int, int]]]:
    def px(mm: float) -> int:
        return round(mm / 25.4 * dpi)

    for el in layout.elements:
        if isinstance(el, Text) and any(_is_cjk(c) for c in el.text):
            right = el.x + width(el.text, el.size, el.bold)
            yield el.text, (px(el.x), px(el.y), px(right), px(el.y + el.size))


@pytest.mark.parametrize("size", list(LabelSize))
def test_label_png_text_is_not_tofu(size: LabelSize) -> None:
    layout = layout_label(make_label(), size)
    real = draw_layout(layout, 203)
    tofu = draw_layout(_as_tofu(layout), 203)
    boxes = list(_cjk_boxes(layout, 203))
    assert len(boxes) >= 8
    for text, box in boxes:
        diff = ImageChops.difference(real.crop(box), tofu.crop(box))
        assert diff.getbbox() is not None, f"{text!r} rendered as tofu"
    again = draw_layout(_as_tofu(layout), 203)
    assert ImageChops.difference(tofu, again).getbbox() is None  # deterministic control


def test_label_pdf_embeds_real_glyphs() -> None:
    """Text extracts back as Chinese, and tight glyph boxes differ per character (tofu would
    give every character the same box)."""
    doc = pdfium.PdfDocument(render_labels_pdf([make_label()], LabelSize.E_WAYBILL_76X130))
    try:
        page = doc[0].get_textpage()
        text = page.get_text_range()
        boxes: dict[str, tuple[float, float]] = {}
        for i, ch in enumerate(text):
            if _is_cjk(ch) and ch not in boxes and i < page.count_chars():
                left, bottom, right, top = page.get_charbox(i)
                boxes[ch] = (round(right - left, 1), round(top - bottom, 1))
    finally:
        doc.close()
    assert "王小明" in text and "浙江省杭州市西湖区" in text
    assert len(boxes) > 20
    assert len(set(boxes.values())) > len(boxes) // 2
    one, road = boxes["一"], boxes["路"]
    assert one[1] < road[1] / 3  # "一" is a flat stroke, "路" a full square


def _latin_only_font(path: Path) -> None:
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "A"])
    fb.setupCharacterMap({ord("A"): "A"})
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0))
    pen.lineTo((500, 700))
    pen.lineTo((1000, 0))
    pen.closePath()
    glyph = pen.glyph()
    fb.setupGlyf({".notdef": glyph, "A": glyph})
    fb.setupHorizontalMetrics({".notdef": (1000, 0), "A": (1000, 0)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "LatinOnly", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    fb.save(str(path))


@pytest.fixture
def clean_font_cache() -> Iterator[None]:
    fonts.cjk_fonts.cache_clear()
    yield
    fonts.cjk_fonts.cache_clear()


def test_override_without_chinese_glyphs_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_font_cache: None
) -> None:
    latin = tmp_path / "latin.ttf"
    _latin_only_font(latin)
    monkeypatch.setenv(fonts.ENV_REGULAR, str(latin))
    with pytest.raises(FontMissingError, match="no Chinese glyphs"):
        fonts.cjk_fonts()
    monkeypatch.setenv(fonts.ENV_REGULAR, str(tmp_path / "absent.ttc"))
    with pytest.raises(FontMissingError, match="readable font file"):
        fonts.cjk_fonts()


def test_override_with_a_cjk_file_is_used_for_both_weights(
    monkeypatch: pytest.MonkeyPatch, clean_font_cache: None
) -> None:
    regular = fonts.cjk_fonts().regular
    fonts.cjk_fonts.cache_clear()
    monkeypatch.setenv(fonts.ENV_REGULAR, str(regular.path))
    chosen = fonts.cjk_fonts()
    assert chosen.regular == chosen.bold == regular
