"""Print a synthetic 16:00 wave (labels, pick list, sort list, packing slips) and time it.

Usage: uv run python bench/print_wave.py [--orders 3000] [--keep DIR] [--db]
Target: the whole wave in under 30 s on a 2-core machine. All figures are measured here.
--db adds the same wave end to end on a SQLite database (import as ops, wave start with its
label.print ops, documents assembled from synced state), see bench/print_wave_db.py.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import zxingcpp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from server.printing.documents import (
    Carrier,
    LabelData,
    PackingSlip,
    PickDemand,
    SlipLine,
    SortLine,
)
from server.printing.label_layout import LabelSize
from server.printing.label_pdf import render_labels_pdf
from server.printing.list_pdf import (
    render_packing_slips_pdf,
    render_pick_list_pdf,
    render_sort_list_pdf,
)
from server.printing.lists import build_pick_list, build_sort_list

TARGET_S = 30.0
CST = timezone(timedelta(hours=8))
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高欧阳"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰晓"
PLACES = [
    ("浙江省", "杭州市", "西湖区"),
    ("广东省", "深圳市", "南山区"),
    ("江苏省", "苏州市", "工业园区"),
    ("北京市", "北京市", "朝阳区"),
    ("上海市", "上海市", "浦东新区"),
    ("四川省", "成都市", "武侯区"),
    ("湖北省", "武汉市", "洪山区"),
    ("新疆维吾尔自治区", "乌鲁木齐市", "天山区"),
]
STREETS = ["文三路", "科技园南路", "星湖街", "建国路", "世纪大道", "人民南路", "珞喻路", "解放北路"]
PRODUCTS = ["LED 吸顶灯", "护眼台灯", "筒灯", "射灯", "灯带", "水晶吊灯", "光源配件", "智能开关"]
SPECS = ["白光 24W", "暖光 12W", "三色调光", "5 米", "黑色", "金色 直径50cm"]
REQUESTS = [
    "木箱包装",
    "手写快递单",
    "贺卡：生日快乐",
    "工作日送货",
    "发票抬头：杭州某某科技有限公司",
]
PREFIX = {
    Carrier.SF: "SF",
    Carrier.ZTO: "73",
    Carrier.YTO: "YT",
    Carrier.YUNDA: "43",
    Carrier.EMS: "11",
}


@dataclass(frozen=True)
class Wave:
    labels: list[LabelData]
    slips: list[PackingSlip]
    demands: list[PickDemand]
    sort_orders: list[tuple[str, Carrier, bool, list[SortLine]]]


def synthesise(orders: int, seed: int = 16) -> Wave:
    rng = random.Random(seed)
    printed = datetime(2024, 6, 1, 16, 0, tzinfo=CST)
    skus = [
        (
            f"69{rng.randrange(10**10, 10**11)}",
            f"{rng.choice(PRODUCTS)} {i:03d}",
            rng.choice(SPECS),
            f"{'ABCD'[i % 4]}{i // 40 + 1:02d}-{i % 40 // 8 + 1:02d}-{i % 8 + 1:02d}",
            i,
            i % 3 != 0,
        )
        for i in range(400)
    ]
    wave = Wave([], [], [], [])
    for n in range(orders):
        carrier = list(Carrier)[n % 5]
        order_no = f"TB{printed:%Y%m%d}{n:08d}"
        tracking = f"{PREFIX[carrier]}{rng.randrange(10**12, 10**13)}"
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))
        phone = f"1{rng.choice('3578')}{rng.randrange(10**8, 10**9)}"
        prov, city, dist = rng.choice(PLACES)
        detail = (
            f"{rng.choice(STREETS)}{rng.randint(1, 999)}号"
            f"{rng.randint(1, 30)}栋{rng.randint(101, 2808)}室"
        )
        special = rng.random() < 0.05
        lines = [rng.choice(skus) for _ in range(rng.randint(1, 3))]
        qtys = [rng.randint(1, 3) for _ in lines]
        wave.labels.append(
            LabelData(
                carrier=carrier,
                tracking_no=tracking,
                label_version=1,
                order_no=order_no,
                recipient_name=name,
                recipient_phone=phone,
                province=prov,
                city=city,
                district=dist,
                address_detail=detail,
                sender="杭州余杭一号仓",
                item_count=sum(qtys),
                printed_at=printed,
                special=special,
                special_request=rng.choice(REQUESTS) if special else None,
            )
        )
        wave.slips.append(
            PackingSlip(
                order_no=order_no,
                warehouse="杭州余杭一号仓",
                carrier=carrier,
                tracking_no=tracking,
                recipient_name=name,
                recipient_phone=phone,
                address=f"{prov}{city}{dist}{detail}",
                printed_at=printed,
                lines=tuple(
                    SlipLine(sku_barcode=s[0], name=s[1], spec=s[2], qty=q)
                    for s, q in zip(lines, qtys, strict=True)
                ),
            )
        )
        wave.demands.extend(
            [
                PickDemand(
                    order_no=order_no,
                    sku_barcode=s[0],
                    sku_name=s[1],
                    spec=s[2],
                    location_code=s[3],
                    walk_order=s[4],
                    qty=q,
                    spot_checked=s[5],
                )
                for s, q in zip(lines, qtys, strict=True)
            ]
        )
        wave.sort_orders.append(
            (
                order_no,
                carrier,
                special,
                [
                    SortLine(sku_barcode=s[0], sku_name=s[1], spec=s[2], qty=q)
                    for s, q in zip(lines, qtys, strict=True)
                ],
            )
        )
    return wave


def baseline(labels: list[LabelData]) -> float:
    """Encoding the same Code128 + QR per label with zxing-cpp, nothing else."""
    start = time.perf_counter()
    for lb in labels:
        c = zxingcpp.create_barcode(lb.tracking_no, zxingcpp.BarcodeFormat.Code128)
        zxingcpp.write_barcode_to_image(c, scale=1, add_quiet_zones=False)
        q = zxingcpp.create_barcode(lb.qr_payload, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
        zxingcpp.write_barcode_to_image(q, scale=1, add_quiet_zones=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=3000)
    parser.add_argument("--keep", type=Path, help="write the PDFs here instead of a temp dir")
    parser.add_argument("--db", action="store_true", help="also run it end to end on SQLite")
    args = parser.parse_args()
    wave = synthesise(args.orders)
    base = baseline(wave.labels)
    printed = wave.labels[0].printed_at
    ids = {
        "wave_id": "W20240601-16",
        "wave_name": "6月1日 16:00 批次",
        "warehouse": "杭州余杭一号仓",
    }
    rows: list[tuple[str, int, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        total_start = time.perf_counter()

        def timed(name: str, items: int, fn: object) -> None:
            start = time.perf_counter()
            data = fn()  # type: ignore[operator]
            (out / f"{name}.pdf").write_bytes(data)
            rows.append((name, items, time.perf_counter() - start))

        timed(
            "labels_76x130",
            len(wave.labels),
            lambda: render_labels_pdf(wave.labels, LabelSize.E_WAYBILL_76X130),
        )
        pick = build_pick_list(
            pick_list_id="PK20240601-16-01", printed_at=printed, demands=wave.demands, **ids
        )
        timed("pick_list", len(pick.lines), lambda: render_pick_list_pdf(pick))
        sort = build_sort_list(
            sort_list_id="SO20240601-16-01", printed_at=printed, orders=wave.sort_orders, **ids
        )
        timed("sort_list", len(sort.slots), lambda: render_sort_list_pdf(sort))
        timed("packing_slips", len(wave.slips), lambda: render_packing_slips_pdf(wave.slips))
        total = time.perf_counter() - total_start
        sizes = {p.stem: p.stat().st_size for p in out.glob("*.pdf")}

    print(f"wave: {args.orders} orders, {len(wave.demands)} order lines")
    print(f"{'document':<16}{'items':>8}{'seconds':>10}{'ms/item':>10}{'x baseline':>12}{'MB':>8}")
    print(
        f"{'baseline codes':<16}{len(wave.labels):>8}{base:>10.2f}"
        f"{base / len(wave.labels) * 1000:>10.3f}{1.0:>12.1f}{'':>8}"
    )
    for name, items, secs in rows:
        print(
            f"{name:<16}{items:>8}{secs:>10.2f}{secs / items * 1000:>10.3f}"
            f"{secs / base:>12.1f}{sizes[name] / 1e6:>8.2f}"
        )
    print(
        f"{'whole wave':<16}{args.orders:>8}{total:>10.2f}"
        f"{total / args.orders * 1000:>10.3f}{total / base:>12.1f}"
    )
    verdict = "PASS" if total < TARGET_S else "FAIL"
    print(f"{verdict}: whole wave {total:.2f} s against the {TARGET_S:.0f} s target")
    if args.db:
        from print_wave_db import end_to_end

        steps = end_to_end(wave)
        print("end to end on SQLite (same orders):")
        for name, secs in steps:
            print(f"  {name:<16}{secs:>8.2f} s{secs / base:>10.1f} x baseline")
        docs = sum(s for n, s in steps if n not in ("import (ops)",))
        print(f"  {'wave (no import)':<16}{docs:>8.2f} s{docs / base:>10.1f} x baseline")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())
