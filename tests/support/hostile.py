"""Hostile XLSX uploads of issue 9, finding 11: tiny files that unpack into huge workbooks.

Each is written as a stream through the zip compressor, so building one costs the test a
second of CPU and almost no memory.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

_XML = '<?xml version="1.0" encoding="UTF-8"?>'
_OOXML = "application/vnd.openxmlformats-"
_SSML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHEET_CT = f"{_OOXML}officedocument.spreadsheetml"


def _rel(rid: str, kind: str, target: str) -> str:
    return f'<Relationship Id="{rid}" Type="{_DOC_RELS}/{kind}" Target="{target}"/>'


def _override(part: str, kind: str) -> str:
    return f'<Override PartName="{part}" ContentType="{_SHEET_CT}.{kind}+xml"/>'


_CT = (
    f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    f'<Default Extension="rels" ContentType="{_OOXML}package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    + _override("/xl/workbook.xml", "sheet.main")
    + _override("/xl/worksheets/sheet1.xml", "worksheet")
    + _override("/xl/sharedStrings.xml", "sharedStrings")
    + "</Types>"
)
_RELS = (
    f'{_XML}<Relationships xmlns="{_PKG_RELS}">'
    + _rel("rId1", "officeDocument", "xl/workbook.xml")
    + "</Relationships>"
)
_BOOK = (
    f'{_XML}<workbook xmlns="{_SSML}" xmlns:r="{_DOC_RELS}">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_BOOK_RELS = (
    f'{_XML}<Relationships xmlns="{_PKG_RELS}">'
    + _rel("rId1", "worksheet", "worksheets/sheet1.xml")
    + _rel("rId2", "sharedStrings", "sharedStrings.xml")
    + "</Relationships>"
)
_SHEET_HEAD = (
    f'{_XML}<worksheet xmlns="{_SSML}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
)
_SHEET_TAIL = "</sheetData></worksheet>"
_STRINGS_BODY = f'<sst xmlns="{_SSML}" count="1" uniqueCount="1">'
_STRINGS_HEAD = _XML + _STRINGS_BODY


def _repeat(piece: bytes, times: int) -> Iterator[bytes]:
    block = piece * 65_536
    full, rest = divmod(times, 65_536)
    for _ in range(full):
        yield block
    yield piece * rest


def _workbook(sheet: Iterator[bytes], strings: Iterator[bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _BOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        for name, parts in (("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", strings)):
            with z.open(name, "w", force_zip64=True) as f:
                for part in parts:
                    f.write(part)
    return out.getvalue()


def _plain_strings() -> Iterator[bytes]:
    yield (_STRINGS_HEAD + "<si><t>订单编号</t></si></sst>").encode()


def empty_rows(n: int = 20_000_000) -> bytes:
    """A header, then n empty rows (about 180 KB for 20 million)."""

    def sheet() -> Iterator[bytes]:
        yield _SHEET_HEAD.encode()
        yield from _repeat(b"<row/>", n)
        yield _SHEET_TAIL.encode()

    return _workbook(sheet(), _plain_strings())


def wide_row(cells: int = 2_000_000) -> bytes:
    """One row of two million cells."""

    def sheet() -> Iterator[bytes]:
        yield _SHEET_HEAD.encode() + b'<row r="2">'
        yield from _repeat(b"<c><v>1</v></c>", cells)
        yield b"</row>" + _SHEET_TAIL.encode()

    return _workbook(sheet(), _plain_strings())


def huge_cell(chars: int = 300_000_000) -> bytes:
    """One shared string of 300 million characters."""

    def sheet() -> Iterator[bytes]:
        yield (_SHEET_HEAD + _SHEET_TAIL).encode()

    def strings() -> Iterator[bytes]:
        yield _STRINGS_HEAD.encode() + b"<si><t>"
        yield from _repeat(b"A", chars)
        yield b"</t></si></sst>"

    return _workbook(sheet(), strings())


def entity_bomb() -> bytes:
    """The billion laughs, in the shared strings."""

    def strings() -> Iterator[bytes]:
        lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
        yield (
            f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY l0 "lol">{lol}]>'
            f"{_STRINGS_BODY}<si><t>&l9;</t></si></sst>"
        ).encode()

    def sheet() -> Iterator[bytes]:
        yield (_SHEET_HEAD + _SHEET_TAIL).encode()

    return _workbook(sheet(), strings())
