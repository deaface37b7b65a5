"""No secret in any log (issue 9, finding 4): a bearer token, enrolment code or PIN in a
query string is redacted from the request log, and a token in the URL no longer works."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from live_server import LiveServer, device_at
from support.wire import PROTOCOL

from server.logs import REDACTED, redact_secrets
from server.settings import Settings

SECRETS = ["pls_QUERYSECRET123", "4321", "WXYZ-2345", "tkt-998877"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            {"query": {"access_token": "pls_x", "cursor": "3"}},
            {"query": {"access_token": REDACTED, "cursor": "3"}},
        ),
        ({"query": {"PIN": ["1234"]}}, {"query": {"PIN": REDACTED}}),
        (
            {"event": "GET /a?code=AB-CD&x=1&ticket=t"},
            {"event": f"GET /a?code={REDACTED}&x=1&ticket={REDACTED}"},
        ),
        ({"event": "header was Bearer pls_abc-DEF_1"}, {"event": f"header was Bearer {REDACTED}"}),
        ({"event": "postcode=200000 barcode=690"}, {"event": "postcode=200000 barcode=690"}),
        ({"token": "pld_x", "status_code": 401}, {"token": REDACTED, "status_code": 401}),
    ],
)
def test_the_processor_redacts_secret_looking_values(
    given: dict[str, object], expected: dict[str, object]
) -> None:
    assert redact_secrets(None, "info", dict(given)) == expected


async def test_the_server_log_never_shows_a_query_secret(
    demo_loaded: Settings, tmp_path: Path
) -> None:
    log = tmp_path / "server.log"
    # Unbuffered: structlog's writer leaves stdout's buffer to the interpreter, and a log
    # file only sees it at exit otherwise.
    server = LiveServer(demo_loaded.database_url, log, {"PYTHONUNBUFFERED": "1"})
    server.start()
    try:
        base = await server.healthy()
        async with httpx.AsyncClient(timeout=10) as client:
            dev = await device_at(client, base, "K001")
            token = dev.headers["Authorization"].removeprefix("Bearer ")
            # The live stream took ?access_token= once; now only the header works.
            r = await client.get(f"{base}/api/sync/stream", params={"access_token": token})
            assert r.status_code == 401
            r = await client.get(
                f"{base}/api/sync/pull",
                params={
                    "cursor": "0",
                    **PROTOCOL,
                    "access_token": SECRETS[0],
                    "pin": SECRETS[1],
                    "code": SECRETS[2],
                    "ticket": SECRETS[3],
                },
                headers=dev.headers,
            )
            assert r.status_code == 200
    finally:
        server.stop()
    text = log.read_text(errors="replace")
    assert "path=/api/sync/pull" in text  # the request was logged, with its query
    assert REDACTED in text
    for secret in [token, *SECRETS]:
        assert secret not in text
