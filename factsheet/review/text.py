"""Untrusted text made safe for the review page's HTML: escaped, direction-isolated, and
with bidi control characters shown instead of obeyed.

An article title holding an unclosed RIGHT-TO-LEFT OVERRIDE (U+202E) reversed the rest
of its line on the page. Templates put untrusted text in `<bdi>` (isolation); this
filter also replaces each bidi control with a visible mark naming it, so a reviewer sees
that the text carries one.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

BIDI_CONTROLS = {
    "\u061c": "ALM",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
}
_BIDI = re.compile("[" + "".join(BIDI_CONTROLS) + "]")


def visible_bidi(value: object) -> Markup:
    """`value` escaped for HTML, each bidi control replaced by a visible, inert mark."""
    text = str(escape("" if value is None else value))

    def mark(m: re.Match[str]) -> str:
        char = m.group(0)
        return (
            f'<span class="bidi-control" title="U+{ord(char):04X} {BIDI_CONTROLS[char]}">'
            f"[U+{ord(char):04X} {BIDI_CONTROLS[char]}]</span>"
        )

    return Markup(_BIDI.sub(mark, text))


def clip(value: object, limit: int = 160) -> str:
    """Text cut at a word to about `limit` characters, with an ellipsis when cut."""
    text = " ".join(str(value or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + " …"


def stamp(value: object) -> str:
    """An ISO timestamp as people read it: "2025-08-07 10:42 UTC"."""
    text = str(value or "")
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?(?:\+00:00|Z)", text)
    return f"{match.group(1)} {match.group(2)} UTC" if match else text
