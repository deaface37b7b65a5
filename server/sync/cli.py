"""`packline sync compact`: run compaction from cron or by hand, safe beside a live server."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import timedelta
from typing import Any

from server.db import Connector
from server.db.url import parse_database_url
from server.settings import Settings
from server.sync.compaction import Compacted, compact


def compact_command(args: argparse.Namespace) -> int:
    if args.days < 1:
        print("packline: --days must be at least 1", file=sys.stderr)
        return 2
    settings = Settings.from_env(None, database_url=args.database)

    async def run() -> Compacted:
        url = parse_database_url(settings.database_url)
        connector = Connector(url, settings.sqlite_busy_timeout_ms)
        await connector.start()
        try:
            return await compact(connector, timedelta(days=args.days))
        finally:
            await connector.close()

    done = asyncio.run(run())
    if args.json:
        print(json.dumps({"orders": done.orders, "deleted": done.deleted, "through": done.through}))
    else:
        print(
            f"compacted {done.orders} finished orders ({done.deleted} ops); devices with a"
            f" cursor below {done.through} will bootstrap again"
        )
    return 0


def add_parsers(sub: Any) -> None:
    sync = sub.add_parser("sync", help="op log maintenance").add_subparsers(
        dest="action", required=True
    )
    p = sync.add_parser("compact", help="delete the ops of orders delivered or cancelled long ago")
    p.add_argument(
        "--days", type=int, default=30, help="keep orders finished in the last N days (30)"
    )
    p.add_argument("--database", metavar="URL", help="database (env PACKLINE_DATABASE_URL)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=compact_command)
