"""POST /api/orders/import: platform exports in, row-by-row errors, idempotent, capped."""

from __future__ import annotations

import csv
import io

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import sign_in
from support.orders import (
    GENERIC,
    JD,
    PDD,
    TAOBAO,
    csv_bytes,
    demo_skus,
    ops_of,
    upload,
    xlsx_bytes,
)

Client = AsyncTestClient[Litestar]
UNKNOWN = "6901234567890"


@pytest.fixture
async def cs(demo_client: Client) -> Client:
    demo_client.headers.update(await sign_in(demo_client, "C002"))
    return demo_client


def _taobao_rows() -> list[list[object]]:
    a, b, c = demo_skus(3)
    return [
        [
            "TB1001",
            "张三",
            "'13812345678",
            "浙江省 杭州市 西湖区 文三路478号 华星时代广场A座",
            a,
            2,
            "",
        ],
        [
            "TB1001",
            "张三",
            "'13812345678",
            "浙江省 杭州市 西湖区 文三路478号 华星时代广场A座",
            b,
            1,
            "",
        ],
        ["TB1002", "李四", "13900001111", "上海市 上海市 浦东新区 世纪大道100号", c, 1, "周六送货"],
        ["TB1003", "王五", "13700002222", "北京市 北京市 朝阳区 建国路88号", UNKNOWN, 1, ""],
        ["TB1004", "赵六", "13600003333", "广东省 广州市 天河区 天河路1号", a, 1, ""],
        ["TB1004", "赵六", "13600003333", "广东省 广州市 天河区 天河路1号", b, "两件", ""],
    ]


async def test_taobao_csv_lands_valid_orders_and_reports_rows(cs: Client, url: str) -> None:
    data = csv_bytes(TAOBAO, _taobao_rows())
    r = await upload(cs, data, "淘宝订单.csv")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["layout"] == "taobao" and body["rows"] == 6
    assert (body["created"], body["existing"], body["failed"]) == (2, 0, 2)
    assert sorted(body["created_orders"]) == ["taobao:TB1001", "taobao:TB1002"]
    messages = [e["message"] for e in body["errors"]]
    assert f"row 5: unknown SKU {UNKNOWN}" in messages
    assert "row 7: quantity must be a whole number from 1, got '两件'" in messages
    # TB1004's good row 6 did not land alone: nothing half-written.
    assert await ops_of(url, "taobao:TB1004") == []
    one = (await cs.get("/api/orders/taobao:TB1001")).json()
    a, b, _c = demo_skus(3)
    assert one["lines"] == {a: 2, b: 1}
    assert one["address"]["province"] == "浙江省"
    assert one["address"]["address_detail"] == "文三路478号 华星时代广场A座"  # kept as given
    assert one["address"]["recipient_phone"] == "13812345678"  # Excel guard removed
    two = (await cs.get("/api/orders/taobao:TB1002")).json()
    assert two["special_request"] == "周六送货" and two["special"] is True


async def test_reimport_changes_nothing(cs: Client, url: str) -> None:
    data = csv_bytes(TAOBAO, _taobao_rows())
    first = (await upload(cs, data)).json()
    before = await ops_of(url, "taobao:TB1001")
    second = (await upload(cs, data)).json()
    assert (second["created"], second["existing"], second["failed"]) == (0, 2, 2)
    assert second["errors"] == first["errors"]
    assert await ops_of(url, "taobao:TB1001") == before


async def test_tmall_is_the_taobao_layout_with_platform_tmall(cs: Client) -> None:
    rows = _taobao_rows()[:2]
    r = await upload(cs, xlsx_bytes(TAOBAO, rows), "tmall.xlsx", platform="tmall")
    assert r.status_code == 200, r.text
    assert r.json()["created_orders"] == ["tmall:TB1001"]


