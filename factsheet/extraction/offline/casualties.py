"""People killed, injured, displaced or missing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from factsheet.extraction.offline.context import Sentence
from factsheet.extraction.offline.numbers_in_parse import (
    figure_at,
    number_tokens,
    qualifier_of,
    tree_distance,
)
from factsheet.extraction.offline.parties import entity_at
from factsheet.kinds import Casualty
from factsheet.models import qualifier_for

OUTCOMES = {
    "killed": {
        "kill",
        "killed",
        "dead",
        "die",
        "died",
        "death",
        "deaths",
        "fatality",
        "fatalities",
        "toll",
        "lives",
        "bodies",
        "perish",
        "slain",
        "murdered",
        "massacre",
        "executed",
        "life",
    },
    "injured": {
        "injure",
        "injured",
        "wound",
        "wounded",
        "hurt",
        "injury",
        "injuries",
        "hospitalized",
        "hospitalised",
        "casualties",
    },
    "displaced": {
        "displace",
        "displaced",
        "homeless",
        "flee",
        "fled",
        "refugee",
        "refugees",
        "evacuate",
        "evacuated",
        "evacuation",
        "evacuations",
        "uprooted",
    },
    "missing": {"missing", "unaccounted"},
}
PEOPLE = frozenset(
    {"people", "person", "civilian", "prisoner", "man", "woman", "child", "soldier", "detainee", "fighter"}
)
CAUSE_NOUNS = frozenset(
    {
        "attack",
        "strike",
        "strikes",
        "assault",
        "bombing",
        "shelling",
        "explosion",
        "blast",
        "fire",
        "earthquake",
        "quake",
        "flood",
        "floods",
        "flooding",
        "storm",
        "hurricane",
        "typhoon",
        "cyclone",
        "crash",
        "collision",
        "airstrike",
        "raid",
        "missile",
        "drone",
        "shooting",
        "landslide",
        "conflict",
        "war",
        "fighting",
        "clashes",
        "violence",
        "heatwave",
        "wildfire",
        "outbreak",
        "epidemic",
        "stampede",
        "collapse",
        "offensive",
        "barrage",
        "bombardment",
        "bomber",
        "bombers",
        "gunman",
        "gunmen",
        "attacker",
        "attackers",
        "ambush",
        "accident",
        "avalanche",
        "eruption",
        "tornado",
        "mudslide",
        "derailment",
        "sinking",
        "capsizing",
        "shipwreck",
        "heat",
        "cholera",
        "famine",
    }
)
CAUSE_WORDS = CAUSE_NOUNS | {"toll"}
NOT_PEOPLE = frozenset({"family", "household", "home", "house", "building", "dwelling", "animal", "head"})
MAX_DISTANCE = 3


OUTCOME_OF = {word: outcome for outcome, words in reversed(OUTCOMES.items()) for word in words}
OUTCOME_WORDS = frozenset(OUTCOME_OF)


def outcome_of(token: Token) -> str | None:
    if token.lower_ == "casualties":
        return None  # "civilian casualties" gives no outcome we can type
    return OUTCOME_OF.get(token.lower_) or OUTCOME_OF.get(token.lemma_.lower())


# Nouns for one person, counted as 1 when the text says "a man", "another civilian".
PERSON_NOUNS = frozenset(
    {
        "man",
        "woman",
        "child",
        "boy",
        "girl",
        "person",
        "civilian",
        "resident",
        "soldier",
        "national",
        "citizen",
        "worker",
        "journalist",
        "policeman",
        "officer",
        "teenager",
        "baby",
        "infant",
        "pensioner",
        "driver",
        "passenger",
        "villager",
    }
)
ONE_WORDS = frozenset({"a", "an", "another", "one"})
# Where people are, not what happened to them: "35 wounded in hospitals".
STATUS_PLACES = frozenset({"hospital", "hospitals", "shelter", "shelters", "camps", "care"})
STATUS_VERBS = frozenset({"remain", "stay", "be", "lie", "wait", "recover"})
VICTIM_NOUNS = frozenset({"victims", "dead", "deceased", "fatalities"})


def find_casualties(sent: Sentence) -> Iterator[Casualty]:
    if sent.words & CAUSE_WORDS:
        _note_event(sent)
    yield from _victims_among(sent)
    if not sent.words & OUTCOME_WORDS:
        return
    triggers = [(t, o) for t in sent.tokens if (o := outcome_of(t)) and not _status_place(t)]
    if not triggers:
        return
    numbers = number_tokens(sent.span)
    claimed: set[int] = set()
    found: list[_Found] = []
    for trigger, outcome in triggers:
        best = None
        for number in numbers:
            if number.i in claimed:
                continue
            distance = tree_distance(number, trigger)
            if distance > MAX_DISTANCE:
                continue
            # The number must be nearer to this trigger than to any other.
            if any(tree_distance(number, other) < distance for other, _ in triggers if other.i != trigger.i):
                continue
            rank = (distance, abs(number.i - trigger.i))
            if best is None or rank < best[0]:
                best = (rank, number)
        if best is None:
            continue
        number = best[1]
        value, _first, last = figure_at(number)
        if value is None or value != int(value) or value <= 0:
            continue
        if _counted_noun(number).lemma_.lower() in NOT_PEOPLE:
            continue  # "2,000 families were displaced": households are not people
        counted = _counted_noun(number)
        not_people = counted.i != number.i and counted.lemma_.lower() not in PEOPLE
        if trigger.lemma_.lower() == "execute" and not_people:
            continue  # "executed 200 trades": only people are executed to death
        claimed.add(number.i)
        qualifier = qualifier_for("casualty", qualifier_of(number))
        location_tok, location = _location(sent, trigger)
        when_tok, when_text = _when(sent, trigger)
        cause_tok, cause = _cause(trigger)
        found.append(
            _Found(
                trigger,
                [trigger, number, number.doc[last - 1]],
                int(value),
                qualifier,
                outcome,
                {
                    "location": (location_tok, location),
                    "when_text": (when_tok, when_text),
                    "cause": (cause_tok, cause),
                },
            )
        )
    # "Two soldiers were killed and three wounded in the ambush": conjoined counts share
    # the setting that the parse hangs on only one of them.
    for item in found:
        for other in found:
            if other is item or other.trigger not in item.trigger.conjuncts:
                continue
            for name, (setting_token, setting_value) in other.setting.items():
                if item.setting[name][1] is None and setting_value is not None:
                    item.setting[name] = (setting_token, setting_value)
            # "at least 15 died and 30 were hurt": a qualifier in front applies to each
            if item.qualifier == "exact" and other.used[1].i < item.used[1].i:
                item.qualifier = other.qualifier
    for trigger, outcome in triggers:
        found.extend(_single_people(trigger, outcome, sent, claimed))
    found.extend(_subgroups(found, sent, claimed))
    _from_article(found, sent)
    for item in found:
        tokens = [*item.used, *(token for token, _ in item.setting.values())]
        yield Casualty(
            **sent.provenance(tokens, f"casualty.{item.rule}"),
            count=item.count,
            count_qualifier=item.qualifier,
            outcome=item.outcome,
            **{name: value for name, (_, value) in item.setting.items()},
        )


@dataclass
class _Found:
    """A casualty figure read from the sentence, before its quote is cut."""

    trigger: Token
    used: list[Token]
    count: int
    qualifier: str
    outcome: str
    setting: dict[str, tuple[Token | None, str | None]]  # field → (token, value)
    rule: str = "count_near_outcome"


def _from_article(found: list[_Found], sent: Sentence) -> None:
    """Fill a count's missing place and cause from the article: the place and cause of its
    last casualties, else the place it has named most. Kept for the counts that follow."""
    state = sent.state
    event_cause, event_place = state.last_event or (None, None)
    for item in found:
        cause_token, _ = item.setting["cause"]
        # "the toll from the earthquake that struck Myanmar": the event's own place
        unplaced = item.setting["location"][1] is None
        if unplaced and cause_token is not None and (place := _event_place(cause_token, sent)):
            item.setting["location"] = (None, place)
        _, location = item.setting["location"]
        _, cause = item.setting["cause"]
        if location:
            state.last_casualty_place = location
        elif place := state.last_casualty_place or event_place:
            item.setting["location"] = (None, place)
        if cause:
            state.last_cause = cause
        elif cause := state.last_cause or event_cause:
            item.setting["cause"] = (None, cause)


def _note_event(sent: Sentence) -> None:
    """Remember an event named with its place ("the earthquake in Herat", "a Russian attack
    on Kyiv", "the death toll in Kyiv"), for the tolls that follow without either."""
    for noun in sent.tokens:
        lemma = noun.lemma_.lower()
        if noun.pos_ not in ("NOUN", "PROPN") or (lemma not in CAUSE_NOUNS and lemma != "toll"):
            continue
        place = _event_place(noun, sent)
        if place is not None:
            cause = _cause_text(noun) if lemma in CAUSE_NOUNS else None
            previous_cause = sent.state.last_event[0] if sent.state.last_event else None
            sent.state.last_event = (cause or previous_cause, place)
            return


STRIKE_VERBS = frozenset({"strike", "hit", "rock", "jolt", "ravage", "devastate", "batter", "shake"})


def _event_place(noun: Token, sent: Sentence) -> str | None:
    """Where an event noun says it happened: "Afghanistan earthquake", "attack on Kyiv",
    "earthquake that struck Myanmar"."""
    table = sent.state.names.table
    places = [c for c in noun.children if c.dep_ == "compound"]
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("in", "on", "near")):
        places.extend(o for o in prep.children if o.dep_ == "pobj")
    verbs = [c for c in noun.children if c.dep_ in ("relcl", "acl") and c.lemma_.lower() in STRIKE_VERBS]
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in STRIKE_VERBS:
        verbs.append(noun.head)  # "an earthquake struck Nepal"
    for verb in verbs:
        places.extend(o for o in verb.children if o.dep_ == "dobj")
    for token in places:
        ent = entity_at(token)
        if ent is not None and (ent.label_ in ("GPE", "LOC", "FAC") or table.country(ent.text)):
            return re.sub(r"^the\s+", "", ent.text, flags=re.IGNORECASE)
    return None


