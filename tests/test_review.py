"""Review and publication: decisions that persist, the publish gate, the review page.

The run under review comes from the LLM path against a scripted loopback server,
which is how flagged and rejected facts arise for real.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from articles import article_folder
from fake_openai import ScriptedServer, completion, user_text
from pypdf import PdfReader

from factsheet.pipeline import RunOptions, run
from factsheet.review.server import ReviewServer

FACTSHEET = str(Path(sys.executable).with_name("factsheet"))
STRIKE = (
    "Officials said 5 were killed and 9 were injured when a strike hit Kharkiv on Monday. "
    "Separately, the EU approved 50 million euros in aid to Moldova.\n"
)
HOSTILE = (
    "Police said 4 people were killed in Lviv <script>window.pwned = 1</script> "
    '<img src=x onerror="window.pwned = 2"> <a href="javascript:window.pwned=3">link</a>.\n'
)

FACTS = {
    "strike": [
        {"kind": "casualty", "quote": "5 were killed and 9 were injured", "count": 7, "outcome": "killed"},
        {
            "kind": "casualty",
            "quote": "9 were injured",
            "count": 9,
            "outcome": "injured",
            "location": "Kharkiv",
        },
        {
            "kind": "aid",
            "quote": "the EU approved 50 million euros in aid to Moldova",
            "donor": "European Union",
            "recipient": "Moldova",
            "amount": 50000000,
            "currency": "EUR",
            "form": "package",
            "status": "approved",
        },
        {"kind": "casualty", "quote": "a flood in Odesa killed 70 people", "count": 70, "outcome": "killed"},
    ],
    "hostile": [
        {
            "kind": "casualty",
            "quote": "4 people were killed in Lviv",
            "count": 4,
            "outcome": "killed",
            "location": "Lviv",
        }
    ],
}


def _respond(request):
    key = "hostile" if "Lviv" in user_text(request) else "strike"
    if "do not hold" in user_text(request):  # feedback round: the model repeats itself
        return completion({"facts": [f for f in FACTS[key] if f.get("count") in (7, 70)]})
    return completion({"facts": FACTS[key]})


@pytest.fixture
def run_dir(tmp_path):
    folder = article_folder(
        tmp_path / "in",
        "2025-08-07",
        {"strike": STRIKE, "hostile": HOSTILE},
        titles={"strike": "Strike", "hostile": "<b>Lviv</b>"},
    )
    with ScriptedServer(_respond) as server:
        result = run(
            [folder],
            RunOptions(
                out=tmp_path / "out",
                extractor="llm",
                extractor_options={
                    "base_url": server.url,
                    "model": "scripted",
                    "mode": "json",
                    "cache_dir": tmp_path / "cache",
                },
            ),
        )
    return result.out_dir


def _facts(run_dir: Path) -> dict[str, dict]:
    data = json.loads((run_dir / "facts.json").read_text(encoding="utf-8"))
    return {f"{f['kind']}:{f.get('count') or f.get('amount')}": f for f in data["facts"]}


def _cli(*args):
    return subprocess.run([FACTSHEET, *args], capture_output=True, text=True, timeout=120)


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def test_the_run_has_verified_flagged_and_rejected_facts(run_dir):
    statuses = {k: f["check"]["status"] for k, f in _facts(run_dir).items()}
    assert statuses == {
        "casualty:7": "flagged",
        "casualty:9": "verified",
        "aid:50000000.0": "verified",
        "casualty:70": "rejected",
        "casualty:4": "verified",
    }


def test_publish_refuses_while_flagged_facts_await_review(run_dir):
    flagged = _facts(run_dir)["casualty:7"]["id"]
    refused = _cli("publish", str(run_dir))
    assert refused.returncode == 1 and flagged in refused.stderr
    assert not (run_dir / "published").exists()
    forced = _cli("publish", str(run_dir), "--accept-flagged", "--reviewer", "night desk")
    assert forced.returncode == 0, forced.stderr
    manifest = json.loads((run_dir / "published" / "manifest.json").read_text())
    assert manifest["accept_flagged"] and manifest["published_by"] == "night desk"


def test_command_line_decisions_persist_and_shape_the_publication(run_dir):
    facts = _facts(run_dir)
    flagged, aid, injured = (
        facts["casualty:7"]["id"],
        facts["aid:50000000.0"]["id"],
        facts["casualty:9"]["id"],
    )
    bad = _cli("review", str(run_dir), "--edit", f'{injured}:count="many"')
    assert bad.returncode == 1 and "count" in bad.stderr
    ok = _cli(
        "review",
        str(run_dir),
        "--accept",
        flagged,
        "--reject",
        aid,
        "--reason",
        "wrong currency",
        "--edit",
        f"{injured}:count=10",
        "--reviewer",
        "ana",
    )
    assert ok.returncode == 0, ok.stderr
    listing = _cli("review", str(run_dir), "--list").stdout
    assert (
        f"{flagged}  casualty flagged   accept" in listing and f"{aid}  aid      verified  reject" in listing
    )
    published = _cli("publish", str(run_dir), "--reviewer", "ana")
    assert published.returncode == 0, published.stderr
    text = _pdf_text(run_dir / "published" / "briefing.pdf")
    assert "€50 m" not in text and "Moldova" not in text
    assert "10" in text and "7" in text and "70" not in text
    manifest = json.loads((run_dir / "published" / "manifest.json").read_text())
    assert {(d["fact_id"], d["action"], d["reviewer"]) for d in manifest["decisions"]} == {
        (flagged, "accept", "ana"),
        (aid, "reject", "ana"),
        (injured, "edit", "ana"),
    }
    assert manifest["inputs"] and manifest["validator_version"] and manifest["outputs"]["briefing.pdf"]


def test_since_the_last_briefing(run_dir):
    facts = _facts(run_dir)
    injured = facts["casualty:9"]["id"]
    assert _cli("publish", str(run_dir), "--accept-flagged").returncode == 0
    assert (
        _cli(
            "review", str(run_dir), "--edit", f"{injured}:count=11", "--reject", facts["casualty:4"]["id"]
        ).returncode
        == 0
    )
    page = ReviewServer(run_dir).start()
    try:
        listing = _request(page.url)[1]
    finally:
        page.stop()
    assert "Since the last briefing" in listing and "count: 9 → 11" in listing
    assert "Withdrawn: 4 people were killed in Lviv" in listing
    second = _cli("publish", str(run_dir), "--accept-flagged")
    assert "1 changed, 1 withdrawn" in second.stdout
    markdown = (run_dir / "published" / "briefing.md").read_text(encoding="utf-8")
    assert "## Since the last briefing" in markdown and "count: 9 → 11" in markdown
    assert "Withdrawn: 4 people were killed in Lviv" in markdown
    assert "SINCE THE LAST BRIEFING" in _pdf_text(run_dir / "published" / "briefing.pdf").upper()


def _request(url: str, data: dict | None = None, headers: dict | None = None) -> tuple[int, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers or {})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_token_and_csrf_are_required(run_dir):
    server = ReviewServer(run_dir).start()
    try:
        base = f"http://127.0.0.1:{server.port}"
        fact = _facts(run_dir)["casualty:7"]["id"]
        assert _request(f"{base}/")[0] == 403
        assert _request(f"{base}/?token=wrong")[0] == 403
        assert _request(server.url)[0] == 200
        decide = f"{base}/fact/{fact}/decide?token={server.app.token}"
        assert _request(decide, {"action": "accept"})[0] == 403  # no CSRF secret
        assert (
            _request(
                decide, {"action": "accept", "csrf": server.app.csrf}, {"Origin": "http://evil.example"}
            )[0]
            == 403
        )
        assert server.app.store.decisions() == {}
        status, _ = _request(decide, {"action": "accept", "csrf": server.app.csrf}, {"Origin": base})
        assert status == 303 and server.app.store.decisions()[fact].action == "accept"
    finally:
        server.stop()


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _wait_for_decision(browser, action: str) -> None:
    """Wait until the page after a form post shows the saved decision."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    # The form post navigates: an element found on the old page can go stale before its
    # text is read, so staleness means "not there yet", not failure.
    WebDriverWait(browser, 15, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: (
            action in (d.find_elements(By.ID, "decision") or [None])[0].text
            if d.find_elements(By.ID, "decision")
            else False
        )
    )


