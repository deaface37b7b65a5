"""Schemathesis against every route of a real `packline` process: 0 server errors.

The schema is the server's own OpenAPI document, push and import bodies included (issue 9,
finding 12); MessagePack push bodies are serialised with msgspec. Every generated request
is sent with the tokens of two roles, a manager (may do most) and a courier (may do least).
CI runs a few examples per route; a long run is

    PACKLINE_SCHEMATHESIS_EXAMPLES=500 uv run pytest tests/server/test_schemathesis.py -s

and prints the figures for docs/security.md.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import msgspec
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from support.auth import bearer, sign_in_http
from support.server_proc import serving_demo

EXAMPLES = int(os.environ.get("PACKLINE_SCHEMATHESIS_EXAMPLES", "6"))
ROLES = ("M001", "D001")
# The live stream never ends by itself; its input is one header (tests/server/sync).
SKIP = {("GET", "/api/sync/stream")}


def _packable(value: Any) -> Any:
    """MessagePack has no integers beyond 64 bits: send those as floats (still wrong types)."""
    if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**64:
        return float(value)
    if isinstance(value, dict):
        return {k: _packable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_packable(v) for v in value]
    return value


@schemathesis.serializer("application/x-msgpack")
def _msgpack(_ctx: schemathesis.SerializationContext, value: Any) -> bytes:
    return msgspec.msgpack.encode(_packable(value))


def test_no_route_answers_a_server_error(sqlite_demo_template: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    shutil.copyfile(sqlite_demo_template, db)
    with serving_demo(db) as (base, _pid), httpx.Client(base_url=base, timeout=30) as http:
        tokens = {code: sign_in_http(http, code) for code in ROLES}
        schema = schemathesis.openapi.from_url(f"{base}/schema/openapi.json")
        session = requests.Session()
        tally: Counter[int] = Counter()
        errors: list[str] = []
        walked = 0
        for result in schema.get_all_operations():
            operation = result.ok()
            if (operation.method.upper(), operation.path) in SKIP:
                continue
            walked += 1

            @given(case=operation.as_strategy())
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def run(case: schemathesis.Case) -> None:
                for code in ROLES:
                    r = case.call(
                        base_url=base, session=session, headers=bearer(tokens[code]), timeout=60
                    )
                    tally[r.status_code] += 1
                    if r.status_code >= 500:
                        where = f"{case.method} {case.formatted_path} {case.query}"
                        errors.append(f"{code} {where}: {r.text[:200]}")
                    if case.path == "/api/auth/logout" and r.status_code < 300:
                        tokens[code] = sign_in_http(http, code)  # the fuzzer signed us out

            run()
    total = sum(tally.values())
    classes: Counter[str] = Counter()
    for status, n in tally.items():
        classes[f"{status // 100}xx"] += n
    print(f"schemathesis: {walked} operations, {total} requests, {dict(sorted(classes.items()))}")
    assert walked >= 40
    assert not errors, errors[:10]
    assert classes.get("2xx", 0) > 0  # the walk got past the guards, not only 401s
