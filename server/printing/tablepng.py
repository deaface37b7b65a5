"""A4 table documents as PNG pages: the shared TableLayout drawn with Pillow at printer dpi.

One PNG per page, encoded as soon as the page is done (a 300 dpi A4 page is 8.7 MB raw), and
the page total comes from a dry run of the same layout, so the footer can say "第 n / N 页".
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw

from server.printing.barcodes import Code128
from server.printing.fonts import ASCENT_EM, pil_font
from server.printing.raster import Dpi, paste_code128, px
from server.printing.tablelayout import (
    A4,
    FOOTER_Y,
    MARGIN,
    RIGHT,
    SHADE,
    Column,
    Heading,
    TableLayout,
)
from server.printing.textfit import width


class TablePng(TableLayout):
    def __init__(
        self,
        heading: Heading,
        columns: Sequence[Column],
        numbered: bool = True,
        *,
        dpi: Dpi,
        total_pages: int = 0,
    ) -> None:
        self._setup(heading, columns, numbered)
        self.dpi = dpi
        self.total_pages = total_pages
        self.pages: list[bytes] = []
        self._img: Image.Image | None = None
        self._draw: ImageDraw.ImageDraw | None = None

    def _px(self, mm: float) -> int:
        return px(mm, self.dpi)

    @property
    def draw(self) -> ImageDraw.ImageDraw:
        assert self._draw is not None, "new_page() first"
        return self._draw

    def _close_page(self) -> None:
        if self._img is None:
            return
        self.footer()
        out = io.BytesIO()
        self._img.save(out, format="PNG", dpi=(int(self.dpi), int(self.dpi)))
        self.pages.append(out.getvalue())
        self._img = self._draw = None

    def new_page(self) -> None:
        self._close_page()
        self._img = Image.new("L", (self._px(A4[0]), self._px(A4[1])), 255)
        self._draw = ImageDraw.Draw(self._img)
        self.header()

    def finish(self) -> list[bytes]:
        self._close_page()
        return self.pages

    def _text(self, x: float, y: float, size: float, s: str, bold: bool = False) -> None:
        if not s:
            return
        k = self.dpi / 25.4
        font = pil_font(bold, max(1, self._px(size)))
        self.draw.text((x * k, (y + size * ASCENT_EM) * k), s, fill=0, font=font, anchor="ls")

    def _hline(self, y: float, thickness: float) -> None:
        t = max(1, self._px(thickness))
        top = self._px(y) - t // 2
        self.draw.rectangle((self._px(MARGIN), top, self._px(RIGHT), top + t - 1), fill=0)

    def _shade(self, y: float, h: float) -> None:
        box = (self._px(MARGIN), self._px(y), self._px(RIGHT), self._px(y + h))
        self.draw.rectangle(box, fill=SHADE)

    def _bars(self, symbol: Code128, x: float, y: float, w: float, h: float) -> None:
        assert self._img is not None, "new_page() first"
        paste_code128(self._img, symbol, x, y, w, h, self.dpi)

    def _page_number(self) -> None:
        label = f"第 {len(self.pages) + 1} / {self.total_pages or len(self.pages) + 1} 页"
        self._text(A4[0] / 2 - width(label, 3.0) / 2, FOOTER_Y, 3.0, label)
