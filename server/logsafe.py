"""Log values are escaped, so nothing a client sends can drive the operator's terminal.

A client report, a path or a query string may carry ANSI escapes (`\\x1b[2J` clears the
screen, `\\x1b]8;;` forges links) or newlines that fake a second log event. Every control
character (Unicode category Cc, plus the bidi overrides that reorder what is shown) in any
string of an event is written as a visible escape such as `\\x1b` before a renderer sees it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping
from typing import Any

# C0, DEL, C1, and the bidirectional embeddings/overrides/isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_text(text: str) -> str:
    return _UNSAFE.sub(_escape_char, text)


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return escape_text(value)
    if isinstance(value, Mapping):
        return {_escaped(k): _escaped(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_escaped(v) for v in value]
    return value


def escape_controls(
    _logger: object, _method: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """A structlog processor: run it last before the renderer (after exception formatting,
    whose traceback newlines are the server's own and are kept)."""
    return {k: v if k == "exception" else _escaped(v) for k, v in event.items()}
