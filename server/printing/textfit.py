"""Measure, wrap and shrink text with the font's own advances, shared by every output format."""

from __future__ import annotations

import re

from server.printing.fonts import metrics

# Latin/digit runs (house numbers, order numbers, phone numbers) are kept whole when possible;
# everything else (Han, punctuation) may break between any two characters.
_TOKEN = re.compile(r"[A-Za-z0-9#\-_./]+|\s+|.", re.DOTALL)
ELLIPSIS = "…"
# Closing punctuation never starts a line (Chinese line-breaking rule); it hangs instead.
NO_LINE_START = frozenset("，。、；：？！）》」』】”’%,.;:?!)]")


def width(text: str, size: float, bold: bool = False) -> float:
    return metrics(bold).width(text, size)


def fit_size(
    text: str, size: float, max_width: float, bold: bool = False, floor: float = 0.0
) -> float:
    """Shrink a one-line field (carrier, name + phone) until it fits, but not below floor."""
    w = width(text, size, bold)
    if w <= max_width:
        return size
    return max(floor, size * max_width / w)


def truncate(text: str, size: float, max_width: float, bold: bool = False) -> str:
    """Cut with an ellipsis; tables prefer a clipped SKU name to a row of uneven height."""
    if width(text, size, bold) <= max_width:
        return text
    budget = max_width - width(ELLIPSIS, size, bold)
    m = metrics(bold)
    used, cut = 0.0, 0
    for i, ch in enumerate(text):
        used += m.width(ch, size)
        if used > budget:
            cut = i
            break
    return text[:cut].rstrip() + ELLIPSIS


def wrap(text: str, size: float, max_width: float, bold: bool = False) -> list[str]:
    """Greedy line breaking; a token wider than a line is split by character."""
    m = metrics(bold)
    lines: list[str] = []
    line, used = "", 0.0
    for token in _TOKEN.findall(text.replace("\n", " ")):
        w = m.width(token, size)
        if used + w <= max_width or (line and token in NO_LINE_START):
            line, used = line + token, used + w
            continue
        if token.isspace():
            lines.append(line)
            line, used = "", 0.0
            continue
        if line and w <= max_width:
            lines.append(line.rstrip())
            line, used = token, w
            continue
        for ch in token:
            cw = m.width(ch, size)
            if used + cw > max_width and line:
                lines.append(line.rstrip())
                line, used = "", 0.0
            line, used = line + ch, used + cw
    if line.strip():
        lines.append(line.rstrip())
    return [ln for ln in lines if ln]


def wrap_fit(
    text: str, sizes: tuple[float, ...], max_width: float, max_lines: int, bold: bool = False
) -> tuple[float, list[str]]:
    """First size whose wrap fits max_lines; at the smallest, the last line is truncated."""
    for size in sizes:
        lines = wrap(text, size, max_width, bold)
        if len(lines) <= max_lines:
            return size, lines
    size = sizes[-1]
    lines = wrap(text, size, max_width, bold)[:max_lines]
    last = lines[-1]
    while last and width(last + ELLIPSIS, size, bold) > max_width:
        last = last[:-1]
    lines[-1] = last + ELLIPSIS
    return size, lines
