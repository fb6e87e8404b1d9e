"""Render: the briefing and the validation report as Markdown, HTML and PDF."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from factsheet.models import Briefing
from factsheet.render.context import BriefingView
from factsheet.render.environment import TemplateError, environment, render, template_dirs
from factsheet.render.salience import DEFAULT_MAX_ROWS

__all__ = [
    "DEFAULT_MAX_ROWS",
    "TemplateError",
    "briefing_rows",
    "render_briefing_full_markdown",
    "render_briefing_html",
    "render_briefing_markdown",
    "render_briefing_pdf",
    "render_validation_markdown",
]

Since = Any
"""The desk's `SinceGroups` (or flat lines); None: the briefing's own `desk` field."""

_max_rows: contextvars.ContextVar[int | None] = contextvars.ContextVar("max_rows", default=DEFAULT_MAX_ROWS)
_DEFAULT = object()


@contextlib.contextmanager
def briefing_rows(max_rows: int | None) -> Iterator[None]:
    """Briefings rendered inside this block show at most `max_rows` rows per section.

    Callers that render through several layers (`pipeline.write_outputs`) set the
    limit once here instead of threading it through every call.
    """
    token = _max_rows.set(max_rows)
    try:
        yield
    finally:
        _max_rows.reset(token)


def _rows(max_rows: object) -> int | None:
    return _max_rows.get() if max_rows is _DEFAULT else max_rows  # type: ignore[return-value]


def render_briefing_markdown(
    briefing: Briefing,
    templates: Path | None = None,
    since: Since = None,
    max_rows: int | object | None = _DEFAULT,
) -> str:
    view = BriefingView(briefing, since=since, max_rows=_rows(max_rows))
    return render(environment(templates, html=False), "briefing.md.j2", view=view)


def render_briefing_full_markdown(
    briefing: Briefing, templates: Path | None = None, since: Since = None
) -> str:
    """briefing-full.md: every event and every source, for whoever needs the whole day."""
    view = BriefingView(briefing, since=since, max_rows=None)
    return render(environment(templates, html=False), "briefing-full.md.j2", view=view)


def render_briefing_html(
    briefing: Briefing,
    templates: Path | None = None,
    paper: str = "A4",
    since: Since = None,
    max_rows: int | object | None = _DEFAULT,
) -> str:
    view = BriefingView(briefing, since=since, max_rows=_rows(max_rows))
    env = environment(templates, html=True)
    css_source = env.loader.get_source(env, "briefing.css")[0]  # type: ignore[union-attr]
    return render(env, "briefing.html.j2", view=view, css=css_source, paper=paper)


def render_briefing_pdf(
    briefing: Briefing,
    templates: Path | None = None,
    paper: str = "A4",
    since: Since = None,
    max_rows: int | object | None = _DEFAULT,
) -> bytes:
    from factsheet.render.pdf import html_to_pdf

    html = render_briefing_html(briefing, templates, paper, since, max_rows)
    dirs = template_dirs(templates)
    pdf, _refused = html_to_pdf(html, dirs[0], dirs)
    return pdf


def render_validation_markdown(briefing: Briefing, templates: Path | None = None) -> str:
    return render(
        environment(templates, html=False),
        "validation.md.j2",
        briefing=briefing,
        counts=briefing.status_counts(),
    )
