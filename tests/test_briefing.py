"""The briefing as a reader gets it: glance figures, charts, paper sizes, user templates."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from factsheet.render import TemplateError, render_briefing_html, render_briefing_pdf
from factsheet.render.environment import bundled_templates


def test_glance_and_chart_are_in_the_briefing(seed_run):
    html = render_briefing_html(seed_run.briefing)
    assert "At a glance" in html and "<svg" in html and "Tariff rates by target" in html
    markdown = (seed_run.out_dir / "briefing.md").read_text(encoding="utf-8")
    assert "## At a glance" in markdown and "**Highest tariff:** 50%" in markdown
    assert "Totals by donor" in markdown


def test_letter_and_a4_page_sizes(seed_run):
    import io

    a4 = PdfReader(io.BytesIO(render_briefing_pdf(seed_run.briefing, paper="A4"))).pages[0].mediabox
    letter = PdfReader(io.BytesIO(render_briefing_pdf(seed_run.briefing, paper="Letter"))).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)


def test_pdf_has_page_numbers_and_repeated_table_headers(seed_run):
    reader = PdfReader(seed_run.out_dir / "briefing.pdf")
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text


def test_user_template_overrides_and_broken_template_names_file_and_line(tmp_path, seed_run):
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "briefing.md.j2").write_text("# {{ view.title }} custom\n", encoding="utf-8")
    from factsheet.render import render_briefing_markdown

    assert render_briefing_markdown(seed_run.briefing, custom) == "# Daily Briefing custom\n"
    (custom / "briefing.md.j2").write_text("line one\n{% for x in %}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as error:
        render_briefing_markdown(seed_run.briefing, custom)
    assert "briefing.md.j2:2" in str(error.value)
    (custom / "briefing.md.j2").write_text("ok\n{{ view.no_such_thing }}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as error:
        render_briefing_markdown(seed_run.briefing, custom)
    assert "briefing.md.j2:2" in str(error.value) and "no_such_thing" in str(error.value)


def test_cli_broken_template_exits_2_and_keeps_previous_outputs(tmp_path, seeds_dir):
    factsheet = str(Path(sys.executable).with_name("factsheet"))
    out = tmp_path / "out"
    ok = subprocess.run(
        [factsheet, "run", str(seeds_dir), "--out", str(out), "-q"], capture_output=True, text=True
    )
    assert ok.returncode == 0
    before = (out / "2025-12-28" / "briefing.pdf").read_bytes()
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "briefing.html.j2").write_text("<p>{% if %}</p>", encoding="utf-8")
    bad = subprocess.run(
        [factsheet, "run", str(seeds_dir), "--out", str(out), "--templates", str(custom)],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2
    assert "briefing.html.j2:1" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    assert (out / "2025-12-28" / "briefing.pdf").read_bytes() == before


def test_bundled_templates_are_found():
    assert (bundled_templates() / "briefing.css").is_file()
