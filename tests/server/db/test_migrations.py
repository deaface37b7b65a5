"""Migrations are frozen: nothing under alembic/ imports `server`, so an old migration runs
the same way whatever the code looks like today (its types and settings are inlined)."""

from __future__ import annotations

import ast
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from server.db.migrate import SCRIPT_LOCATION, head_revision

FILES = sorted([SCRIPT_LOCATION / "env.py", *(SCRIPT_LOCATION / "versions").glob("*.py")])

# Runs alembic in a fresh interpreter in which importing `server` (or anything under it)
# fails, with the database named only by PACKLINE_DATABASE_URL, as plain `alembic` would.
_UPGRADE_WITHOUT_SERVER = """
import sys
from importlib.abc import MetaPathFinder


class NoServer(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "server" or name.startswith("server."):
            raise ImportError(f"a migration imported {name}")
        return None


sys.meta_path.insert(0, NoServer())
from alembic import command
from alembic.config import Config

config = Config()
config.set_main_option("script_location", sys.argv[1])
command.upgrade(config, "head")
"""


def _server_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            # importlib.import_module("server...") and the like
            names = [node.value] if node.value.startswith("server.") else []
        found += [f"{path.name}:{node.lineno} {n}" for n in names if n.split(".")[0] == "server"]
    return found


def test_there_are_migrations_to_check() -> None:
    assert len(FILES) >= 6 and all(f.is_file() for f in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_migration_imports_server(path: Path) -> None:
    assert _server_imports(path) == []


def test_the_check_catches_a_server_import(tmp_path: Path) -> None:
    bad = tmp_path / "0099_bad.py"
    bad.write_text("from server.db.url import parse_database_url\nimport server.settings\n")
    assert len(_server_imports(bad)) == 2


def test_migrations_run_with_server_unimportable(tmp_path: Path) -> None:
    db = tmp_path / "frozen.db"
    env = {**os.environ, "PACKLINE_DATABASE_URL": f"sqlite:///{db}"}
    done = subprocess.run(
        [sys.executable, "-c", _UPGRADE_WITHOUT_SERVER, str(SCRIPT_LOCATION)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as conn:
        (version,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    assert version == head_revision()
