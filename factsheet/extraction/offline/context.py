"""What every offline rule needs about a sentence: its parse, offsets, names and tense.

Rules read one sentence at a time but see the article around it: who was the last
person spoken of (for "he"), which names the article gives in full (for "Putin"),
and the publication date (for "Friday").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Span, Token

from factsheet.extraction.offline.document import DocumentContext
from factsheet.models import Article
from factsheet.parsing.names import ArticleNames

REPORTING_VERBS = frozenset(
    {
        "say",
        "tell",
        "report",
        "confirm",
        "announce",
        "indicate",
        "state",
        "add",
        "note",
        "write",
        "post",
        "claim",
        "declare",
        "insist",
        "reiterate",
        "warn",
        "suggest",
        "stress",
        "accord",
        "remark",
        "show",
        "believe",
        "think",
        "describe",
        "hint",
    }
)
FUTURE_MARKERS = frozenset(
    {
        "will",
        "shall",
        "'ll",
        "expect",
        "set",
        "schedule",
        "plan",
        "agree",
        "due",
        "intend",
        "prepare",
        "upcoming",
        "coming",
        "next",
        "arrange",
        "slate",
        "go",
    }
)
PROPOSED_MARKERS = frozenset(
    {
        "could",
        "might",
        "may",
        "would",
        "open",
        "interest",
        "possibility",
        "possible",
        "propose",
        "proposal",
        "offer",
        "request",
        "willing",
        "potential",
        "gear",
        "want",
        "hope",
        "seek",
        "ready",
        "invite",
        "invitation",
        "suggest",
        "push",
        "call",
        "urge",
        "consider",
        "idea",
        "prospect",
    }
)
CANCEL_MARKERS = frozenset({"cancel", "postpone", "scrap", "abandon", "delay", "off"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})


@dataclass
class ArticleState:
    """Per-article memory that rules share while walking its sentences in order."""

    article: Article
    names: ArticleNames
    last_person: str | None = None
    last_countries: list[str] = field(default_factory=list)
    last_tariff_target: str | None = None
    last_tariff_imposer: str | None = None  # who imposed the tariff on last_tariff_target
    # Where and why the article's last casualties happened, and every place it has named:
    # a toll given later without a place ("Another 12 were injured") is usually the same event.
    last_casualty_place: str | None = None
    last_cause: str | None = None
    last_event: tuple[str, str] | None = None  # (cause, place): "the earthquake in Herat"
    last_aid_recipient: str | None = None
    document: DocumentContext = field(default_factory=DocumentContext)
    # The parties of the last series of talks ("three rounds of talks"), whose rounds a
    # later sentence may list by ordinal.
    last_series: list = field(default_factory=list)
    sentences_read: int = 0
    last_meeting_parties: list = field(default_factory=list)  # the two sides of the last meeting

    @property
    def published(self) -> dt.date | None:
        return self.article.published


@dataclass
class Sentence:
    """One parsed sentence and the article offset of its segment."""

    span: Span
    offset: int
    state: ArticleState

    @property
    def text(self) -> str:
        return self.span.text

    # Every rule walks the sentence; a Span hands out new Token objects on each walk, so
    # the tokens and their word sets are read once per sentence and shared.
    @cached_property
    def tokens(self) -> list[Token]:
        return list(self.span)

    @cached_property
    def lowers(self) -> frozenset[str]:
        return frozenset(t.lower_ for t in self.tokens)

    @cached_property
    def lemmas(self) -> frozenset[str]:
        return frozenset(t.lemma_.lower() for t in self.tokens)

    @cached_property
    def words(self) -> frozenset[str]:
        """Surface forms and lemmas: what a rule's word list is checked against."""
        return self.lowers | self.lemmas

    def char(self, token: Token) -> int:
        """Article offset of a token."""
        return self.offset + token.idx

    def quote(self, tokens: Iterable[Token]) -> tuple[str, int, int]:
        """The shortest clause of this sentence covering `tokens`, as (quote, start, end).

        Starts from the lowest common ancestor of the tokens and widens to its
        subtree; leading conjunctions and trailing punctuation are trimmed.
        """
        chosen = [t for t in tokens if t is not None]
        if not chosen:
            chosen = list(self.span)
        head = lowest_common_ancestor(chosen)
        left = min([head.left_edge.i, *(t.i for t in chosen)])
        right = max([head.right_edge.i, *(t.i for t in chosen)])
        left = max(left, self.span.start)
        right = min(right, self.span.end - 1)
        doc = self.span.doc
        while left < right and (
            doc[left].is_punct
            or doc[left].dep_ in ("cc", "mark")
            or doc[left].lower_ in ("and", "but", "while", "as")
        ):
            left += 1
        while right > left and doc[right].is_punct and doc[right].text not in (")", "”", '"', "’", "%"):
            right -= 1
        start = doc[left].idx
        end = doc[right].idx + len(doc[right].text)
        text = doc.text[start:end]
        return text, self.offset + start, self.offset + end

    def provenance(self, tokens: Iterable[Token | None], rule: str) -> dict:
        """The provenance fields of an offline fact whose evidence is `tokens`.

        `rule` names the pattern that produced it ("tariff.rate_on_target"), kept in the
        fact's `extractor` field as "offline:<rule>" so every false positive can be
        traced to the rule that made it and precision can be counted per rule.
        """
        quote, start, end = self.quote(t for t in tokens if t is not None)
        return {
            "doc": self.state.article.id,
            "quote": quote,
            "start": start,
            "end": end,
            "extractor": f"offline:{rule}",
        }


