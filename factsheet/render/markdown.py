"""Jinja filters that write untrusted text into Markdown, each for the place it lands.

A CommonMark reader turns some text into markup: `![x](http://…)` is an image that a
viewer fetches, `<img …>` is raw HTML, a backtick closes a code span, `<javascript:…>`
is a link. Every field of an article reaches the Markdown files through one of these:

- `md_text` (also `md`): running text and table cells; every character that could
  start markup is escaped, line breaks and runs of spaces become one space.
- `md_code`: an id inside a code span, fenced with more backticks than it holds.
- `md_link`: a source URL; only http(s) URLs become (auto)links, anything else
  (javascript:, file:, data:, a relative path) is shown as escaped text.

Control characters are pictured first (ESC as "␛", see `factsheet.controls`). The
environment's `finalize` applies `md_text` to any value a template writes without
one of these filters, so a user template cannot forget.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from factsheet.controls import picture_controls


class Markdown(str):
    """Text already made safe for the place it is written (not escaped again by `finalize`)."""


_SPACE = re.compile(r"\s+")
_ESCAPED = re.compile(r"[\\`*_\[\]|~]")
_HTML = {"<": "&lt;", ">": "&gt;"}
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_BLOCK_START = re.compile(r"^(?:#|>|[+\-=](?=\s|$|[=\-])|\d{1,9}(?=[.)]))")


def _flat(value: object) -> str:
    text = "—" if value is None else str(value)
    return picture_controls(text, keep="\t\n\r")  # line breaks: collapsed to spaces by the caller


def _escape(text: str) -> str:
    text = _ESCAPED.sub(lambda m: "\\" + m.group(), text)
    text = _ENTITY.sub("&amp;", text)
    for char, entity in _HTML.items():
        text = text.replace(char, entity)
    return text


def md_text(value: object) -> Markdown:
    """Text safe inline in Markdown and in a table cell: no markup, links, HTML or line breaks."""
    text = " ".join(_SPACE.split(_flat(value).replace("\t", " "))).strip()
    text = _escape(text)
    # A value the template puts at the start of a line must not open a block
    # ("> quote", "- item", "1. item"): its first character is escaped.
    match = _BLOCK_START.match(text)
    if match:
        end = match.end()  # "1. x" becomes "1\\. x", "# x" becomes "\\# x"
        text = text[:end] + "\\" + text[end:] if text[:1].isdigit() else "\\" + text
    return Markdown(text)


def _finalize_text(value: str) -> str:
    """Like `md_text`, but spacing kept as the template wrote it (" · " stays " · ")."""
    text = _SPACE.sub(" ", _flat(value).replace("\t", " "))
    return _escape(text)


def md_code(value: object, cell: bool = False) -> Markdown:
    """`value` as a code span: fenced with one backtick more than its longest run of them.

    Inside a code span nothing is markup, so only the fence and the line must hold:
    line breaks become spaces. In a table `cell`, a `|` is escaped (GFM splits cells
    on it even inside a code span, and shows `\\|` there as `|`).
    """
    text = " ".join(_SPACE.split(_flat(value)))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) or not text else ""
    if cell:
        text = text.replace("|", "\\|")
    return Markdown(f"{fence}{pad}{text}{pad}{fence}")


_URL_SAFE = "/:?#@!$&'()*+,;=-._~%[]"


def md_link(value: object) -> Markdown:
    """An http(s) URL as an autolink `<…>`; any other value as plain escaped text.

    Characters an autolink cannot hold (spaces, `<`, `>`, controls, non-ASCII) are
    percent-encoded, so the link is one token that nothing can break out of.
    """
    if value is None:
        return Markdown("")
    text = str(value).strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return md_text(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return md_text(text)
    return Markdown("<" + quote(text, safe=_URL_SAFE) + ">")


def finalize(value: object) -> object:
    """Every value a template writes: already-safe Markdown as is, anything else as `md_text`."""
    if isinstance(value, Markdown | int | float):
        return value
    if value is None:
        return ""
    return _finalize_text(str(value))


def md_cite(line: object) -> Markdown:
    """A "What changed" or "Ahead" line's sources: footnotes for today's, escaped names for earlier ones.

    `line` has `refs`, `named`, `old_refs` and `old_named` (`render.context.Line`).
    """
    refs = "".join(f"[^{int(r)}]" for r in getattr(line, "refs", []))
    named = getattr(line, "named", [])
    text = refs + (f" ({md_text('; '.join(named))})" if named else "")
    old_refs = "".join(f"[^{int(r)}]" for r in getattr(line, "old_refs", []))
    old_named = getattr(line, "old_named", [])
    if old_refs or old_named:
        names = md_text("; ".join(old_named)) if old_named else ""
        text += " — before: " + " ".join(part for part in (old_refs, names) if part)
    return Markdown(text)
