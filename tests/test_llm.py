"""The LLM extractor against a real OpenAI-compatible HTTP server on loopback.

The server answers from a script; nothing of ours or of the openai client is mocked.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from articles import article_folder
from fake_openai import Reply, ScriptedServer, completion, user_text

from factsheet.pipeline import RunOptions, run

KYIV = "Officials said at least 32 people were killed in Kyiv on Monday.\n"
AID = "On Tuesday, the US approved $200 million in military sales to Ukraine.\n"
KEY = "sk-test-DO-NOT-LEAK-4242"

CASUALTY = {
    "kind": "casualty",
    "quote": "at least 32 people were killed in Kyiv on Monday",
    "count": 32,
    "count_qualifier": "at_least",
    "outcome": "killed",
    "location": "Kyiv",
}
AID_FACT = {
    "kind": "aid",
    "quote": "the US approved $200 million in military sales to Ukraine",
    "donor": "United States",
    "recipient": "Ukraine",
    "amount": 200000000,
    "currency": "USD",
    "amount_qualifier": "exact",
    "form": "sale",
    "status": "approved",
}
INVENTED = {
    "kind": "casualty",
    "quote": "a strike on Odesa killed 90 people overnight",
    "count": 90,
    "count_qualifier": "exact",
    "outcome": "killed",
    "location": "Odesa",
}


@pytest.fixture
def articles(tmp_path):
    return article_folder(tmp_path / "in", "2025-08-06", {"kyiv": KYIV, "aid": AID})


def _options(server: ScriptedServer, tmp_path: Path, **extra) -> RunOptions:
    settings = {
        "base_url": server.url,
        "model": "scripted-model",
        "mode": "json",
        "api_key": KEY,
        "cache_dir": tmp_path / "cache",
        "http_retries": 2,
        "timeout": 5.0,
        **extra,
    }
    return RunOptions(out=tmp_path / "out", extractor="llm", extractor_options=settings)


def _by_article(request: dict) -> Reply:
    text = user_text(request)
    if "Kyiv" in text:
        return completion({"facts": [CASUALTY]})
    return completion({"facts": [AID_FACT]})


def test_correct_answers_become_verified_facts_with_usage_and_schema_sent(articles, tmp_path):
    with ScriptedServer(_by_article) as server:
        result = run([articles], _options(server, tmp_path))
    assert len(server.requests) == 2  # one request per article (each is one chunk)
    published = result.briefing.published_facts()
    assert sorted(f.kind for f in published) == ["aid", "casualty"]
    assert all(f.extractor == "llm:scripted-model" for f in published)
    total = result.extractor_stats["total"]
    assert (total["requests"], total["prompt_tokens"], total["completion_tokens"]) == (2, 240, 80)
    request = server.requests[0]
    assert request["response_format"]["type"] == "json_object" and "schema" in request["response_format"]
    assert "2025-08-06" in user_text(request)
    manifest = json.loads((result.out_dir / "run.json").read_text())
    assert manifest["extractor_stats"]["total"]["total_tokens"] == 320


def test_warm_rerun_makes_zero_requests_and_the_key_is_nowhere(articles, tmp_path):
    with ScriptedServer(_by_article) as server:
        first = run([articles], _options(server, tmp_path))
        again = run([articles], _options(server, tmp_path))  # the desk holds both: nothing to extract
        options = _options(server, tmp_path)
        options.reextract = True
        forced = run([articles], options)  # extracted again, answered from the cache
    assert len(server.requests) == 2
    assert again.already_on_desk == 2 and not again.extractor_stats  # nothing to extract: no extractor at all
    assert [f.id for f in again.briefing.facts] == [f.id for f in first.briefing.facts]
    assert forced.extractor_stats["total"]["cached_chunks"] == 2
    assert server.headers[0]["authorization"] == f"Bearer {KEY}"
    for path in [*(tmp_path / "cache").rglob("*"), *(tmp_path / "out").rglob("*")]:
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path


def _held_batch(tmp_path: Path):
    """Two articles; the server holds the second one's answer until the test releases it."""
    import datetime as dt
    import threading

    from factsheet.extraction.llm import LLMExtractor
    from factsheet.models import Article

    release = threading.Event()

    def respond(request: dict) -> Reply:
        reply = _by_article(request)
        if "Kyiv" in user_text(request):
            reply.hold = release
        return reply

    batch = [
        Article(id="aid", published=dt.date(2025, 8, 6), text=AID),
        Article(id="kyiv", published=dt.date(2025, 8, 6), text=KYIV),
    ]

    def extractor(server: ScriptedServer) -> LLMExtractor:
        return LLMExtractor(
            base_url=server.url, model="m", mode="json", cache_dir=tmp_path / "cache", concurrency=2
        )

    return respond, release, batch, extractor


