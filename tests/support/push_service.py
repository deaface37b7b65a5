"""A local push service on 127.0.0.1 that does what FCM or Mozilla's service would:
receives what pywebpush POSTs, checks the VAPID JWT, and decrypts the body (aes128gcm,
http_ece) with the subscription's private key, as only the browser could."""

from __future__ import annotations

import base64
import json
import os
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

import http_ece
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Received:
    token: str
    plaintext: dict[str, Any]
    size: int
    claims: dict[str, Any]
    headers: dict[str, str]


@dataclass
class PushServer:
    """`answers[token]` is a queue of statuses to answer with (then 201); a `(301, url)`
    answer redirects."""

    received: list[Received] = field(default_factory=list)
    answers: dict[str, deque[Any]] = field(default_factory=lambda: defaultdict(deque))
    hits: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    keys: dict[str, tuple[ec.EllipticCurvePrivateKey, bytes]] = field(default_factory=dict)
    port: int = 0
    _runner: web.AppRunner | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def subscription(self, token: str | None = None) -> dict[str, Any]:
        """A browser's PushSubscription.toJSON(), with the private half kept here."""
        token = token or os.urandom(8).hex()
        key = ec.generate_private_key(ec.SECP256R1())
        auth = os.urandom(16)
        self.keys[token] = (key, auth)
        public = key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        return {
            "endpoint": f"{self.origin}/push/{token}",
            "expirationTime": None,
            "keys": {"p256dh": _b64(public), "auth": _b64(auth)},
        }

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/push/{token}", self._push)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _push(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        self.hits[token] += 1
        if self.answers[token]:
            answer = self.answers[token].popleft()
            if isinstance(answer, tuple):
                raise web.HTTPMovedPermanently(location=answer[1])
            return web.Response(status=answer)
        body = await request.read()
        key, auth = self.keys[token]
        plaintext = http_ece.decrypt(body, private_key=key, auth_secret=auth, version="aes128gcm")
        scheme, _, params = request.headers["Authorization"].partition(" ")
        assert scheme == "vapid", scheme
        fields = dict(p.split("=", 1) for p in params.split(","))
        claims = json.loads(_unb64(fields["t"].strip().split(".")[1]))
        self.received.append(
            Received(token, json.loads(plaintext), len(plaintext), claims, dict(request.headers))
        )
        return web.Response(status=201)
