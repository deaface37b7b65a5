"""Alembic 0007 (order identity per warehouse) on a database that holds data: every row
survives the upgrade (SQLite rebuilds the tables), wave_order gains its wave's warehouse,
and afterwards the same order number may exist once per warehouse, not twice in one."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Sequence

import asyncpg
import pytest
from alembic.script import ScriptDirectory
from support.schema_shape import diff, piccolo_shape, postgres_shape, sqlite_shape

from alembic import command
from server.db.migrate import SCRIPT_LOCATION, alembic_config, prepare_sqlite, upgrade_to_head
from server.db.url import DatabaseURL, parse_database_url

_NOW = "CURRENT_TIMESTAMP"
_SEED = [
    f"INSERT INTO warehouse (id, code, name, timezone, created_at) VALUES"
    f" (1, 'SH01', 'Shanghai', 'Asia/Shanghai', {_NOW}),"
    f" (2, 'HZ02', 'Hangzhou', 'Asia/Shanghai', {_NOW})",
    "INSERT INTO app_user (id, warehouse, employee_code, name, roles, pin_hash, active,"
    f" created_at) VALUES (1, 1, 'D001', 'courier', 'courier', 'x', TRUE, {_NOW})",
    "INSERT INTO sales_order (warehouse, platform, platform_order_no, recipient_name,"
    " recipient_phone, province, city, district, address_detail, carrier, status, on_hold,"
    " hold_reason, special_request, needs_crate, handwritten_label, received_at, updated_at)"
    " VALUES (1, 'taobao', 'X1', '上海正主', '13800001111', '上海市', '上海市', '浦东新区',"
    f" '世纪大道1号', '顺丰', 'created', FALSE, '', '', FALSE, FALSE, {_NOW}, {_NOW})",
    "INSERT INTO sync_entity (warehouse, etype, eid, state, status, last_seq) VALUES"
    " (1, 'order', 'taobao:X1', '{\"status\": \"printed\"}', 'printed', 7)",
    "INSERT INTO courier_route (warehouse, eid, courier, assigned_at, assigned_seq) VALUES"
    f" (1, 'taobao:X1', 1, {_NOW}, 8)",
    "INSERT INTO wave (id, warehouse, code, day, slot, cutoff, started_at, started_by,"
    f" order_count, special_count) VALUES (5, 1, 'SH01-W1', '2026-12-07', '16:00', {_NOW},"
    f" {_NOW}, 'P001', 1, 0)",
    "INSERT INTO wave_order (wave, eid, slot_no, tracking) VALUES (5, 'taobao:X1', 1, 'SF1')",
]
_SAME_NUMBER_IN_HZ02 = [
    "INSERT INTO sales_order (warehouse, platform, platform_order_no, recipient_name,"
    " recipient_phone, province, city, district, address_detail, carrier, status, on_hold,"
    " hold_reason, special_request, needs_crate, handwritten_label, received_at, updated_at)"
    " VALUES (2, 'taobao', 'X1', '杭州', '13800002222', '浙江省', '杭州市', '西湖区',"
    f" '文三路1号', '顺丰', 'created', FALSE, '', '', FALSE, FALSE, {_NOW}, {_NOW})",
    "INSERT INTO sync_entity (warehouse, etype, eid, state, status, last_seq) VALUES"
    " (2, 'order', 'taobao:X1', '{}', 'created', 9)",
    "INSERT INTO courier_route (warehouse, eid, courier, assigned_at, assigned_seq) VALUES"
    f" (2, 'taobao:X1', 1, {_NOW}, 9)",
    "INSERT INTO wave (id, warehouse, code, day, slot, cutoff, started_at, started_by,"
    f" order_count, special_count) VALUES (6, 2, 'HZ02-W1', '2026-12-07', '16:00', {_NOW},"
    f" {_NOW}, 'P001', 1, 0)",
    "INSERT INTO wave_order (warehouse, wave, eid, slot_no, tracking)"
    " VALUES (2, 6, 'taobao:X1', 1, 'SF2')",
]
_DUPLICATES_IN_SH01 = [
    "INSERT INTO sync_entity (warehouse, etype, eid, state, status, last_seq) VALUES"
    " (1, 'order', 'taobao:X1', '{}', 'created', 10)",
    "INSERT INTO courier_route (warehouse, eid, courier, assigned_at, assigned_seq) VALUES"
    f" (1, 'taobao:X1', 1, {_NOW}, 10)",
    "INSERT INTO wave_order (warehouse, wave, eid, slot_no, tracking)"
    " VALUES (1, 5, 'taobao:X1', 2, 'SF3')",
]


def _run(url: DatabaseURL, statements: Sequence[str]) -> list[list[tuple[object, ...]]]:
    """Each statement in its own transaction; the rows each one returned."""
    if url.kind == "sqlite":
        out = []
        for sql in statements:
            with sqlite3.connect(str(url.sqlite_path)) as conn:
                out.append([tuple(r) for r in conn.execute(sql).fetchall()])
        return out

    async def run() -> list[list[tuple[object, ...]]]:
        conn = await asyncpg.connect(url.raw)
        try:
            return [[tuple(r) for r in await conn.fetch(sql)] for sql in statements]
        finally:
            await conn.close()

    return asyncio.run(run())


def _before_0007() -> str:
    down = ScriptDirectory(str(SCRIPT_LOCATION)).get_revision("0007").down_revision
    assert isinstance(down, str)
    return down


def _upgrade_to(url: DatabaseURL, revision: str) -> None:
    if url.kind == "sqlite":
        prepare_sqlite(url)
    command.upgrade(alembic_config(url), revision)


def test_rows_survive_and_identity_becomes_per_warehouse(database_url: str) -> None:
    url = parse_database_url(database_url)
    _upgrade_to(url, _before_0007())
    _run(url, _SEED)
    upgrade_to_head(url)

    shape = sqlite_shape(url) if url.kind == "sqlite" else asyncio.run(postgres_shape(url))
    assert diff(piccolo_shape(url), shape) == []
    orders, entities, routes, waves = _run(
        url,
        [
            "SELECT warehouse, platform, platform_order_no, recipient_name FROM sales_order",
            "SELECT warehouse, etype, eid, state, status, last_seq FROM sync_entity",
            "SELECT warehouse, eid, courier, assigned_seq FROM courier_route",
            "SELECT warehouse, wave, eid, slot_no, tracking FROM wave_order",
        ],
    )
    assert orders == [(1, "taobao", "X1", "上海正主")]
    assert entities == [(1, "order", "taobao:X1", '{"status": "printed"}', "printed", 7)]
    assert routes == [(1, "taobao:X1", 1, 8)]
    assert waves == [(1, 5, "taobao:X1", 1, "SF1")]  # the warehouse comes from the wave

    _run(url, _SAME_NUMBER_IN_HZ02)  # another warehouse may hold the same number
    (counts,) = _run(url, ["SELECT COUNT(*) FROM sync_entity WHERE eid = 'taobao:X1'"])
    assert counts == [(2,)]
    for duplicate in _DUPLICATES_IN_SH01:  # but not one warehouse twice
        with pytest.raises((sqlite3.IntegrityError, asyncpg.UniqueViolationError)):
            _run(url, [duplicate])