def test_articles_come_back_in_order_while_later_ones_are_still_in_flight(tmp_path):
    """A finished article reaches the caller (and its progress bar) before the batch ends."""
    respond, release, batch, extractor = _held_batch(tmp_path)
    with ScriptedServer(respond) as server:
        stream = extractor(server).extract(batch)
        first, first_facts = next(stream)
        answered_at_first = server.answered
        release.set()
        second, second_facts = next(stream)
    assert (first.id, [f.kind for f in first_facts]) == ("aid", ["aid"])
    assert answered_at_first == 1  # the Kyiv answer was still held back
    assert (second.id, [f.kind for f in second_facts]) == ("kyiv", ["casualty"])


def test_a_caller_that_stops_early_stops_the_requests_in_flight(tmp_path):
    import threading

    respond, release, batch, extractor = _held_batch(tmp_path)
    with ScriptedServer(respond) as server:
        stream = extractor(server).extract(batch)
        next(stream)
        stream.close()  # e.g. Ctrl-C in the caller while the Kyiv request is in flight
        alive = [t for t in threading.enumerate() if t.name == "factsheet-llm"]
        release.set()
    assert alive == []


def test_long_article_is_split_into_chunks_with_offsets_mapped_back_and_facts_merged(tmp_path):
    filler = [
        f"Council members in district {n} discussed road repairs, school meals and parking rules at length."
        for n in range(1, 16)
    ]
    text = "\n\n".join(
        [
            "Officials said at least 32 people were killed in Kyiv on Monday.",
            *filler[:5],
            "Rescuers later confirmed that at least 32 people were killed in Kyiv on Monday.",
            *filler[5:],
            "On Tuesday, the US approved $200 million in military sales to Ukraine.",
        ]
    )
    folder = article_folder(tmp_path / "in", "2025-08-06", {"long": text + "\n"})

    def respond(request: dict) -> Reply:
        said = user_text(request)
        facts = [f for f in (CASUALTY, AID_FACT) if f["quote"] in said]
        return completion({"facts": facts})

    from factsheet.extraction.llm.chunks import chunk_article
    from factsheet.ingest import load_articles

    article = load_articles([folder]).articles[0]
    chunks = chunk_article(article, 500)
    assert len(chunks) >= 3
    with ScriptedServer(respond) as server:
        result = run([folder], _options(server, tmp_path, max_chunk_chars=500))
    assert len(server.requests) == len(chunks)  # one request per chunk, none repeated
    assert result.extractor_stats["total"]["chunks"] == len(chunks)
    facts = [f for f in result.briefing.facts if f.doc == "long"]
    assert sorted(f.kind for f in facts) == ["aid", "casualty"]  # the casualty told twice is one fact
    for fact in facts:
        assert article.text[fact.start : fact.end] == fact.quote and fact.check.status == "verified"
    aid = next(f for f in facts if f.kind == "aid")
    assert aid.start > chunks[-1].offset >= 500  # found in the last chunk, offset in the article


@pytest.fixture
def two_fact_article(tmp_path):
    return article_folder(tmp_path / "two", "2025-08-06", {"both": KYIV + AID})


def _schema_breaking_script(fixes: bool):
    """First answer: a good casualty and an aid whose `form` is not one of the schema's values."""
    feedback: list[str] = []

    def respond(request: dict) -> Reply:
        if "do not hold" not in user_text(request):
            return completion({"facts": [CASUALTY, {**AID_FACT, "form": "arms deal"}]})
        feedback.append(user_text(request))
        return completion({"facts": [AID_FACT if fixes else {**AID_FACT, "form": "arms deal"}]})

    return respond, feedback


