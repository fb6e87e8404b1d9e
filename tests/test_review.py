"""Review and publication end to end: decisions that persist, the publish gate, and the
review page driven in Debian's chromium the way a reviewer (and an attacker) uses it.

The run under review comes from the LLM path against a scripted loopback server, which
is how flagged and rejected facts arise for real; the seed edit runs over the seeds.
Browser waits are on conditions (a new page, an element, a value), never on time.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from articles import article_folder
from fake_openai import ScriptedServer, completion, user_text
from pypdf import PdfReader
from test_review_support import request, view

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
GENEVA_QUOTE = (
    "The foreign ministers of France and Germany met in Geneva on Thursday for talks that "
    + " ".join(
        f"went on through round {n} of the agenda, covering grain corridors, prisoner exchanges, "
        "the protection of power plants and the timetable for further meetings,"
        for n in range(1, 6)
    )
    + " before both sides said the talks would resume next month"
)
GENEVA = GENEVA_QUOTE + ".\n"
HOSTILE_TITLE = "<b>Lviv</b> \u202eReport 40011\u201380011"

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
    "geneva": [
        {
            "kind": "meeting",
            "quote": GENEVA_QUOTE,
            "participants": ["France", "Germany"],
            "location": "Geneva",
            "status": "held",
        }
    ],
}


def _respond(request):
    text = user_text(request)
    key = "hostile" if "Lviv" in text else "geneva" if "Geneva" in text else "strike"
    if "do not hold" in text and key == "strike":  # feedback round: the model repeats itself
        return completion({"facts": [f for f in FACTS[key] if f.get("count") in (7, 70)]})
    return completion({"facts": FACTS[key]})


@pytest.fixture
def run_dir(tmp_path):
    folder = article_folder(
        tmp_path / "in",
        "2025-08-07",
        {"strike": STRIKE, "hostile": HOSTILE, "geneva": GENEVA},
        titles={"strike": "Strike", "hostile": HOSTILE_TITLE},
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
    return {f"{f['kind']}:{f.get('count') or f.get('amount') or f.get('location')}": f for f in data["facts"]}


def _published(run_dir: Path) -> dict[str, dict]:
    data = json.loads((run_dir / "published" / "facts.json").read_text(encoding="utf-8"))
    return {f["id"]: f for f in data["facts"]}


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
        "meeting:Geneva": "verified",
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
    # Published unreviewed: the validator's word stands, and the fact says who let it through.
    check = _published(run_dir)[flagged]["check"]
    assert check["status"] == _facts(run_dir)["casualty:7"]["check"]["status"] == "flagged"
    assert (check["review"], check["reviewed_by"]) == ("accepted", "publish --accept-flagged")
    assert flagged in manifest["published_facts"] and manifest["accepted_flagged"] == [flagged]
    briefing = (run_dir / "published" / "briefing.md").read_text(encoding="utf-8")
    assert "awaiting review" not in briefing and "DRAFT" not in briefing  # what it lists, it shows


def test_command_line_decisions_persist_and_shape_the_publication(run_dir):
    facts = _facts(run_dir)
    flagged, aid, injured, flood = (
        facts["casualty:7"]["id"],
        facts["aid:50000000.0"]["id"],
        facts["casualty:9"]["id"],
        facts["casualty:70"]["id"],
    )
    for bad in ('count="many"', "count=true", "count=Infinity", "count=1e400"):
        refused = _cli("review", str(run_dir), "--edit", f"{injured}:{bad}")
        assert refused.returncode == 1 and "count must be" in refused.stderr, (bad, refused.stderr)
    refused = _cli("review", str(run_dir), "--accept", flood)
    assert refused.returncode == 1 and "Override" in refused.stderr
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
    assert f"{flagged}  casualty flagged   accept" in listing
    assert f"{aid}  aid      verified  reject" in listing and f"{injured}  casualty verified  edit" in listing
    published = _cli("publish", str(run_dir), "--reviewer", "ana")
    assert published.returncode == 0, published.stderr
    text = _pdf_text(run_dir / "published" / "briefing.pdf")
    assert "€50 m" not in text and "Moldova" not in text
    final = _published(run_dir)
    assert flood not in final and aid not in final
    assert final[injured]["count"] == 10
    assert {i: (final[i]["check"]["status"], final[i]["check"]["review"]) for i in (flagged, injured)} == {
        flagged: ("flagged", "accepted"),
        injured: ("verified", "edited"),
    }
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
        listing = request(page.url)[2]
    finally:
        page.stop()
    assert "Since the last briefing" in listing and "count 9 → 11" in listing
    assert "Withdrawn after review: killed in Lviv" in listing
    second = _cli("publish", str(run_dir), "--accept-flagged")
    assert "1 changed, 1 withdrawn" in second.stdout
    markdown = (run_dir / "published" / "briefing.md").read_text(encoding="utf-8")
    assert "## Since the last briefing" in markdown and "count 9 → 11" in markdown
    assert "Withdrawn after review: killed in Lviv" in markdown
    assert "SINCE THE LAST BRIEFING" in _pdf_text(run_dir / "published" / "briefing.pdf").upper()


def test_token_and_csrf_are_required(run_dir):
    server = ReviewServer(run_dir).start()
    try:
        base = f"http://127.0.0.1:{server.port}"
        fact = _facts(run_dir)["casualty:7"]["id"]
        assert request(f"{base}/")[0] == 403
        assert request(f"{base}/?token=wrong")[0] == 403
        assert request(server.url)[0] == 200
        seen = view(request(f"{base}/fact/{fact}?token={server.app.token}")[2])
        decide = f"{base}/fact/{fact}/decide?token={server.app.token}"
        assert request(decide, {"action": "accept", **seen})[0] == 403  # no CSRF secret
        evil = {"Origin": "http://evil.example"}
        assert request(decide, {"action": "accept", "csrf": server.app.csrf, **seen}, evil)[0] == 403
        assert server.app.store.decisions() == {}
        form = {"action": "accept", "csrf": server.app.csrf, **seen}
        status, _, _ = request(decide, form, {"Origin": base})
        assert status == 303 and server.app.store.decision(fact).action == "accept"
    finally:
        server.stop()


# --- in the browser ---------------------------------------------------------------


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
        "--window-size=1200,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))
    driver.set_page_load_timeout(120)
    yield driver
    driver.quit()


@pytest.fixture
def page(run_dir):
    server = ReviewServer(run_dir, reviewer="browser-user").start()
    yield server
    server.stop()


def _wait(browser, condition, timeout: float = 60):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(
        browser, timeout, ignored_exceptions=(StaleElementReferenceException, NoSuchElementException)
    ).until(condition)


def _by_id(browser, element_id: str):
    from selenium.webdriver.common.by import By

    return browser.find_element(By.ID, element_id)


def _open(browser, server, fact_id: str) -> None:
    browser.get(f"http://127.0.0.1:{server.port}/fact/{fact_id}?token={server.app.token}")
    _wait(browser, lambda d: _by_id(d, "state"))


def _navigates(browser, act) -> None:
    """Do `act` and wait until it has replaced the page and the new one is drawn.

    The old page is marked in its window object; the new page's window has no mark.
    (Waiting for the old element to go stale can instead raise Chromium's "node does not
    belong to the document" while the page is being swapped.)
    """
    from selenium.common.exceptions import WebDriverException

    browser.execute_script("window.reviewTestOldPage = true;")
    act()

    def arrived(driver) -> bool:
        try:
            return driver.execute_script(
                "return window.reviewTestOldPage === undefined && document.readyState === 'complete';"
            )
        except WebDriverException:  # the page is between documents
            return False

    _wait(browser, arrived)


def _text(browser, element_id: str) -> str:
    script = f"const e = document.getElementById({element_id!r}); return e && e.innerText;"
    return browser.execute_script(script) or ""


def _edit(browser, name: str, value: str) -> None:
    from selenium.webdriver.support.select import Select

    Select(_by_id(browser, "field")).select_by_value(name)
    box = _by_id(browser, "value")
    box.clear()
    box.send_keys(value)
    _navigates(browser, _by_id(browser, "edit").click)


def _keys(browser, *keys: str, modifier: str | None = None) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    chain = ActionChains(browser)
    for key in keys:
        if modifier:
            chain.key_down(modifier).send_keys(key).key_up(modifier)
        else:
            chain.send_keys(key)
    chain.perform()


def test_the_seed_edit_publishes_only_that_fact(seed_run, tmp_path, browser):
    """Seeds, then "injured 12" → 13: only that fact changes; a rejected meeting takes no other."""
    shutil.copytree(seed_run.out_dir.parent, tmp_path / "desk")  # the whole desk: decisions live there
    run_dir = tmp_path / "desk" / seed_run.out_dir.name
    shutil.rmtree(run_dir / "published", ignore_errors=True)
    facts = json.loads((run_dir / "facts.json").read_text(encoding="utf-8"))["facts"]
    ids = [f["id"] for f in facts]
    assert len(ids) == len(set(ids))
    casualties = [f for f in facts if f["kind"] == "casualty"]
    injured = next(f for f in casualties if f["outcome"] == "injured" and f["count"] == 12)
    killed = next(f for f in casualties if f["quote"] == injured["quote"] and f is not injured)
    meetings = [f for f in facts if f["kind"] == "meeting"]
    server = ReviewServer(run_dir, reviewer="seed-desk").start()
    try:
        for fact_id in ids:  # every fact opens, the second of a sentence's facts included
            status, _, body = request(f"http://127.0.0.1:{server.port}/fact/{fact_id}?token={server.app.token}")
            assert status == 200 and f"{fact_id} — review" in body
        _open(browser, server, injured["id"])
        _edit(browser, "count", "13")
        assert "edit saved" in _text(browser, "saved") and "count: 12 → 13" in _text(browser, "edits")
        _open(browser, server, meetings[0]["id"])
        _by_id(browser, "reason").send_keys("not a meeting")
        _navigates(browser, _by_id(browser, "reject").click)
        assert "rejected by seed-desk" in _text(browser, "state")
    finally:
        server.stop()
    published = _cli("publish", str(run_dir))
    assert published.returncode == 0, published.stderr
    final = _published(run_dir)
    assert set(final) == set(ids) - {meetings[0]["id"]}
    assert final[injured["id"]]["count"] == 13 and final[killed["id"]]["count"] == killed["count"] == 2
    content = {"event_id", "check"}
    changed = [
        i
        for i, f in final.items()
        if {k: v for k, v in f.items() if k not in content}
        != {k: v for k, v in next(g for g in facts if g["id"] == i).items() if k not in content}
    ]
    assert changed == [injured["id"]]
    assert final[injured["id"]]["check"]["review"] == "edited"
    assert all(f["check"]["review"] is None for i, f in final.items() if i != injured["id"])


def test_keys_act_only_without_modifiers_and_never_type_into_a_box(run_dir, page, browser):
    from selenium.webdriver.common.keys import Keys

    flagged = _facts(run_dir)["casualty:7"]["id"]
    _open(browser, page, flagged)
    # Forms submitted by the key handler are recorded instead of sent, to see what a key did.
    browser.execute_script(
        "window.sent = []; HTMLFormElement.prototype.submit = function () { window.sent.push(this.id); };"
    )
    for modifier in (Keys.CONTROL, Keys.ALT, Keys.SHIFT, Keys.META):
        _keys(browser, "a", "u", "e", "j", modifier=modifier)
    _keys(browser, "r")  # focuses the reason box; the events before it have all been handled
    _wait(browser, lambda d: d.execute_script("return document.activeElement.id") == "reason")
    assert browser.execute_script("return window.sent") == []
    assert _by_id(browser, "reason").get_attribute("value") == ""  # the "r" was not typed
    assert browser.current_url.endswith(f"/fact/{flagged}?token={page.app.token}")
    _keys(browser, "a", "u")  # typed into the reason box, not acted on
    assert _by_id(browser, "reason").get_attribute("value") == "au"
    _keys(browser, Keys.ESCAPE, "a")  # Escape leaves the box; now "a" accepts
    _wait(browser, lambda d: d.execute_script("return window.sent") == ["accept-form"])
    assert page.app.store.decisions() == {}

    # For real: r, type the reason, Enter. The reason is what was typed.
    _open(browser, page, flagged)
    _keys(browser, "r")
    _wait(browser, lambda d: d.execute_script("return document.activeElement.id") == "reason")
    _navigates(browser, lambda: _keys(browser, "figure not in the quote", Keys.ENTER))
    decision = page.app.store.decision(flagged)
    assert (decision.action, decision.reason) == ("reject", "figure not in the quote")
    # u clears the decision (undo); a then accepts.
    _navigates(browser, lambda: _keys(browser, "u"))
    assert "decision cleared" in _text(browser, "saved") and page.app.store.decision(flagged) is None
    assert "needs review" in _text(browser, "state")
    _navigates(browser, lambda: _keys(browser, "a"))
    assert "accepted by browser-user" in _text(browser, "state")
    assert [h["change"] for h in page.app.store.history(flagged)] == ["reject", "clear", "accept"]
    history = _text(browser, "history")
    assert "rejected · “figure not in the quote”" in history and "cleared the decision" in history


def test_after_a_decision_the_page_offers_the_next_fact_needing_attention(run_dir, page, browser):
    facts = _facts(run_dir)
    flagged, flood = facts["casualty:7"]["id"], facts["casualty:70"]["id"]
    browser.get(page.url)
    assert _text(browser, "waiting") == "2 facts need attention"
    rows = browser.execute_script(
        "return [...document.querySelectorAll('tr[data-fact]')].map(r => ({id: r.dataset.fact,"
        " kind: r.cells[1].innerText, values: r.cells[2].innerText, status: r.cells[3].innerText,"
        " why: r.cells[4].innerText, decision: r.cells[5].innerText, quote: r.cells[6].innerText}));"
    )
    by_id = {r["id"]: r for r in rows}
    assert by_id[flagged]["why"].startswith("flagged:") and by_id[flood]["why"].startswith("rejected by")
    assert by_id[facts["aid:50000000.0"]["id"]]["values"] == "50,000,000 · EUR · European Union · Moldova"
    assert by_id[flagged]["values"] == "7 · killed"
    geneva = by_id[facts["meeting:Geneva"]["id"]]
    assert len(GENEVA_QUOTE) > 600 and len(geneva["quote"]) <= 165 and geneva["quote"].endswith("…")
    assert all(r["decision"] == "—" for r in rows)
    _navigates(browser, _by_id(browser, "first-pending").click)
    assert browser.current_url.split("/fact/")[1].split("?")[0] in (flagged, flood)
    _open(browser, page, flagged)
    _navigates(browser, _by_id(browser, "accept").click)
    assert "Saved: accepted" in _text(browser, "saved")
    _navigates(browser, _by_id(browser, "next-pending").click)
    assert flood in browser.current_url
    _navigates(browser, _by_id(browser, "all").click)
    assert _text(browser, "waiting") == "1 fact needs attention"
    decision = browser.execute_script(
        f"return document.querySelector('tr[data-fact=\"{flagged}\"] .decision').innerText"
    )
    assert decision == "accepted by browser-user"


def test_a_fact_the_validator_rejected_is_published_only_by_an_override(run_dir, page, browser):
    flood = _facts(run_dir)["casualty:70"]["id"]
    _open(browser, page, flood)
    assert browser.execute_script("return document.getElementById('accept') === null")
    browser.execute_script(
        "window.sent = []; HTMLFormElement.prototype.submit = function () { window.sent.push(this.id); };"
    )
    _keys(browser, "a", "r")
    _wait(browser, lambda d: d.execute_script("return document.activeElement.id") == "reason")
    assert browser.execute_script("return window.sent") == []  # no accept for it
    assert _cli("publish", str(run_dir), "--accept-flagged").returncode == 0
    assert flood not in _published(run_dir)
    _open(browser, page, flood)
    _by_id(browser, "override-reason").send_keys("the agency's wire copy has the sentence")
    _navigates(browser, _by_id(browser, "override").click)
    assert "published by override by browser-user" in _text(browser, "state")
    assert _cli("publish", str(run_dir), "--accept-flagged").returncode == 0
    check = _published(run_dir)[flood]["check"]
    assert (check["status"], check["grounding"], check["review"], check["reviewed_by"]) == (
        "rejected",
        "none",
        "override",
        "browser-user",
    )


@pytest.mark.parametrize(
    ("key", "name", "value", "message"),
    [
        ("aid:50000000.0", "amount", "Infinity", "amount must be a number written in digits"),
        ("casualty:9", "count", "true", "count must be a whole number"),
        ("casualty:9", "count", "99999999999999999999999", "count must be at most 100,000,000"),
        ("aid:50000000.0", "currency", "euro", "ISO 4217 code such as EUR"),
        ("meeting:Geneva", "participants", "[]", "participants needs at least one name"),
    ],
)
def test_a_bad_edit_is_refused_and_stays_in_the_form(run_dir, page, browser, key, name, value, message):
    from selenium.webdriver.support.select import Select

    fact = _facts(run_dir)[key]["id"]
    _open(browser, page, fact)
    _edit(browser, name, value)
    assert message in _text(browser, "error")
    assert _by_id(browser, "value").get_attribute("value") == value
    assert Select(_by_id(browser, "field")).first_selected_option.get_attribute("value") == name
    assert page.app.store.decisions() == {}
    published = _cli("publish", str(run_dir), "--accept-flagged")
    assert published.returncode == 0 and "Traceback" not in published.stderr


def test_a_decision_from_a_stale_tab_is_refused_and_the_edit_kept(run_dir, page, browser):
    injured = _facts(run_dir)["casualty:9"]["id"]
    _open(browser, page, injured)
    first = browser.current_window_handle
    browser.switch_to.new_window("tab")
    _open(browser, page, injured)
    _edit(browser, "count", "10")
    assert "count: 9 → 10" in _text(browser, "edits")
    browser.switch_to.window(first)
    _navigates(browser, _by_id(browser, "accept").click)
    assert "changed after your page was drawn" in _text(browser, "error")
    assert "edited by browser-user" in _text(browser, "error")
    assert page.app.store.decision(injured).edits == {"count": 10}
    assert "count: 9 → 10" in _text(browser, "edits")  # the answer shows the fact as it is now


def test_a_cross_origin_form_with_the_secrets_is_refused(run_dir, page, browser):
    """A page elsewhere (Chromium sends `Origin: null` from a data: URL) that knows the token,
    the CSRF secret and the revision still cannot decide."""
    flagged = _facts(run_dir)["casualty:7"]["id"]
    seen = view(request(f"http://127.0.0.1:{page.port}/fact/{flagged}?token={page.app.token}")[2])
    fields = {"csrf": page.app.csrf, "action": "accept", **seen}
    inputs = "".join(f'<input name="{k}" value="{v}">' for k, v in fields.items())
    action = f"http://127.0.0.1:{page.port}/fact/{flagged}/decide?token={page.app.token}"
    form = f'<form method="post" action="{html.escape(action)}">{inputs}<button id="go">go</button></form>'
    browser.get("data:text/html," + urllib.parse.quote(form))
    _navigates(browser, _by_id(browser, "go").click)
    assert "Cross-site request refused" in browser.page_source
    assert page.app.store.decisions() == {}


def test_a_fact_page_after_a_decision_says_what_was_decided_in_plain_values(run_dir, page, browser):
    injured = _facts(run_dir)["casualty:9"]["id"]
    _open(browser, page, injured)
    _edit(browser, "location", "")  # no value
    _edit(browser, "count", "1,000")
    state, fields = _text(browser, "state"), _text(browser, "fields")
    assert "edited by browser-user" in state and "needs review" not in state
    edits = _text(browser, "edits")
    assert "location: Kharkiv → —" in edits and "count: 9 → 1,000" in edits
    assert "count\t1,000 (edited; was 9)" in fields
    geneva = _facts(run_dir)["meeting:Geneva"]["id"]
    _open(browser, page, geneva)
    fields = _text(browser, "fields")
    assert "France, Germany" in fields and "None" not in fields and "['" not in fields and "—" in fields


def test_hostile_article_text_does_not_run_and_keeps_its_direction(run_dir, page, browser):
    from selenium.webdriver.common.by import By

    fact = _facts(run_dir)["casualty:4"]["id"]
    _open(browser, page, fact)
    passage = _by_id(browser, "passage")
    assert "<script>window.pwned = 1</script>" in passage.text
    assert passage.find_elements(By.TAG_NAME, "img") == [] and passage.find_elements(By.TAG_NAME, "a") == []
    assert browser.execute_script("return window.pwned === undefined")
    source = _by_id(browser, "source")
    assert "<b>Lviv</b> [U+202E RLO]Report 40011–80011" in source.text
    assert browser.find_elements(By.CSS_SELECTOR, "b") == []
    # What follows the title is drawn after it, left to right, not reversed into it.
    title, rest = browser.execute_script(
        "const s = document.getElementById('source');"
        "return [s.querySelector('bdi').getBoundingClientRect().left,"
        " document.getElementById('span-range').getBoundingClientRect().left];"
    )
    assert rest > title


def test_a_decisions_file_can_override_and_clear(run_dir, tmp_path):
    facts = _facts(run_dir)
    flood, flagged = facts["casualty:70"]["id"], facts["casualty:7"]["id"]
    lines = [
        {"id": flood, "action": "override"},  # no reason: refused
        {"id": flood, "action": "override", "reason": "confirmed by the agency"},
        {"id": flagged, "action": "accept"},
        {"id": flagged, "action": "clear"},
        {"id": flagged, "action": "edit", "edits": {"count": "Infinity"}},
        {"id": "cas-0000000000", "action": "accept"},
    ]
    path = tmp_path / "decisions.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    done = _cli("review", str(run_dir), "--decisions", str(path), "--reviewer", "desk")
    assert done.returncode == 1
    assert [line.split(":")[0] for line in done.stderr.strip().splitlines()] == ["error"] * 3
    assert "needs --reason" in done.stderr and "count must be" in done.stderr and "no fact" in done.stderr
    assert f"! {flagged}  casualty flagged   -" in done.stdout
    assert f"  {flood}  casualty rejected  override" in done.stdout
    assert _cli("publish", str(run_dir)).returncode == 1  # the flagged fact is undecided again
