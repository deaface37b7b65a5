"""Issue 9 finding 11: hostile uploads are refused while streaming, before any parser runs."""

from __future__ import annotations

import pytest
from support import hostile
from support.orders import TAOBAO, csv_bytes, demo_skus, xlsx_bytes

from server.orders.guard import check_xlsx
from server.orders.readers import MAX_CELL_CHARS, FileFormatError, read_csv


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return {
        "empty-rows": hostile.empty_rows(),
        "wide-row": hostile.wide_row(),
        "huge-cell": hostile.huge_cell(),
        "entity-bomb": hostile.entity_bomb(),
        "long-cell": hostile.huge_cell(MAX_CELL_CHARS + 1),
    }


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("empty-rows", "more than 100000 rows"),
        ("wide-row", "more than 256 columns"),
        ("huge-cell", "unpacks to more than 256 MB"),
        ("entity-bomb", "DOCTYPE is not allowed"),
        ("long-cell", "longer than 32767 characters"),
    ],
)
def test_hostile_workbooks_are_refused(files: dict[str, bytes], name: str, needle: str) -> None:
    assert len(files[name]) < 400_000  # tiny uploads, every one
    with pytest.raises(FileFormatError, match=needle):
        check_xlsx(files[name])


def test_a_real_export_passes() -> None:
    rows = [
        ["TB1", "张三", "13812345678", "浙江省 杭州市 西湖区 文三路1号", s, 1, ""]
        for s in demo_skus(3)
    ]
    check_xlsx(xlsx_bytes(TAOBAO, rows))


def test_a_zip_that_is_not_a_workbook_is_a_format_error() -> None:
    with pytest.raises(FileFormatError, match="not a readable XLSX"):
        check_xlsx(b"PK\x03\x04 nope")


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"a,b\n" + b"\n" * 200_000, "more than 100000 rows"),
        (b",".join([b"h"] * 300) + b"\n", "more than 256 columns"),
        (b"a,b\n" + b"x" * (MAX_CELL_CHARS + 1) + b",1\n", "longer than 32767"),
    ],
    ids=["blank-rows", "wide", "long-cell"],
)
def test_csv_caps(data: bytes, needle: str) -> None:
    with pytest.raises(FileFormatError, match=needle):
        read_csv(data)


def test_csv_at_the_caps_is_read() -> None:
    rows = [["TB1", "张", "1", "x" * MAX_CELL_CHARS, "s", 1, ""]]
    sheet = read_csv(csv_bytes(TAOBAO, rows))
    assert len(sheet.rows[0][1][3]) == MAX_CELL_CHARS
