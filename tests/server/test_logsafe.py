"""Issue 9 finding 12: raw ANSI and control characters from a client never reach the log."""

from __future__ import annotations

from typing import Any

import pytest

from server.logs import _processors
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


@pytest.mark.parametrize("json", [False, True])
def test_the_configured_chain_renders_client_text_inert(json: bool) -> None:
    """The processors the app logs through (server/logs.py), as a client report would be."""
    # The console renderer quotes a value with spaces, but writes one without them as is.
    bare = "\x1b[2J\x1b[31m红\x1b]8;;http://evil.example\x07link\u202e"
    event: Any = {
        "event": "client report",
        "client_message": bare,
        "path": "/a\x1b[0m",
        "s": HOSTILE,
    }
    for processor in _processors(json):
        event = processor(None, "warning", event)
    assert isinstance(event, str)
    assert "\x1b" not in event and "\u202e" not in event and "\n" not in event
    assert "红" in event or "\\u7ea2" in event
