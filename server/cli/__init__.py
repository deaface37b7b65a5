"""The `packline` command line: serve, migrate, demo, and warehouse/user/device admin."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from server.cli import admin, commands
from server.settings import SettingsError
from server.sync import cli as sync_cli


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="packline",
        description="Packline: offline-first warehouse and courier app with a sync server.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def server_args(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--host", help="interface to listen on (default 127.0.0.1, env PACKLINE_HOST)"
        )
        p.add_argument(
            "--port", type=int, help="port to listen on (default 8000, env PACKLINE_PORT)"
        )

    def database_arg(p: argparse.ArgumentParser, help_text: str) -> None:
        p.add_argument("--database", metavar="URL", help=help_text)

    serve = sub.add_parser("serve", help="run the API and the built PWA from one process")
    server_args(serve)
    database_arg(serve, "sqlite:///PATH or postgresql://... (env PACKLINE_DATABASE_URL)")
    serve.set_defaults(handler=commands.serve)

    migrate = sub.add_parser("migrate", help="bring the database to the latest schema revision")
    database_arg(migrate, "database to migrate (env PACKLINE_DATABASE_URL)")
    migrate.set_defaults(handler=commands.migrate)

    demo = sub.add_parser("demo", help="create a fresh demo warehouse database and serve it")
    server_args(demo)
    database_arg(demo, "use this database instead of a fresh embedded demo.db")
    demo.add_argument("--no-serve", action="store_true", help="load the demo data, then exit")
    demo.set_defaults(handler=commands.demo)
    admin.add_parsers(sub)
    sync_cli.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except SettingsError as exc:
        print(f"packline: configuration error: {exc}", file=sys.stderr)
        return 2
    except (commands.CommandError, admin.AdminError) as exc:
        print(f"packline: {exc}", file=sys.stderr)
        return 1
