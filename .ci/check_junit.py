"""Fail CI when PostgreSQL or browser tests were skipped or absent: green must mean tested."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

REQUIRED = {"postgresql": "PostgreSQL", "browser": "browser"}


def main(path: str) -> int:
    cases = ET.parse(path).getroot().iter("testcase")
    ran = {key: 0 for key in REQUIRED}
    problems = []
    for case in cases:
        name = f"{case.get('classname')}.{case.get('name')}"
        for key in REQUIRED:
            if key in name:
                if case.find("skipped") is not None:
                    problems.append(f"skipped: {name}")
                else:
                    ran[key] += 1
    problems += [f"no {label} tests ran" for key, label in REQUIRED.items() if ran[key] == 0]
    for p in problems:
        print(f"check_junit: {p}", file=sys.stderr)
    print(f"check_junit: {ran['postgresql']} PostgreSQL and {ran['browser']} browser tests ran")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
