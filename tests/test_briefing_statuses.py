"""The briefing is honest about who published a fact: the text, or a person."""

from __future__ import annotations

from factsheet.render import render_briefing_html, render_briefing_markdown


def _reviewed(briefing, review: str, status: str = "flagged"):
    fact = next(f for f in briefing.facts if f.kind == "casualty" and f.publishable)
    check = fact.check.model_copy(update={"status": status, "review": review, "reviewed_by": "ana"})
    changed = fact.model_copy(update={"check": check})
    facts = [changed if f.id == fact.id else f for f in briefing.facts]
    events = [
        e.model_copy(update={"fact": changed}) if e.fact.id == fact.id else e for e in briefing.events
    ]
    return briefing.model_copy(update={"facts": facts, "events": events})


def test_a_briefing_the_text_verified_says_validated(seed_run):
    verified_only = seed_run.briefing.model_copy(
        update={"facts": [f for f in seed_run.briefing.facts if f.check.status != "flagged"]}
    )
    html = render_briefing_html(verified_only)
    assert "Validated" in html and "Reviewed —" not in html


def test_a_fact_a_person_accepted_is_named_and_the_masthead_does_not_say_validated(seed_run):
    briefing = _reviewed(seed_run.briefing, "accepted")
    briefing = briefing.model_copy(
        update={"facts": [f for f in briefing.facts if f.check.status != "flagged" or f.check.review]}
    )
    markdown = render_briefing_markdown(briefing)
    html = render_briefing_html(briefing)
    assert "Validated" not in html and "Reviewed — 1 accepted by a person (ana)" in html
    assert "accepted by ana" in markdown and "DRAFT" not in markdown


def test_an_override_is_shown_as_published_over_the_validator(seed_run):
    briefing = _reviewed(seed_run.briefing, "override", status="rejected")
    briefing = briefing.model_copy(
        update={"facts": [f for f in briefing.facts if f.check.status != "flagged"]}
    )
    html = render_briefing_html(briefing)
    assert "published over the validator" in html and "Validated" not in html


def test_bidi_controls_in_a_title_are_isolated_and_shown(seed_run):
    source = seed_run.briefing.sources[0].model_copy(update={"title": "Talks \u202eend\u202c resume"})
    briefing = seed_run.briefing.model_copy(update={"sources": [source, *seed_run.briefing.sources[1:]]})
    html = render_briefing_html(briefing)
    assert "\u202e" not in html and "[U+202E" in html and "<bdi>" in html
