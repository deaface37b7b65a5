"""HLC vectors; expectations follow protocol section 3 step by step."""

from __future__ import annotations

from typing import Any

D = 300_000


def cases() -> list[dict[str, Any]]:
    return [
        {
            "comment": "now(): wall jumps back to 500 but the clock stays at 1000 and ticks the "
            "counter; a later wall 2000 resets the counter",
            "node": "A",
            "max_drift_ms": D,
            "start": None,
            "steps": [
                {"do": "now", "phys": 1000, "expect": [1000, 0, "A"]},
                {"do": "now", "phys": 1000, "expect": [1000, 1, "A"]},
                {"do": "now", "phys": 500, "expect": [1000, 2, "A"]},
                {"do": "now", "phys": 2000, "expect": [2000, 0, "A"]},
            ],
        },
        {
            "comment": "receive a remote ahead (within drift): adopt its wall, counter remote+1; "
            "next now() with phys still behind ticks on from there",
            "node": "A",
            "max_drift_ms": D,
            "start": [1000, 0],
            "steps": [
                {"do": "receive", "phys": 1000, "remote": [1500, 3, "B"], "expect": [1500, 4, "A"]},
                {"do": "now", "phys": 1200, "expect": [1500, 5, "A"]},
            ],
        },
        {
            "comment": "receive a remote behind: keep own wall, counter last+1",
            "node": "A",
            "max_drift_ms": D,
            "start": [2000, 5],
            "steps": [
                {"do": "receive", "phys": 1000, "remote": [1500, 9, "B"], "expect": [2000, 6, "A"]}
            ],
        },
        {
            "comment": "receive with equal walls: counter max(last, remote)+1",
            "node": "A",
            "max_drift_ms": D,
            "start": [2000, 5],
            "steps": [
                {"do": "receive", "phys": 1000, "remote": [2000, 9, "B"], "expect": [2000, 10, "A"]}
            ],
        },
        {
            "comment": "physical clock ahead of both: take it, counter 0",
            "node": "A",
            "max_drift_ms": D,
            "start": [2000, 0],
            "steps": [
                {"do": "receive", "phys": 5000, "remote": [3000, 1, "B"], "expect": [5000, 0, "A"]}
            ],
        },
        {
            "comment": "skew bound: remote exactly phys+drift is fine, 1 ms more is refused and "
            "leaves the clock unchanged",
            "node": "A",
            "max_drift_ms": D,
            "start": None,
            "steps": [
                {"do": "now", "phys": 1000, "expect": [1000, 0, "A"]},
                {"do": "receive", "phys": 1000, "remote": [302001, 0, "B"], "error": "clock_skew"},
                {"do": "now", "phys": 1000, "expect": [1000, 1, "A"]},
                {
                    "do": "receive",
                    "phys": 1000,
                    "remote": [301000, 0, "B"],
                    "expect": [301000, 1, "A"],
                },
            ],
        },
        {
            "comment": "custom drift 0: anything ahead of phys is refused",
            "node": "A",
            "max_drift_ms": 0,
            "start": None,
            "steps": [
                {"do": "receive", "phys": 1000, "remote": [1001, 0, "B"], "error": "clock_skew"},
                {"do": "receive", "phys": 1000, "remote": [1000, 0, "B"], "expect": [1000, 1, "A"]},
            ],
        },
        {
            "comment": "counter overflow moves to wall+1, counter 0",
            "node": "A",
            "max_drift_ms": D,
            "start": [1000, 4294967295],
            "steps": [{"do": "now", "phys": 1000, "expect": [1001, 0, "A"]}],
        },
        {
            "comment": "total order: wall, then counter, then node (ASCII)",
            "node": "A",
            "max_drift_ms": D,
            "start": None,
            "steps": [
                {"do": "compare", "a": [1, 0, "A"], "b": [1, 0, "B"], "expect": -1},
                {"do": "compare", "a": [2, 0, "A"], "b": [1, 9, "Z"], "expect": 1},
                {"do": "compare", "a": [1, 1, "A"], "b": [1, 0, "B"], "expect": 1},
                {"do": "compare", "a": [1, 0, "PDA-10"], "b": [1, 0, "PDA-9"], "expect": -1},
                {"do": "compare", "a": [7, 3, "A"], "b": [7, 3, "A"], "expect": 0},
            ],
        },
    ]
