"""Hostile folders: every bad file is generated here, and each costs one line, never the batch."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from factsheet.ingest import load_articles
from factsheet.ingest.chrome import MAX_PIECE_CHARS, content_segments, find_chrome_spans

GOOD = "The death toll rose to 23 on Monday, officials said.\n"
TODAY = dt.date(2025, 8, 7)


def _load(*paths: Path, **kwargs) -> object:
    """load_articles in a thread, so a reader that blocks fails the test instead of hanging it."""
    box: dict = {}
    worker = threading.Thread(
        target=lambda: box.setdefault("result", load_articles(list(paths), today=TODAY, **kwargs)),
        daemon=True,
    )
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "reading the folder blocked"
    return box["result"]


def _by_name(problems) -> dict[str, str]:
    """Reason per file name (the usual "no publication date" warning left out)."""
    return {
        Path(p.path.split(":")[0]).name: p.reason
        for p in problems
        if not p.reason.startswith("no publication date")
    }


def _one_line(result) -> None:
    for item in [*result.problems, *result.warnings]:
        assert "\n" not in str(item) and "\r" not in str(item), str(item)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_and_a_link_to_dev_zero_are_refused_without_reading(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD)
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    started = time.perf_counter()
    result = _load(tmp_path)
    reasons = _by_name(result.problems)
    assert time.perf_counter() - started < 5
    assert reasons["pipe.txt"] == "a FIFO (named pipe), not a regular file; only regular files are read"
    assert reasons["zero.txt"].startswith("a symbolic link to /dev/zero, outside the folders given")
    assert [a.id for a in result.articles] == ["good"]
    # followed on request, the device is still refused without reading
    followed = _by_name(_load(tmp_path, follow_links=True).problems)
    assert followed["zero.txt"].startswith("a character device, not a regular file")
    # named explicitly on the command line, the same
    assert "FIFO" in _by_name(_load(tmp_path / "pipe.txt").problems)["pipe.txt"]


def test_files_over_the_limit_are_refused_by_their_size_before_reading(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # 2 GB, sparse: no disk used, but reading it would take 2 GB
        handle.truncate(2 * 1024**3)
    (tmp_path / "big.jsonl").open("wb").truncate(300 * 1024**2)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = _load(tmp_path)
    assert time.perf_counter() - started < 2
    grew_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grew_kb < 100 * 1024  # nothing near the file's size was read
    reasons = _by_name(result.problems)
    assert reasons["huge.txt"] == "file is 2048.0 MB, over the 5 MB limit for one article"
    assert "300.0 MB" in reasons["big.jsonl"]


def test_a_line_of_a_million_characters_is_read_in_bounded_pieces(tmp_path):
    line = "Officials met in Geneva. " * 45000  # 1,125,000 characters on one line
    (tmp_path / "long.txt").write_text(line, encoding="utf-8")
    [article] = _load(tmp_path).articles
    assert article.text == line
    pieces = content_segments(article.text, article.skip_spans)
    assert max(len(p) for _, p in pieces) <= MAX_PIECE_CHARS
    assert "".join(p for _, p in pieces).replace(".", ". ") .split() == line.split()
    for offset, piece in pieces:
        assert article.text[offset : offset + len(piece)] == piece
        assert piece.endswith("Geneva.")  # cut at sentence ends, not inside a sentence


def test_the_offline_extractor_respects_spacys_limit_by_splitting(tmp_path):
    """A line longer than the parser's max_length is split, not refused (E088) and not raised."""
    from factsheet.extraction.offline import load_pipeline
    from factsheet.pipeline import RunOptions, run

    nlp = load_pipeline()
    saved = nlp.max_length
    filler = "Council members discussed road repairs and school meals at length. " * 900
    text = "At least 32 people were killed in Kyiv on Monday, officials said. " + filler
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "one-line.txt").write_text(text, encoding="utf-8")
    nlp.max_length = 20_000  # the line is 60,000+ characters
    try:
        result = run([tmp_path / "in"], RunOptions(out=tmp_path / "out", published=TODAY))
    finally:
        nlp.max_length = saved
    assert not result.problems
    [fact] = [f for f in result.briefing.facts if f.kind == "casualty"]
    assert text[fact.start : fact.end] == fact.quote and fact.count == 32


