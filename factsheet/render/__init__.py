"""Render: the briefing and the validation report as Markdown, HTML and PDF."""

from __future__ import annotations

from pathlib import Path

from factsheet.models import Briefing
from factsheet.render.context import BriefingView
from factsheet.render.environment import TemplateError, environment, render, template_dirs

__all__ = [
    "TemplateError",
    "render_briefing_html",
    "render_briefing_markdown",
    "render_briefing_pdf",
    "render_validation_markdown",
]


def render_briefing_markdown(
    briefing: Briefing, templates: Path | None = None, since: list[str] | None = None
) -> str:
    view = BriefingView(briefing, since=since)
    return render(environment(templates, html=False), "briefing.md.j2", view=view)


def render_briefing_html(
    briefing: Briefing, templates: Path | None = None, paper: str = "A4", since: list[str] | None = None
) -> str:
    view = BriefingView(briefing, since=since)
    env = environment(templates, html=True)
    css_source = env.loader.get_source(env, "briefing.css")[0]  # type: ignore[union-attr]
    return render(env, "briefing.html.j2", view=view, css=css_source, paper=paper)


def render_briefing_pdf(
    briefing: Briefing, templates: Path | None = None, paper: str = "A4", since: list[str] | None = None
) -> bytes:
    from factsheet.render.pdf import html_to_pdf

    html = render_briefing_html(briefing, templates, paper, since)
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