def _status_place(trigger: Token) -> bool:
    """ "35 wounded in hospitals", "12 injured remain in shelters": a count of people where
    they are now, already counted."""
    nodes = [trigger]
    phrase = trigger.head if trigger.dep_ in ("acl", "amod") else trigger  # "12 injured"
    if phrase.dep_ in ("nsubj", "nsubjpass") and phrase.head.lemma_ in STATUS_VERBS:
        nodes.append(phrase.head)
    return any(
        prep.lower_ == "in" and any(o.lower_ in STATUS_PLACES for o in prep.children)
        for node in nodes
        for prep in node.children
        if prep.dep_ == "prep"
    )


def _setting(sent: Sentence, trigger: Token) -> dict[str, tuple[Token | None, str | None]]:
    return {
        "location": _location(sent, trigger),
        "when_text": _when(sent, trigger),
        "cause": _cause(trigger),
    }


def _single_people(trigger: Token, outcome: str, sent: Sentence, claimed: set[int]) -> list[_Found]:
    """ "Another civilian was wounded", "a 41-year-old man who was injured": one person."""
    candidates = [c for c in trigger.children if c.dep_ in ("nsubjpass", "nsubj", "dobj")]
    if trigger.dep_ in ("relcl", "acl", "amod"):
        candidates.append(trigger.head)
    out: list[_Found] = []
    for noun in candidates:
        if noun.lemma_.lower() not in PERSON_NOUNS or noun.tag_ != "NN":
            continue
        ones = [c for c in noun.children if c.dep_ in ("det", "nummod") and c.lower_ in ONE_WORDS]
        if not ones or any(t.i in claimed for t in (noun, *ones)):
            continue
        if any(t.like_num and t.lower_ != "one" for t in noun.subtree):
            continue  # "a 41-year-old man": a figure in the phrase that is not the count
        claimed.add(noun.i)
        setting = _setting(sent, trigger)
        out.append(_Found(trigger, [trigger, ones[0], noun], 1, "exact", outcome, setting, "one_person"))
    return out


