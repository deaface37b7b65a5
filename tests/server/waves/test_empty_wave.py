"""A second 立即开始批次 with nothing new to print is refused, not reported as a wave."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.waves import at, new_order, start_wave

Client = AsyncTestClient[Litestar]


async def test_second_on_demand_wave_with_nothing_to_print_is_refused(
    demo_client: Client, staff: dict[str, dict[str, str]], clock: Callable[[datetime], None]
) -> None:
    cs, printer = staff["C001"], staff["P001"]
    clock(at(23, 0))
    first = await start_wave(demo_client, printer)
    assert first.status_code == 201 and first.json()["order_count"] > 0, first.text
    before = (await demo_client.get("/api/waves", headers=printer)).json()
    clock(at(23, 5))
    again = await start_wave(demo_client, printer)
    assert again.status_code == 409 and "nothing to print" in again.text
    assert (await demo_client.get("/api/waves", headers=printer)).json() == before  # no row
    clock(at(23, 6))
    await new_order(demo_client, cs, "W-LATE")  # a new order: a wave may start again
    clock(at(23, 7))
    third = await start_wave(demo_client, printer)
    assert third.status_code == 201 and third.json()["order_count"] == 1, third.text
