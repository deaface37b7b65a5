"""Issue 9 finding 12: raw ANSI and control characters from a client never reach the log."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from support.auth import sign_in

from server.logsafe import escape_controls, escape_text

HOSTILE = "\x1b[2J\x1b[31m红\x1b]8;;http://evil.example\x07link\nlevel=error fake event\u202e"


def test_control_characters_become_visible_escapes() -> None:
    assert escape_text(HOSTILE) == (
        "\\x1b[2J\\x1b[31m红\\x1b]8;;http://evil.example\\x07link\\x0alevel=error fake event\\u202e"
    )
    assert escape_text("扫描枪断开 scanner lost") == "扫描枪断开 scanner lost"


def test_nested_values_and_keys_are_escaped_but_tracebacks_kept() -> None:
    event = {"query": {"a\x1b": ["\x1b[0m"]}, "exception": "Traceback\n  line", "n": 3}
    out = escape_controls(None, "info", event)
    assert out == {"query": {"a\\x1b": ["\\x1b[0m"]}, "exception": "Traceback\n  line", "n": 3}


async def test_a_client_report_is_logged_escaped(
    demo_client: AsyncTestClient[Litestar], capfd: pytest.CaptureFixture[str]
) -> None:
    demo_client.headers.update(await sign_in(demo_client, "K001"))
    report = {"level": "error", "message": HOSTILE, "occurred_at_ms": 1_790_000_000_000}
    capfd.readouterr()
    r = await demo_client.post("/api/diagnostics/client-report", json=report)
    assert r.status_code == 202
    out = capfd.readouterr().out
    assert "client report" in out
    assert "\\x1b[2J" in out and "红" in out
    assert "\x1b" not in out and "\u202e" not in out
    assert not any(line.startswith("level=error fake") for line in out.splitlines())