def _subgroups(found: list[_Found], sent: Sentence, claimed: set[int]) -> list[_Found]:
    """ "killed 26 people, including 11 children" / "including a Nepali national": a named
    part of a count is a figure of its own, with the count's outcome and setting."""
    out: list[_Found] = []
    for item in found:
        counted = [t for t in item.used if t.i != item.trigger.i]
        scope = {t.i for t in counted} | {t.head.i for t in counted}
        for prep in sent.tokens:
            if prep.lower_ != "including" or prep.head.i not in scope | {item.trigger.i}:
                continue
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                for member in [obj, *obj.conjuncts]:
                    count = _member_count(member)
                    if count is None or member.i in claimed:
                        continue
                    claimed.add(member.i)
                    # The setting is the whole count's; its words stay out of the subgroup's quote.
                    setting: dict[str, tuple[Token | None, str | None]] = {
                        name: (None, value) for name, (_, value) in item.setting.items()
                    }
                    used = [prep, member]
                    out.append(_Found(item.trigger, used, count, "exact", item.outcome, setting, "subgroup"))
    return out


def _counted_noun(number: Token) -> Token:
    """The noun a figure counts: "families" in "2,000 families", itself when it stands alone."""
    node = number
    while node.dep_ in ("nummod", "quantmod", "compound") and node.head.i != node.i:
        node = node.head
    return node


