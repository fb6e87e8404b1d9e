"""Hostile input against the desk, review and publish, through the installed command.

Each test makes its own bad input: a desk with damaged pages, a stale review tab, ESC
sequences in a quote, a busy or impossible port, JSON nested thousands deep, a truncated
facts.json, `published` taken by a file, a publish killed part-way.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from articles import article_folder

from factsheet.review.store import ReviewStore, Stale

FACTSHEET = str(Path(sys.executable).with_name("factsheet"))
ESC_TEXT = (
    "Ambush\n\nAt least 12 people were killed \x1b[2J\x1b]0;owned\x07in an ambush near the border "
    "on Monday, police said.\n"
)
PLAIN = (
    "Quake\n\nAt least 400 people were injured when a powerful earthquake struck eastern Turkey on Sunday, "
    "officials said.\n"
)

LOAN = "Loan\n\nJapan approved a loan of $500 million to the Philippines for flood defences on Tuesday.\n"


def factsheet(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([FACTSHEET, *args], capture_output=True, text=True, timeout=timeout)


def one_line(done: subprocess.CompletedProcess) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    return lines[0]


@pytest.fixture
def desk(tmp_path) -> Path:
    folder = article_folder(tmp_path / "in", "2025-09-01", {"esc": ESC_TEXT, "quake": PLAIN, "loan": LOAN})
    out = tmp_path / "desk"
    done = factsheet("run", str(folder), "--out", str(out), "-q")
    assert done.returncode == 0, done.stderr
    return out


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_desk_with_damaged_pages_is_refused_before_anything_is_written(desk, tmp_path):
    store = desk / "factsheet.db"
    size = store.stat().st_size
    assert size > 4 * 4096
    with store.open("r+b") as handle:  # the header and schema stay; the last pages are overwritten
        handle.seek(size - 2 * 4096)
        handle.write(b"\xa5" * 4096)
    before = _sha(store)
    folder = article_folder(tmp_path / "more", "2025-09-02", {"later": PLAIN.replace("400", "410")})
    for _ in range(2):
        done = factsheet("run", str(folder), "--out", str(desk), "-q")
        assert done.returncode == 2
        assert "corrupt desk store" in one_line(done) and str(store) in done.stderr
        assert _sha(store) == before
    assert not (desk / "2025-09-02").exists()


def test_a_stale_tab_cannot_undo_a_clear(desk):
    facts = json.loads((desk / "2025-09-01" / "facts.json").read_text())["facts"]
    fact = next(f for f in facts if f["kind"] == "casualty")
    store = ReviewStore(desk / "factsheet.db")
    store.set_verdict(fact["id"], "accept", "ana")
    tab_a = store.revision(fact["id"])  # tab A drawn now
    store.clear(fact["id"], "ben", seen=store.revision(fact["id"]))  # tab B clears
    with pytest.raises(Stale):
        store.edit(fact["id"], "count", 13, "ana", seen=tab_a)
    assert store.decision(fact["id"]) is None


def test_no_escape_sequence_from_an_article_reaches_the_terminal(desk):
    day = desk / "2025-09-01"
    listing = factsheet("review", str(day), "--list")
    assert listing.returncode == 0 and "\x1b" not in listing.stdout + listing.stderr
    assert "␛[2J" in listing.stdout  # shown, not obeyed
    events = json.loads(factsheet("events", str(desk), "--json").stdout)
    for event in events:
        shown = factsheet("event", str(desk), event["id"])
        assert shown.returncode == 0 and "\x1b" not in shown.stdout and "\x07" not in shown.stdout
    table = factsheet("events", str(desk))
    assert "\x1b" not in table.stdout
    facts = json.loads((day / "facts.json").read_text())["facts"]
    flagged = [f for f in facts if f["check"]["status"] == "flagged" and "\x1b" in f["quote"]]
    if flagged:  # the refusal names the quote: pictured too
        refused = factsheet("publish", str(day))
        assert refused.returncode == 1 and "\x1b" not in refused.stderr


def test_an_impossible_or_busy_port_is_one_line(desk):
    day = desk / "2025-09-01"
    done = factsheet("review", str(day), "--port", "70000", "--no-browser")
    assert done.returncode == 2 and "not a port" in one_line(done)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = factsheet("review", str(day), "--port", str(port), "--no-browser", timeout=60)
    assert done.returncode == 2 and f"port {port}" in one_line(done)


def test_json_nested_thousands_deep_is_one_line(desk, tmp_path):
    day = desk / "2025-09-01"
    deep = tmp_path / "decisions.jsonl"
    deep.write_text("[" * 3000 + "]" * 3000 + "\n")
    done = factsheet("review", str(day), "--decisions", str(deep))
    assert done.returncode == 2 and "not a JSON object" in one_line(done)


def test_a_truncated_facts_json_or_a_published_file_stops_publish_in_one_line(desk):
    day = desk / "2025-09-01"
    (day / "published").write_text("a file where the folder goes")
    done = factsheet("publish", str(day), "--accept-flagged")
    assert done.returncode != 0 and "is a file" in one_line(done)
    (day / "published").unlink()
    facts = day / "facts.json"
    facts.write_bytes(facts.read_bytes()[: facts.stat().st_size // 2])
    done = factsheet("publish", str(day), "--accept-flagged")
    assert done.returncode == 2 and "facts.json" in one_line(done)
    assert not (day / "published").exists()


def test_a_publish_killed_part_way_leaves_a_whole_publication(desk):
    """Killed at growing delays: `published/` is always one whole set whose manifest hashes hold."""
    day = desk / "2025-09-01"
    assert factsheet("publish", str(day), "--accept-flagged").returncode == 0
    for delay in (0.3, 0.6, 0.9, 1.2, 1.6, 2.0):
        proc = subprocess.Popen(
            [FACTSHEET, "publish", str(day), "--accept-flagged"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        manifest = json.loads((day / "published" / "manifest.json").read_text())
        present = {p.name for p in (day / "published").iterdir()}
        assert present == {"manifest.json", *manifest["outputs"]}
        for name, digest in manifest["outputs"].items():
            assert _sha(day / "published" / name) == digest
            assert not name.endswith(".part")
    assert factsheet("publish", str(day), "--accept-flagged").returncode == 0


def test_no_cell_of_events_csv_is_a_formula(tmp_path):
    """A source id chosen to be a formula stays text in `events --csv` and `event ID --csv`."""
    folder = tmp_path / "in"
    folder.mkdir()
    record = {"id": "=1+1", "published": "2025-09-01", "text": PLAIN}
    (folder / "feed.jsonl").write_text(json.dumps(record) + "\n")
    out = tmp_path / "desk"
    assert factsheet("run", str(folder), "--out", str(out), "-q").returncode == 0
    listed = factsheet("events", str(out), "--csv")
    (event_id,) = [json.loads(factsheet("events", str(out), "--json").stdout)[0]["id"]]
    history = factsheet("event", str(out), event_id, "--csv")
    import csv
    import io

    for text in (listed.stdout, history.stdout):
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        assert "'=1+1" in cells or "=1+1" not in text
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_edits_that_would_mislead_are_refused_in_one_line(desk):
    day = desk / "2025-09-01"
    facts = json.loads((day / "facts.json").read_text())["facts"]
    count = next(f for f in facts if f["kind"] == "casualty")["id"]
    amount = next(f for f in facts if f["kind"] == "aid")["id"]
    refused = [
        f"{count}:count=\u0661\u0662",  # Arabic-Indic digits
        f"{count}:count=\uff11\uff12",  # full-width digits
        f"{amount}:amount=-0.0",
        f"{amount}:amount=1e-320",
        f"{amount}:amount=0",
        f"{count}:location=Kyiv\u2028Lviv",
        f"{count}:location=Kyiv\u0085Lviv",
    ]
    for edit in refused:
        done = factsheet("review", str(day), "--edit", edit)
        assert done.returncode == 1, edit
        assert "error:" in done.stderr and "Traceback" not in done.stderr
    store = ReviewStore(desk / "factsheet.db")
    assert store.decision(count) is None and store.decision(amount) is None


def test_json_nested_thousands_deep_on_the_review_page_is_422(tmp_path):
    from test_review_support import find, offline_run, request, view

    from factsheet.review.server import ReviewServer

    run_dir = offline_run(tmp_path)
    meeting = find(run_dir, "meeting", location="Paris")["id"]
    page = ReviewServer(run_dir, reviewer="ana", body_timeout=3.0).start()
    try:
        url = f"http://127.0.0.1:{page.port}/fact/{meeting}"
        status, _, body = request(f"{url}?token={page.app.token}")
        assert status == 200
        form = {"csrf": page.app.csrf, **view(body), "action": "edit", "field": "participants"}
        deep = "[" * 2500 + "]" * 2500  # past the JSON reader's recursion limit, within the 16 KiB body
        status, _, _ = request(f"{url}/decide?token={page.app.token}", {**form, "value": deep})
    finally:
        page.stop()
    assert status == 422


def test_hostile_articles_through_the_whole_daily_loop(tmp_path):
    """Formula and backtick ids, an image-making url, ESC in a quote, a link to a secret,
    a corrupt desk and a busy port, through run, review --list, events --csv and publish."""
    import csv
    import io
    import zipfile

    from markdown_it import MarkdownIt

    secret = tmp_path / "config.toml"
    secret.write_text('api_key = "sk-SECRET-0123456789"\nAt least 9 people were killed in Kyiv.\n')
    folder = tmp_path / "in"
    folder.mkdir()
    records = [
        {"id": '=HYPERLINK("http://127.0.0.1:9/x","click")', "text": PLAIN, "published": "2025-09-01"},
        {
            "id": "tick`<img src=x>`",
            "text": ESC_TEXT,
            "published": "2025-09-01",
            "url": "http://a<![x](http://127.0.0.1:9/t)",
        },
        {"id": "loan", "text": LOAN, "published": "2025-09-01", "url": "javascript:alert(1)"},
    ]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    (folder / "a.txt").symlink_to(secret)
    desk = tmp_path / "desk"
    ran = factsheet("run", str(folder), "--out", str(desk), "-q")
    assert ran.returncode == 1 and "--follow-links" in ran.stderr  # the link is refused, the rest read
    day = desk / "2025-09-01"
    terminal = [ran.stdout + ran.stderr]
    for args in (("review", str(day), "--list"), ("events", str(desk), "--csv")):
        done = factsheet(*args)
        assert done.returncode == 0, done.stderr
        terminal.append(done.stdout + done.stderr)
    cells = [c for row in csv.reader(io.StringIO(terminal[-1])) for c in row]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    published = factsheet("publish", str(day), "--accept-flagged")
    assert published.returncode == 0, published.stderr
    terminal.append(published.stdout + published.stderr)
    assert not any("\x1b" in text for text in terminal)

    outputs = [p for p in desk.rglob("*") if p.is_file()]
    for path in outputs:
        data = path.read_bytes()
        assert b"sk-SECRET-0123456789" not in data, path
        if path.suffix in (".md", ".csv", ".html"):
            assert b"\x1b" not in data, path
    for book in desk.rglob("*.xlsx"):
        with zipfile.ZipFile(book) as sheets:
            for name in sheets.namelist():
                if name.startswith("xl/worksheets/"):
                    assert b"<f>" not in sheets.read(name), (book, name)  # no formula cell anywhere
    render = MarkdownIt("commonmark")
    for name in ("briefing.md", "validation.md", "published/briefing.md"):
        html = render.render((day / name).read_text())
        assert "<img" not in html and ' src="' not in html  # the payloads show as text, fetch nothing
        for href in (part.split('"')[1] for part in html.split("href=")[1:]):
            assert href.startswith(("http://", "https://", "#")), href
            assert "127.0.0.1:9" not in href

    store = desk / "factsheet.db"
    size = store.stat().st_size
    with store.open("r+b") as handle:
        handle.seek(size - 2 * 4096)
        handle.write(b"\xa5" * 4096)
    before = _sha(store)
    again = factsheet("run", str(folder), "--out", str(desk), "-q")
    assert again.returncode == 2 and _sha(store) == before and "Traceback" not in again.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = factsheet("review", str(tmp_path / "other"), "--port", str(port), "--no-browser", timeout=60)
    assert busy.returncode == 2 and len(busy.stderr.strip().splitlines()) == 1