def test_a_fact_that_breaks_the_schema_is_sent_back_alone_and_fixed(two_fact_article, tmp_path):
    respond, feedback = _schema_breaking_script(fixes=True)
    with ScriptedServer(respond) as server:
        result = run([two_fact_article], _options(server, tmp_path))
    assert sorted(f.kind for f in result.briefing.published_facts()) == ["aid", "casualty"]
    assert len(server.requests) == 2  # the answer was not asked again whole: one feedback round
    assert "does not fit the schema (form:" in feedback[0] and "closest sentence" not in feedback[0]
    assert result.extractor_stats["total"]["facts_fixed"] == 1


def test_a_fact_that_never_fits_the_schema_costs_only_itself(two_fact_article, tmp_path):
    respond, _ = _schema_breaking_script(fixes=False)
    with ScriptedServer(respond) as server:
        result = run([two_fact_article], _options(server, tmp_path, max_retries=2))
    assert [f.kind for f in result.briefing.published_facts()] == ["casualty"]
    assert result.problems == []  # the article did not fail
    assert len(server.requests) == 3  # the answer, then two feedback rounds
    assert result.extractor_stats["total"]["facts_dropped"] >= 1


def test_malformed_json_is_asked_again(articles, tmp_path):
    malformed = {"once": True}

    def respond(request):
        if "Kyiv" in user_text(request) and malformed.pop("once", False):
            return completion("{not json at all")
        return _by_article(request)

    with ScriptedServer(respond) as server:
        result = run([articles], _options(server, tmp_path))
    kinds = sorted(f.kind for f in result.briefing.published_facts())
    assert kinds == ["aid", "casualty"]
    assert len([r for r in server.requests if "Kyiv" in user_text(r)]) == 2
    assert result.extractor_stats["articles"]["kyiv"]["requests"] == 2


def test_fabricated_quote_is_fixed_on_the_reask_and_other_facts_kept(articles, tmp_path):
    answers = {"first": True}

    def respond(request):
        if "Kyiv" not in user_text(request) and "do not hold" not in user_text(request):
            return _by_article(request)
        if answers.pop("first", False):
            return completion(
                {"facts": [CASUALTY, {**INVENTED, "quote": "32 people died in Kyiv's suburbs"}]}
            )
        assert "closest sentence" in user_text(request) and "Officials said" in user_text(request)
        return completion(
            {
                "facts": [
                    {
                        **CASUALTY,
                        "kind": "casualty",
                        "count": 32,
                        "outcome": "killed",
                        "quote": "at least 32 people were killed in Kyiv",
                    }
                ]
            }
        )

    with ScriptedServer(respond) as server:
        result = run([articles], _options(server, tmp_path, concurrency=1))
    kyiv = result.extractor_stats["articles"]["kyiv"]
    assert kyiv["feedback_rounds"] == 1 and kyiv["requests"] == 2
    assert [f.check.status for f in result.briefing.facts if f.doc == "kyiv"] == ["verified"]


def test_fabricated_quote_never_fixed_is_rejected_with_its_reason(articles, tmp_path):
    def respond(request):
        if "Kyiv" in user_text(request) or "do not hold" in user_text(request):
            return completion(
                {"facts": [CASUALTY, INVENTED]}
                if "do not hold" not in user_text(request)
                else {"facts": [INVENTED]}
            )
        return _by_article(request)

    with ScriptedServer(respond) as server:
        result = run([articles], _options(server, tmp_path, concurrency=1, max_retries=2))
    kyiv = result.extractor_stats["articles"]["kyiv"]
    assert kyiv["feedback_rounds"] == 2 and kyiv["requests"] == 3
    statuses = sorted((f.count, f.check.status) for f in result.briefing.facts if f.doc == "kyiv")
    assert statuses == [(32, "verified"), (90, "rejected")]
    report = json.loads((result.out_dir / "validation.json").read_text())
    rejected = [f for f in report["facts"] if f["status"] == "rejected"]
    assert rejected[0]["codes"] == ["quote_not_found"]
    assert 90 not in [f.count for f in result.briefing.published_facts() if f.kind == "casualty"]