def test_review_in_a_real_browser_then_publish(run_dir, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.select import Select

    facts = _facts(run_dir)
    flagged, aid, injured = (
        facts["casualty:7"]["id"],
        facts["aid:50000000.0"]["id"],
        facts["casualty:9"]["id"],
    )
    server = ReviewServer(run_dir, reviewer="browser-user").start()
    try:
        fact_url = f"http://127.0.0.1:{server.port}/fact/{{}}?token={server.app.token}"
        browser.get(fact_url.format(flagged))
        assert "5 were killed and 9 were injured" in browser.find_element(By.TAG_NAME, "mark").text
        browser.find_element(By.ID, "accept").click()
        _wait_for_decision(browser, "accept")
        browser.get(fact_url.format(injured))
        Select(browser.find_element(By.ID, "field")).select_by_value("count")
        browser.find_element(By.ID, "value").send_keys("12")
        browser.find_element(By.ID, "edit").click()
        _wait_for_decision(browser, "edit")
        assert browser.find_elements(By.ID, "error") == []
        browser.get(fact_url.format(aid))
        browser.find_element(By.ID, "reason").send_keys("not aid, a budget line")
        browser.find_element(By.ID, "reject").click()
        _wait_for_decision(browser, "reject")
        browser.get(server.url)
        browser.refresh()
        rows = browser.execute_script(
            "const rows = {};"
            "for (const r of document.querySelectorAll('tr[data-fact]'))"
            "  rows[r.dataset.fact] = r.querySelector('.decision').textContent.trim();"
            "return rows;"
        )
        assert (rows.get(flagged), rows.get(injured), rows.get(aid)) == ("accept", "edit", "reject"), (
            rows,
            browser.page_source[:500],
        )
    finally:
        server.stop()
    published = _cli("publish", str(run_dir))
    assert published.returncode == 0, published.stderr
    final = json.loads((run_dir / "published" / "facts.json").read_text())
    kept = sorted((f["kind"], f.get("count")) for f in final["facts"])
    assert kept == [("casualty", 4), ("casualty", 7), ("casualty", 12)]
    text = _pdf_text(run_dir / "published" / "briefing.pdf")
    assert "Moldova" not in text and "12" in text


def test_hostile_article_text_does_not_run_in_the_page(run_dir, browser):
    from selenium.webdriver.common.by import By

    fact = _facts(run_dir)["casualty:4"]["id"]
    server = ReviewServer(run_dir).start()
    try:
        browser.get(f"http://127.0.0.1:{server.port}/fact/{fact}?token={server.app.token}")
        passage = browser.find_element(By.ID, "passage")
        assert "<script>window.pwned = 1</script>" in passage.text
        assert (
            passage.find_elements(By.TAG_NAME, "img") == [] and passage.find_elements(By.TAG_NAME, "a") == []
        )
        assert browser.execute_script("return window.pwned === undefined")
        assert "<b>Lviv</b>" in browser.page_source.replace("&lt;", "<").replace("&gt;", ">")
        assert browser.find_elements(By.CSS_SELECTOR, "b") == []
    finally:
        server.stop()


def test_an_edit_reads_lists_with_semicolons_and_numbers_with_separators():
    from factsheet.models import FactAdapter
    from factsheet.review.decisions import EditError, apply_edit

    meeting = FactAdapter.validate_python(
        {"kind": "meeting", "doc": "a", "quote": "Trump met Putin", "start": 0, "end": 15, "extractor": "x"}
        | {"participants": ["Donald Trump", "Vladimir Putin"]}
    )
    edited = apply_edit(meeting, {"participants": "Vladimir Putin; Donald Trump;  Steve Witkoff ;"})
    assert edited.participants == ["Donald Trump", "Steve Witkoff", "Vladimir Putin"]
    assert apply_edit(meeting, {"participants": ["A", "B"]}).participants == ["A", "B"]
    casualty = FactAdapter.validate_python(
        {"kind": "casualty", "doc": "a", "quote": "1,200 killed", "start": 0, "end": 12, "extractor": "x"}
        | {"count": 1000, "outcome": "killed"}
    )
    assert apply_edit(casualty, {"count": "1,200"}).count == 1200
    with pytest.raises(EditError, match="count"):
        apply_edit(casualty, {"count": "12,00"})
