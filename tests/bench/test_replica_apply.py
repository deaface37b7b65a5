"""bench/replica_apply.py's smoke mode runs in CI: the benchmark keeps working (bundle, real
Chromium, both figures printed). No timing is asserted: speed is the benchmark's business."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from support.chromium import CHROMIUM

from server.settings import REPO_ROOT


def test_replica_apply_smoke_prints_both_figures() -> None:
    from conftest import _unavailable

    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    out = subprocess.run(
        [sys.executable, str(REPO_ROOT / "bench" / "replica_apply.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "one op applied, view current" in out.stdout
    assert "baseline: refold everything" in out.stdout
    [line] = [ln for ln in out.stdout.splitlines() if ln.startswith("result ")]
    figures = json.loads(line.removeprefix("result "))
    assert set(figures) == {"apply_median_ms", "apply_p95_ms", "refold_median_ms", "speedup"}
    assert figures["refold_median_ms"] > 0
    assert 0 <= figures["apply_median_ms"] <= figures["apply_p95_ms"]