async def test_jd_xlsx(cs: Client) -> None:
    (sku,) = demo_skus(1)
    rows = [
        [
            "JD3001",
            "孙七",
            "13512345678",
            "四川省 成都市 武侯区 人民南路四段1号",
            int(sku),
            3,
            "",
            "成都某某有限公司",
        ]
    ]
    r = await upload(cs, xlsx_bytes(JD, rows), "jd.xlsx")
    assert r.status_code == 200, r.text
    assert r.json()["layout"] == "jd" and r.json()["created_orders"] == ["jd:JD3001"]
    got = (await cs.get("/api/orders/jd:JD3001")).json()
    assert got["lines"] == {sku: 3}  # a numeric barcode cell is read back exactly
    assert got["requests"] == {"invoice_title": "成都某某有限公司"}


async def test_pdd_gbk_csv_with_separate_address_columns(cs: Client) -> None:
    (sku,) = demo_skus(1)
    rows = [
        [
            "PDD77",
            "周八",
            "13312345678",
            "新疆维吾尔自治区",
            "乌鲁木齐市",
            "天山区",
            "解放北路 9 号",
            sku,
            1,
        ]
    ]
    r = await upload(cs, csv_bytes(PDD, rows, encoding="gb18030"), "拼多多.csv")
    assert r.status_code == 200, r.text
    got = (await cs.get("/api/orders/pdd:PDD77")).json()
    assert got["address"]["province"] == "新疆维吾尔自治区"
    assert got["address"]["address_detail"] == "解放北路 9 号"


async def test_generic_layout_names_the_platform_per_row(cs: Client) -> None:
    (sku,) = demo_skus(1)
    row = ["douyin", "DY1", "吴九", "13012345678", "湖北省", "武汉市", "洪山区", "珞喻路1037号"]
    rows = [
        [*row, sku, 1, "韵达", "新婚快乐"],
        ["ebay", "EB1", *row[2:], sku, 1, "", ""],
    ]
    r = await upload(cs, csv_bytes(GENERIC, rows), "generic.csv")
    body = r.json()
    assert body["layout"] == "generic" and body["created_orders"] == ["douyin:DY1"]
    assert body["errors"][0]["message"] == "row 3: unknown platform 'ebay'"
    got = (await cs.get("/api/orders/douyin:DY1")).json()
    assert got["carrier"] == "韵达" and got["requests"]["greeting_card"] == "新婚快乐"


@pytest.mark.parametrize(
    ("filename", "data", "needle"),
    [
        ("orders.xlsx", b"PK\x03\x04 this is not a zip", "not a readable XLSX"),
        ("orders.csv", csv_bytes(["a", "b"], [[1, 2]]), "unrecognised column headers"),
        ("orders.csv", b"\xff\xfe\x00\x00\x00garbage\x00", "not a text CSV"),
        ("orders.xls", b"\xd0\xcf\x11\xe0 legacy", "save as .xlsx or CSV"),
        ("orders.csv", "订单编号\n".encode(), "unrecognised column headers"),
        ("orders.csv", b'"unterminated,\n', "malformed CSV"),
    ],
)
async def test_malformed_files_are_a_clear_400(
    cs: Client, filename: str, data: bytes, needle: str
) -> None:
    r = await upload(cs, data, filename)
    assert r.status_code == 400, r.text
    assert needle in r.json()["detail"]


async def test_bad_form_is_a_clear_400(cs: Client) -> None:
    data = csv_bytes(TAOBAO, _taobao_rows())
    assert (await upload(cs, b"", "empty.csv")).status_code == 400
    r = await upload(cs, data, layout="amazon")
    assert r.status_code == 400 and "layout must be one of" in r.text
    r = await upload(cs, data, layout="jd")
    assert r.status_code == 400 and "missing columns" in r.text
    r = await upload(cs, data, platform="jd")
    assert r.status_code == 400 and "taobao or tmall" in r.text
    r = await cs.post("/api/orders/import", files={"upload": ("a.csv", data)})
    assert r.status_code == 400 and "unknown form field 'upload'" in r.text
    r = await cs.post("/api/orders/import", json={"file": "x"})
    assert r.status_code == 400


