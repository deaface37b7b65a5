"""Wave cutoffs across the time zone and the day boundary; holds; what is never printed."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.orders.model import OrderView
from server.waves import schedule
from server.waves.select import label_printable, select_for_wave

SH = ZoneInfo("Asia/Shanghai")
TIMES = schedule.DEFAULT_TIMES


def order(eid: str, received: datetime, **state: object) -> OrderView:
    fields = {"received_at": received.isoformat(), **state.pop("fields", {})}  # type: ignore[dict-item]
    body = {"status": "created", "hold": False, "lines": {"6900000000017": 1}, "fields": fields}
    body.update(state)
    return OrderView.from_row(eid, 1, json.dumps(body))


def test_default_schedule_is_8_12_16_shanghai() -> None:
    assert TIMES == ("08:00", "12:00", "16:00")
    assert schedule.zone("") == SH
    assert schedule.zone("Not/AZone") == SH


def test_cutoff_is_local_wall_time() -> None:
    day = date(2026, 11, 23)
    assert schedule.cutoff(day, "08:00", SH) == datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    assert schedule.cutoff(day, "16:00", SH) == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    la = ZoneInfo("America/Los_Angeles")  # a warehouse abroad keeps its own clock
    assert schedule.cutoff(day, "08:00", la) == datetime(2026, 11, 23, 16, 0, tzinfo=UTC)


def test_local_day_crosses_midnight_in_shanghai_not_utc() -> None:
    late_utc = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)  # 01:30 on the 24th in Shanghai
    assert schedule.local_day(late_utc, SH) == date(2026, 11, 24)
    assert schedule.due_slot(late_utc, TIMES, SH) is None  # before the 24th's 08:00
    assert schedule.due_slot(datetime(2026, 11, 24, 4, 0, tzinfo=UTC), TIMES, SH) == "12:00"
    assert schedule.due_slot(datetime(2026, 11, 24, 3, 59, tzinfo=UTC), TIMES, SH) == "08:00"


def test_wave_codes() -> None:
    day = date(2026, 11, 23)
    started = datetime(2026, 11, 23, 8, 5, 9, tzinfo=UTC)
    assert schedule.wave_code("SH01", day, "16:00", started, SH) == "SH01-20261123-1600"
    assert schedule.wave_code("SH01", day, None, started, SH) == "SH01-20261123-160509-D"
    assert schedule.wave_name(day, "16:00", started, SH) == "11月23日 16:00 批次"


def test_order_received_before_the_cutoff_is_in_the_wave_at_the_second() -> None:
    cut = schedule.cutoff(date(2026, 11, 23), "16:00", SH)
    early = order("tb:1", cut - timedelta(seconds=1))
    on_time = order("tb:2", cut)
    later = order("tb:3", cut + timedelta(minutes=5))
    assert [o.eid for o in select_for_wave([later, on_time, early], cut)] == ["tb:1"]


def test_evening_orders_go_to_the_next_mornings_wave() -> None:
    evening = order("tb:eve", datetime(2026, 11, 23, 18, 30, tzinfo=SH))  # after 16:00
    night = order("tb:night", datetime(2026, 11, 23, 23, 59, tzinfo=UTC))  # 07:59 on the 24th
    morning = order("tb:am", datetime(2026, 11, 24, 8, 0, tzinfo=SH))
    cut_16 = schedule.cutoff(date(2026, 11, 23), "16:00", SH)
    assert select_for_wave([evening, night, morning], cut_16) == []
    cut_08 = schedule.cutoff(date(2026, 11, 24), "08:00", SH)
    chosen = select_for_wave([morning, night, evening], cut_08)
    assert [o.eid for o in chosen] == ["tb:eve", "tb:night"]  # oldest first


def test_held_cancelled_and_labelled_orders_are_never_selected() -> None:
    t = datetime(2026, 11, 23, 9, 0, tzinfo=SH)
    cut = schedule.cutoff(date(2026, 11, 23), "16:00", SH)
    orders = [
        order("ok", t),
        order("held", t, hold=True),
        order("cancelled", t, status="cancelled"),
        order("printed", t, status="printed", labels={"SF1234567890123": "printed"}),
        order("voided", t, labels={"SF1234567890124": "voided"}),
    ]
    assert [o.eid for o in select_for_wave(orders, cut)] == ["ok"]


def test_only_a_live_fresh_label_may_print() -> None:
    t = datetime(2026, 11, 23, 9, 0, tzinfo=SH)
    live = {"SF1234567890123": "printed"}
    assert label_printable(order("a", t, labels=live))
    assert not label_printable(order("b", t, labels=live, hold=True))
    assert not label_printable(order("c", t, labels=live, status="cancelled"))
    assert not label_printable(order("d", t, labels=live, fields={"needs_reprint": True}))
    assert not label_printable(order("e", t, labels={"SF1234567890123": "voided"}))


@pytest.mark.parametrize(
    ("raw", "needle"),
    [("8:00", "HH:MM"), ("24:00", "HH:MM"), ("08:00,08:00", "repeat"), ("", "HH:MM")],
)
def test_bad_wave_times(raw: str, needle: str) -> None:
    with pytest.raises(schedule.ScheduleError, match=needle):
        schedule.parse_times(raw)


def test_times_are_sorted() -> None:
    assert schedule.parse_times("16:00, 08:00") == ("08:00", "16:00")
