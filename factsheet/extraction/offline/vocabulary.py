"""Multi-word phrases the rules look for, as data for spaCy's PhraseMatcher.

A word list compared with `token.lower_` can only hold single tokens: the tokenizer
splits "face-to-face", "no later than" and "co-hosted" into several, so such entries
in a word list never match. They live here instead, one list per concept, and every
rule that needs the concept asks `phrase_spans`. The test suite loads every word list
of the offline rules and every phrase here through the pinned model's tokenizer.
"""

from __future__ import annotations

from functools import cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.vocab import Vocab

PHRASES: dict[str, tuple[str, ...]] = {
    # A meeting in person, named by a hyphenated or multi-word noun.
    "meeting.in_person": ("face-to-face", "in-person", "in person", "one-on-one"),
    # A call by phone or video.
    "meeting.phone": (
        "phone call",
        "telephone call",
        "phone conversation",
        "telephone conversation",
        "by phone",
    ),
    "meeting.video": ("video call", "video conference", "video link", "videoconference"),
    # Several parties hosting one event: each of them is a participant.
    "meeting.cohost": ("co-host", "co-hosts", "co-hosted", "co-hosting", "co-chaired", "co-chair"),
    # Markers before a date by which something must happen.
    "deadline.by": ("no later than", "not later than", "by the end of", "before the end of", "in time for"),
}


@cache
def _matcher(vocab: Vocab) -> PhraseMatcher:
    from factsheet.extraction.offline import load_pipeline

    nlp = load_pipeline()
    matcher = PhraseMatcher(vocab, attr="LOWER")
    for concept, phrases in PHRASES.items():
        matcher.add(concept, [nlp.make_doc(p) for p in phrases])
    return matcher


def phrase_spans(span: Span, concept: str) -> list[Span]:
    """Where `span` (a sentence) says one of the phrases of `concept`."""
    doc = span.doc
    found = doc.user_data.get("offline.phrases")
    if found is None:  # one pass of the matcher per parsed paragraph, shared by every rule
        strings = doc.vocab.strings
        found = [(strings[m], s, e) for m, s, e in _matcher(doc.vocab)(doc)]
        doc.user_data["offline.phrases"] = found
    return [doc[s:e] for name, s, e in found if name == concept and span.start <= s and e <= span.end]
