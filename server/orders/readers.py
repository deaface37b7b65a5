"""Read an uploaded CSV or XLSX into a header row and numbered data rows of plain strings.

Numbers become text exactly (an EAN read as 6901234567890.0 becomes "6901234567890"); Excel
guards such as a leading apostrophe or ="123" are unwrapped. Nothing is evaluated.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

MAX_ROWS = 100_000
# Row numbers a file may reach: the data rows, the header and some blank rows between
# (blank rows count: 20 million of them fit in a 180 KB workbook).
MAX_ROW_NUMBER = MAX_ROWS + 1000
MAX_COLUMNS = 256  # a platform export has 30-60 columns
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
XLSX_MAGIC = b"PK\x03\x04"


class FileFormatError(ValueError):
    """The upload is not a readable CSV/XLSX export (a 400 for the client)."""


@dataclass(frozen=True, slots=True)
class Sheet:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells); header is row 1


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value).strip()
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1]
    if text.startswith("'") or text.startswith("\t"):
        text = text[1:]
    return text.strip()


def _check_row(number: int, cells: list[str]) -> None:
    if number > MAX_ROW_NUMBER:
        raise FileFormatError(f"more than {MAX_ROWS} rows; split the export")
    if len(cells) > MAX_COLUMNS:
        raise FileFormatError(f"row {number}: more than {MAX_COLUMNS} columns")
    if any(len(c) > MAX_CELL_CHARS for c in cells):
        raise FileFormatError(f"row {number}: a cell is longer than {MAX_CELL_CHARS} characters")


def _sheet(rows: Iterator[list[str]]) -> Sheet:
    header: list[str] | None = None
    out: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(rows, start=1):
        _check_row(number, cells)
        if header is None:
            if not any(cells):
                raise FileFormatError("the first row must be the column headers, it is empty")
            header = [c.lstrip("\ufeff") for c in cells]
            continue
        if not any(cells):
            continue
        if len(out) >= MAX_ROWS:
            raise FileFormatError(f"more than {MAX_ROWS} rows; split the export")
        out.append((number, cells + [""] * (len(header) - len(cells))))
    if header is None:
        raise FileFormatError("the file is empty")
    return Sheet(header, out)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise FileFormatError("not a text CSV (expected UTF-8 or GBK/GB18030)")


def read_csv(data: bytes) -> Sheet:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        return _sheet([cell_text(c) for c in row] for row in reader)
    except csv.Error as exc:
        raise FileFormatError(f"malformed CSV: {exc}") from exc


def read_xlsx(data: bytes) -> Sheet:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileFormatError(f"not a readable XLSX workbook: {exc}") from exc
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise FileFormatError("the workbook has no sheets")
        rows = ([cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True))
        return _sheet(rows)
    finally:
        book.close()


def is_xlsx(filename: str, data: bytes) -> bool:
    """XLSX by content (zip magic) or extension; everything else is read as CSV."""
    return data.startswith(XLSX_MAGIC) or filename.lower().endswith((".xlsx", ".xlsm"))


def read_upload(filename: str, data: bytes) -> Sheet:
    """Call it through `upload.parse_upload`, which runs the XLSX caps of `guard` first."""
    if is_xlsx(filename, data):
        return read_xlsx(data)
    if filename.lower().endswith(".xls"):
        raise FileFormatError("old .xls workbooks are not supported: save as .xlsx or CSV")
    return read_csv(data)