async def test_twenty_megabytes_is_the_cap(cs: Client) -> None:
    over = b"x" * (20 * 1024 * 1024 + 1)
    r = await upload(cs, over, "huge.csv")
    assert r.status_code == 413
    assert "larger than 20 MB" in r.json()["detail"]
    far_over = b"x" * (22 * 1024 * 1024)
    r = await upload(cs, far_over, "huger.csv")
    assert r.status_code == 413


async def test_error_csv_defuses_formula_injection(cs: Client) -> None:
    (sku,) = demo_skus(1)
    evil = '=HYPERLINK("http://evil.example","点我")'
    rows = [
        ["TB9001", evil, "13812345678", "浙江省 杭州市 西湖区 文三路1号", sku, 1, ""],
        [
            "TB9002",
            "李四",
            "13812345678",
            "浙江省 杭州市 西湖区 文三路2号",
            "=cmd|'/C calc'!A0",
            1,
            "",
        ],
        ["+TB9003", "王五", "13812345678", "浙江省 杭州市 西湖区 文三路3号", sku, 1, "@SUM(A1)"],
    ]
    r = await upload(cs, csv_bytes(TAOBAO, rows))
    body = r.json()
    assert body["created_orders"] == ["taobao:TB9001"]
    # Data is kept as given; only the spreadsheet export is defused.
    got = (await cs.get("/api/orders/taobao:TB9001")).json()
    assert got["address"]["recipient_name"] == evil
    assert body["errors_csv"] is not None
    export = await cs.get(body["errors_csv"])
    assert export.status_code == 200
    assert export.headers["content-type"].startswith("text/csv")
    text = export.content.decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert cells[:3] == ["row", "order_no", "error"]
    assert "'+TB9003" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert any("unknown SKU =cmd" in c for c in cells)


async def test_only_office_roles_import_and_exports_are_scoped(demo_client: Client) -> None:
    data = csv_bytes(TAOBAO, _taobao_rows())
    picker = await sign_in(demo_client, "K001")
    r = await demo_client.post(
        "/api/orders/import", files={"file": ("a.csv", data)}, headers=picker
    )
    assert r.status_code == 403
    cs = await sign_in(demo_client, "C001")
    r = await demo_client.post("/api/orders/import", files={"file": ("a.csv", data)}, headers=cs)
    link = r.json()["errors_csv"]
    hz = await sign_in(demo_client, "H001", warehouse="HZ02")
    assert (await demo_client.get(link, headers=hz)).status_code == 404
    assert (await demo_client.get(link, headers=cs)).status_code == 200


@pytest.mark.parametrize("qty", ["1e3", "2.5", "3.0", "-1", "0", "100001", "０３", " "])
async def test_a_quantity_is_digits_only(cs: Client, qty: str) -> None:
    # Issue 9 finding 12: `1e3` was accepted as 1,000.
    (sku,) = demo_skus(1)
    row = ["TB8001", "张三", "13812345678", "浙江省 杭州市 西湖区 文三路1号", sku, qty, ""]
    body = (await upload(cs, csv_bytes(TAOBAO, [row]))).json()
    assert body["created"] == 0, body
    assert body["errors"][0]["message"].startswith("row 2: quantity must be a whole number")


async def test_a_quantity_in_digits_lands(cs: Client) -> None:
    (sku,) = demo_skus(1)
    row = ["TB8002", "张三", "13812345678", "浙江省 杭州市 西湖区 文三路1号", sku, " 12 ", ""]
    body = (await upload(cs, xlsx_bytes(TAOBAO, [row]))).json()
    assert body["created_orders"] == ["taobao:TB8002"], body
    assert (await cs.get("/api/orders/taobao:TB8002")).json()["lines"] == {sku: 12}