def _member_count(noun: Token) -> int | None:
    """11 for "11 children", 1 for "a Nepali national"; None for "children"."""
    for child in noun.children:
        if child.dep_ == "nummod" and child.like_num:
            value, _, _ = figure_at(child)
            if value is not None and value == int(value) and value > 0:
                return int(value)
    if noun.tag_ == "NN" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children):
        return 1
    return None


def _victims_among(sent: Sentence) -> Iterator[Casualty]:
    """ "Among the victims were 4 women and 10 children": each listed figure is a death toll."""
    if "among" not in sent.lowers:
        return
    for prep in sent.tokens:
        if prep.lower_ != "among" or prep.dep_ != "prep" or prep.head.lemma_ != "be":
            continue
        if not any(o.lower_ in VICTIM_NOUNS for o in prep.children if o.dep_ == "pobj"):
            continue
        for attr in (c for c in prep.head.children if c.dep_ in ("attr", "nsubj") and c.i > prep.i):
            for member in [attr, *attr.conjuncts]:
                count = _member_count(member)
                if count is None:
                    continue
                yield Casualty(
                    **sent.provenance([prep, member], "casualty.victims_among"),
                    count=count,
                    count_qualifier="exact",
                    outcome="killed",
                    location=None,
                    when_text=None,
                    cause=None,
                )


def _location(sent: Sentence, trigger: Token) -> tuple[Token | None, str | None]:
    table = sent.state.names.table
    best = None
    for ent in sent.span.ents:
        target_of_attack = (
            ent.label_ == "ORG"
            and ent.root.dep_ == "pobj"
            and ent.root.head.lower_ in ("on", "in")
            and ent.root.head.head.lemma_.lower() in CAUSE_NOUNS
        )  # "the attack on Dnipro", where the tagger took the city for an organisation
        is_place = (
            ent.label_ in ("GPE", "LOC", "FAC")
            or (ent.label_ in ("PERSON", "ORG") and table.country(ent.text) is not None)
            or target_of_attack
        )
        named_event = any(t.lower_ in CAUSE_NOUNS for t in ent)  # "Typhoon Doksuri" is no place
        if not is_place or named_event or table.people.get(ent.text.casefold()):
            continue
        head = ent.root
        if head.dep_ != "pobj" or head.head.lower_ not in ("in", "on", "at", "near", "across", "of"):
            continue
        distance = tree_distance(head, trigger)
        if best is None or distance < best[0]:
            best = (distance, head, ent.text.removeprefix("the "))
    if best is None or best[0] > 6:
        return None, None
    text = best[2]
    modifier = [
        c
        for c in best[1].children
        if c.dep_ == "amod"
        and c.lower_
        in (
            "eastern",
            "western",
            "northern",
            "southern",
            "central",
            "northeastern",
            "northwestern",
            "southeastern",
            "southwestern",
        )
    ]
    if modifier:
        text = f"{modifier[0].lower_} {text}"
    return best[1], text


