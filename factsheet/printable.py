"""Text from articles made safe to print on a terminal.

A quote, a title or an id can carry ESC sequences (clear the screen, move the cursor,
set the window title), C1 controls, bidi overrides that reorder what the line shows,
or line breaks that fake a second message. `printable` shows all of them instead of
sending them to the terminal.
"""

from __future__ import annotations

import re

from factsheet.controls import picture_controls

_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_SEPARATORS = re.compile("[\u2028\u2029]")


def printable(text: object, *, newlines: bool = False) -> str:
    """`text` safe to print: control characters pictured (ESC as "␛"), bidi controls
    shown as "[U+202E]", Unicode line separators as spaces.

    Tabs are kept; line breaks are pictured ("␊") unless `newlines` is true, so a
    one-line message stays one line.
    """
    value = "" if text is None else str(text)
    value = picture_controls(value, keep="\t\n" if newlines else "\t")
    value = _LINE_SEPARATORS.sub(" ", value)
    return _BIDI.sub(lambda m: f"[U+{ord(m.group()):04X}]", value)
