"""People killed, injured, displaced or missing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from factsheet.extract.offline.context import Sentence
from factsheet.extract.offline.numbers_in_parse import (
    figure_at,
    number_tokens,
    qualifier_of,
    tree_distance,
)
from factsheet.extract.offline.parties import entity_at
from factsheet.models import Casualty, qualifier_for

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
        "uprooted",
    },
    "missing": {"missing", "unaccounted"},
}
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
MAX_DISTANCE = 3


def outcome_of(token: Token) -> str | None:
    for outcome, words in OUTCOMES.items():
        if token.lower_ in words or token.lemma_.lower() in words:
            if outcome == "injured" and token.lower_ == "casualties":
                return None  # "civilian casualties" gives no outcome we can type
            return outcome
    return None


def find_casualties(sent: Sentence) -> Iterator[Casualty]:
    triggers = [(t, o) for t in sent.span if (o := outcome_of(t))]
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
            for name, (token, value) in other.setting.items():
                if item.setting[name][1] is None and value is not None:
                    item.setting[name] = (token, value)
    for item in found:
        tokens = [*item.used, *(token for token, _ in item.setting.values())]
        yield Casualty(
            **sent.provenance(tokens, "casualty.count_near_outcome"),
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
        if not is_place or table.people.get(ent.text.casefold()):
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
                tokens = [t for t in noun.subtree if t.dep_ != "det" or t.head.i != noun.i]
                # Drop a trailing "in <place>" / time phrase: the cause is the event itself.
                cut = [t for t in tokens if not _is_trailing_setting(t, noun)]
                text = " ".join(t.text for t in cut).replace(" ,", ",")
                return noun, text.strip(" ,") or None
    return None, None


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
