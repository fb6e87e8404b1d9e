"""Jinja environments over the bundled templates, optionally overridden by a user folder."""

from __future__ import annotations

from pathlib import Path

import jinja2

from factsheet.errors import TemplateError
from factsheet.render import context as ctx


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
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(user_dir)]),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    from factsheet.review.text import visible_bidi

    env.filters.update(money=ctx.money, day=ctx.day, label=ctx.label, visible_bidi=visible_bidi)
    env.filters["md"] = markdown_cell
    return env


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
    """Text safe inside a Markdown table cell: no pipes, no line breaks, no raw HTML."""
    text = str(value if value is not None else "—")
    text = " ".join(text.split())
    for char, escaped in (
        ("\\", "\\\\"),
        ("|", "\\|"),
        ("<", "&lt;"),
        (">", "&gt;"),
        ("[", "\\["),
        ("]", "\\]"),
        ("*", "\\*"),
        ("_", "\\_"),
        ("`", "\\`"),
    ):
        text = text.replace(char, escaped)
    return text
