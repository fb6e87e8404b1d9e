"""Page 1 of the briefing as an analyst reads it: lead, what changed, at a glance, ahead.

Real runs into one desk, the real PDF parsed back with pdftotext.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from articles import article_folder
from test_one_desk import DEV, _storyline_days

from factsheet.models import Briefing
from factsheet.pipeline import RunOptions, run

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")


def page_text(pdf: Path, first: int = 1, last: int | None = None) -> str:
    args = ["pdftotext", "-f", str(first)] + (["-l", str(last)] if last else []) + [str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


_SCALE = {"bn": 1e9, "m": 1e6, "million": 1e6, "tn": 1e12}
_NUMBER = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s*(bn|m|million|tn)\b)?")


def _fact_numbers(briefing: Briefing) -> tuple[set[float], set[str]]:
    """Every number a published fact of the day states: its numeric values, and the parts of its dates."""
    values: set[float] = set()
    words: set[str] = set()
    for fact in briefing.published_facts():
        for name, value in fact.model_dump().items():
            if name in ("doc", "quote", "start", "end", "check", "merged", "id", "event_id", "extractor"):
                continue
            if isinstance(value, bool):
                continue
            if isinstance(value, int | float):
                values.add(float(value))
            elif isinstance(value, dt.date):
                words |= {f"{value:%d}", str(value.day), str(value.year)}
            elif isinstance(value, str):
                words |= set(re.findall(r"\d+", value))
            elif isinstance(value, list):
                words |= {n for v in value for n in re.findall(r"\d+", str(v))}
    return values, words


def _is_fact_number(token: str, scale: str | None, values: set[float], words: set[str]) -> bool:
    number = float(token.replace(",", ""))
    if scale:
        number *= _SCALE[scale]
        return any(v and abs(v - number) / v < 0.05 for v in values)  # "$1.2 bn" for 1,234,000,000
    return number in values or token in words or token.lstrip("0") in words


def _two_days(tmp_path: Path) -> Path:
    if not (DEV / "docs.jsonl").is_file():
        pytest.skip("the dev set is not beside the project")
    days = {d.name: d for d in _storyline_days(tmp_path)}
    desk = tmp_path / "desk"
    for name in ("2025-08-05", "2025-08-06"):
        run([days[name]], RunOptions(out=desk, workers=1))
    return desk / "2025-08-06"


def test_page_one_of_the_second_day_holds_lead_changes_glance_and_ahead_in_order(tmp_path):
    day = _two_days(tmp_path)
    text = page_text(day / "briefing.pdf", 1, 1)
    headings = ["LEAD", "SINCE THE LAST BRIEFING — WHAT CHANGED", "AT A GLANCE", "AHEAD"]
    places = [text.find(h) for h in headings]
    assert all(p >= 0 for p in places), (places, text[:2000])
    assert places == sorted(places)

    # each lead sentence ends with its footnotes; every number in it is a value of a published fact today
    lead = " ".join(text[places[0] + len("LEAD") : places[1]].split())
    sentences = [s.strip() for s in re.split(r"(?<=\])\s+(?=[A-Z])", lead) if s.strip()]
    assert 3 <= len(sentences) <= 5, sentences
    briefing = Briefing.model_validate_json((day / "facts.json").read_text(encoding="utf-8"))
    values, words = _fact_numbers(briefing)
    for sentence in sentences:
        assert re.search(r"[.…]\s*(\[\d+\])+$", sentence), sentence
        body = re.sub(r"(\[\d+\])+$", "", sentence)
        for token, scale in _NUMBER.findall(body):
            assert _is_fact_number(token, scale or None, values, words), (token, sentence)

    # what changed is grouped, each line a complete phrase: no placeholders, statuses in words
    markdown = (day / "briefing.md").read_text(encoding="utf-8")
    changed = markdown.split("## Since the last briefing — what changed", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in changed.splitlines() if line.startswith("- ")]
    groups = r"- (New|Updated|Moved|Passed|Withdrawn after review): \S"
    assert lines and all(re.match(groups, x) for x in lines)
    assert not any("?" in x or "in_force" in x or "in 0 d" in x for x in lines)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def test_a_week_of_the_storyline_has_no_placeholder_and_no_word_cut_midway(tmp_path):
    if not (DEV / "docs.jsonl").is_file():
        pytest.skip("the dev set is not beside the project")
    desk = tmp_path / "desk"
    for folder in _storyline_days(tmp_path):
        run([folder], RunOptions(out=desk, workers=1))
    days = sorted(p for p in desk.iterdir() if p.is_dir())
    assert len(days) >= 7
    # every word the desk has read (a "Passed" line quotes an article of an earlier day)
    known = set().union(*(_words((d / "articles.jsonl").read_text(encoding="utf-8")) for d in days))
    for day in days:
        texts = [(day / "briefing.md").read_text(encoding="utf-8"), page_text(day / "briefing.pdf")]
        briefing = Briefing.model_validate_json((day / "facts.json").read_text(encoding="utf-8"))
        urls = sorted((s.url for s in briefing.sources if s.url), key=len, reverse=True)
        for text in texts:
            without_urls = re.sub(r"\s+", "", text)  # a URL in the PDF may break over lines
            for url in urls:
                without_urls = without_urls.replace(url, "")
            assert "?" not in without_urls, (day.name, re.findall(r".{40}\?.{10}", without_urls))
            assert "in_force" not in text and "in 0 d" not in text
            # a cut falls after a whole word and is marked "…", never "for a longer peri"
            for before in re.findall(r"(\w+) ?…", text):
                assert before.casefold() in known, (day.name, before)
        # no "Passed" and "Overdue" lines for the same event on one day
        markdown = texts[0]
        passed = re.findall(r"^- Passed: (.+?) — due", markdown, flags=re.M)
        overdue = re.findall(r"^- Overdue: (.+?) — was due", markdown, flags=re.M)
        assert not set(passed) & set(overdue)


TOLL = "At least {n} people were killed in Kharkiv after a missile hit a market, officials said{tail}."


def test_an_event_reported_on_three_days_draws_its_line_and_the_xlsx_has_the_desk_sheets(tmp_path):
    from openpyxl import load_workbook

    desk = tmp_path / "desk"
    for i, (day, n) in enumerate((("2025-08-04", 9), ("2025-08-05", 14), ("2025-08-06", 20))):
        tail = "" if i == 0 else ", raising the toll"
        folder = article_folder(tmp_path / f"in{i}", day, {f"k{i}": TOLL.format(n=n, tail=tail)})
        result = run([folder], RunOptions(out=desk, workers=1))
    out = result.out_dir
    html_pdf = page_text(out / "briefing.pdf")
    assert "OVER TIME" in html_pdf and "04 Aug" in html_pdf and "06 Aug" in html_pdf
    from factsheet.render import render_briefing_html

    html = render_briefing_html(result.briefing)
    over_time = html.split('class="over-time"', 1)[1]
    assert "<polyline" in over_time and over_time.count("<circle") == 3
    markdown = (out / "briefing.md").read_text(encoding="utf-8")
    assert "04 Aug: 9 → 05 Aug: 14 → 06 Aug: 20" in markdown
    assert re.search(
        r"^- Updated: killed in Kharkiv: at least 20 — count 14 → 20\[\^1\]", markdown, flags=re.M
    )

    book = load_workbook(out / "facts.xlsx")
    assert {"Events over time", "Since"} <= set(book.sheetnames)
    rows = list(book["Events over time"].iter_rows(values_only=True))
    assert rows[0][:5] == ("event_id", "kind", "summary", "day", "value")
    assert [(r[3].date(), r[4]) for r in rows[1:]] == [
        (dt.date(2025, 8, 4), 9),
        (dt.date(2025, 8, 5), 14),
        (dt.date(2025, 8, 6), 20),
    ]
    since = list(book["Since"].iter_rows(values_only=True))
    assert [r[0] for r in since[1:]] == ["updated"] and "14 → 20" in since[1][3]

    # a day with the event on only two days draws no line
    two = tmp_path / "two"
    for i, (day, n) in enumerate((("2025-08-04", 9), ("2025-08-05", 14))):
        folder = article_folder(tmp_path / f"two{i}", day, {f"t{i}": TOLL.format(n=n, tail="")})
        result = run([folder], RunOptions(out=two, workers=1))
    assert 'class="over-time"' not in render_briefing_html(result.briefing)


def test_a_thirty_article_day_fits_two_pages(seeds_dir, tmp_path):
    from pypdf import PdfReader

    folder = tmp_path / "in"
    folder.mkdir()
    for copy in range(6):
        for path in sorted(seeds_dir.glob("*.txt")):
            (folder / f"c{copy}_{path.name}").write_text(
                path.read_text(encoding="utf-8") + f"\n\nEdition {copy}.", encoding="utf-8"
            )
    result = run([folder], RunOptions(out=tmp_path / "desk", workers=1))
    assert result.articles == 30
    assert len(PdfReader(result.out_dir / "briefing.pdf").pages) <= 2
    markdown = (result.out_dir / "briefing.md").read_text(encoding="utf-8")
    order = ["## Lead", "## At a glance", "## Deadlines", "## Sources"]
    assert [markdown.find(h) for h in order] == sorted(
        markdown.find(h) for h in order
    ) and "## Lead" in markdown
