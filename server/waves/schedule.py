"""Wave times per warehouse, in its own time zone (Asia/Shanghai unless configured).

A scheduled wave's cutoff is its slot time on its local day: every printable order received
before it is in that wave (or an earlier one). On-demand waves cut off at the moment they start.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMES = ("08:00", "12:00", "16:00")
CRATE_HANDOFFS = ("09:30", "14:30", "16:30")
"""木箱 handoff times (the crate packer's day). Not yet configurable per warehouse, but the
app reads them from the overview like the wave times, so it never hard-codes either."""
DEFAULT_TZ = "Asia/Shanghai"
_HHMM = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


class ScheduleError(ValueError):
    pass


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_TZ)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TZ)


def parse_times(raw: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    items = [t.strip() for t in raw.split(",")] if isinstance(raw, str) else list(raw)
    if not items or len(items) > 8:
        raise ScheduleError("give 1 to 8 wave times")
    for t in items:
        if not _HHMM.fullmatch(t):
            raise ScheduleError(f"wave time {t!r} is not HH:MM (00:00-23:59)")
    if len(set(items)) != len(items):
        raise ScheduleError("wave times repeat")
    return tuple(sorted(items))


def cutoff(day: date, slot: str, tz: ZoneInfo) -> datetime:
    hh, mm = (int(x) for x in slot.split(":"))
    return datetime.combine(day, time(hh, mm), tzinfo=tz)


def local_day(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()


def wave_code(warehouse: str, day: date, slot: str | None, started: datetime, tz: ZoneInfo) -> str:
    if slot is not None:
        return f"{warehouse}-{day:%Y%m%d}-{slot.replace(':', '')}"
    return f"{warehouse}-{started.astimezone(tz):%Y%m%d-%H%M%S}-D"


def wave_name(day: date, slot: str | None, started: datetime, tz: ZoneInfo) -> str:
    when = slot if slot is not None else f"{started.astimezone(tz):%H:%M} 临时"
    return f"{day.month}月{day.day}日 {when} 批次"


def due_slot(now: datetime, times: tuple[str, ...], tz: ZoneInfo) -> str | None:
    """The latest slot of today whose time has come (None before the first)."""
    today = local_day(now, tz)
    due = [t for t in times if cutoff(today, t, tz) <= now]
    return due[-1] if due else None
