"""Ops the server itself writes (imports, demo data, grants) go through the same log.

Each process is its own device (`srv-xxxxxxxx`), so its counter never collides with
another process's, and devices learn of server changes exactly as of each other's.
"""

from __future__ import annotations

import secrets
from typing import Any

from sync import Clock, Op


class ServerAuthor:
    def __init__(self, actor: str = "system") -> None:
        self.device = "srv-" + secrets.token_hex(4)
        self.actor = actor
        self.clock = Clock(self.device)
        self._seq = 0

    def op(
        self, kind: str, etype: str, eid: str, payload: dict[str, Any], actor: str | None = None
    ) -> Op:
        self._seq += 1
        hlc = self.clock.now()
        return Op(
            device=self.device,
            seq=self._seq,
            wall=hlc.wall,
            ctr=hlc.ctr,
            actor=actor or self.actor,
            kind=kind,
            etype=etype,
            eid=eid,
            payload=payload,
        )
