"""Hard caps on an uploaded export, checked while streaming and before any parser builds it.

A 180 KB XLSX can hold 20 million empty rows, a 63 KB one a row of two million cells and a
310 KB one a 300 MB cell (issue 9, finding 11): openpyxl would happily materialise each of
them. So before openpyxl sees a workbook, every member is read from the zip as a stream with
a byte cap (sizes from the central directory are checked first, then trusted no further),
the XML is scanned with expat (no DOCTYPE, no ENTITY: no billion laughs, no external
entities), and rows, columns and cell lengths are counted as they go by. A CSV gets the
same row, column and cell caps. Every refusal is a `FileFormatError`, a clear 400.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.parsers import expat

from server.orders.readers import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROW_NUMBER,
    MAX_ROWS,
    FileFormatError,
)

MAX_MEMBERS = 200
MAX_XML_BYTES = 256 * 1024 * 1024  # all members together, decompressed
CHUNK = 1024 * 1024
_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


class _Scan:
    """Counts one XML member as it streams by; raises at the first cap it crosses."""

    def __init__(self, name: str, sheet: bool) -> None:
        self.name = name
        self.sheet = sheet
        self.rows = 0
        self.columns = 0
        self.text = 0
        self.parser = expat.ParserCreate()
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._entity
        self.parser.StartElementHandler = self._start
        self.parser.CharacterDataHandler = self._chars

    def _doctype(self, *_args: object) -> None:
        raise FileFormatError(f"{self.name}: a DOCTYPE is not allowed in an XLSX workbook")

    def _entity(self, *_args: object) -> None:
        raise FileFormatError(f"{self.name}: an ENTITY declaration is not allowed")

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        local = tag.rsplit(":", 1)[-1]
        if local in ("t", "v", "f"):
            self.text = 0
        if not self.sheet:
            return
        if local == "row":
            self.rows += 1
            self.columns = 0
            number = attrs.get("r", "")
            if self.rows > MAX_ROW_NUMBER or (number.isdigit() and int(number) > MAX_ROW_NUMBER):
                raise FileFormatError(f"more than {MAX_ROWS} rows; split the export")
        elif local == "c":
            self.columns += 1
            ref = _CELL_REF.fullmatch(attrs.get("r", ""))
            column = _column_number(ref.group(1)) if ref else self.columns
            if max(column, self.columns) > MAX_COLUMNS:
                raise FileFormatError(f"more than {MAX_COLUMNS} columns in a row")
            if ref and int(ref.group(2)) > MAX_ROW_NUMBER:
                raise FileFormatError(f"more than {MAX_ROWS} rows; split the export")

    def _chars(self, data: str) -> None:
        self.text += len(data)
        if self.text > MAX_CELL_CHARS:
            raise FileFormatError(f"a cell is longer than {MAX_CELL_CHARS} characters")

    def feed(self, chunk: bytes, final: bool = False) -> None:
        try:
            self.parser.Parse(chunk, final)
        except expat.ExpatError as exc:
            raise FileFormatError(f"{self.name}: malformed XML: {exc}") from exc


def check_xlsx(data: bytes) -> None:
    """Refuse a workbook over any cap, reading each member once, in bounded memory."""
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        members = book.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileFormatError(f"not a readable XLSX workbook: {exc}") from exc
    if len(members) > MAX_MEMBERS:
        raise FileFormatError(f"more than {MAX_MEMBERS} parts in the workbook")
    declared = sum(m.file_size for m in members)
    if declared > MAX_XML_BYTES:
        raise FileFormatError(f"the workbook unpacks to more than {MAX_XML_BYTES >> 20} MB")
    budget = MAX_XML_BYTES
    for member in members:
        if not member.filename.endswith((".xml", ".rels", ".vml")):
            continue
        scan = _Scan(member.filename, sheet=member.filename.startswith("xl/worksheets/"))
        try:
            with book.open(member) as stream:
                while chunk := stream.read(CHUNK):
                    budget -= len(chunk)
                    if budget < 0:  # a member that unpacks to more than it declared
                        raise FileFormatError(
                            f"the workbook unpacks to more than {MAX_XML_BYTES >> 20} MB"
                        )
                    scan.feed(chunk)
            scan.feed(b"", final=True)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            raise FileFormatError(f"not a readable XLSX workbook: {exc}") from exc
