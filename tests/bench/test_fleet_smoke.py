"""bench/fleet.py's smoke mode runs in CI (issue 11): the fleet benchmark keeps working
against real `packline serve` processes on SQLite and PostgreSQL, prints its figures, and
the fleet's pushes end without a transport error or a 5xx. No timing is asserted: speed is
the benchmark's business."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from server.settings import REPO_ROOT


def test_fleet_smoke_prints_figures_without_errors(tmp_path: Path) -> None:
    figures = tmp_path / "fleet.jsonl"
    out = subprocess.run(
        [sys.executable, str(REPO_ROOT / "bench" / "fleet.py"), "--smoke", "--json", str(figures)],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=REPO_ROOT,
    )
    print(out.stdout)  # the figures, in the CI log
    assert out.returncode == 0, out.stdout + out.stderr
    for line in ("ingest     Packline", "catch-up   Packline", "bootstrap  Packline", "peak RSS"):
        assert line in out.stdout
    runs = [json.loads(x) for x in figures.read_text().splitlines()]
    assert {r["backend"] for r in runs} >= {"sqlite"}
    for r in runs:
        push = r["push"]
        assert push["errors"] == [], push["errors"]  # no 5xx, nothing dropped
        assert push["statuses"].get("accepted", 0) > 0
        assert set(push["retry_statuses"]) == {"duplicate"}