def test_chrome_detection_is_linear(tmp_path):
    def seconds(lines: int) -> float:
        text = "".join(
            f"Section Heading Number {i} Of The Report\nOfficials said {i} people were hurt.\n"
            for i in range(lines // 2)
        )
        started = time.perf_counter()
        content_segments(text, find_chrome_spans(text))
        return time.perf_counter() - started

    small, large = seconds(5_000), seconds(50_000)
    assert large < 5  # 50,000 lines took 228 s when this was quadratic
    assert large / max(small, 1e-3) < 30  # ten times the lines, well under a hundred times the time


def test_yaml_alias_bomb_is_refused_fast(tmp_path):
    bomb = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    bomb += [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    bomb += ["title: *i", "---", GOOD]
    (tmp_path / "bomb.md").write_text("\n".join(bomb), encoding="utf-8")
    assert len((tmp_path / "bomb.md").read_bytes()) < 1000
    started = time.perf_counter()
    result = _load(tmp_path)
    assert time.perf_counter() - started < 2
    assert "aliases are not accepted" in _by_name(result.problems)["bomb.md"]
    assert result.articles == []


def test_an_impossible_date_in_front_matter_is_a_warning_not_a_crash(tmp_path):
    (tmp_path / "feb.md").write_text(
        "---\ntitle: Storm\npublished: 2025-02-30\n---\nSix people died in the storm.\n", encoding="utf-8"
    )
    (tmp_path / "ok.md").write_text("---\npublished: 2025-02-28\n---\n" + GOOD, encoding="utf-8")
    result = _load(tmp_path)
    articles = {a.id: a for a in result.articles}
    assert articles["feb"].published is None and articles["feb"].title == "Storm"
    assert articles["ok"].published == dt.date(2025, 2, 28)
    warnings = _by_name(result.warnings)
    assert "published '2025-02-30' is not a real date; ignored" in warnings["feb.md"]
    assert not result.problems


def test_a_broken_jsonl_line_costs_only_itself(tmp_path):
    lines = [
        json.dumps({"id": "j1", "text": GOOD, "published": "2025-08-06"}),
        '{"id": "j2", "text": "cut off here',
        json.dumps({"id": "j3", "text": GOOD}),
        json.dumps({"id": "j4", "text": GOOD, "published": "2025-08-05"}),
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _load(tmp_path)
    assert [a.id for a in result.articles] == ["j1", "j3", "j4"]
    assert [p.reason for p in result.problems] == ["line 2: invalid JSON (Unterminated string starting at)"]


def test_jsonl_empty_text_missing_text_and_bad_records_each_say_what(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": ""}),
        json.dumps({"id": "b", "title": "no body"}),
        json.dumps({"id": "c", "text": 42}),
        json.dumps(["not", "an", "object"]),
        '{"id": "d", "text": "\\ud800 lone surrogate"}',
        json.dumps({"id": "e", "text": GOOD}),
    ]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    result = _load(tmp_path)
    assert [p.reason for p in result.problems] == [
        'line 1: "text" is empty',
        'line 2: no "text" field',
        'line 3: "text" is not a string',
        "line 4: not a JSON object",
        'line 5: "text" holds an unpaired surrogate at character 0',
    ]
    assert [a.id for a in result.articles] == ["e"]


def test_one_non_utf8_byte_in_the_sidecar_costs_nothing_but_a_warning(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").write_text(GOOD)
    sidecar = (
        json.dumps({"id": "a", "published": "2025-08-06"}).encode()
        + b"\n"
        + '{"id": "b", "published": "2025-08-05", "outlet": "Caf\xe9 Press"}'.encode("latin-1")
        + b"\n"
    )
    (tmp_path / "docs.jsonl").write_bytes(sidecar)
    result = _load(tmp_path)
    dates = {a.id: a.published for a in result.articles}
    assert dates == {"a": dt.date(2025, 8, 6), "b": dt.date(2025, 8, 5)}
    assert next(a for a in result.articles if a.id == "b").outlet == "Café Press"
    assert [str(w).split("/")[-1] for w in result.warnings] == [
        "docs.jsonl:2: not UTF-8; read as Windows-1252"
    ]
    assert not result.problems


def test_duplicate_ids_in_the_sidecar_are_reported_and_the_first_is_kept(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "docs.jsonl").write_text(
        json.dumps({"id": "a", "published": "2025-08-06"})
        + "\n"
        + json.dumps({"id": "a", "published": "2025-01-01"})
        + "\n"
    )
    result = _load(tmp_path)
    assert result.articles[0].published == dt.date(2025, 8, 6)
    [problem] = result.problems
    assert problem.path.endswith("docs.jsonl:2")
    assert problem.reason == "id 'a' already given on line 1; this line ignored"


def test_duplicate_article_ids_across_files_are_reported(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "more.jsonl").write_text(json.dumps({"id": "a", "text": GOOD}) + "\n")
    result = _load(tmp_path)
    assert [a.source_path.rsplit("/", 1)[-1] for a in result.articles] == ["a.txt"]
    assert "duplicate article id 'a'" in _by_name(result.problems)["more.jsonl"]


def test_windows_1252_text_is_read_with_a_warning(tmp_path):
    text = "The caf\u00e9 owner said \u201c12 people\u201d were hurt \u2013 officials agreed.\n"
    (tmp_path / "cp.txt").write_bytes(text.encode("cp1252"))
    result = _load(tmp_path)
    assert result.articles[0].text == text
    assert _by_name(result.warnings)["cp.txt"] == "not UTF-8 (bad byte at offset 7); read as Windows-1252"


def test_a_file_mixing_utf8_and_latin1_lines_is_read_line_by_line_and_warned(tmp_path):
    first = "Z\u00fcrich officials said 3 people were hurt.\n"
    second = "The caf\u00e9 was closed on Monday.\n"
    third = "Gda\u0144sk was quiet.\n"
    (tmp_path / "mixed.txt").write_bytes(
        first.encode("utf-8") + second.encode("latin-1") + third.encode("utf-8")
    )
    result = _load(tmp_path)
    assert result.articles[0].text == first + second + third  # no mojibake
    assert _by_name(result.warnings)["mixed.txt"] == (
        "mixed encodings: line 2 not UTF-8, read as Windows-1252; the rest read as UTF-8"
    )


def test_html_declared_charset_is_honoured(tmp_path):
    title = "Пожар в Москве"
    body = "В понедельник в результате пожара погибли 12 человек, сообщили официальные лица города. " * 3
    html = (
        f"<html><head><meta charset=windows-1251><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>"
    )
    (tmp_path / "ru.html").write_bytes(html.encode("cp1251"))
    (tmp_path / "old.html").write_bytes(
        html.replace("<meta charset=windows-1251>", '<meta http-equiv="Content-Type" '
                     'content="text/html; charset=windows-1251">').encode("cp1251")
    )
    result = _load(tmp_path)
    assert len(result.articles) == 2, result.problems
    for article in result.articles:
        assert article.title == title
        assert "погибли 12 человек" in article.text


def test_utf16_with_and_without_a_bom_is_text(tmp_path):
    (tmp_path / "bom.txt").write_bytes(codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"))
    (tmp_path / "be.txt").write_bytes(codecs.BOM_UTF16_BE + GOOD.encode("utf-16-be"))
    (tmp_path / "nobom.txt").write_bytes(GOOD.encode("utf-16-le"))
    result = _load(tmp_path)
    assert {a.id: a.text for a in result.articles} == {"bom": GOOD, "be": GOOD, "nobom": GOOD}
    assert _by_name(result.warnings) == {
        "nobom.txt": "UTF-16 text without a byte-order mark; read as utf-16-le"
    }


def test_a_future_publication_date_is_warned_about(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "docs.jsonl").write_text(json.dumps({"id": "a", "published": "2031-01-01"}) + "\n")
    result = _load(tmp_path)
    assert result.articles[0].published == dt.date(2031, 1, 1)  # kept: only a check may change it
    assert _by_name(result.warnings)["a.txt"] == (
        "a: published 2031-01-01 is in the future (today is 2025-08-07)"
    )


def test_metadata_fields_are_bounded(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "docs.jsonl").write_text(
        json.dumps({"id": "a", "title": "T" * 5000, "outlet": {"name": "x"}, "url": "https://x"}) + "\n"
    )
    result = _load(tmp_path)
    [article] = result.articles
    assert article.title is None and article.outlet is None and article.url == "https://x"
    reasons = sorted(w.reason for w in result.warnings)
    assert "title is 5,000 characters, over the 1,000 limit; ignored" in reasons
    assert "outlet is not text (dict); ignored" in reasons


def test_a_file_name_with_a_newline_or_a_bad_byte_is_reported_on_one_line(tmp_path):
    (tmp_path / "two\nlines.txt").write_bytes(b"")
    (tmp_path / os.fsdecode(b"caf\xe9.txt")).write_bytes(b"\x00\x01binary")
    (tmp_path / "good.txt").write_text(GOOD)
    result = _load(tmp_path)
    _one_line(result)
    shown = {p.path.rsplit("/", 1)[-1]: p.reason for p in result.problems}
    assert shown == {"two\\nlines.txt": "empty file", "caf\\xe9.txt": "binary file, not text"}
    json.dumps([p.model_dump() for p in result.problems], ensure_ascii=False).encode("utf-8")


def test_the_cli_shows_the_encoding_warning_and_keeps_every_line_single(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "cp.txt").write_bytes("At least 32 people were killed in Kyiv, the caf\u00e9 owner said.\n"
                                   .encode("cp1252"))
    (folder / "bad\nname.txt").write_bytes(b"")
    (folder / "docs.jsonl").write_text(json.dumps({"id": "cp", "published": "2025-08-06"}) + "\n")
    factsheet = str(Path(sys.executable).with_name("factsheet"))
    done = subprocess.run(
        [factsheet, "run", str(folder), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert any("warning:" in line and "cp.txt" in line and "read as Windows-1252" in line for line in lines)
    assert any("error:" in line and "bad\\nname.txt: empty file" in line for line in lines)
