"""ZPL II for Zebra printers, checked structurally: one ^XA..^XZ per label, UTF-8, real codes."""

from __future__ import annotations

import re

import pytest
from support.labels import make_label

from server.printing.label_layout import LabelSize
from server.printing.label_zpl import escape, render_label_zpl, render_labels_zpl

FIELD = re.compile(r"\^FD(.*?)\^FS")


def _commands(zpl: str) -> list[str]:
    return re.findall(r"\^[A-Z][A-Z0-9@]?", zpl)


@pytest.mark.parametrize(
    ("size", "dpi", "pw", "ll"),
    [
        (LabelSize.E_WAYBILL_76X130, 203, 608, 1040),
        (LabelSize.E_WAYBILL_76X130, 300, 912, 1560),
        (LabelSize.LABEL_100X150, 203, 800, 1200),
        (LabelSize.LABEL_100X150, 300, 1200, 1800),
    ],
)
def test_one_format_per_label_sized_in_printer_dots(
    size: LabelSize, dpi: int, pw: int, ll: int
) -> None:
    zpl = render_label_zpl(make_label(), size, dpi)
    lines = zpl.strip().split("\n")
    assert lines[0] == "^XA" and lines[-1] == "^XZ"
    assert zpl.count("^XA") == zpl.count("^XZ") == 1
    assert f"^PW{pw}\n" in zpl and f"^LL{ll}\n" in zpl
    # UTF-8 (^CI28) is selected before any field data is sent.
    assert zpl.index("^CI28") < zpl.index("^FD")
    # Every field is opened and closed, and its data is hex-escaped (^FH).
    assert zpl.count("^FD") == zpl.count("^FS") - zpl.count("^FX") - zpl.count("^GB")
    for line in lines:
        if "^FD" in line:
            assert "^FH\\^FD" in line, line
    zpl.encode("utf-8")


def test_code128_and_qr_fields_carry_tracking_and_payload() -> None:
    lb = make_label()
    zpl = render_label_zpl(lb, LabelSize.E_WAYBILL_76X130, 203)
    code = re.search(r"\^BY(\d+),3,(\d+)\^BCN,(\d+),N,N,N,A\^FH\\\^FD([^\^]+)\^FS", zpl)
    assert code is not None
    assert code.group(4) == lb.tracking_no
    assert int(code.group(1)) >= 1 and code.group(2) == code.group(3)
    qr = re.search(r"\^BQN,2,(\d+)\^FH\\\^FDMA,([^\^]+)\^FS", zpl)
    assert qr is not None
    assert qr.group(2) == lb.qr_payload
    assert 1 <= int(qr.group(1)) <= 10


def test_chinese_text_is_sent_as_utf8_with_a_cjk_font() -> None:
    zpl = render_label_zpl(make_label(), LabelSize.E_WAYBILL_76X130, 203)
    assert re.search(r"\^CW1,[A-Z]:[A-Z0-9_]+\.TTF", zpl)
    texts = FIELD.findall(zpl)
    assert "顺丰速运" in texts
    assert any(t.startswith("王小明") for t in texts)
    assert any("浙江省杭州市西湖区" in t for t in texts)
    assert all("^A1N" in ln for ln in zpl.split("\n") if "顺丰速运" in ln)


def test_special_label_is_marked_and_ordinary_is_not() -> None:
    special = render_label_zpl(make_label(special=True), LabelSize.E_WAYBILL_76X130)
    plain = render_label_zpl(
        make_label(special=False, special_request=None), LabelSize.E_WAYBILL_76X130
    )
    assert "^FX SPECIAL 剪角" in special and "剪角" in FIELD.findall(special)
    assert "剪角" not in plain
    # The cut corner is drawn with reverse-fill boxes (ZPL has no filled polygon).
    assert special.count(",B^FS") > plain.count(",B^FS")


def test_caret_tilde_and_backslash_in_data_cannot_break_the_format() -> None:
    lb = make_label(recipient_name="王^XZ~JA\\明")
    zpl = render_label_zpl(lb, LabelSize.E_WAYBILL_76X130)
    assert zpl.count("^XZ") == 1 and "~JA" not in zpl
    assert "^FH\\^FD王\\5EXZ\\7EJA\\5C明  138****5678^FS" in zpl
    assert escape("^~\\") == "\\5E\\7E\\5C"


def test_a_wave_is_consecutive_formats() -> None:
    labels = [make_label(tracking_no=f"ZT{n:012d}") for n in range(5)]
    zpl = render_labels_zpl(labels, LabelSize.LABEL_100X150, 300)
    assert zpl.count("^XA") == zpl.count("^XZ") == 5
    blocks = zpl.split("^XZ\n")[:-1]
    for lb, block in zip(labels, blocks, strict=True):
        assert block.startswith("^XA") and lb.tracking_no in block
    assert _commands(zpl).count("^BC") == 5


def test_unsupported_dpi_is_refused() -> None:
    with pytest.raises(ValueError, match="dpi"):
        render_label_zpl(make_label(), LabelSize.E_WAYBILL_76X130, 600)
