"""The console script end to end: help, migrate, demo and serve on both databases."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from support.server_proc import run_cli, serving


def _request(url: str, token: str | None, body: dict[str, str] | None = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers)) as r:
        return json.load(r)


def _post(url: str, body: dict[str, str], token: str | None = None) -> Any:
    return _request(url, token, body)


def _get(url: str, token: str) -> Any:
    return _request(url, token)


def test_help_lists_commands() -> None:
    out = run_cli("--help")
    assert out.returncode == 0
    for command in ("serve", "migrate", "demo", "warehouse", "user", "device"):
        assert command in out.stdout


def test_serve_refuses_an_unmigrated_database(sqlite_database: str) -> None:
    out = run_cli("serve", "--database", sqlite_database)
    assert out.returncode == 1
    assert "packline migrate" in out.stderr


def test_bad_configuration_exits_2_with_a_message() -> None:
    out = run_cli("serve", env={"PACKLINE_PORT": "not-a-port"})
    assert out.returncode == 2
    assert "PACKLINE_PORT" in out.stderr
    assert "Traceback" not in out.stderr


def test_migrate_demo_and_serve(database_url: str) -> None:
    migrated = run_cli("migrate", "--database", database_url)
    assert migrated.returncode == 0, migrated.stderr
    assert "0008" in migrated.stdout
    demo = run_cli("demo", "--database", database_url, "--no-serve")
    assert demo.returncode == 0, demo.stderr
    again = run_cli("demo", "--database", database_url, "--no-serve")
    assert "already in" in again.stdout
    enrolled = run_cli(
        "device", "enroll", "--warehouse", "SH01", "--json", "--database", database_url
    )
    code = json.loads(enrolled.stdout)["code"]
    with serving(database_url) as base:
        with urllib.request.urlopen(f"{base}/api/health") as r:
            health = json.load(r)
        device = _post(f"{base}/api/devices/claim", {"code": code})
        session = _post(
            f"{base}/api/auth/login", {"employee_code": "M001", "pin": "1234"}, device["token"]
        )
        overview = _get(f"{base}/api/overview", session["token"])
    assert health["database"]["kind"] == database_url.split(":")[0]
    assert health["schema"]["up_to_date"] is True
    assert overview["orders"]["total"] == 600


def test_admin_commands_emit_json(sqlite_database: str) -> None:
    db = ["--database", sqlite_database, "--json"]
    assert run_cli("migrate", "--database", sqlite_database).returncode == 0
    wh = run_cli("warehouse", "add", "WX", "无锡仓", *db)
    assert json.loads(wh.stdout) == {"code": "WX", "name": "无锡仓", "timezone": "Asia/Shanghai"}
    user = run_cli(
        "user",
        "add",
        "--warehouse",
        "WX",
        "--code",
        "W1",
        "--name",
        "王",
        "--role",
        "picker",
        "--role",
        "qc",
        "--pin",
        "4321",
        *db,
    )
    assert json.loads(user.stdout)["roles"] == ["picker", "qc"]
    dup = run_cli(
        "user",
        "add",
        "--warehouse",
        "WX",
        "--code",
        "W1",
        "--name",
        "x",
        "--role",
        "qc",
        "--pin",
        "4321",
        *db,
    )
    assert dup.returncode == 1 and "taken" in dup.stderr
    code = json.loads(run_cli("device", "enroll", "--warehouse", "WX", *db).stdout)["code"]
    assert len(code) == 9 and code[4] == "-"
    missing = run_cli("device", "revoke", "NOPE", *db)
    assert missing.returncode == 1 and "unknown device" in missing.stderr
    bad_pin = run_cli(
        "user",
        "add",
        "--warehouse",
        "WX",
        "--code",
        "W2",
        "--name",
        "x",
        "--role",
        "qc",
        "--pin",
        "12",
        *db,
    )
    assert bad_pin.returncode == 1 and "PIN" in bad_pin.stderr
