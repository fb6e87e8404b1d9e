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


def test_each_section_keeps_its_most_salient_rows(seed_run):
    import datetime as dt

    from factsheet.render.context import BriefingView

    full = BriefingView(seed_run.briefing, max_rows=None)
    short = BriefingView(seed_run.briefing, max_rows=1)
    aid_all = next(s for s in full.sections if s.kind == "aid")
    aid = next(s for s in short.sections if s.kind == "aid")
    assert len(aid_all.rows) >= 2
    largest = max(aid_all.rows, key=lambda r: r.event.fact.amount or 0)  # type: ignore[union-attr]
    assert [r.cells for r in aid.rows] == [largest.cells]
    assert aid.notes[-1] == f"and {len(aid_all.rows) - 1} more — see facts.xlsx"
    # a day before the seeds' deadlines: the two due soonest are kept, in date order
    early = seed_run.briefing.model_copy(update={"briefing_date": dt.date(2025, 8, 1)})
    dues = sorted(
        e.fact.due
        for e in early.events
        if e.kind == "deadline" and e.fact.publishable and e.fact.due and e.fact.due >= dt.date(2025, 8, 1)
    )
    deadlines = next(s for s in BriefingView(early, max_rows=2).sections if s.kind == "deadline")
    kept = [r.event.fact.due for r in deadlines.rows]  # type: ignore[union-attr]
    assert dues and sorted(d for d in kept if d and d >= dt.date(2025, 8, 1)) == dues[:2]


def test_sources_list_only_what_the_briefing_cites(seed_run):
    import re

    from factsheet.render import render_briefing_markdown

    markdown = render_briefing_markdown(seed_run.briefing, max_rows=1)
    body, sources = markdown.split("\n## Sources", 1)
    cited = set(re.findall(r"\[\^(\d+)\](?!:)", body))
    listed = set(re.findall(r"^\[\^(\d+)\]:", sources, flags=re.M))
    assert cited == listed and listed
    full = (seed_run.out_dir / "briefing-full.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^\[\^\d+\]:", full, flags=re.M)) == len(seed_run.briefing.sources)
    assert "more — see facts.xlsx" not in full


def test_a_big_day_stays_a_short_briefing(seeds_dir, tmp_path):
    """Twenty-five copies of the seeds: every event reported 25 times, over 100 sources."""
    import re
    import shutil

    from factsheet.pipeline import RunOptions, run

    folder = tmp_path / "in"
    folder.mkdir()
    for copy in range(25):
        for path in seeds_dir.glob("*.txt"):
            shutil.copy(path, folder / f"c{copy:02d}_{path.name}")
    result = run([folder], RunOptions(out=tmp_path / "out", max_rows=5))
    markdown = (result.out_dir / "briefing.md").read_text(encoding="utf-8")
    tables = re.findall(r"\n\|---.*\n((?:\|.*\n)+)", markdown)
    assert tables and all(len(rows.strip().splitlines()) <= 5 for rows in tables)
    assert "more — see facts.xlsx" in markdown
    # 25 copies of one text are one report, cited once (a wire story), never 25 footnotes
    assert "1 report ·" not in markdown and "| [^" in markdown
    assert not re.search(r"(\[\^\d+\]){4}", markdown)
    listed = re.findall(r"^\[\^\d+\]:", markdown, flags=re.M)
    assert 0 < len(listed) < len(result.briefing.sources) == 125
    full = (result.out_dir / "briefing-full.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^\[\^\d+\]:", full, flags=re.M)) == 125
    assert len(PdfReader(result.out_dir / "briefing.pdf").pages) <= 8
