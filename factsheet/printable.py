"""Text for a terminal: what an article says is shown, never obeyed.

Quotes, titles and ids come from untrusted articles. Printed raw, an ESC sequence in
one clears the screen, moves the cursor or sets the window title. Control characters
are shown as their Unicode pictures (ESC as ␛, NUL as ␀), C1 controls as U+FFFD; tabs
stay.
"""

from __future__ import annotations

_TABLE = {c: chr(0x2400 + c) for c in range(0x20) if c != 0x09}
_TABLE[0x7F] = "␡"
_TABLE.update({c: "\ufffd" for c in range(0x80, 0xA0)})


def printable(text: str) -> str:
    """`text` with every control character but tab pictured, safe to print on a terminal."""
    return text.translate(_TABLE)
