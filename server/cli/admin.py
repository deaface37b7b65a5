"""`packline warehouse|user|device ...`: admin without the web app, scriptable via --json."""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from server.db.database import Database
from server.identity import admin
from server.identity.errors import IdentityError
from server.roles import Role
from server.settings import Settings


class AdminError(RuntimeError):
    pass


def _emit(args: argparse.Namespace, result: dict[str, Any], text: str) -> int:
    if args.json:
        print(
            json.dumps(
                result,
                ensure_ascii=False,
                default=lambda v: v.isoformat() if isinstance(v, datetime) else str(v),
            )
        )
    else:
        print(text)
    return 0


def _run(
    args: argparse.Namespace, action: Callable[[], Coroutine[Any, Any, dict[str, Any]]]
) -> dict[str, Any]:
    Database(Settings.from_env(database_url=args.database)).bind()
    try:
        return asyncio.run(action())
    except IdentityError as exc:
        raise AdminError(str(exc)) from exc


def warehouse_add(args: argparse.Namespace) -> int:
    async def act() -> dict[str, Any]:
        row = await admin.add_warehouse(args.code, args.name, args.timezone)
        return {"code": row["code"], "name": row["name"], "timezone": row["timezone"]}

    result = _run(args, act)
    return _emit(args, result, f"warehouse {result['code']} ({result['name']}) added")


def user_add(args: argparse.Namespace) -> int:
    async def act() -> dict[str, Any]:
        return await admin.add_user(
            args.warehouse, args.code, args.name, [Role(r) for r in args.role], args.pin
        )

    result = _run(args, act)
    return _emit(
        args,
        result,
        f"user {result['employee_code']} ({result['name']}) added to {result['warehouse']}",
    )


def device_enroll(args: argparse.Namespace) -> int:
    async def act() -> dict[str, Any]:
        e = await admin.create_enrollment(args.warehouse, args.label, "cli")
        return {"code": e.code, "warehouse": e.warehouse_code, "expires_at": e.expires_at}

    result = _run(args, act)
    return _emit(
        args,
        result,
        f"enrolment code {result['code']} for {result['warehouse']}, "
        f"valid until {result['expires_at']:%H:%M} UTC",
    )


def device_revoke(args: argparse.Namespace) -> int:
    async def act() -> dict[str, Any]:
        return await admin.revoke_device(args.device_id)

    result = _run(args, act)
    return _emit(args, result, f"device {result['device_id']} revoked")


def add_parsers(sub: Any) -> None:
    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--database", metavar="URL", help="database (env PACKLINE_DATABASE_URL)")
        p.add_argument("--json", action="store_true", help="print one JSON object")

    wh = sub.add_parser("warehouse", help="manage warehouses").add_subparsers(
        dest="action", required=True
    )
    p = wh.add_parser("add", help="add a warehouse")
    p.add_argument("code")
    p.add_argument("name")
    p.add_argument("--timezone", default="Asia/Shanghai")
    common(p)
    p.set_defaults(handler=warehouse_add)

    us = sub.add_parser("user", help="manage staff").add_subparsers(dest="action", required=True)
    p = us.add_parser("add", help="add a staff member")
    p.add_argument("--warehouse", required=True, metavar="CODE")
    p.add_argument("--code", required=True, metavar="EMPLOYEE_CODE")
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True, action="append", choices=[r.value for r in Role])
    p.add_argument("--pin", required=True, help="4-12 digits")
    common(p)
    p.set_defaults(handler=user_add)

    dev = sub.add_parser("device", help="enrol and revoke devices").add_subparsers(
        dest="action", required=True
    )
    p = dev.add_parser("enroll", help="print a one-time enrolment code for a new device")
    p.add_argument("--warehouse", required=True, metavar="CODE")
    p.add_argument("--label", default="")
    common(p)
    p.set_defaults(handler=device_enroll)
    p = dev.add_parser(
        "revoke", help="revoke a device: its synced ops stay, nothing more is accepted"
    )
    p.add_argument("device_id")
    common(p)
    p.set_defaults(handler=device_revoke)
