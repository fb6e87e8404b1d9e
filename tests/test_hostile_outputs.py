"""Text no export format can hold is kept in the article and made safe in each export."""

from __future__ import annotations

import csv
import json

from openpyxl import load_workbook

from factsheet.pipeline import RunOptions, run

SENTENCE = "At least 32 people were killed in Kyiv on Monday,\x1b officials said.\n"


def test_an_escape_character_in_a_fact_sentence_reaches_every_output_safely(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "esc.txt").write_text(SENTENCE, encoding="utf-8")
    (folder / "docs.jsonl").write_text(
        json.dumps({"id": "esc", "published": "2025-08-06", "title": "Strike\x1b[31m red\x07"}) + "\n"
    )
    result = run([folder], RunOptions(out=tmp_path / "out"))
    assert not result.problems
    [fact] = [f for f in result.briefing.facts if f.kind == "casualty"]
    assert "\x1b" in fact.quote  # the article and its facts keep the text as it was
    facts_json = json.loads((result.out_dir / "facts.json").read_text(encoding="utf-8"))
    assert "\x1b" in facts_json["facts"][0]["quote"]
    articles = (result.out_dir / "articles.jsonl").read_text(encoding="utf-8")
    assert json.loads(articles.splitlines()[0])["text"] == SENTENCE

    book = load_workbook(result.out_dir / "facts.xlsx")
    casualties = book["Casualties"]
    header = [c.value for c in casualties[1]]
    quote = casualties.cell(row=2, column=header.index("quote") + 1).value
    assert quote == fact.quote.replace("\x1b", "\u241b")  # ESC shown as its control picture
    titles = [c.value for c in book["Sources"]["B"]]
    assert "Strike\u241b[31m red\u2407" in titles

    with (result.out_dir / "facts.csv").open(encoding="utf-8-sig", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["quote"] == quote