def _when(sent: Sentence, trigger: Token) -> tuple[Token | None, str | None]:
    for ent in sent.span.ents:
        if ent.label_ in ("DATE", "TIME") and tree_distance(ent.root, trigger) <= 4:
            return ent.root, ent.text
    return None, None


def _cause(trigger: Token) -> tuple[Token | None, str | None]:
    candidates: list[Token] = []
    node = trigger
    for _ in range(3):
        candidates.extend(c for c in node.children if c.dep_ in ("nsubj", "nsubjpass", "prep", "agent"))
        if node.head.i == node.i:
            break
        node = node.head
    for cand in candidates:
        nouns = (
            [cand]
            if cand.dep_ != "prep" and cand.dep_ != "agent"
            else [c for c in cand.children if c.dep_ == "pobj"]
        )
        for noun in nouns:
            if noun.lemma_.lower() in CAUSE_NOUNS or noun.lower_ in CAUSE_NOUNS:
                return noun, _cause_text(noun)
    # Failing those, a cause word elsewhere in the sentence, nearest in the parse.
    others = [
        t
        for t in trigger.sent
        if (t.lemma_.lower() in CAUSE_NOUNS or t.lower_ in CAUSE_NOUNS)
        and t.pos_ in ("NOUN", "PROPN")
        and tree_distance(t, trigger) <= 5
    ]
    if others:
        noun = min(others, key=lambda t: (tree_distance(t, trigger), abs(t.i - trigger.i)))
        return noun, _cause_text(noun)
    return None, None


MODIFIER_DEPS = frozenset(
    {"amod", "compound", "nummod", "nmod", "npadvmod", "quantmod", "punct", "cc", "conj"}
)
# Words that judge an event rather than name it ("a devastating earthquake").
EVALUATIVE = frozenset(
    {
        "devastating",
        "deadly",
        "deadliest",
        "powerful",
        "massive",
        "huge",
        "major",
        "strong",
        "strongest",
        "worst",
        "latest",
        "recent",
        "new",
    }
)


def _cause_text(noun: Token) -> str:
    """The event as the text names it: its modifiers, the noun and an "on <target>" phrase
    ("Russian missile and drone attack on Kyiv", "7.7-magnitude earthquake"), verbatim."""
    doc = noun.doc
    ent = entity_at(noun)
    if ent is not None and len(ent) > 1 and ent[0].i == noun.i:
        return ent.text  # a named storm: "Typhoon Doksuri", "Cyclone Chido"
    left = noun.i
    for child in sorted((c for c in noun.lefts), key=lambda c: c.i, reverse=True):
        if child.dep_ in ("det", "poss", "predet") or child.lower_ in EVALUATIVE:
            break
        if child.dep_ in MODIFIER_DEPS:
            left = min(left, child.left_edge.i)
    while left < noun.i and (doc[left].lower_ in EVALUATIVE or doc[left].is_punct or doc[left].dep_ == "det"):
        left += 1
    right = noun.i
    for prep in (c for c in noun.rights if c.dep_ == "prep" and c.lower_ in ("on", "against")):
        right = max(right, prep.right_edge.i)
        break
    return doc[left : right + 1].text


def _is_trailing_setting(token: Token, noun: Token) -> bool:
    """Inside the cause phrase, a place ("in Zaporizhzhia") or a time is setting, not cause."""
    for ancestor in [token, *token.ancestors]:
        if ancestor.i == noun.i:
            return False
        ent = entity_at(ancestor)
        if ent is not None and ent.label_ in ("DATE", "TIME"):
            return True
        if (
            ancestor.dep_ == "prep"
            and ancestor.lower_ in ("in", "near", "at")
            and any(
                (e := entity_at(c)) is not None and e.label_ in ("GPE", "LOC", "FAC")
                for c in ancestor.children
            )
        ):
            return True
    return False
