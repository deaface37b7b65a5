"""Fuzzing push, JSON and MessagePack (hypothesis): whatever the bytes, never a 500.

Bodies are grown from a valid push (one real op of this device) by structural changes
(values of any type, any size, in any field) and by byte mutations of the encoded body
(flips, cuts, insertions: invalid UTF-8 inside MessagePack strings gave 88 x 500 before,
issue 9 finding 7). Sent to a real `packline` process. CI runs a smoke-sized run; a long
run is

    PACKLINE_FUZZ_EXAMPLES=20000 uv run pytest tests/server/sync/test_push_fuzz.py -s
"""

from __future__ import annotations

import os
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.auth import bearer, sign_in_http
from support.server_proc import serving_demo

from sync import PROTOCOL_VERSION

EXAMPLES = int(os.environ.get("PACKLINE_FUZZ_EXAMPLES", "150"))
FIELDS = ("id", "device", "seq", "wall", "ctr", "actor", "kind", "etype", "eid", "payload")


@pytest.fixture(scope="module")
def server(
    sqlite_demo_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[httpx.Client, dict[str, Any]]]:
    db = tmp_path_factory.mktemp("fuzz") / "demo.db"
    shutil.copyfile(sqlite_demo_template, db)
    with serving_demo(db) as (base, _pid), httpx.Client(base_url=base, timeout=30) as http:
        token = sign_in_http(http, "K001")
        me = http.get("/api/auth/me", headers=bearer(token)).json()
        http.headers.update(bearer(token))
        now = int(time.time() * 1000)
        op = {
            "id": f"{me['device_id']}:1",
            "device": me["device_id"],
            "seq": 1,
            "wall": now,
            "ctr": 0,
            "actor": "K001",
            "kind": "pick.line_picked",
            "etype": "order",
            "eid": "taobao:FUZZ1",
            "payload": {"sku": "6900000000001", "qty": 1},
        }
        yield http, op


def _any_value() -> st.SearchStrategy[Any]:
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(2**64), max_value=2**64)
        | st.floats(allow_nan=True)
        | st.text(max_size=50)
        | st.binary(max_size=50)
    )
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=12,
    )


@st.composite
def _bodies(draw: st.DrawFn, base_op: dict[str, Any]) -> tuple[str, bytes]:
    packed = draw(st.booleans())
    op = dict(base_op)
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=3, unique=True)):
        op[name] = draw(_any_value())
    envelope: dict[str, Any] = {"protocol": PROTOCOL_VERSION, "ops": [op]}
    if draw(st.booleans()):
        envelope[draw(st.sampled_from(["protocol", "ops", "extra"]))] = draw(_any_value())
    try:
        body = msgspec.msgpack.encode(envelope) if packed else msgspec.json.encode(envelope)
    except (TypeError, ValueError, OverflowError):
        body = b"\xc1" if packed else b"{"
    data = bytearray(body)
    for _ in range(draw(st.integers(0, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert", "utf8"]))
        if action == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del data[at:]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            data[at:at] = draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x80"]))
    media = "application/x-msgpack" if packed else "application/json"
    return media, bytes(data)


def test_push_never_answers_a_server_error(server: tuple[httpx.Client, dict[str, Any]]) -> None:
    http, op = server
    tally: Counter[str] = Counter()

    @given(body=_bodies(op))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(body: tuple[str, bytes]) -> None:
        media, data = body
        r = http.post("/api/sync/push", content=data, headers={"content-type": media})
        tally[f"{media.split('/')[1]} {r.status_code // 100}xx"] += 1
        assert r.status_code < 500, (media, data[:200], r.text[:300])

    run()
    print(f"push fuzz: {sum(tally.values())} requests, {dict(sorted(tally.items()))}")
    assert any(k.endswith("2xx") for k in tally) and any(k.endswith("4xx") for k in tally)
