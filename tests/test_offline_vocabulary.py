"""Every word list of the offline rules can match: each listed word is one token of the
pinned model's tokenizer, and each listed phrase is found by the phrase matcher.

A rule compares `token.lower_` (or the lemma) with its word lists, so an entry the
tokenizer splits ("face-to-face", "no later than", "cut-off") can never match; such
entries belong in `vocabulary.PHRASES`, which the PhraseMatcher reads.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import factsheet.extraction.offline as offline
from factsheet.extraction.offline import load_pipeline
from factsheet.extraction.offline.vocabulary import PHRASES, phrase_spans


def _word_lists() -> list[tuple[str, str]]:
    """(where, word) for every string in a module-level set, or set-valued dict, of the rules."""
    found: list[tuple[str, str]] = []
    for info in pkgutil.iter_modules(offline.__path__):
        module = importlib.import_module(f"{offline.__name__}.{info.name}")
        for name, value in vars(module).items():
            if not name.isupper():
                continue
            lists = value.values() if isinstance(value, dict) else [value]
            for index, words in enumerate(lists):
                if isinstance(words, (set, frozenset)) and all(isinstance(w, str) for w in words):
                    found.extend((f"{info.name}.{name}[{index}]", w) for w in sorted(words))
            if isinstance(value, dict) and all(isinstance(k, str) for k in value) and name != "PHRASES":
                found.extend((f"{info.name}.{name} key", k) for k in sorted(value))
    return found


WORDS = _word_lists()


def test_the_rules_have_word_lists_to_check():
    # Guards the collector itself: if it found nothing the test below would pass vacuously.
    where = {w.split(".")[0] for w, _ in WORDS}
    assert {"tariffs", "meetings", "deadlines", "aid", "casualties", "parties", "context"} <= where
    assert len(WORDS) > 300


def test_every_listed_word_is_one_token():
    tokenizer = load_pipeline().tokenizer
    split = [
        (where, word, [t.text for t in tokenizer(word)])
        for where, word in WORDS
        if len(tokenizer(word)) != 1
    ]
    assert split == [], "words the tokenizer splits can never match a token; move them to PHRASES"


@pytest.mark.parametrize(
    ("concept", "phrase"), [(c, p) for c, phrases in PHRASES.items() for p in phrases]
)
def test_every_listed_phrase_is_found_in_a_sentence(concept, phrase):
    nlp = load_pipeline()
    doc = nlp(f"Officials said {phrase} Monday was agreed.")
    spans = phrase_spans(doc[:], concept)
    assert [s.text.lower() for s in spans] == [phrase.lower()]


def test_a_phrase_is_not_found_under_another_concept():
    doc = load_pipeline()("The leaders held a phone call no later than Friday.")
    assert [s.text for s in phrase_spans(doc[:], "meeting.phone")] == ["phone call"]
    assert [s.text for s in phrase_spans(doc[:], "deadline.by")] == ["no later than"]
    assert phrase_spans(doc[:], "meeting.cohost") == []
