"""Issue 9 finding 11: a parse runs in a child process with a memory cap and a time limit."""

from __future__ import annotations

import pytest
from support import hostile
from support.orders import TAOBAO, csv_bytes, demo_skus

from server.orders.readers import FileFormatError
from server.orders.sandbox import ImportTooCostlyError, Limits, parse_isolated


def _rows(n: int) -> list[list[object]]:
    (sku,) = demo_skus(1)
    return [
        [f"TB{i}", "张三", "13812345678", "浙江省 杭州市 西湖区 文三路1号", sku, 1, ""]
        for i in range(n)
    ]


def test_a_good_file_comes_back_parsed() -> None:
    parsed = parse_isolated("a.csv", csv_bytes(TAOBAO, _rows(3)), None, None)
    assert parsed.rows == 3 and [d.order_no for d in parsed.drafts] == ["TB0", "TB1", "TB2"]


def test_a_format_error_comes_back_as_one() -> None:
    with pytest.raises(FileFormatError, match="more than 256 columns"):
        parse_isolated("w.xlsx", hostile.wide_row(), None, None)


def test_the_memory_cap_stops_the_parser_not_the_server() -> None:
    # 90,000 rows are within the caps, but not within 64 MB of address space.
    data = csv_bytes(TAOBAO, _rows(90_000))
    with pytest.raises(ImportTooCostlyError, match="more memory"):
        parse_isolated("a.csv", data, None, None, Limits(64 << 20))


def test_the_time_limit_kills_the_parser() -> None:
    data = csv_bytes(TAOBAO, _rows(20_000))
    with pytest.raises(ImportTooCostlyError, match="longer than"):
        parse_isolated("big.csv", data, None, None, Limits(time_s=0.05))
