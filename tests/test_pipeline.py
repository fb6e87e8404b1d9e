"""`factsheet run` end to end on the seed articles: every output exists and reads back."""

from __future__ import annotations

import csv
import json

from openpyxl import load_workbook
from pypdf import PdfReader

from factsheet.ingest import load_articles
from factsheet.models import KINDS, Briefing
from factsheet.pipeline import OUTPUT_FILES
from factsheet.render.context import headcount, money


def test_all_outputs_written(seed_run):
    names = sorted(p.name for p in seed_run.out_dir.iterdir())
    assert names == sorted(OUTPUT_FILES)
    assert seed_run.out_dir.name == "2025-12-28"  # the newest article's publication date
    assert not [p for p in seed_run.out_dir.iterdir() if p.name.endswith(".part")]


def test_finds_obvious_facts_of_every_kind(seed_run):
    kinds = {f.kind for f in seed_run.briefing.published_facts()}
    assert kinds == set(KINDS)


def test_every_published_quote_is_its_span(seed_run, seeds_dir):
    articles = {a.id: a for a in load_articles([seeds_dir]).articles}
    published = seed_run.briefing.published_facts()
    assert published
    for fact in published:
        assert articles[fact.doc].text[fact.start : fact.end] == fact.quote


def test_facts_json_round_trips_through_the_models(seed_run):
    raw = (seed_run.out_dir / "facts.json").read_text(encoding="utf-8")
    briefing = Briefing.model_validate_json(raw)
    assert len(briefing.facts) == len(seed_run.briefing.facts)
    assert json.loads(raw)["facts"][0]["id"] == seed_run.briefing.facts[0].id


def test_pdf_states_each_published_figure(seed_run):
    reader = PdfReader(seed_run.out_dir / "briefing.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "Daily Briefing" in flat and "SOURCES" in flat.upper()
    for fact in seed_run.briefing.published_facts():
        if fact.kind == "tariff":
            assert f"{fact.rate_percent:g}%" in flat
        elif fact.kind == "aid":
            assert money(fact.amount, fact.currency) in flat
        elif fact.kind == "casualty":
            assert headcount(fact.count) in flat
    for source in seed_run.briefing.sources:
        assert (source.title or source.id)[:30] in flat


def test_csv_round_trips(seed_run):
    raw = (seed_run.out_dir / "facts.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader((seed_run.out_dir / "facts.csv").open(encoding="utf-8-sig", newline="")))
    assert len(rows) == len(seed_run.briefing.facts)
    by_id = {r["id"]: r for r in rows}
    for fact in seed_run.briefing.facts:
        row = by_id[fact.id]
        assert row["kind"] == fact.kind and row["quote"].lstrip("'") == fact.quote
        if fact.kind == "aid":
            assert float(row["amount"]) == fact.amount and "." not in row["amount"]
        if fact.kind == "meeting" and fact.date:
            assert row["date"] == fact.date.isoformat()


def test_xlsx_has_a_sheet_per_kind_with_real_numbers(seed_run):
    book = load_workbook(seed_run.out_dir / "facts.xlsx")
    assert book.sheetnames == [
        "Deadlines",
        "Tariffs",
        "Aid",
        "Casualties",
        "Meetings",
        "Events",
        "Events over time",
        "Since",
        "Sources",
    ]
    tariffs = list(book["Tariffs"].iter_rows(values_only=True))
    header, body = tariffs[0], tariffs[1:]
    assert len(body) == len([f for f in seed_run.briefing.facts if f.kind == "tariff"])
    rates = [r[header.index("rate_percent")] for r in body]
    assert all(isinstance(r, int | float) for r in rates)
    sources = list(book["Sources"].iter_rows(values_only=True))
    assert len(sources) - 1 == len(seed_run.briefing.sources)


def test_validation_report_lists_every_fact(seed_run):
    report = json.loads((seed_run.out_dir / "validation.json").read_text(encoding="utf-8"))
    assert len(report["facts"]) == len(seed_run.briefing.facts)
    assert all(f["status"] in ("verified", "corrected", "flagged", "rejected") for f in report["facts"])
    markdown = (seed_run.out_dir / "validation.md").read_text(encoding="utf-8")
    assert markdown.count("\n## ") >= len(seed_run.briefing.facts)


def test_manifest_hashes_inputs_and_outputs(seed_run):
    manifest = json.loads((seed_run.out_dir / "run.json").read_text(encoding="utf-8"))
    assert len(manifest["inputs"]) == 5
    assert set(manifest["outputs"]) == set(OUTPUT_FILES) - {"run.json"}
    assert set(manifest["kinds"]) == {"deadline", "tariff", "aid", "casualty", "meeting"}
    assert manifest["validator_version"]
