"""Meetings, summits, calls and talks between named parties.

A meeting is a trigger (a verb such as met/spoke/sat down, or a noun such as
meeting/summit/talks/call) plus at least two parties found through the parse:
the verb's subject and objects, with/between/among phrases, the modifiers of the
noun ("the Trump-Putin summit"), or, for a noun, the subject of the light verb that
carries it ("Witkoff held talks with Putin") or of the clause it is set in
("Zarensky left the White House after a disastrous meeting").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from factsheet.extraction.offline.context import (
    REPORTING_VERBS,
    Sentence,
    clause_chain,
    expand,
    modality,
    subject_of,
)
from factsheet.extraction.offline.meeting_forms import (
    counterparts_one_by_one,
    is_back_reference,
    is_series,
    sets_a_past_scene,
)
from factsheet.extraction.offline.meeting_rounds import listed_rounds
from factsheet.extraction.offline.meeting_visits import pressing_visits
from factsheet.extraction.offline.parties import Party, entity_at, leader_of, parties_of
from factsheet.extraction.offline.vocabulary import phrase_spans
from factsheet.kinds import Meeting
from factsheet.parsing.dates import resolve

VERB_TRIGGERS = frozenset({"meet", "speak", "talk", "sit", "phone", "telephone", "host", "confer", "discuss"})
NOUN_TRIGGERS = frozenset(
    {
        "meeting",
        "summit",
        "talks",
        "call",
        "conversation",
        "discussion",
        "discussions",
        "trilateral",
        "bilateral",
        "videoconference",
        "calls",
        "conference",
        "negotiations",
        "round",
        "dialogue",
    }
)
# "a bilateral session", "a negotiating session": a session is a meeting when its modifier says so.
SESSION_NOUNS = frozenset({"session", "sessions"})
SESSION_QUALIFIERS = frozenset({"bilateral", "trilateral", "negotiating", "negotiation", "private", "closed"})
LIGHT_VERBS = frozenset(
    {
        "have",
        "hold",
        "attend",
        "host",
        "begin",
        "start",
        "conclude",
        "join",
        "end",
        "wrap",
        "seek",
        "propose",
        "request",
        "want",
        "plan",
        "arrange",
        "schedule",
        "offer",
        "agree",
        "expect",
        "gear",
        "set",
        "convene",
        "chair",
        "express",
        "raise",
        "make",
        "be",
        "resume",
        "conduct",
        "enter",
        "organize",
        "organise",
        "lead",
        "broker",
        "mediate",
        "facilitate",
        "pay",
    }
)
PROPOSAL_NOUNS = frozenset(
    {
        "interest",
        "possibility",
        "prospect",
        "request",
        "requests",
        "proposal",
        "offer",
        "idea",
        "plan",
        "plans",
        "readiness",
        "willingness",
        "invitation",
    }
)
QUANTITY_NOUNS = frozenset(
    {"flurry", "series", "round", "rounds", "hours", "hour", "minutes", "sidelines", "part", "days"}
    | {"edition"}
)
CARRIER_NOUNS = PROPOSAL_NOUNS | QUANTITY_NOUNS
OPEN_ADJECTIVES = frozenset({"open", "ready", "willing", "eager", "keen", "prepared"})
SETTING_PREPS = frozenset({"during", "after", "before", "at", "following", "ahead", "in", "amid"})
CALL_SETTING_PREPS = frozenset({"on"})  # "on a call" sets a scene; "briefed on the talks" does not
TRAVEL_VERBS = frozenset({"travel", "fly", "go", "come", "arrive", "head", "return"})
PHONE_PHRASE = re.compile(
    r"\b(?:by|over the|on the) (?:tele)?phone\b|\b(?:tele)?phone (?:call|conversation)s?\b", re.IGNORECASE
)
PHONE_WORDS = frozenset({"call", "calls", "phone", "telephone", "phoned", "dial"})
VIDEO_WORDS = frozenset({"video", "videoconference", "virtual", "virtually", "zoom", "videocall"})
IN_PERSON_WORDS = frozenset(
    {
        "meet",
        "meeting",
        "summit",
        "sit",
        "host",
        "receive",
        "welcome",
        "visit",
        "trilateral",
        "bilateral",
        "person",
        "meetings",
    }
)
PARTY_PREPS = frozenset({"with", "between", "among", "to", "involving"})


GUEST_VERBS = frozenset({"receive", "welcome", "visit"})
# "paid a courtesy visit to <person>": a visit is a meeting when it is paid to a person.
VISIT_NOUNS = frozenset({"visit", "visits"})
TRIGGER_WORDS = VERB_TRIGGERS | NOUN_TRIGGERS | SESSION_NOUNS | GUEST_VERBS
TRIGGER_WORDS |= {"reach", "call", "ring", "sign"} | VISIT_NOUNS
# Who hosts, mediates or chairs a meeting is one of its participants.
HOST_VERBS = frozenset(
    {"host", "mediate", "broker", "facilitate", "chair", "convene", "organize", "organise"}
)
# "called Putin", "phoned Macron": a call when the object is a named party and nothing
# names what it calls them ("called the decision a mistake").
CALL_VERBS = frozenset({"call", "phone", "telephone", "ring"})
SEPARATELY = frozenset({"separately", "individually", "respectively", "later"})
# "continuing talks", "ongoing negotiations": a process, not one meeting.
PROCESS_WORDS = frozenset({"continuing", "ongoing", "continued", "protracted", "stalled"})
CONTINUING_VERBS = frozenset({"continue", "drag", "stall", "remain"})


ORDINAL_WORDS = frozenset({"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"})

# "postponed until Trump meets Putin", "if they meet": a condition, not an asserted meeting.
CONDITION_MARKS = frozenset({"until", "unless", "if", "once", "till"})


def find_meetings(sent: Sentence) -> Iterator[Meeting]:
    if "co" in sent.lowers or "cohosted" in sent.lowers:
        yield from _cohosted(sent)
    if sent.state.last_series and len(sent.lowers & ORDINAL_WORDS) >= 2:
        yield from listed_rounds(sent, sent.state.last_series, _participants)
    yield from _visits(sent)
    if not sent.words & TRIGGER_WORDS:
        return
    if sent.words & CALL_VERBS:
        yield from _calls(sent)
    if "sign" in sent.lemmas:
        yield from _signings(sent)
    for token in sent.tokens:
        if not _is_trigger(token) or _is_process(token) or _is_condition(token):
            continue
        if is_series(token):
            found = [p for t in _party_tokens(token, sent) for p in parties_of(t, sent)]
            if len({p.name for p in found}) >= 2:
                sent.state.last_series = found
            continue
        if is_back_reference(token):
            continue
        counterparts = counterparts_one_by_one(token)
        # "meetings with A and B": one meeting per counterpart, the others left out of it
        exclusions = [{t.i for t in counterparts if t is not one} for one in counterparts] or [set()]
        for others in exclusions:
            fact = _meeting_from(token, sent, others)
            if fact is not None:
                yield fact


def _visits(sent: Sentence) -> Iterator[Meeting]:
    """ "will travel to Lima to urge Peru ...": the traveller meets whom the trip presses."""
    for visit in pressing_visits(sent):
        travellers = [p for t in _subjects(visit.verb) for p in parties_of(t, sent) if p.is_actor]
        counterparts = [p for p in parties_of(visit.counterpart, sent) if p.type != "place"]
        if not travellers or not counterparts:
            continue  # who travels or whom they press is not named: no meeting to report
        # the pressed country is the counterpart as named, not its leader
        names = list(dict.fromkeys(p.name for p in [*travellers, *counterparts]))
        if len(names) < 2:
            continue
        status = modality(visit.verb)
        date_token, day = _date(visit.verb, sent, status)
        place = _place(visit.place) or visit.place.text
        used = [visit.verb, visit.place, visit.counterpart] + ([date_token] if date_token is not None else [])
        yield Meeting(
            **sent.provenance(used, "meeting.pressing_visit"),
            participants=sorted(names),
            location=place,
            date=day,
            mode="in_person",
            status="held" if status == "ongoing" else status,
        )


def _calls(sent: Sentence) -> Iterator[Meeting]:
    """ "Trump called Putin", "Modi phoned Sharif and Erdogan separately": a call per
    callee when the text says separately, else one call with them all."""
    for verb in sent.tokens:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in CALL_VERBS or _is_condition(verb):
            continue
        # "Trump called Putin" may come out as naming: Putin an oprd, the verb an acl of Trump.
        named = [c for c in verb.children if c.dep_ == "oprd" and c.ent_type_ == "PERSON"]
        objects = [c for c in verb.children if c.dep_ == "dobj"] or named
        if any(c.dep_ in ("oprd", "xcomp", "ccomp", "prt") and c not in named for c in verb.children):
            continue  # "called the plan a mistake", "called for talks", "called on X to"
        callees = [t for c in objects for t in expand(c)]
        callee_parties = [(t, [p for p in parties_of(t, sent) if p.type != "place"]) for t in callees]
        callee_parties = [(t, ps) for t, ps in callee_parties if ps]
        subjects = _subjects(verb) or ([verb.head] if verb.dep_ == "acl" and verb.head.ent_type_ else [])
        callers = [
            (t, ps) for t in subjects if (ps := [p for p in parties_of(t, sent) if p.type != "place"])
        ]
        if not callers or not callee_parties:
            continue
        separately = any(c.lower_ in SEPARATELY for c in verb.children if c.dep_ == "advmod")
        groups = [[item] for item in callee_parties] if separately else [callee_parties]
        status = modality(verb)
        date_token, day = _date(verb, sent, status)
        for group in groups:
            parties = [p for _, ps in callers for p in ps] + [p for _, ps in group for p in ps]
            names = _participants(parties, None, sent)
            if len(names) < 2:
                continue
            used = [verb, *(t for t, _ in callers), *(t for t, _ in group)]
            if date_token is not None:
                used.append(date_token)
            yield Meeting(
                **sent.provenance(used, "meeting.call_verb"),
                participants=sorted(names),
                location=None,
                date=day,
                mode="phone",
                status="held" if status == "ongoing" else status,
            )


def _signings(sent: Sentence) -> Iterator[Meeting]:
    """ "Armenia and Azerbaijan will sign the accord in Washington": a signing where the
    parties meet, when two are named and the text says where."""
    for verb in sent.tokens:
        if verb.pos_ != "VERB" or verb.lemma_.lower() != "sign" or _is_condition(verb):
            continue
        tokens = list(_subjects(verb))
        for agent in (c for c in verb.children if c.dep_ == "agent"):
            tokens.extend(t for o in agent.children if o.dep_ == "pobj" for t in expand(o))
        parties = [p for t in dict.fromkeys(tokens) for p in parties_of(t, sent) if p.type != "place"]
        location_token, location = _location(verb, sent)
        for prep in (
            p for d in verb.children if d.dep_ == "dobj" for p in d.children if p.dep_ == "prep"
        ):  # "sign a peace accord in Washington": the place may hang on the document
            if location is None and prep.lower_ in ("in", "at"):
                for obj in (o for o in prep.children if o.dep_ == "pobj"):
                    location_token, location = obj, _place(obj)
        if location is None:
            continue
        names = _participants(parties, location, sent)
        if len(names) < 2:
            continue
        status = modality(verb)
        date_token, day = _date(verb, sent, status)
        used = [verb, *tokens, location_token] + ([date_token] if date_token is not None else [])
        yield Meeting(
            **sent.provenance(used, "meeting.signing"),
            participants=sorted(names),
            location=location,
            date=day,
            mode="in_person",
            status="held" if status == "ongoing" else status,
        )


def _is_condition(trigger: Token) -> bool:
    """A present or future meeting verb introduced by until/if/unless is only a condition."""
    if trigger.pos_ != "VERB" or trigger.tag_ in ("VBD", "VBN"):
        return False
    return any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in trigger.children)


def _is_process(trigger: Token) -> bool:
    """ "continuing talks", "have been in talks for months": negotiation as a state of affairs."""
    if (
        trigger.dep_ == "pobj"
        and trigger.head.lower_ == "in"
        and trigger.lower_ in ("talks", "negotiations")
        and not any(c.dep_ in ("det", "poss") for c in trigger.children)  # "in their talks on May 5"
    ):
        return True
    if trigger.dep_ in ("nsubj", "nsubjpass") and trigger.head.lemma_.lower() in CONTINUING_VERBS:
        return True  # "talks with Chile would continue": a process going on
    return any(c.lower_ in PROCESS_WORDS for c in trigger.children if c.dep_ in ("amod", "compound"))


def _cohosted(sent: Sentence) -> Iterator[Meeting]:
    """ "Co-hosted by Britain, France and the African Union, the conference ...": an event
    its co-hosts hold together, each of them a participant."""
    for phrase in phrase_spans(sent.span, "meeting.cohost"):
        verb = phrase[-1]
        agents = [
            item
            for node in (verb, verb.head, *phrase)
            for prep in node.children
            if prep.dep_ == "agent" or (prep.dep_ == "prep" and prep.lower_ == "by")
            for obj in prep.children
            if obj.dep_ == "pobj"
            for item in expand(obj)
        ]
        parties = [p for tok in dict.fromkeys(agents) for p in parties_of(tok, sent)]
        names = list(dict.fromkeys(p.name for p in parties if p.type != "place"))
        if len(names) < 2:
            continue
        clause = verb
        while clause.dep_ not in ("ROOT",) and clause.head.i != clause.i and clause.pos_ not in ("VERB",):
            clause = clause.head
        status = modality(clause.head if clause.dep_ in ("advcl", "acl") else clause)
        date_token, day = _date(clause.head, sent, status)
        used = [*phrase, *agents] + ([date_token] if date_token is not None else [])
        yield Meeting(
            **sent.provenance(used, "meeting.cohosted_by"),
            participants=sorted(names),
            location=None,
            date=day,
            mode="in_person",
            status="held" if status == "ongoing" else status,
        )


def _is_trigger(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" and lemma in VERB_TRIGGERS:
        if lemma == "sit":
            return any(c.lower_ == "down" for c in token.children)
        if lemma == "discuss":
            return any(c.dep_ == "prep" and c.lower_ == "with" for c in token.children)
        return True
    if token.pos_ == "VERB" and lemma == "reach" and any(c.lower_ == "out" for c in token.children):
        return True
    if token.pos_ == "VERB" and lemma in GUEST_VERBS:
        # "Putin received Modi", "Ramaphosa welcomed Lula": a named person as the guest
        return any(c.dep_ == "dobj" and c.ent_type_ == "PERSON" for c in token.children)
    if token.pos_ == "NOUN" and token.lower_ in VISIT_NOUNS:
        return any(
            o.ent_type_ == "PERSON"
            for p in token.children
            if p.dep_ == "prep" and p.lower_ == "to"
            for o in p.children
            if o.dep_ == "pobj"
        )
    if token.pos_ == "NOUN" and token.lower_ in SESSION_NOUNS:
        return any(c.lower_ in SESSION_QUALIFIERS for c in token.children if c.dep_ in ("amod", "compound"))
    if token.pos_ in ("NOUN", "PROPN", "ADJ") and (token.lower_ in NOUN_TRIGGERS or lemma in NOUN_TRIGGERS):
        # "meeting formats", "call centre": the trigger only modifies another noun.
        return token.dep_ != "compound" or token.head.lower_ in NOUN_TRIGGERS
    return False


def _meeting_from(trigger: Token, sent: Sentence, leave_out: set[int] | None = None) -> Meeting | None:
    """The meeting `trigger` names, without the counterparts in `leave_out` (met separately)."""
    used: list[Token] = [trigger]
    parties: list[Party] = []
    sides = 0
    mediators = _mediator_tokens(trigger)
    for tok in _party_tokens(trigger, sent):
        if leave_out and tok.i in leave_out:
            continue
        found = parties_of(tok, sent)
        if found:
            used.append(tok)
            parties.extend(found)
            sides += tok.i not in mediators
    if not sides:
        return None  # "the meeting, brokered by A and B": only who brokered it, not who met
    status = "held" if sets_a_past_scene(trigger) else modality(trigger)
    location_token, location = _location(trigger, sent)
    if location_token is not None:
        used.append(location_token)
    names = _participants(parties, location, sent)
    if len(names) < 2:
        return None
    if len({p.name for p in parties}) == 2:
        sent.state.last_meeting_parties = list(dict.fromkeys(parties))
    date_token, day = _date(trigger, sent, status)
    if date_token is not None:
        used.append(date_token)
    if status == "ongoing":
        status = "held" if day is None or day == sent.state.published else "scheduled"
    rule = "meeting.verb" if trigger.pos_ == "VERB" else "meeting.noun"
    provenance = sent.provenance(used, rule)
    return Meeting(
        **provenance,
        participants=sorted(names),
        location=location,
        date=day,
        mode=_mode(trigger, location),
        status=status,
    )


def _mediator_tokens(trigger: Token) -> set[int]:
    """Tokens naming who mediated or hosted a meeting noun ("talks mediated by A and B")."""
    return {
        t.i
        for acl in trigger.children
        if acl.dep_ == "acl" and acl.lemma_.lower() in HOST_VERBS
        for agent in acl.children
        if agent.dep_ == "agent"
        for obj in agent.children
        if obj.dep_ == "pobj"
        for t in expand(obj)
    }


def _participants(parties: list[Party], location: str | None, sent: Sentence) -> list[str]:
    """People and groups first; countries stand for their leader when people are present.

    A country whose delegation the article says someone heads is that person: the people
    present are the participants, not those they stand in for."""
    heads = sent.state.document.delegation_heads
    parties = [Party(heads[p.name], "person") if p.name in heads else p for p in parties]
    actors = [p.name for p in parties if p.is_actor]
    countries = [p.name for p in parties if p.type == "country"]
    governments = [p.name for p in parties if p.type == "government"]
    if not actors:
        return list(dict.fromkeys(governments + countries))
    names = list(dict.fromkeys(actors))
    table = sent.state.names.table
    represented = {sent.state.document.nationality.get(a) for a in actors} | {
        office.country for a in actors for office in table.offices_held(a, sent.state.published)
    }
    for country in countries:
        if country in represented:
            continue  # "Moscow confirmed a call between Russia's foreign minister and ...": he is Russia here
        leader = leader_of(country, sent)
        if leader and leader not in names:
            names.append(leader)
        elif leader is None and country not in names:
            names.append(country)  # a mediating state whose leader the name table does not know
    names.extend(g for g in dict.fromkeys(governments) if g not in names and g not in represented)
    if len(names) == 1 and location:
        host_country = sent.state.names.table.venue_country(location)
        host = leader_of(host_country, sent) if host_country else None
        if host and host not in names:
            names.append(host)
    return names


def _party_tokens(trigger: Token, sent: Sentence) -> list[Token]:
    """Tokens that may name a party: subject, objects, with/between phrases, modifiers."""
    tokens: list[Token] = []
    nodes = [trigger]
    if trigger.pos_ == "VERB":
        tokens.extend(_subjects(trigger))
        tokens.extend(t for c in trigger.children if c.dep_ in ("dobj", "dative") for t in expand(c))
        if trigger.lemma_.lower() == "discuss" and not any(parties_of(t, sent) for t in tokens):
            tokens.extend(_reporting_subjects(trigger))
        for prt in (c for c in trigger.children if c.dep_ == "prt"):
            nodes.append(prt)
        if trigger.lemma_.lower() in HOST_VERBS:
            # "hosted the ceremony with A and B": the guests hang on what is hosted
            nodes.extend(c for c in trigger.children if c.dep_ == "dobj" and not c.ent_type_)
    else:
        for child in trigger.children:
            if child.dep_ in ("compound", "amod", "nmod", "poss") and child.pos_ in ("PROPN", "PRON"):
                tokens.extend(expand(child))
        for child in trigger.lefts:
            if child.dep_ in ("compound", "amod", "nmod"):
                tokens.extend(t for t in child.subtree if t.pos_ == "PROPN" and t not in tokens)
        own = [t for t in tokens if parties_of(t, sent)]
        counterparts = [
            t for node in _with_objects(trigger) for t in _with_inclusions(node) if parties_of(t, sent)
        ]
        carried = _carrier_parties(trigger, nodes, own_parties=len(own) + len(counterparts))
        tokens.extend(carried)
        one_sided = counterparts and not own and not any(parties_of(t, sent) for t in carried)
        if one_sided and _reported_news(trigger):
            # "Egypt said talks with Ethiopia had resumed": who reports its own talks is a side of them
            tokens.extend(_reporting_subjects(trigger))
    if trigger.pos_ != "VERB":
        # "discussions expected between Ukrainian and American officials"
        nodes.extend(c for c in trigger.children if c.dep_ == "acl" and c.pos_ == "VERB")
        # "talks mediated by Qatar and Egypt", "a summit hosted by Kenya"
        for acl in (c for c in trigger.children if c.dep_ == "acl" and c.lemma_.lower() in HOST_VERBS):
            for agent in (c for c in acl.children if c.dep_ == "agent"):
                tokens.extend(t for o in agent.children if o.dep_ == "pobj" for t in expand(o))
    for node in nodes:
        for obj in _with_objects(node):
            tokens.extend(_with_inclusions(obj))
    head = trigger.head
    if trigger.pos_ != "VERB" and head.pos_ == "VERB":
        # Absolute "with": "..., with European leaders also participating".
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "with"):
            for clause in (c for c in prep.children if c.dep_ == "pcomp"):
                tokens.extend(t for s in clause.children if s.dep_ == "nsubj" for t in expand(s))
    return list(dict.fromkeys(tokens))


def _with_objects(node: Token) -> list[Token]:
    """Objects of the with/between/to phrases of `node`, including coordinated phrases."""
    objects: list[Token] = []
    for prep in (c for c in node.children if c.dep_ in ("prep", "acl")):
        if prep.lower_ not in PARTY_PREPS:
            continue
        for sibling in [prep, *prep.conjuncts]:
            objects.extend(o for o in sibling.children if o.dep_ in ("pobj", "dobj"))
    return objects


def _with_inclusions(token: Token) -> list[Token]:
    """A party phrase and what it includes: "European leaders, including Mark Rutte"."""
    out: list[Token] = []
    # "a meeting between Zelensky and Trump, as well as their joint talks with ...": a
    # meeting noun coordinated into the list is another meeting, not a party.
    for item in (t for t in expand(token) if not _is_trigger(t)):
        out.append(item)
        for mod in (
            c for c in item.children if c.dep_ == "nmod" and c.pos_ == "PROPN" and c.ent_type_
        ):  # "US Secretary of State Marco Rubio": a title is no party of its own
            out.extend(expand(mod))
        for appos in (c for c in item.children if c.dep_ == "appos"):
            out.extend(expand(appos))
        for prep in (c for c in item.children if c.dep_ == "prep" and c.lower_ == "including"):
            out.extend(t for o in prep.children if o.dep_ == "pobj" for t in expand(o))
    # "Chile's Ana Ruiz": a possessor only qualifies the person named next to it.
    return [t for t in out if not any(c.dep_ == "case" for c in t.children)]


MEETING_CLIMB = frozenset({"xcomp", "conj", "advcl", "pcomp", "acl", "prep", "pobj", "acomp", "ccomp"})


def _subjects(verb: Token) -> list[Token]:
    """The subject of a verb, borrowed from the verb or adjective that governs it when absent."""
    return subject_of(verb, limit=5, through=MEETING_CLIMB, kinds=("nsubj", "nsubjpass"))


def _reported_news(noun: Token) -> bool:
    """ "X announced that talks with Y had resumed": the meeting is the subject of the news
    a named (not pronoun) reporter gives, not something it watched or commented on."""
    clause = noun.head
    if noun.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ != "ccomp":
        return False
    verb = clause.head
    return verb.lemma_.lower() in REPORTING_VERBS and any(
        c.dep_ == "nsubj" and c.pos_ == "PROPN" for c in verb.children
    )


def _reporting_subjects(token: Token) -> list[Token]:
    for ancestor in token.ancestors:
        if ancestor.lemma_.lower() in REPORTING_VERBS:
            return _subjects(ancestor)
    return []


def _carrier_parties(noun: Token, nodes: list[Token], own_parties: int) -> list[Token]:
    """For a meeting noun, the parties of the clause that carries it.

    "Witkoff held talks with Putin" (a light verb), "Russia expressed interest in a
    meeting" (a carrier noun), "Trump is open to meeting" (an adjective), "Trump told
    European leaders during a call" (a setting phrase on any verb). A carrier noun
    or a setting phrase only lends its clause's parties when the meeting does not
    name two of its own: in "Witkoff raised the possibility of a Trump-Putin
    meeting", Witkoff proposes but does not attend.
    """
    node = noun
    setting = False
    carried = False
    settings = SETTING_PREPS | (CALL_SETTING_PREPS if noun.lemma_.lower() in PHONE_WORDS else frozenset())
    for _ in range(6):
        head = node.head
        if head.i == node.i:
            return []
        if node.dep_ == "pobj" and (head.pos_ == "ADP" or head.dep_ == "prep"):
            # "flew to Moscow for talks with Putin": who travels for talks attends them.
            travel = head.lower_ == "for" and head.head.lemma_.lower() in TRAVEL_VERBS
            setting = setting or head.lower_ in settings or travel
            node = head
            continue
        if node.dep_ == "prep" and head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() in CARRIER_NOUNS:
            nodes.append(head)
            carried = carried or head.lemma_.lower() in PROPOSAL_NOUNS
            node = head
            continue
        if node.dep_ == "prep" and head.pos_ == "ADJ" and head.lower_ in OPEN_ADJECTIVES:
            node = head
            continue
        if node.dep_ == "prep" and head.pos_ == "ADV" and head.lower_ == "ahead":
            setting = True
            node = head
            continue
        if node.dep_ in ("dobj", "attr", "nsubjpass", "oprd", "acomp", "prep", "advmod", "pobj") and (
            head.pos_ in ("VERB", "AUX")
        ):
            light = head.lemma_.lower() in LIGHT_VERBS and not carried and not setting
            if own_parties >= 2 and not light and node.lower_ not in OPEN_ADJECTIVES:
                return []
            return _verb_parties(head, node, setting)
        if node.dep_ in ("dobj", "pobj") and head.pos_ in ("NOUN",) and head.lemma_.lower() in CARRIER_NOUNS:
            nodes.append(head)
            carried = carried or head.lemma_.lower() in PROPOSAL_NOUNS
            node = head
            continue
        return []
    return []


def _verb_parties(verb: Token, via: Token, setting: bool) -> list[Token]:
    lemma = verb.lemma_.lower()
    if lemma in VERB_TRIGGERS and not setting and lemma not in HOST_VERBS:
        return []  # the verb is a meeting of its own (a host of talks takes part in them)
    if lemma in REPORTING_VERBS or lemma in ("thank", "accuse", "praise", "criticise", "criticize"):
        if not setting:
            return []
    elif not (lemma in LIGHT_VERBS or setting or via.lower_ in OPEN_ADJECTIVES):
        return []
    tokens = _subjects(verb)
    holder = verb
    while not [c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")] and holder.head.i != holder.i:
        holder = holder.head
    for obj in (c for c in holder.children if c.dep_ in ("dobj", "dative")):
        ent = entity_at(obj)
        if obj.i != via.i and (
            (ent is not None and ent.label_ == "PERSON")
            or obj.pos_ == "PROPN"
            or obj.lower_ in ("leaders", "allies")
        ):
            tokens.extend(expand(obj))
    return tokens


def _time_scope(trigger: Token) -> list[Token]:
    """Where a meeting's date may be stated: the trigger's own clause, not a proposer's.

    In "Witkoff raised on Wednesday the possibility of a meeting", Wednesday dates
    the raising, not the meeting.
    """
    if trigger.pos_ == "VERB":
        return clause_chain(trigger, limit=3)
    scope = [trigger]
    head = trigger.head
    if trigger.dep_ in ("dobj", "attr", "nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        scope.append(head)
    elif trigger.dep_ == "pobj" and head.lower_ in ("during", "at", "on", "in"):
        scope.extend([head, head.head])
    elif trigger.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() in TRAVEL_VERBS:
        scope.append(head.head)  # "flew to Moscow on Wednesday for talks": the trip dates the talks
    return scope


def _date(trigger: Token, sent: Sentence, status: str):
    direction = "past" if status in ("held", "ongoing") else "future"
    for node in _time_scope(trigger):
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


def _location(trigger: Token, sent: Sentence) -> tuple[Token | None, str | None]:
    table = sent.state.names.table
    for node in clause_chain(trigger, limit=3):
        scope = [node, *node.conjuncts] if node.pos_ in ("VERB", "AUX") else [node]
        if node.dep_ == "conj":
            scope.append(node.head)
        for verb in scope:
            # "hosted Zelensky at Downing Street": the place may hang on the guest.
            guests = [c for c in verb.children if c.dep_ == "dobj" and c.ent_type_ == "PERSON"]
            for child in [*verb.children, *(g for guest in guests for g in guest.children)]:
                if child.dep_ == "prep" and child.lower_ in ("in", "at"):
                    for obj in (o for o in child.children if o.dep_ == "pobj"):
                        if place := _place(obj):
                            return obj, place
                # "travelled to Kyiv to meet Zelensky": where they went is where they met.
                if child.dep_ == "prep" and child.lower_ == "to" and verb.lemma_.lower() in TRAVEL_VERBS:
                    for obj in (o for o in child.children if o.dep_ == "pobj"):
                        ent = entity_at(obj)
                        if ent is not None and (
                            ent.label_ in ("GPE", "LOC", "FAC") or table.country(ent.text)
                        ):
                            return obj, ent.text.removeprefix("the ").strip()
                # "during a visit to Tokyo, Albanese met ...": the visit's destination
                if child.dep_ == "prep" and child.lower_ in ("during", "on"):
                    for trip in (o for o in child.children if o.lemma_ in ("visit", "trip", "tour")):
                        for to in (p for p in trip.children if p.dep_ == "prep" and p.lower_ == "to"):
                            for obj in (o for o in to.children if o.dep_ == "pobj"):
                                if place := _place(obj):
                                    return obj, place
                if child.dep_ == "dobj" and verb.lemma_ in ("leave", "visit", "host", "reach"):
                    ent = entity_at(child)
                    if ent is not None and ent.label_ in ("FAC", "GPE", "ORG"):
                        return child, ent.text.removeprefix("the ")
    for child in trigger.children:
        ent = entity_at(child)
        if child.dep_ == "compound" and ent is not None and ent.label_ in ("GPE", "FAC", "LOC"):
            return child, ent.text
    return None, None


def _place(obj: Token) -> str | None:
    ent = entity_at(obj)
    if ent is not None and ent.label_ in ("GPE", "FAC", "LOC", "ORG"):
        return ent.text.removeprefix("the ").strip()
    for t in obj.lefts:
        ent = entity_at(t)
        if ent is not None and ent.label_ in ("FAC", "GPE", "LOC", "ORG") and t.dep_ == "compound":
            return ent.text.removeprefix("the ").strip()
    compounds = [c for c in obj.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    if compounds:
        return " ".join(t.text for t in compounds[0].subtree if t.i < obj.i)
    return None


def _mode(trigger: Token, location: str | None) -> str:
    words = {trigger.lower_, trigger.lemma_.lower()}
    words |= {c.lower_ for c in trigger.children}
    words |= {t.lower_ for t in trigger.head.children} | {trigger.head.lower_}
    # "face-to-face talks", "a video call": a phrase the tokenizer splits, just before the noun
    near = {
        concept
        for concept in ("meeting.video", "meeting.phone", "meeting.in_person")
        for span in phrase_spans(trigger.sent, concept)
        if span.start <= trigger.i <= span.end + 1 and span.end >= trigger.i - 1
    }
    if words & VIDEO_WORDS or "meeting.video" in near:
        return "video"
    if words & PHONE_WORDS or "meeting.phone" in near or PHONE_PHRASE.search(trigger.sent.text):
        return "phone"
    if words & IN_PERSON_WORDS or "meeting.in_person" in near or location:
        return "in_person"
    return "unknown"
