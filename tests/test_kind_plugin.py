"""A sixth fact kind from another package: installed, registered by entry point, and carried
through every stage with no change to factsheet itself.

The plugin in tests/plugins/factsheet_sanction is installed (pip, into a folder of its own)
and found through the `factsheet.kinds` entry point group. The LLM path, answered by a
scripted endpoint on loopback, extracts its facts; the validator grounds their quotes and
checks their figures; the reconciler makes one event of two reports; and the facts reach
facts.json, events.json, the CSV, the XLSX, the briefing (Markdown and PDF), the review
page and `factsheet eval`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from articles import article_folder
from fake_openai import ScriptedServer, completion, user_text
from openpyxl import load_workbook
from pypdf import PdfReader

PLUGIN = Path(__file__).parent / "plugins" / "factsheet_sanction"
PIP_INSTALL = (sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation")
FACTSHEET = str(Path(sys.executable).with_name("factsheet"))

WIRE = "The European Union sanctioned 12 Russian officials on Monday, freezing their assets."
PAPER = "Brussels said 12 Russian officials were listed under the new sanctions."
WIRE_FACT = {
    "kind": "sanction",
    "quote": "The European Union sanctioned 12 Russian officials",
    "imposed_by": "European Union",
    "target": "Russia",
    "listed": 12,
    "measure": "asset freeze",
}
PAPER_FACT = {**WIRE_FACT, "quote": "12 Russian officials were listed under the new sanctions"}
# The same article answered with a figure its text contradicts.
WRONG_FACT = {**WIRE_FACT, "listed": 120}


@pytest.fixture(scope="module")
def plugin_env(tmp_path_factory) -> dict[str, str]:
    site = tmp_path_factory.mktemp("site")
    subprocess.run(
        [*PIP_INSTALL, "--target", str(site), str(PLUGIN)],
        check=True,
        capture_output=True,
    )
    return {**os.environ, "PYTHONPATH": str(site), "FACTSHEET_KIND_PLUGINS": "sanction"}


# The review page's list, served from the run folder by the real server and fetched over HTTP.
REVIEW_PAGE = """
import sys, urllib.request
from pathlib import Path
from factsheet.review.server import ReviewServer
page = ReviewServer(Path(sys.argv[1])).start()
try:
    print(urllib.request.urlopen(page.url, timeout=30).read().decode())
finally:
    page.stop()
"""


def _answer(request: dict):
    text = user_text(request)
    if "Brussels" in text:
        return completion({"facts": [PAPER_FACT]})
    return completion({"facts": [WIRE_FACT]})


def _llm_flags(server: ScriptedServer) -> list[str]:
    return ["--extractor", "llm", "--base-url", server.url, "--model", "scripted", "--mode", "json"]


def _factsheet(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([FACTSHEET, *args], capture_output=True, text=True, env=env, timeout=300)


def test_the_registry_sees_the_plugin_kind_only_when_installed(plugin_env):
    code = "from factsheet import kinds; print(','.join(kinds.names()))"
    with_plugin = subprocess.run([sys.executable, "-c", code], env=plugin_env, capture_output=True, text=True)
    assert with_plugin.stdout.strip() == "deadline,tariff,aid,casualty,meeting,sanction"
    without = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert without.stdout.strip() == "deadline,tariff,aid,casualty,meeting"


def test_a_plugin_kind_goes_through_every_stage(plugin_env, tmp_path):
    folder = article_folder(tmp_path / "in", "2025-08-06", {"wire": WIRE, "paper": PAPER})
    with ScriptedServer(_answer) as server:
        out = str(tmp_path / "out")
        result = _factsheet(plugin_env, "run", str(folder), "--out", out, *_llm_flags(server))
    assert result.returncode == 0, result.stderr
    prompt = server.requests[0]["messages"][0]["content"]
    assert "- sanction: sanctions on people or companies" in prompt and "these six kinds" in prompt
    day = tmp_path / "out" / "2025-08-06"

    facts = json.loads((day / "facts.json").read_text())["facts"]
    sanctions = [f for f in facts if f["kind"] == "sanction"]
    assert len(sanctions) == 2 and len({f["id"] for f in sanctions}) == 2
    for fact in sanctions:
        assert fact["check"]["status"] == "verified" and fact["check"]["grounding"] == "exact"
        text = (folder / f"{fact['doc']}.txt").read_text()
        assert text[fact["start"] : fact["end"]] == fact["quote"]
    assert sanctions[0]["event_id"] == sanctions[1]["event_id"]

    events = [e for e in json.loads((day / "events.json").read_text())["events"] if e["kind"] == "sanction"]
    assert len(events) == 1 and len(events[0]["sources"]) == 2
    assert events[0]["summary"] == "European Union sanctions Russia"

    csv_text = (day / "facts.csv").read_text(encoding="utf-8-sig")
    assert "listed" in csv_text.splitlines()[0] and csv_text.count("sanction") >= 2
    sheet = load_workbook(day / "facts.xlsx")["Sanctions"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert [r["listed"] for r in rows] == [12, 12]

    briefing = (day / "briefing.md").read_text()
    assert "Sanctions" in briefing and "European Union" in briefing
    command = [sys.executable, "-c", REVIEW_PAGE, str(day)]
    page = subprocess.run(command, env=plugin_env, capture_output=True, text=True, timeout=60)
    assert page.returncode == 0, page.stderr
    assert '<option value="sanction"' in page.stdout and "12 Russian officials" in page.stdout
    pdf_text = "".join(page.extract_text() for page in PdfReader(day / "briefing.pdf").pages)
    assert "sanctions" in pdf_text.casefold() and "listed" in pdf_text.casefold()
    assert "European Union" in pdf_text


def test_the_validator_checks_a_plugin_kind_by_its_field_roles(plugin_env, tmp_path):
    folder = article_folder(tmp_path / "in", "2025-08-06", {"wire": WIRE})
    with ScriptedServer(lambda _request: completion({"facts": [WRONG_FACT]})) as server:
        out = str(tmp_path / "out")
        flags = [*_llm_flags(server), "--max-retries", "0"]
        result = _factsheet(plugin_env, "run", str(folder), "--out", out, *flags)
    assert result.returncode == 0, result.stderr
    (fact,) = json.loads((tmp_path / "out" / "2025-08-06" / "facts.json").read_text())["facts"]
    assert fact["listed"] == 12 and fact["check"]["status"] == "corrected"
    assert "figure_corrected" in fact["check"]["codes"]


def test_eval_scores_a_plugin_kind(plugin_env, tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    article_folder(gold / "docs", "2025-08-06", {"wire": WIRE})
    (gold / "docs" / "docs.jsonl").rename(gold / "docs.jsonl")
    (gold / "gold.jsonl").write_text(json.dumps({"doc": "wire", **WIRE_FACT}) + "\n")
    with ScriptedServer(_answer) as server:
        result = _factsheet(plugin_env, "eval", str(gold), "--json", *_llm_flags(server))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["per_kind"]["sanction"]["matched"] == 1
    assert report["overall"]["f1"] == 1.0
