"""Jinja environments over the bundled templates, optionally overridden by a user folder."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from factsheet.controls import picture_controls
from factsheet.errors import TemplateError
from factsheet.render import context as ctx
from factsheet.render import markdown as md


def bundled_templates() -> Path:
    """The templates shipped with factsheet (inside the wheel, or beside the package in a checkout)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise TemplateError("bundled templates folder not found")


def template_dirs(user_dir: Path | None) -> list[Path]:
    dirs = [bundled_templates()]
    if user_dir is not None:
        if not user_dir.is_dir():
            raise TemplateError(f"{user_dir}: templates folder not found")
        dirs.insert(0, user_dir)
    return dirs


def environment(user_dir: Path | None = None, *, html: bool) -> jinja2.Environment:
    """The Jinja environment for HTML (autoescaped) or Markdown (escaped by `render.markdown`).

    Either way every value a template writes passes `finalize`: control characters are
    pictured (ESC as "␛") and, in Markdown, a value written without `md_text`,
    `md_code` or `md_link` is escaped as text.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(user_dir)]),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_html_finalize if html else md.finalize,
    )
    from factsheet.review.text import visible_bidi

    env.filters.update(money=ctx.money, day=ctx.day, label=ctx.label, visible_bidi=visible_bidi)
    env.filters.update(
        md=md.md_text, md_text=md.md_text, md_code=md.md_code, md_link=md.md_link, md_cite=md.md_cite
    )
    return env


def _html_finalize(value: object) -> object:
    """Control characters pictured in every value an HTML template writes (before escaping)."""
    if isinstance(value, Markup):
        return Markup(picture_controls(str(value), keep="\t\n\r"))
    if isinstance(value, str):
        return picture_controls(value, keep="\t\n\r")
    return value


def render(env: jinja2.Environment, name: str, **values: object) -> str:
    """Render template `name`; any template fault becomes one TemplateError naming file and line."""
    try:
        return env.get_template(name).render(**values)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name}") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{_where(name, env)}: {exc.message}") from None


def _where(name: str, env: jinja2.Environment) -> str:
    import sys
    import traceback

    tb = sys.exc_info()[2]
    for frame, lineno in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename
        if filename.endswith((".j2", ".html", ".md", ".jinja")):
            return f"{filename}:{lineno}"
    return name


def markdown_cell(value: object) -> str:
    """Text safe inside a Markdown table cell (kept for callers of the old name; see `md_text`)."""
    return md.md_text(value)
