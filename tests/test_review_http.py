"""The review page over real HTTP on 127.0.0.1, as an attacker and as two reviewers at once.

Hostile input (Origin, Content-Length, encodings, size, bidi text) must get a plain
4xx and never a traceback, a hang or a stored value; simultaneous decisions on one fact
must all land or be refused, never silently lost.
"""

from __future__ import annotations

import threading
import time

import pytest
from test_review_support import error_of, find, offline_run, raw_http, request, view

from factsheet.review.server import MAX_BODY, ReviewServer
from factsheet.review.store import ReviewStore


@pytest.fixture
def run_dir(tmp_path):
    return offline_run(tmp_path)


@pytest.fixture
def server(run_dir):
    page = ReviewServer(run_dir, reviewer="ana", body_timeout=3.0).start()
    yield page
    page.stop()


def _fact_url(server, fact_id: str) -> str:
    return f"http://127.0.0.1:{server.port}/fact/{fact_id}?token={server.app.token}"


def _decide_path(server, fact_id: str) -> str:
    return f"/fact/{fact_id}/decide?token={server.app.token}"


def _form(server, fact_id: str, **values) -> dict[str, str]:
    status, _, page = request(_fact_url(server, fact_id))
    assert status == 200
    return {"csrf": server.app.csrf, **view(page), **values}


