"""Article metadata (id, title, outlet, url, published): checked field by field.

Metadata comes from files nobody vetted (front matter, JSONL records, sidecars,
HTML pages). A bad field costs only itself: it is ignored with a warning and the
article and its other fields are kept. Every text field is bounded in length, and
dates are parsed here rather than by a YAML or JSON loader, so `2025-02-30` is a
warning, not a traceback.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping

from pydantic import BaseModel

LIMITS = {"id": 200, "title": 1000, "outlet": 300, "url": 2048}
"""Longest accepted value per text field, in characters."""

FUTURE_SLACK = dt.timedelta(days=1)
"""A date one day ahead is a time zone, not a mistake."""


class ArticleMetadata(BaseModel):
    """What a sidecar line, front matter or JSONL record may say about an article."""

    id: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None


FIELDS = tuple(ArticleMetadata.model_fields)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.+\-Z]{0,40})?")
_SPACES = re.compile(r"[\t\n\r\x0b\x0c\u2028\u2029]+")


def _brief(value: object) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return repr(text if len(text) <= 40 else text[:40] + "…")


def parse_published(value: object) -> tuple[dt.date | None, str | None]:
    """A publication date from a loader's value, or None and the reason it is not one."""
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, str):
        match = _ISO_DATE.fullmatch(value.strip())
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups())), None
            except ValueError:
                return None, f"published {_brief(value)} is not a real date; ignored"
    return None, f"published {_brief(value)} is not a date like 2025-08-07; ignored"


def _text_field(name: str, value: object) -> tuple[str | None, str | None]:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None, f"{name} is not text ({type(value).__name__}); ignored"
    text = _SPACES.sub(" ", str(value)).strip()
    if not text:
        return None, None
    if len(text) > LIMITS[name]:
        return None, f"{name} is {len(text):,} characters, over the {LIMITS[name]:,} limit; ignored"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return None, f"{name} holds an unpaired surrogate (not valid Unicode); ignored"
    return text, None


def clean_metadata(
    values: Mapping[str, object], warn: Callable[[str], None], base: ArticleMetadata | None = None
) -> ArticleMetadata:
    """`base` overlaid with the fields of `values` that hold up; each one that does not is warned about."""
    clean = base.model_dump(exclude_none=True) if base is not None else {}
    for name in FIELDS:
        value = values.get(name)
        if value is None:
            continue
        parsed: object
        problem: str | None
        if name == "published":
            parsed, problem = parse_published(value)
        else:
            parsed, problem = _text_field(name, value)
        if problem:
            warn(problem)
        if parsed is not None:
            clean[name] = parsed
    return ArticleMetadata.model_validate(clean)


def future_warning(published: dt.date | None, today: dt.date | None = None) -> str | None:
    """The warning for a publication date after today (the briefing would take it as its own)."""
    return date_warning("published", published, today)


def date_warning(what: str, date: dt.date | None, today: dt.date | None = None) -> str | None:
    """ "<what> 2925-08-05 is in the future (today is …)" for a date after tomorrow, else None."""
    today = today or dt.date.today()
    if date is not None and date > today + FUTURE_SLACK:
        return f"{what} {date.isoformat()} is in the future (today is {today.isoformat()})"
    return None
