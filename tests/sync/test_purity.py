"""The core stays pure: it runs on the server, in tests and (ported) on the phone, so it
imports nothing but the standard library, msgspec and itself (never Litestar, Piccolo or
server code)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

CORE = Path(__file__).parents[2] / "sync"
ALLOWED = {"msgspec", "sync", "__future__"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_the_core_imports_only_the_standard_library_msgspec_and_itself() -> None:
    files = sorted(CORE.glob("*.py"))
    assert any(f.name == "wire.py" for f in files) and any(f.name == "rules.py" for f in files)
    for f in files:
        foreign = {m for m in _imports(f) if m not in ALLOWED and m not in sys.stdlib_module_names}
        assert not foreign, f"{f.name} imports {sorted(foreign)}"


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from litestar import Litestar\nimport server.app\nimport json\n")
    assert _imports(bad) - ALLOWED - sys.stdlib_module_names == {"litestar", "server"}