def test_every_answer_carries_the_protective_headers(server, run_dir):
    fact = find(run_dir, "casualty", outcome="injured")["id"]
    for url in (server.url, _fact_url(server, fact), f"http://127.0.0.1:{server.port}/nope?token=x"):
        _, headers, _ = request(url)
        assert headers["Cache-Control"] == "no-store"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "Python" not in headers["Server"] and headers["Server"] == "factsheet-review"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_a_post_from_another_origin_is_refused(server, run_dir):
    fact = find(run_dir, "casualty", outcome="injured")["id"]
    url = f"http://127.0.0.1:{server.port}{_decide_path(server, fact)}"
    own = f"http://127.0.0.1:{server.port}"
    refused = [
        {"Origin": "null"},  # what a sandboxed frame or a no-referrer page sends
        {"Origin": "http://evil.example"},
        {"Origin": f"http://127.0.0.1:{server.port + 1}"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": own},
        {"Host": "evil.example"},  # DNS rebinding
    ]
    for headers in refused:
        status, _, body = request(url, _form(server, fact, action="accept"), headers)
        assert status in (400, 403), (headers, status)
        assert "Traceback" not in body
    assert server.app.store.decisions() == {}
    assert request(url, {**_form(server, fact, action="accept"), "csrf": "guess"})[0] == 403
    assert server.app.store.decisions() == {}
    same = {"Origin": own, "Sec-Fetch-Site": "same-origin"}
    assert request(url, _form(server, fact, action="accept"), same)[0] == 303
    assert server.app.store.decision(fact).action == "accept"


def _post_head(server, fact_id: str, length: str | None, extra: str = "") -> str:
    lines = [
        f"POST {_decide_path(server, fact_id)} HTTP/1.1",
        f"Host: 127.0.0.1:{server.port}",
        "Content-Type: application/x-www-form-urlencoded",
    ]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return "\n".join(lines) + ("\n" + extra if extra else "")


def test_malformed_lengths_bodies_and_encodings_get_400_without_a_traceback(server, run_dir, capfd):
    fact = find(run_dir, "casualty", outcome="injured")["id"]
    good = "&".join(f"{k}={v}" for k, v in _form(server, fact, action="reject", reason="x").items())
    port = server.port
    cases = {
        "letters": (_post_head(server, fact, "abc"), good.encode()),
        "negative": (_post_head(server, fact, "-5"), good.encode()),
        "exponent": (_post_head(server, fact, "1e3"), good.encode()),
        "two lengths": (
            _post_head(server, fact, str(len(good)), f"Content-Length: {len(good) + 1}"),
            good.encode(),
        ),
        "raw invalid UTF-8": (
            _post_head(server, fact, str(len(good) + 2)),
            good.encode().replace(b"reason=x", b"reason=\xff\xfex"),
        ),
        "escaped invalid UTF-8": (
            _post_head(server, fact, str(len(good) + 6)),
            good.encode().replace(b"reason=x", b"reason=%FF%FEx"),
        ),
        "latin-1 charset": (
            _post_head(server, fact, str(len(good))).replace(
                "x-www-form-urlencoded", "x-www-form-urlencoded; charset=latin-1"
            ),
            good.encode(),
        ),
        "shorter than its length, then closed": (
            _post_head(server, fact, str(len(good) + 50)),
            good.encode(),
        ),
    }
    for name, (head, body) in cases.items():
        status, answer = raw_http(port, head, body)
        assert status == 400, (name, answer[:300])
    assert raw_http(port, _post_head(server, fact, None), good.encode())[0] == 411
    assert raw_http(port, _post_head(server, fact, str(len(good)), "Transfer-Encoding: chunked"))[0] == 411
    # A client that announces more than it sends and waits: answered when the body is
    # overdue (3 s here), not left hanging.
    started = time.monotonic()
    status, _ = raw_http(port, _post_head(server, fact, str(len(good) + 50)), good.encode(), keep_open=True)
    assert status == 400 and time.monotonic() - started < 30
    many = good + "".join(f"&x{n}=1" for n in range(20))
    assert raw_http(port, _post_head(server, fact, str(len(many))), many.encode())[0] == 400
    # A malformed address, an unknown method: plain answers, no Python version leaked.
    host = f"Host: 127.0.0.1:{port}"
    assert raw_http(port, f"GET /?token=%FF%FE HTTP/1.1\n{host}")[0] == 400
    status, answer = raw_http(port, f"BREW / HTTP/1.1\n{host}")
    assert status == 501 and "Server: factsheet-review\r\n" in answer and "Python" not in answer
    assert server.app.store.decisions() == {}
    assert "Traceback" not in capfd.readouterr().err
    assert request(server.url)[0] == 200  # and the server still answers


def test_an_oversized_body_gets_413_and_is_not_stored(server, run_dir, capfd):
    fact = find(run_dir, "casualty", outcome="injured")["id"]
    form = _form(server, fact, action="reject")
    five_mb = "&".join(f"{k}={v}" for k, v in form.items()) + "&reason=" + "x" * (5 * 1024 * 1024)
    status, answer = raw_http(
        server.port, _post_head(server, fact, str(len(five_mb))), five_mb.encode()[:65536], keep_open=True
    )
    assert status == 413, answer[:300]
    # Under the body limit but over the reason's: refused with a message, in the page.
    status, _, page = request(
        f"http://127.0.0.1:{server.port}{_decide_path(server, fact)}", {**form, "reason": "y" * 5000}
    )
    assert status == 422 and "at most 1,000 characters" in error_of(page)
    assert MAX_BODY < 5 * 1024 * 1024 and server.app.store.decisions() == {}
    assert "Traceback" not in capfd.readouterr().err


def test_bidi_controls_are_shown_and_isolated(server, run_dir):
    fact = find(run_dir, "casualty", outcome="injured")["id"]
    form = _form(server, fact, action="reject", reason="see \u202eabc")
    assert request(f"http://127.0.0.1:{server.port}{_decide_path(server, fact)}", form)[0] == 303
    assert "\u202e" not in request(server.url)[2]
    _, _, page = request(_fact_url(server, fact))
    assert "\u202e" not in page  # never sent to the browser to obey
    assert page.count("[U+202E RLO]</span>") == 3  # the title, the reason, the reason in the history
    assert "<bdi>Strike <span class=\"bidi-control\"" in page
    assert 'id="passage" dir="auto"' in page
    assert "reason: “<bdi>see <span" in page


def test_simultaneous_edits_to_different_fields_lose_nothing(server, run_dir):
    """100 rounds of four edits to four fields of one fact, sent at the same instant."""
    aid = find(run_dir, "aid", currency="EUR")["id"]
    url = f"http://127.0.0.1:{server.port}{_decide_path(server, aid)}"
    currencies = ["USD", "GBP", "CHF", "JPY", "EUR"]
    for round_no in range(100):
        form = _form(server, aid, action="edit")
        wanted = {
            "donor": f"Donor {round_no}",
            "recipient": f"Recipient {round_no}",
            "amount": f"{1000 + round_no}",
            "currency": currencies[round_no % len(currencies)],
        }
        barrier = threading.Barrier(len(wanted))
        answers: dict[str, int] = {}

        def send(name: str, value: str, form=form, barrier=barrier, answers=answers) -> None:
            barrier.wait()
            answers[name] = request(url, {**form, "field": name, "value": value})[0]

        threads = [threading.Thread(target=send, args=item) for item in wanted.items()]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert answers == dict.fromkeys(wanted, 303), (round_no, answers)
        edits = ReviewStore(run_dir.parent / "factsheet.db").decision(aid).edits
        assert edits == {**wanted, "amount": float(wanted["amount"])}, round_no


def test_simultaneous_edits_to_one_field_from_one_view_save_one_and_refuse_the_other(server, run_dir):
    fact = find(run_dir, "casualty", outcome="injured")["id"]
    url = f"http://127.0.0.1:{server.port}{_decide_path(server, fact)}"
    form = _form(server, fact, action="edit", field="count")
    barrier = threading.Barrier(2)
    answers: dict[str, tuple[int, str]] = {}

    def send(value: str) -> None:
        barrier.wait()
        status, _, page = request(url, {**form, "value": value})
        answers[value] = (status, error_of(page))

    threads = [threading.Thread(target=send, args=(v,)) for v in ("13", "14")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(s for s, _ in answers.values()) == [303, 409]
    saved = next(v for v, (s, _) in answers.items() if s == 303)
    refused = next(m for s, m in answers.values() if s == 409)
    assert "changed after your page was drawn" in refused
    assert server.app.store.decision(fact).edits == {"count": int(saved)}


def test_a_decision_from_a_stale_view_is_refused_with_a_message(server, run_dir):
    fact = find(run_dir, "casualty", outcome="injured")["id"]
    url = f"http://127.0.0.1:{server.port}{_decide_path(server, fact)}"
    stale_tab = _form(server, fact)
    assert request(url, {**stale_tab, "action": "edit", "field": "count", "value": "13"})[0] == 303
    status, _, page = request(url, {**stale_tab, "action": "accept"})
    assert status == 409 and "edited by ana" in error_of(page)
    assert server.app.store.decision(fact).edits == {"count": 13}
    # The answer is the page as it is now: deciding from it works.
    assert request(url, {"csrf": server.app.csrf, **view(page), "action": "accept"})[0] == 303
    assert server.app.store.decision(fact).action == "edit"  # accepted with its edit


def test_a_decision_on_a_fact_that_changed_on_disk_is_refused(server, run_dir):
    """A re-run rewrote the fact (same id, new content) while its page was open."""
    import json

    fact = find(run_dir, "casualty", outcome="injured")
    url = f"http://127.0.0.1:{server.port}{_decide_path(server, fact['id'])}"
    drawn = _form(server, fact["id"], action="accept")
    data = json.loads((run_dir / "facts.json").read_text(encoding="utf-8"))
    for f in data["facts"]:
        if f["id"] == fact["id"]:
            f["location"] = "Kharkiv region"
    (run_dir / "facts.json").write_text(json.dumps(data), encoding="utf-8")
    status, _, page = request(url, drawn)
    assert status == 409 and "this fact changed after your page was drawn" in error_of(page)
    assert "Kharkiv region" in page and server.app.store.decisions() == {}
    assert request(url, _form(server, fact["id"], action="accept"))[0] == 303