def lowest_common_ancestor(tokens: list[Token]) -> Token:
    paths = [[t, *t.ancestors] for t in tokens]
    common = set(paths[0]).intersection(*map(set, paths[1:])) if len(paths) > 1 else set(paths[0])
    for candidate in paths[0]:
        if candidate in common:
            return candidate
    return tokens[0].sent.root


def expand(token: Token) -> list[Token]:
    """A token and its conjuncts: "Denmark, Norway and Sweden" -> three tokens."""
    out = [token]
    for conj in token.conjuncts:
        if conj not in out:
            out.append(conj)
    # "Denmark, Norway, and Sweden": the parser may hang the middle of a list of names on
    # its first as an npadvmod, with the rest conjoined to that.
    for child in token.children:
        same_kind = child.ent_type_ != "" and child.ent_type_ == token.ent_type_
        if child.dep_ == "npadvmod" and child.i > token.i and same_kind:
            out.extend(t for t in [child, *child.conjuncts] if t not in out)
        # "the Government of Chile, the Government of Peru and ...": a list whose second
        # item the parser takes for an apposition of the first.
        if child.dep_ == "appos" and child.i > token.i and child.lemma_ == token.lemma_:
            out.extend(t for t in [child, *child.conjuncts] if t not in out)
    return out


def clause_chain(token: Token, limit: int = 4) -> list[Token]:
    """The token and the heads above it, stopping below a reporting verb."""
    chain = [token]
    current = token
    for _ in range(limit):
        head = current.head
        if head.i == current.i or (head.lemma_.lower() in REPORTING_VERBS and head.pos_ == "VERB"):
            break
        chain.append(head)
        current = head
    return chain


SUBJECT_CLIMB = frozenset({"xcomp", "conj", "advcl", "pcomp", "acl", "relcl", "prep", "pobj", "dobj"})


def subject_of(
    verb: Token,
    limit: int = 4,
    *,
    through: frozenset[str] = SUBJECT_CLIMB,
    kinds: tuple[str, ...] = ("nsubj", "nsubjpass", "csubj"),
) -> list[Token]:
    """The subject of a verb, borrowed from the word that governs it (through the
    dependency relations in `through`) when the verb has none of its own."""
    current = verb
    for _ in range(limit):
        subjects = [c for c in current.children if c.dep_ in kinds]
        if subjects:
            return [
                *_stranded_list_heads(current, subjects[0]),
                *(s for subj in subjects for s in expand(subj)),
            ]
        if current.dep_ == "acl" and current.head.lemma_.lower() in INTENT_NOUNS:
            # "Trump hopes to organize ...", tagged as the noun "hopes" with "Trump" as its
            # compound: the compound is the subject of the verb.
            named = [c for c in current.head.children if c.dep_ == "compound" and c.ent_type_ == "PERSON"]
            if named:
                return named[-1:]
        if current.dep_ not in through or current.head.i == current.i:
            break
        current = current.head
    return []


INTENT_NOUNS = frozenset({"hope", "plan", "want", "wish", "aim", "intend", "seek", "vow", "pledge"})


def _stranded_list_heads(verb: Token, subject: Token) -> list[Token]:
    """ "Merz, Macron and Starmer travelled": the parser sometimes hangs the first name
    of a subject list on the verb (npadvmod); it is part of the subject all the same."""
    found: list[Token] = []
    for child in verb.children:
        if child.dep_ != "npadvmod" or child.i >= subject.i or not child.text[:1].isupper():
            continue
        between = child.doc[child.i + 1 : subject.i]
        if all(t.text == "," or t.lower_ == "and" for t in between):
            found.append(child)
    return found


def modality(trigger: Token) -> str:
    """held / scheduled / proposed / cancelled from tense, modals and governing words."""
    words: list[Token] = []
    # "negotiations expected between ...": a participle on the noun states its time.
    words.extend(c for c in trigger.children if c.dep_ == "acl" and c.tag_ == "VBN")
    for node in clause_chain(trigger):
        words.append(node)
        words.extend(
            c
            for c in node.children
            if c.dep_ in ("aux", "auxpass", "neg", "amod", "prt", "advmod", "compound")
        )
    lemmas = {w.lemma_.lower() for w in words} | {w.lower_ for w in words}
    if lemmas & CANCEL_MARKERS and any(
        w.lemma_.lower() in ("cancel", "postpone", "scrap", "call") for w in words
    ):
        return "cancelled"
    own_aux = {c.lower_ for c in trigger.children if c.dep_ in ("aux", "auxpass")}
    if trigger.tag_ == "VB" and "to" in own_aux and not any(w.tag_ == "VBD" for w in words):
        # "honoured to host Putin": an infinitive looks ahead unless a past verb governs it
        return "proposed" if lemmas & PROPOSED_MARKERS - {"call"} else "scheduled"
    if trigger.tag_ == "VBD" and not own_aux & {"will", "would", "could", "might", "may", "shall"}:
        return "held"  # "Russia and Ukraine sat down": a past-tense verb asserts the meeting happened
    if lemmas & PROPOSED_MARKERS - {"call"} or (
        "call" in lemmas and any(w.lemma_ == "call" and w.pos_ == "VERB" and w.i != trigger.i for w in words)
    ):
        return "proposed"
    if lemmas & FUTURE_MARKERS:
        return "scheduled"
    if any(w.tag_ in ("VBD", "VBN") for w in words if w.pos_ in ("VERB", "AUX")):
        return "held"
    if trigger.tag_ == "VBG" and any(w.lower_ in ("is", "are") for w in words):
        return "ongoing"
    return "held"
