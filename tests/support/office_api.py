"""An office desktop's HTTP calls for browser tests that need customer service, a printer
or a manager acting on the server beside the phones (one copy for every such module)."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

DEMO_PIN = "1234"


def api(base: str, path: str, body: dict[str, Any], token: str = "") -> Any:
    """POST a JSON body (with a bearer token if given) and return the decoded answer."""
    req = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json"}
        | ({"Authorization": f"Bearer {token}"} if token else {}),
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def desk_session(base: str, code: str, employee: str) -> str:
    """Claim an office device with a one-time code and sign `employee` in: their token."""
    device = api(base, "/api/devices/claim", {"code": code, "label": "办公室电脑"})["token"]
    session: str = api(
        base, "/api/auth/login", {"employee_code": employee, "pin": DEMO_PIN}, token=device
    )["token"]
    return session
