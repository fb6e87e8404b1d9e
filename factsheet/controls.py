"""Control characters made visible: the one rule for every text file and terminal line.

Article text is kept exactly as read (quote offsets index it), so an ESC, a NUL or a
C1 control can sit inside a quote. No file meant for people holds them raw: a C0
control becomes its Unicode picture (ESC is "␛", U+241B; NUL is "␀"), DEL becomes
"␡", and a C1 control (U+0080–U+009F, which some terminals read as ESC sequences)
becomes "�" since Unicode draws no picture for it. Tab and line breaks are kept
where the caller says so.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def picture(char: str) -> str:
    """The visible stand-in for one control character."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def picture_controls(text: str, keep: str = "\t\n") -> str:
    """`text` with every C0/C1 control and DEL pictured, except the characters in `keep`.

    Lone surrogates (undecodable file-name bytes) become "�": no file or terminal
    can encode them.
    """

    def swap(match: re.Match[str]) -> str:
        char = match.group()
        return char if char in keep else picture(char)

    return _SURROGATES.sub("\ufffd", _CONTROLS.sub(swap, text))
