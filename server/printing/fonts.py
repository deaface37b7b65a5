"""Locate and cache the CJK font: every renderer must draw real glyphs, never tofu boxes.

Default is Debian's fonts-noto-cjk (Noto Sans CJK SC, CFF outlines inside a TTC collection);
PACKLINE_CJK_FONT (and optionally PACKLINE_CJK_FONT_BOLD) point at another .ttc/.otf/.ttf.
Parsing a CJK font costs hundreds of milliseconds, so everything here is parsed once per process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont  # type: ignore[import-untyped]
from PIL import ImageFont

from server.printing.errors import FontMissingError

ENV_REGULAR = "PACKLINE_CJK_FONT"
ENV_BOLD = "PACKLINE_CJK_FONT_BOLD"
# Where distributions put Noto CJK: Debian/Ubuntu (fonts-noto-cjk), Fedora, Arch, Homebrew/local.
SEARCH_DIRS = (
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/opentype/noto-cjk"),
    Path("/usr/share/fonts/google-noto-cjk"),
    Path("/usr/share/fonts/noto-cjk"),
    Path("/usr/share/fonts/noto"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
)
REGULAR_NAMES = ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "NotoSansSC-Regular.otf")
BOLD_NAMES = ("NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold.otf", "NotoSansSC-Bold.otf")
# A face must draw these to count as CJK (label tags, the 剪角 mark, common address characters).
PROBE = "收寄剪角省市区路号中"
# Ideographs sit in an em box from -0.12 em to +0.88 em around the baseline (OS/2 typo metrics
# of Noto CJK); layouts place text by the top of that box.
ASCENT_EM = 0.88


@dataclass(frozen=True, slots=True)
class FontFace:
    """One face of a font file; index selects the Simplified Chinese face in a collection."""

    path: Path
    index: int


@dataclass(frozen=True, slots=True)
class CjkFonts:
    regular: FontFace
    bold: FontFace


def _pick_face(path: Path) -> FontFace:
    """Prefer the proportional SC face: JP-first glyph variants look wrong to Chinese staff."""
    if path.suffix.lower() not in {".ttc", ".otc"}:
        return FontFace(path, 0)
    collection = TTCollection(str(path), lazy=True)
    try:
        names = [f["name"].getDebugName(1) or "" for f in collection.fonts]
    finally:
        collection.close()
    for i, name in enumerate(names):
        if name.endswith(" SC") and "Mono" not in name:
            return FontFace(path, i)
    return FontFace(path, 0)


def covers_cjk(font_face: FontFace) -> bool:
    """True if the face has real glyphs for PROBE (not just a .notdef box)."""
    try:
        font = TTFont(str(font_face.path), fontNumber=font_face.index, lazy=True)
    except Exception:  # any unreadable file simply is not a candidate
        return False
    try:
        cmap = font.getBestCmap() or {}
        return all(ord(c) in cmap for c in PROBE)
    finally:
        font.close()


def _fontconfig(style: str) -> list[Path]:
    """Ask fontconfig (if present) for Noto Sans CJK SC, then for any Chinese face."""
    if shutil.which("fc-match") is None:
        return []
    found: list[Path] = []
    queries = (
        ["fc-match", "-f", "%{file}", f"Noto Sans CJK SC:style={style}"],
        ["fc-list", "-f", "%{file}\n", f":lang=zh-cn:style={style}"],
    )
    for cmd in queries:
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=10, check=False)
        except (OSError, subprocess.SubprocessError):
            continue
        found += [Path(line) for line in sorted(out.stdout.splitlines()) if line.strip()]
    # Sans before serif: labels are read at a glance.
    return sorted(dict.fromkeys(found), key=lambda p: ("Serif" in p.name, "Sans" not in p.name))


def _candidates(names: tuple[str, ...], style: str) -> list[Path]:
    paths = [folder / name for name in names for folder in SEARCH_DIRS]
    return [p for p in paths if p.is_file()] + _fontconfig(style)


def _locate(env: str, names: tuple[str, ...], style: str) -> FontFace | None:
    override = os.environ.get(env)
    if override:
        path = Path(override)
        if not path.is_file():
            raise FontMissingError(f"{env}={override} does not name a readable font file")
        chosen = _pick_face(path)
        if not covers_cjk(chosen):
            raise FontMissingError(f"{env}={override} has no Chinese glyphs (would print tofu)")
        return chosen
    for path in _candidates(names, style):
        chosen = _pick_face(path)
        if covers_cjk(chosen):
            return chosen
    return None


@lru_cache(maxsize=1)
def cjk_fonts() -> CjkFonts:
    """Resolve once; call cjk_fonts.cache_clear() after changing the environment."""
    regular = _locate(ENV_REGULAR, REGULAR_NAMES, "Regular")
    if regular is None:
        looked = ", ".join(str(d) for d in SEARCH_DIRS)
        raise FontMissingError(
            f"no CJK font found in {looked} or via fontconfig; install it with "
            f"`make system-deps` (apt-get install fonts-noto-cjk) or set {ENV_REGULAR} "
            "to a CJK .ttc/.otf/.ttf"
        )
    # With only a regular override (or no bold face installed), bold uses the same face:
    # never a faux bold, never a different family.
    if os.environ.get(ENV_REGULAR) and not os.environ.get(ENV_BOLD):
        return CjkFonts(regular, regular)
    bold = _locate(ENV_BOLD, BOLD_NAMES, "Bold")
    return CjkFonts(regular, bold or regular)


def face(bold: bool) -> FontFace:
    fonts = cjk_fonts()
    return fonts.bold if bold else fonts.regular


class FontMetrics:
    """Advance widths from hmtx, so PNG, PDF and ZPL wrap text at the same places."""

    def __init__(self, font_face: FontFace) -> None:
        font = TTFont(str(font_face.path), fontNumber=font_face.index, lazy=True)
        upem = float(font["head"].unitsPerEm)
        hmtx = font["hmtx"].metrics
        cmap: dict[int, str] = font.getBestCmap()
        self._advance: dict[int, float] = {cp: hmtx[glyph][0] / upem for cp, glyph in cmap.items()}
        self._notdef: float = hmtx[".notdef"][0] / upem
        font.close()

    def has_glyph(self, char: str) -> bool:
        return ord(char) in self._advance

    def width(self, text: str, size: float) -> float:
        """Width of text set at em size `size`, in the same unit as size."""
        get, notdef = self._advance.get, self._notdef
        return float(sum(get(ord(c), notdef) for c in text)) * size


@lru_cache(maxsize=2)
def metrics(bold: bool = False) -> FontMetrics:
    return FontMetrics(face(bold))


def missing_glyphs(text: str, bold: bool = False) -> str:
    """Characters the font cannot draw (they would print as tofu); whitespace is ignored."""
    m = metrics(bold)
    return "".join(sorted({c for c in text if not c.isspace() and not m.has_glyph(c)}))


@lru_cache(maxsize=64)
def pil_font(bold: bool, px: int) -> ImageFont.FreeTypeFont:
    """FreeType face at a pixel size; cached because opening a TTC face re-reads its tables."""
    f = face(bold)
    return ImageFont.truetype(
        str(f.path), size=px, index=f.index, layout_engine=ImageFont.Layout.BASIC
    )
