"""Reading articles from real files, including every kind of bad input."""

from __future__ import annotations

import datetime as dt
import json

from factsheet.ingest import load_articles
from factsheet.ingest.chrome import content_segments

GOOD = "The death toll rose to 23 on Monday, officials said.\n"


def _reasons(result):
    return {p.path.rsplit("/", 1)[-1]: p.reason for p in result.problems}


def test_text_with_sidecar_metadata(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "docs.jsonl").write_text(
        json.dumps({"id": "a", "published": "2025-08-06", "title": "T", "outlet": "O", "url": "https://x"})
        + "\n"
    )
    result = load_articles([tmp_path])
    [article] = result.articles
    assert article.published == dt.date(2025, 8, 6) and article.title == "T"
    assert article.text == GOOD and not result.problems


def test_markdown_front_matter(tmp_path):
    (tmp_path / "m.md").write_text(
        "---\ntitle: Storm\npublished: 2025-09-01\noutlet: Wire\n---\nSix people died.\n", encoding="utf-8"
    )
    [article] = load_articles([tmp_path]).articles
    assert article.title == "Storm" and article.published == dt.date(2025, 9, 1)
    assert article.text == "Six people died.\n"


def test_html_main_text_and_metadata(tmp_path):
    html = (
        "<html><head><title>Quake kills 40</title><meta property='og:site_name' content='Wire'>"
        "</head><body><nav>Home | World</nav><article><h1>Quake kills 40</h1>"
        "<p>At least 40 people were killed when an earthquake struck the region on Monday, "
        "officials said, and rescue teams were still searching the rubble for survivors.</p>"
        "<p>More than 200 people were injured, the health ministry said in a statement.</p>"
        "</article></body></html>"
    )
    (tmp_path / "q.html").write_text(html, encoding="utf-8")
    [article] = load_articles([tmp_path], published=dt.date(2025, 3, 3)).articles
    assert "At least 40 people were killed" in article.text
    assert "Home | World" not in article.text


def test_jsonl_articles_and_bad_line(tmp_path):
    lines = [
        json.dumps({"id": "j1", "text": GOOD, "published": "2025-08-07"}),
        "{not json",
        json.dumps({"id": "j3", "text": GOOD}),
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines), encoding="utf-8")
    result = load_articles([tmp_path])
    assert [a.id for a in result.articles] == ["j1", "j3"]  # the line after the bad one is still read
    assert "line 2: invalid JSON" in _reasons(result)["batch.jsonl"]


def test_bad_inputs_each_get_one_line_and_the_rest_go_on(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owners said 3 people were hurt.".encode("latin-1"))
    (tmp_path / "huge.txt").write_bytes(b"word " * (4 * 1024 * 1024))  # 20 MB
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "docs.jsonl").write_text('{"id": "good", "published": "2025-08-06"}\n{broken\n')
    result = load_articles([tmp_path])
    reasons = _reasons(result)
    assert reasons["empty.txt"] == "empty file"
    assert reasons["binary.txt"] == "binary file, not text"
    assert "20.0 MB" in reasons["huge.txt"] and "limit" in reasons["huge.txt"]
    assert "unsupported file type '.pdf'" in reasons["notes.pdf"]
    assert "invalid JSON" in reasons["docs.jsonl:2"]
    ids = {a.id for a in result.articles}
    assert ids == {"good", "latin1"}
    latin = next(a for a in result.articles if a.id == "latin1")
    assert "Café" in latin.text
    assert next(a for a in result.articles if a.id == "good").published == dt.date(2025, 8, 6)
    for problem in result.problems:
        assert "\n" not in str(problem) and problem.path


def test_folder_with_no_articles(tmp_path):
    result = load_articles([tmp_path])
    assert result.articles == [] and result.problems == []
    result = load_articles([tmp_path / "missing"])
    assert "no such file or folder" in result.problems[0].reason


def test_chrome_is_skipped_but_offsets_index_the_original(tmp_path):
    text = (
        "Headline here\n\nHeadline here\nPhotographer: A B/Getty Images\n"
        "Five people were killed.\nLeave a Comment\n"
    )
    (tmp_path / "c.txt").write_text(text, encoding="utf-8")
    [article] = load_articles([tmp_path]).articles
    segments = content_segments(article.text, article.skip_spans)
    assert [s for _, s in segments] == ["Headline here", "Five people were killed."]
    for offset, segment in segments:
        assert article.text[offset : offset + len(segment)] == segment