def test_429_honours_retry_after(articles, tmp_path):
    script = {"limited": True}

    def respond(request):
        if script.pop("limited", False):
            return Reply(status=429, body={"error": {"message": "slow down"}}, headers={"Retry-After": "1"})
        return _by_article(request)

    with ScriptedServer(respond) as server:
        started = time.perf_counter()
        result = run([articles], _options(server, tmp_path, concurrency=1))
        elapsed = time.perf_counter() - started
    assert len(server.requests) == 3 and elapsed >= 1.0
    assert len(result.briefing.published_facts()) == 2 and not result.problems


def test_500_is_retried_then_fails_that_article_alone(articles, tmp_path):
    def respond(request):
        if "Kyiv" in user_text(request):
            return Reply(status=500, body={"error": {"message": "boom"}})
        return _by_article(request)

    with ScriptedServer(respond) as server:
        result = run([articles], _options(server, tmp_path, http_retries=2))
    kyiv_requests = [r for r in server.requests if "Kyiv" in user_text(r)]
    assert len(kyiv_requests) == 3  # first try + 2 retries
    assert [p.reason for p in result.problems] == ["LLM extraction failed: the endpoint answered HTTP 500"]
    assert "kyiv.txt" in result.problems[0].path
    assert [f.kind for f in result.briefing.published_facts()] == ["aid"]
    assert (result.out_dir / "briefing.pdf").is_file()


def test_timeout_fails_the_article_with_a_clear_message(articles, tmp_path):
    def respond(request):
        if "Kyiv" in user_text(request):
            return Reply(delay=1.5, body=completion({"facts": [CASUALTY]}).body)
        return _by_article(request)

    with ScriptedServer(respond) as server:
        result = run([articles], _options(server, tmp_path, timeout=0.5, http_retries=1))
    assert [p.reason for p in result.problems] == [
        "LLM extraction failed: the endpoint did not answer in time"
    ]
    assert [f.kind for f in result.briefing.published_facts()] == ["aid"]


def test_truncated_answer_is_retried_within_bounds_then_fails(articles, tmp_path):
    def respond(request):
        if "Kyiv" in user_text(request):
            return completion('{"facts": [{"kind": "casualty", "quote": "at le', finish_reason="length")
        return _by_article(request)

    with ScriptedServer(respond) as server:
        result = run([articles], _options(server, tmp_path, max_retries=1))
    kyiv_requests = [r for r in server.requests if "Kyiv" in user_text(r)]
    assert len(kyiv_requests) == 2
    assert "cut off" in result.problems[0].reason
    assert result.extractor_stats["articles"]["kyiv"]["completion_tokens"] == 80


def test_config_command_masks_the_key(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "OPENAI_API_KEY": KEY,
        "FACTSHEET_MODEL": "qwen2.5-7b-instruct",
        "FACTSHEET_BASE_URL": "http://localhost:8000/v1",
    }
    factsheet = str(Path(sys.executable).with_name("factsheet"))
    result = subprocess.run([factsheet, "config"], capture_output=True, text=True, env=env)
    assert result.returncode == 0
    assert KEY not in result.stdout and "sk-…4242" in result.stdout
    assert "qwen2.5-7b-instruct" in result.stdout and "json" in result.stdout
    # the mode in effect and what its fixed part costs each request
    said = " ".join(result.stdout.split())
    assert "characters (~" in said and "tokens) per request beyond the article" in said
    assert "the schema goes in response_format" in said


def test_an_endpoint_echoing_the_key_in_its_answer_gets_it_nowhere(articles, tmp_path):
    def echo(request: dict) -> Reply:
        if "Kyiv" in user_text(request):
            return completion({"facts": [{**CASUALTY, "location": f"Kyiv {KEY}"}]})
        return completion({"facts": [{**AID_FACT, "purpose": f"see {KEY}"}]})

    with ScriptedServer(echo) as server:
        run([articles], _options(server, tmp_path))
        again = _options(server, tmp_path)
        again.reextract = True  # answered from the cache this time
        run([articles], again)
    for path in [*(tmp_path / "cache").rglob("*"), *(tmp_path / "out").rglob("*")]:
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path
