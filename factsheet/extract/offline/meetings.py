"""Meetings, summits, calls and talks between named parties."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from factsheet.extract.offline.context import (
    REPORTING_VERBS,
    Sentence,
    clause_chain,
    expand,
    modality,
    subject_of,
)
from factsheet.extract.offline.parties import entity_at, parties_of
from factsheet.models import Meeting
from factsheet.parsing.dates import resolve

VERB_TRIGGERS = frozenset({"meet", "speak", "talk", "sit", "phone", "telephone", "host", "confer"})
NOUN_TRIGGERS = frozenset(
    {
        "meeting",
        "summit",
        "talks",
        "talk",
        "call",
        "conversation",
        "discussion",
        "discussions",
        "trilateral",
        "bilateral",
        "face-to-face",
        "phone",
        "videoconference",
        "meetings",
        "calls",
    }
)
PHONE_WORDS = frozenset({"call", "calls", "phone", "telephone", "phoned", "dial"})
VIDEO_WORDS = frozenset({"video", "videoconference", "virtual", "virtually", "zoom", "videocall"})
IN_PERSON_WORDS = frozenset(
    {"meet", "meeting", "summit", "sit", "face-to-face", "host", "visit", "trilateral", "bilateral", "person"}
)
PARTY_PREPS = frozenset({"with", "between", "among", "to", "involving"})


def find_meetings(sent: Sentence) -> Iterator[Meeting]:
    seen_triggers: set[int] = set()
    for token in sent.span:
        if not _is_trigger(token) or token.i in seen_triggers:
            continue
        seen_triggers.add(token.i)
        fact = _meeting_from(token, sent)
        if fact is not None:
            yield fact


def _is_trigger(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" and lemma in VERB_TRIGGERS:
        if lemma == "sit" and not any(c.lower_ == "down" for c in token.children):
            return False
        if (
            lemma in ("speak", "talk")
            and not any(c.dep_ == "prep" and c.lower_ in ("with", "to") for c in token.children)
            and not any(c.dep_ == "advmod" for c in token.children)
        ):
            return bool([c for c in token.children if c.dep_ == "nsubj" and len(expand(c)) > 1])
        return True
    if token.pos_ == "VERB" and lemma == "reach" and any(c.lower_ == "out" for c in token.children):
        return True
    if token.pos_ in ("NOUN", "PROPN", "ADJ") and (token.lower_ in NOUN_TRIGGERS or lemma in NOUN_TRIGGERS):
        # "meeting formats", "call centre": the trigger only modifies another noun.
        return token.dep_ != "compound" or token.head.lower_ in NOUN_TRIGGERS
    return False


def _meeting_from(trigger: Token, sent: Sentence) -> Meeting | None:
    party_tokens = _party_tokens(trigger)
    parties: list[str] = []
    used: list[Token] = [trigger]
    for tok in party_tokens:
        found = parties_of(tok, sent)
        if found:
            used.append(tok)
        parties.extend(found)
    parties = list(dict.fromkeys(p for p in parties if p))
    people = [p for p in parties if not sent.state.names.table.country(p)]
    if len(people) >= 2:
        parties = people
    if len(parties) < 2:
        return None

    status = modality(trigger)
    date_token, day = _date(trigger, sent, status)
    if date_token is not None:
        used.append(date_token)
    if status == "ongoing":
        status = "held" if day is None or day == sent.state.published else "scheduled"
    location_token, location = _location(trigger)
    if location_token is not None:
        used.append(location_token)
    quote, start, end = sent.quote(used)
    return Meeting(
        doc=sent.state.article.id,
        quote=quote,
        start=start,
        end=end,
        extractor="offline",
        participants=sorted(parties),
        location=location,
        date=day,
        mode=_mode(trigger, location),
        status=status,
    )


def _party_tokens(trigger: Token) -> list[Token]:
    """Tokens that may name a party: subject, objects, with/between-phrases, modifiers."""
    tokens: list[Token] = []
    nodes = [trigger]
    if trigger.pos_ in ("NOUN", "PROPN", "ADJ"):
        # "Trump-Putin summit", "his call": modifiers of the noun itself.
        for child in trigger.children:
            if child.dep_ in ("compound", "amod", "nmod", "poss") and child.pos_ in ("PROPN", "PRON"):
                tokens.extend(expand(child))
        for child in trigger.lefts:
            if child.dep_ in ("compound", "amod", "nmod"):
                tokens.extend(t for t in child.subtree if t.pos_ == "PROPN" and t not in tokens)
        # The noun's governing verb: "Witkoff held talks", "during Tuesday's talks".
        head = trigger.head
        hops = 0
        while head is not trigger and hops < 4 and head.pos_ not in ("VERB", "AUX"):
            nodes.append(head)
            head, hops = head.head, hops + 1
        if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() not in REPORTING_VERBS:
            nodes.append(head)
            tokens.extend(subject_of(head))
            tokens.extend(
                c
                for c in head.children
                if c.dep_ == "dobj"
                and c is not trigger
                and entity_at(c) is not None
                and entity_at(c).label_ == "PERSON"
            )
        elif head.pos_ in ("VERB", "AUX"):
            tokens.extend(t for t in subject_of(head) if t.lower_ in ("he", "she"))
    else:
        tokens.extend(subject_of(trigger))
        tokens.extend(t for c in trigger.children if c.dep_ in ("dobj", "dative") for t in expand(c))
    for node in nodes:
        for prep in node.children:
            if prep.dep_ == "prep" and prep.lower_ in PARTY_PREPS:
                for obj in prep.children:
                    if obj.dep_ in ("pobj", "dobj"):
                        tokens.extend(expand(obj))
            if prep.dep_ == "acl" and prep.lower_ == "involving":
                for obj in prep.children:
                    if obj.dep_ == "dobj":
                        tokens.extend(expand(obj))
    if trigger.pos_ == "VERB":
        for prep in trigger.children:
            if prep.dep_ == "prt":
                for sub in prep.children:
                    if sub.dep_ == "prep":
                        tokens.extend(t for o in sub.children for t in expand(o))
    return list(dict.fromkeys(tokens))


def _date(trigger: Token, sent: Sentence, status: str):
    direction = "past" if status in ("held", "ongoing") else "future"
    for node in clause_chain(trigger, limit=3):
        candidates = [node, *node.children]
        for child in list(node.children):
            if child.dep_ == "prep":
                candidates.extend(child.children)
        for cand in candidates:
            ent = entity_at(cand)
            if ent is None or ent.label_ not in ("DATE", "TIME"):
                continue
            return cand, resolve(ent.text, sent.state.published, direction)
    return None, None


def _location(trigger: Token) -> tuple[Token | None, str | None]:
    for node in clause_chain(trigger, limit=3):
        scope = [node, *node.conjuncts] if node.pos_ in ("VERB", "AUX") else [node]
        if node.dep_ == "conj":
            scope.append(node.head)
        for verb in scope:
            for prep in verb.children:
                if prep.dep_ != "prep" or prep.lower_ not in ("in", "at"):
                    continue
                for obj in prep.children:
                    if obj.dep_ != "pobj":
                        continue
                    place = _place(obj)
                    if place:
                        return obj, place
    for child in trigger.children:
        ent = entity_at(child)
        if child.dep_ == "compound" and ent is not None and ent.label_ in ("GPE", "FAC", "LOC"):
            return child, ent.text
    return None, None


def _place(obj: Token) -> str | None:
    ent = entity_at(obj)
    if ent is not None and ent.label_ in ("GPE", "FAC", "LOC", "ORG"):
        return ent.text.removeprefix("the ").strip()
    for t in obj.subtree:
        ent = entity_at(t)
        if ent is not None and ent.label_ in ("FAC", "GPE", "LOC", "ORG") and t.i < obj.i + 1:
            return ent.text.removeprefix("the ").strip()
    compounds = [c for c in obj.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    if compounds:
        return compounds[0].text
    return None


def _mode(trigger: Token, location: str | None) -> str:
    words = {trigger.lower_, trigger.lemma_.lower()}
    words |= {c.lower_ for c in trigger.children}
    words |= {t.lower_ for t in trigger.head.children} | {trigger.head.lower_}
    if words & VIDEO_WORDS:
        return "video"
    if words & PHONE_WORDS or "by phone" in trigger.sent.text.lower():
        return "phone"
    if words & IN_PERSON_WORDS or location:
        return "in_person"
    return "unknown"
