"""Shared bench plumbing: throwaway databases, a staffed warehouse, simulated devices.

Benchmarks build their own data from scratch on the real schema (Alembic migrations) so a
figure never depends on what happens to be in a developer's database.
"""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from server.db.database import Database
from server.db.migrate import upgrade_to_head
from server.db.url import parse_database_url
from server.identity import admin
from server.roles import Role
from server.settings import Settings
from sync import Clock, Op

PG_URL = os.environ.get(
    "PACKLINE_BENCH_PG_URL",
    os.environ.get("PACKLINE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test"),
)
WAREHOUSE = "BW01"
PIN = "1234"
PICKER = "B-PICK"  # picker + cs: may create orders and pick them
MANAGER = "B-MGR"


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="packline-bench-") as tmp:
        yield f"sqlite:///{Path(tmp) / 'bench.db'}"


async def _pg_admin(sql: str) -> None:
    conn = await asyncpg.connect(PG_URL, timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def pg_available() -> bool:
    try:
        asyncio.run(_pg_admin("SELECT 1"))
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        print(f"  PostgreSQL not reachable at {PG_URL} ({exc}); skipping it")
        return False
    return True


@contextmanager
def pg_database() -> Iterator[str]:
    name = f"packline_bench_{secrets.token_hex(6)}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{PG_URL.rsplit('/', 1)[0]}/{name}"
    finally:
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def databases(want_pg: bool = True) -> Iterator[tuple[str, str]]:
    """(label, url) for a fresh SQLite file and, if reachable, a fresh PostgreSQL database."""
    with sqlite_database() as url:
        yield "sqlite", url
    if want_pg and pg_available():
        with pg_database() as url:
            yield "postgresql", url


def migrate_and_staff(url: str) -> None:
    """Schema at head, one warehouse, a picker/cs user and a manager (run outside a loop)."""
    upgrade_to_head(parse_database_url(url))

    async def staff() -> None:
        Database(Settings.from_env({}, database_url=url)).bind()
        await admin.add_warehouse(WAREHOUSE, "Bench warehouse")
        await admin.add_user(WAREHOUSE, PICKER, "Bench picker", [Role.PICKER, Role.CS], PIN)
        await admin.add_user(WAREHOUSE, MANAGER, "Bench manager", [Role.MANAGER], PIN)

    asyncio.run(staff())


class SimDevice:
    """A handheld's op factory: its own id, counter and hybrid clock, like the PWA's."""

    def __init__(self, device_id: str, actor: str) -> None:
        self.device_id = device_id
        self.actor = actor
        self.clock = Clock(device_id)
        self.seq = 0

    def op(self, kind: str, eid: str, payload: dict[str, Any], etype: str = "order") -> Op:
        self.seq += 1
        hlc = self.clock.now()
        return Op(
            device=self.device_id,
            seq=self.seq,
            wall=hlc.wall,
            ctr=hlc.ctr,
            actor=self.actor,
            kind=kind,
            etype=etype,
            eid=eid,
            payload=payload,
        )


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
CITIES = [
    ("浙江省", "杭州市", "西湖区"),
    ("广东省", "深圳市", "南山区"),
    ("江苏省", "苏州市", "工业园区"),
    ("上海市", "上海市", "浦东新区"),
    ("四川省", "成都市", "武侯区"),
]
STREETS = ["文三路", "科技园南路", "星湖街", "世纪大道", "人民南路"]
CARRIERS = ["顺丰", "中通", "圆通", "韵达", "EMS"]


def order_create_payload(i: int = 0) -> dict[str, Any]:
    """A plausible order (1-3 lines, recipient, address, carrier), deterministic in `i`."""
    rng = random.Random(i)
    province, city, district = rng.choice(CITIES)
    lines = {f"69{rng.randrange(10**11):011d}": rng.randint(1, 3) for _ in range(rng.randint(1, 3))}
    fields = {
        "platform": rng.choice(["tmall", "jd", "pdd", "taobao"]),
        "platform_order_no": f"T{i:010d}",
        "recipient_name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
        "recipient_phone": f"1{rng.randint(30, 99)}{rng.randrange(10**8):08d}",
        "province": province,
        "city": city,
        "district": district,
        "address_detail": f"{rng.choice(STREETS)}{rng.randint(1, 999)}号{rng.randint(1, 30)}栋"
        f"{rng.randint(1, 30)}0{rng.randint(1, 4)}室",
        "carrier": rng.choice(CARRIERS),
    }
    return {"lines": lines, "fields": fields}


def percentiles(values: Sequence[float], points: Sequence[int] = (50, 95, 99)) -> list[float]:
    ordered = sorted(values)
    if not ordered:
        return [float("nan") for _ in points]
    return [ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] for p in points]


PACKLINE = str(Path(sys.executable).with_name("packline"))


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Process:
    """A server subprocess (output to a temp file, never a pipe nobody reads)."""

    def __init__(self, argv: list[str], env: dict[str, str] | None = None) -> None:
        import subprocess

        self.log = tempfile.NamedTemporaryFile(prefix="packline-bench-", suffix=".log")  # noqa: SIM115
        self.proc = subprocess.Popen(
            argv, stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )

    async def wait_healthy(self, url: str, within: float = 60) -> None:
        import time

        import httpx

        deadline = time.monotonic() + within
        async with httpx.AsyncClient(timeout=2) as client:
            while True:
                if self.proc.poll() is not None:
                    self.log.seek(0)
                    raise SystemExit(f"server exited: {self.log.read().decode()[-2000:]}")
                try:
                    if (await client.get(url)).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit(f"server not up within {within} s")
                await asyncio.sleep(0.2)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except Exception:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def packline_serve(url: str, port: int, **env: str) -> Process:
    """`packline serve` in demo mode (code-less enrolment), request logging off."""
    return Process(
        [PACKLINE, "serve", "--port", str(port), "--database", url],
        {"PACKLINE_DEMO": "1", "PACKLINE_LOG_LEVEL": "WARNING", **env},
    )


def load_demo(url: str) -> None:
    """Schema and the demo warehouses, through the CLI a user would run."""
    import subprocess

    for argv in (["migrate"], ["demo", "--no-serve"]):
        subprocess.run([PACKLINE, *argv, "--database", url], check=True, capture_output=True)
