"""Tariff and duty rates: who imposes them on whom, how much, on what basis, and when."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from factsheet.extraction.offline.context import REPORTING_VERBS, Sentence, clause_chain, modality, subject_of
from factsheet.extraction.offline.numbers_in_parse import tree_distance
from factsheet.extraction.offline.parties import acting_for, entity_at, entity_name, parties_of
from factsheet.extraction.offline.tariff_direction import (
    BEARING_VERBS,
    bearer,
    is_share,
    listed_countries,
    sectoral_goods,
)
from factsheet.kinds import Tariff
from factsheet.parsing.dates import resolve
from factsheet.parsing.numbers import find_percents

TRIGGERS = frozenset(
    {"tariff", "tariffs", "duty", "duties", "levy", "levies", "surtax", "surtaxes", "surcharge", "surcharges"}
)
ADDITIONAL = frozenset(
    {
        "additional",
        "extra",
        "further",
        "increased",
        "another",
        "added",
        "more",
        "higher",
        "new",
        "raise",
        "raised",
        "hike",
        "increase",
    }
)
TOTAL = frozenset(
    {
        "total",
        "overall",
        "combined",
        "cumulative",
        "escalate",
        "escalates",
        "bringing",
        "bring",
        "brings",
        "taking",
        "lift",
        "lifts",
        "raise",
        "raises",
    }
)
THREAT = frozenset(
    {
        "threaten",
        "threatened",
        "threatens",
        "warn",
        "warned",
        "could",
        "would",
        "might",
        "may",
        "if",
        "unless",
        "consider",
        "considering",
        "mull",
    }
)
FUTURE_AUX = frozenset({"will", "would", "could", "may", "might", "shall", "'ll"})
FACING_VERBS = BEARING_VERBS
WEAK_MODALS = frozenset({"would", "may"})
IN_FORCE = frozenset({"effect", "force", "imposed", "levied", "already", "took", "kicked"})
GOODS = frozenset(
    {
        "goods",
        "imports",
        "products",
        "steel",
        "aluminum",
        "aluminium",
        "cars",
        "vehicles",
        "autos",
        "exports",
        "chips",
        "semiconductors",
        "lumber",
        "pharmaceuticals",
        "copper",
        "textiles",
        "electronics",
        "agricultural",
    }
)


_STATE_ORGAN = re.compile(
    r"\b(?:ministry|department|government|customs|authority|authorities|cabinet|tariff commission)\b",
    re.IGNORECASE,
)
# A bloc's executive imposes the bloc's duties: the imposer is the bloc.
# (Canonical names compared whole, not a word list.)
BLOC_BODIES: tuple[tuple[str, str], ...] = (
    ("European Commission", "European Union"),
    ("European Council", "European Union"),
    ("Council of the European Union", "European Union"),
)
SECONDARY_TRIGGERS = frozenset({"rate", "rates", "margin", "margins"})
# "the inflation rate of 3%": a rate that a noun names as something other than a duty.
NOT_DUTY_RATES = frozenset(
    {"inflation", "interest", "unemployment", "growth", "exchange", "tax", "approval", "participation"}
)


def _triggers(sent: Sentence) -> list[Token]:
    """Tariff nouns; and, in a sentence about duties, a rate that carries its own figure
    ("subject to a rate of 12%", "dumping margins of 8 to 11 percent")."""
    primary = [t for t in sent.tokens if t.lower_ in TRIGGERS or t.lemma_.lower() in TRIGGERS]
    dumping = "dumping" in sent.lowers
    if not primary and not dumping:
        return []
    secondary = [
        t
        for t in sent.tokens
        if t.lower_ in SECONDARY_TRIGGERS
        and (dumping or t.lower_.startswith("rate"))
        and not any(c.lower_ in NOT_DUTY_RATES for c in t.children if c.dep_ in ("compound", "amod"))
        and any(d.ent_type_ == "PERCENT" for d in t.subtree if d.i != t.i)
    ]
    return primary + secondary


def find_tariffs(sent: Sentence) -> Iterator[Tariff]:
    if not sent.words & (TRIGGERS | SECONDARY_TRIGGERS):
        return
    triggers = _triggers(sent)
    if not triggers:
        return
    base = sent.span.start_char
    percents = find_percents(sent.span.text)
    if not percents:
        _remember_target(triggers, sent)
        return
    old_rates = _old_rates(sent, percents)
    previous: Tariff | None = None
    for percent in percents:
        anchor = next((t for t in sent.tokens if t.idx >= base + percent.start), None)
        if anchor is None:
            continue
        trigger = min(triggers, key=lambda t: (tree_distance(t, anchor), abs(t.i - anchor.i)))
        rate_node = anchor.head if anchor.dep_ in ("nummod", "quantmod") else anchor
        if is_share(rate_node, triggers):
            continue
        own = rate_node in trigger.subtree or rate_node.i == trigger.head.i
        if previous is not None and not own and (listed := _listed_rate(percent, rate_node, previous, sent)):
            yield from listed
            continue
        # "from 17% to 38%": the parser chains a range's rates; measure from its top.
        top = anchor
        while top.head.ent_type_ == "PERCENT" and top.head.i != top.i:
            top = top.head
        if tree_distance(trigger, top) > 5:
            continue
        rates = [percent.low, percent.high] if percent.high is not None else [percent.value]
        targets, target_tok, rule = _targets(trigger, anchor, sent, rates)
        if not targets:
            continue  # no target the text supports: better missed than guessed
        target = targets[0]
        imposer, imposer_tok = _imposer(trigger, sent)
        if imposer is None:
            imposer, imposer_tok = _agent(trigger, anchor, sent)
        if imposer is None:
            imposer = _possessor(trigger, sent, target)
        if imposer is None:
            imposer = _importer(trigger, anchor, sent)
        if imposer is None:
            imposer = _speaker(trigger, sent, target)
        imposer = dict(BLOC_BODIES).get(imposer or "", imposer)
        organ = imposer is not None and _STATE_ORGAN.search(imposer)
        if organ and not sent.state.names.table.country(imposer or ""):
            # "the Ministry of Commerce", "the customs authority": a state's organ imposes
            # for its state, which a national outlet names only in its dateline or name
            imposer = sent.state.document.home
        if imposer in targets:
            imposer = None  # a country does not tax its own goods: the parse misled us
        # "This raises the total tariff it faces to 50%": a tariff on the target just
        # named, with no imposer of its own, is that same imposer's.
        if imposer is None and target == sent.state.last_tariff_target:
            imposer = sent.state.last_tariff_imposer
        if rule == "rate_sectoral":
            # A national story about its own country's duty names that country only in its
            # dateline; a duty on goods in a story about another country may be on that one.
            imposer = imposer or sent.state.document.home
            if sent.state.document.centres_on_other_than(imposer):
                continue
        if imposer is None:
            imposer = sent.state.document.tariff_imposer(targets)
        if target != sent.state.last_tariff_target or imposer is not None:
            sent.state.last_tariff_imposer = imposer
        sent.state.last_tariff_target = target
        words = _context_words(trigger, anchor)
        basis = (
            "total"
            if words & TOTAL and not words & {"additional", "extra", "further"}
            else ("additional" if words & ADDITIONAL else "new")
        )
        if "total" in words:
            basis = "total"
        if rate_node.dep_ == "pobj" and rate_node.head.lower_ == "by":
            basis = "additional"  # "raised tariffs by 10%": the rise, on top of what was paid
        changed = _changed_to(anchor)
        if changed or percent in old_rates or words & {"current", "currently", "keep", "keeping"}:
            basis = "total"  # "cut to 47% from 57%": both ends are the level paid
        effective, effective_tok = _effective(trigger, sent)
        status = _status(trigger, words, effective, sent)
        if effective is None and status == "announced" and not changed and percent not in old_rates:
            effective = _lead_effective(sent)  # a rate still to come, of the list the lead dated
        if percent in old_rates:
            status = "in_force"  # the rate a change starts from is the one paid now
        elif changed and status == "in_force":
            status = "announced"  # "reducing the current 27.5% tariff to 15%": the new rate is to come
        goods = _goods(trigger, anchor)
        reason, reason_tok = _reason(trigger)
        used = [trigger, anchor, target_tok, imposer_tok, effective_tok, reason_tok]
        if changed or percent in old_rates:
            rule = "rate_moved"
        provenance = sent.provenance(used, f"tariff.{rule}")
        for one_target in targets:
            for rate in rates:
                previous = Tariff(
                    **provenance,
                    imposed_by=imposer,
                    target=one_target,
                    rate_percent=rate,
                    basis=basis,
                    goods=goods,
                    reason=reason,
                    effective=effective,
                    status=status,
                )
                yield previous


def _targets(
    trigger: Token, anchor: Token, sent: Sentence, rates: list[float]
) -> tuple[list[str], Token | None, str]:
    """The countries a tariff targets, the token that names them, and the rule that found them.

    In order: a party that bears the tariff ("Chile will face ..."); the tariff's own
    "on"/"from"/"against" phrase, with every country it lists; the article's headline
    when it states the same rate; the target the article last named; the goods of a
    sectoral duty. A named company that bears a rate takes the article's target.
    """
    bears = bearer(trigger, sent)
    if bears is not None and bears.country is not None:
        return listed_countries(bears.token, bears.country, sent), bears.token, "rate_borne_by"
    target, target_tok = _target(trigger, anchor, sent)
    if target is not None and target_tok is not None:
        named = target_tok if entity_at(target_tok) is not None else _country_token(target_tok, sent)
        listed = listed_countries(named, target, sent) if named is not None else [target]
        return listed, target_tok, "rate_of_trigger"
    headline = sent.state.document.headline_targets(rates)
    if headline:
        return headline, None, "rate_headline_target"
    if sent.state.last_tariff_target is not None:
        return [sent.state.last_tariff_target], None, "rate_target_carried"
    if bears is None and sectoral_goods(_rate_nodes(trigger, anchor), sent) is not None:
        return ["all countries"], None, "rate_sectoral"
    return [], None, "rate_of_trigger"


def _remember_target(triggers: list[Token], sent: Sentence) -> None:
    """ "Peru will impose duties on glass from Chile": a tariff named without a rate still
    tells later sentences ("Acme will face 12%") whose goods the article is about. In the
    lead, "a new wave of tariffs set to begin on May 1" dates the list the article gives."""
    if sent.state.sentences_read < LEAD_SENTENCES and sent.state.document.lead_effective is None:
        effective, _ = _effective(triggers[0], sent)
        if effective is not None:
            sent.state.document.lead_effective = effective
    for trigger in triggers:
        target, _ = _target(trigger, trigger, sent)
        if target is not None and target != "all countries":
            imposer, _ = _imposer(trigger, sent)
            if imposer is None:
                imposer = _possessor(trigger, sent, target)
            sent.state.last_tariff_target = target
            sent.state.last_tariff_imposer = imposer if imposer != target else None
            return


def _country_token(phrase: Token, sent: Sentence) -> Token | None:
    """The token of a phrase that names its country ("imports from [Chile]")."""
    for token in phrase.subtree:
        ent = entity_at(token)
        if ent is not None and ent.root.i == token.i and sent.state.names.table.country(entity_name(ent)):
            return token
    return None


def _changed_to(anchor: Token) -> bool:
    """ "cut to 47%", "reducing ... to 15%": the rate a change arrives at."""
    node = anchor.head if anchor.dep_ in ("nummod", "quantmod") else anchor
    prep = node.head if node.dep_ == "pobj" else None
    return prep is not None and prep.lower_ == "to" and prep.head.lemma_.lower() in CHANGE_VERBS


def _listed_rate(percent, anchor: Token, previous: Tariff, sent: Sentence) -> list[Tariff]:
    """ "a 25% tariff on fentanyl, 25% on automobiles, and 50% on steel": a rate listed
    after a tariff, with its own goods, shares that tariff's parties and state."""
    goods = [
        obj
        for prep in anchor.children
        if prep.dep_ == "prep" and prep.lower_ == "on"
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]
    if not goods or any(t.ent_type_ in ("GPE", "NORP") for g in goods for t in g.subtree):
        return []  # "25% on Canada": a rate on another country is a tariff of its own
    text = " ".join(t.text for t in goods[0].subtree if t.dep_ != "det")
    provenance = sent.provenance([anchor, *goods[0].subtree], "tariff.rate_in_list")
    rates = [percent.low, percent.high] if percent.high is not None else [percent.value]
    fields = previous.model_dump(include={"imposed_by", "target", "basis", "reason", "effective", "status"})
    return [Tariff(**provenance, **fields, rate_percent=rate, goods=text) for rate in rates]


def _old_rates(sent: Sentence, percents: list) -> list:
    """ "raised to 35% from 25%": the rate a change starts from is history, not a tariff.

    Only when a verb of change governs the sentence; "ranging from 10% to 41%" is a range.
    """
    text = sent.span.text
    lemmas = sent.lemmas
    if not lemmas & CHANGE_VERBS or not any(re.search(r"\bto\s*$", text[: p.start]) for p in percents):
        return []
    return [p for p in percents if re.search(r"\bfrom\s*$", text[: p.start])]


IMPOSE_VERBS = frozenset({"impose", "levy", "apply", "slap", "charge", "put", "place"})
PARTNER_NOUNS = frozenset({"partner", "country", "nation", "economy", "exporter"})
CHANGE_VERBS = frozenset(
    {
        "raise",
        "lift",
        "increase",
        "hike",
        "cut",
        "lower",
        "reduce",
        "double",
        "triple",
        "bring",
        "boost",
        "slash",
    }
)


def _context_words(trigger: Token, anchor: Token) -> set[str]:
    words: set[str] = set()
    for node in {trigger, anchor, trigger.head, anchor.head, trigger.head.head}:
        words |= {node.lower_, node.lemma_.lower()}
        words |= {c.lower_ for c in node.children if c.dep_ in ("amod", "advmod", "compound", "aux", "prep")}
    return words


def _rate_nodes(trigger: Token, anchor: Token) -> list[Token]:
    """Where "on <target>" may hang: the tariff noun, its head, or the rate itself
    ("tariffs of 145% on Chinese goods" attaches the preposition to "%")."""
    nodes: list[Token] = []
    # "tariffs ... will be imposed on most trading partners": the verb that imposes them.
    imposing = [a for a in list(trigger.ancestors)[:3] if a.lemma_.lower() in IMPOSE_VERBS]
    for node in (trigger, trigger.head, anchor, anchor.head, *imposing[:1]):
        # ... and on a participle that describes it: "tariffs of 34% imposed by Beijing on ..."
        for candidate in (node, *(c for c in node.children if c.dep_ == "acl")):
            if candidate not in nodes:
                nodes.append(candidate)
    return nodes


def _target(trigger: Token, anchor: Token, sent: Sentence) -> tuple[str | None, Token | None]:
    table = sent.state.names.table
    direct = [prep for node in _rate_nodes(trigger, anchor) for prep in node.children]
    # Failing those, an "on <target>" deeper in the tariff's phrase ("tariffs ranging from
    # 10% to 41% on Thai goods"), nearest first.
    deeper = sorted(
        (t for t in trigger.subtree if t.lower_ in ("on", "against", "for") and t not in direct),
        key=lambda t: tree_distance(t, trigger),
    )
    for prep in [*direct, *deeper]:
        if prep.dep_ != "prep" or prep.lower_ not in ("on", "against", "from", "for"):
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            countries = [p.name for p in parties_of(obj, sent) if p.type in ("country", "place")]
            if countries:
                return countries[0], obj
            if obj.lemma_.lower() in PARTNER_NOUNS and not any(t.ent_type_ for t in obj.subtree):
                # "on most trading partners", "on all countries": the targets as the text names them
                return " ".join(t.text for t in obj.subtree if t.lower_ not in ("the", "its", "their")), obj
            found = []
            for sub in obj.subtree:
                ent = entity_at(sub)
                if (
                    ent is not None
                    and ent.label_ in ("GPE", "NORP", "ORG")
                    and (c := table.country(ent.text))
                    and not _destination(sub, obj)
                ):
                    found.append((c, sub))
            if found:
                # "goods imported into the United States from Japan": the origin is the target
                origin = [f for f in found if _under_prep(f[1], obj, "from")]
                return (origin or found)[0]
            if prep.lower_ in ("on", "against") and any(
                c.dep_ in ("det", "predet", "amod") and c.lower_ in EVERY for c in obj.children
            ):
                return "all countries", obj  # "on all copper imports": a sectoral tariff
    # A country in front of the noun ("US tariffs", "China's duties") is the imposer, not
    # the target: see _possessor.
    return None, None


EVERY = frozenset({"all", "every", "any"})


def _under_prep(token: Token, top: Token, word: str) -> bool:
    """Whether `token` hangs below a `word` preposition inside the phrase headed by `top`."""
    for ancestor in token.ancestors:
        if ancestor.i == top.i:
            return False
        if ancestor.dep_ == "prep" and ancestor.lower_ == word:
            return True
    return False


def _destination(token: Token, top: Token) -> bool:
    """ "imported into the United States": where goods go is who taxes them, not the target."""
    return _under_prep(token, top, "into") or _under_prep(token, top, "to")


def _importer(trigger: Token, anchor: Token, sent: Sentence) -> str | None:
    """ "a 25% tariff on goods imported into the United States": the country goods enter."""
    table = sent.state.names.table
    for node in _rate_nodes(trigger, anchor):
        for prep in (c for c in node.children if c.dep_ == "prep" and c.lower_ == "on"):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                for sub in obj.subtree:
                    ent = entity_at(sub)
                    if ent is not None and _under_prep(sub, obj, "into") and (c := table.country(ent.text)):
                        return c
    return None


def _agent(trigger: Token, anchor: Token, sent: Sentence) -> tuple[str | None, Token | None]:
    """ "a 40% tariff by the United States", "tariffs imposed by Beijing"."""
    for node in (*_rate_nodes(trigger, anchor), trigger.head.head):
        for agent in (
            c for c in node.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")
        ):
            for obj in (c for c in agent.children if c.dep_ == "pobj"):
                for party in parties_of(obj, sent):
                    return acting_for(party, sent), obj
    return None, None


def _imposer(trigger: Token, sent: Sentence) -> tuple[str | None, Token | None]:
    table = sent.state.names.table
    node = trigger
    for _ in range(4):
        if node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in FACING_VERBS:
            break  # its subject is the target, and whoever imposes is not in this clause
        if node.pos_ in ("VERB", "AUX"):
            for subj in subject_of(node):
                for party in parties_of(subj, sent):
                    return acting_for(party, sent), subj
                if subj.lower_ == "administration":
                    for mod in subj.children:
                        if c := table.country(mod.text):
                            return c, subj
        if node.head.i == node.i:
            break
        if node.dep_ in ("ccomp", "parataxis") and node.head.lemma_.lower() in REPORTING_VERBS:
            break  # whoever reports it is not thereby its imposer: see _speaker
        node = node.head
    return None, None


def _speaker(trigger: Token, sent: Sentence, target: str | None) -> str | None:
    """ "Mexico will face a 30% tariff ..., Trump warned": a head of government (or a
    country) announcing or threatening a tariff on someone else is its imposer."""
    table = sent.state.names.table
    path: list[Token] = []
    for ancestor in trigger.ancestors:
        if ancestor.lemma_.lower() not in REPORTING_VERBS | {"warn", "threaten", "vow", "pledge"}:
            path.append(ancestor)
            continue
        # Only a tariff still to come is the speaker's own: "..., Macron said" after "the 20%
        # tariff on EU goods is unfair" is a complaint, not an imposition.
        future = any(c.lower_ in FUTURE_AUX for node in path for c in node.children if c.dep_ == "aux")
        if not future and ancestor.lemma_.lower() not in ("warn", "threaten", "announce"):
            return None
        for subj in subject_of(ancestor):
            for party in parties_of(subj, sent):
                name = table.country_led_by(party.name) if party.type == "person" else party.name
                if name and name != target and party.type != "place":
                    return name
        return None
    return None


def _possessor(trigger: Token, sent: Sentence, target: str | None) -> str | None:
    """ "The EU's levy", "US tariffs on Chinese goods": the owner of the tariff imposes it."""
    table = sent.state.names.table
    for child in trigger.children:
        if child.dep_ not in ("poss", "compound", "amod") or child.i > trigger.i:
            continue
        for party in parties_of(child, sent):
            name = acting_for(party, sent)
            if party.type != "place" and name != target:
                return name
        ent = entity_at(child)
        if ent is not None and ent.label_ in ("GPE", "NORP", "ORG"):
            name = table.country(entity_name(ent))
            if name and name != target:
                return name
    return None


LEAD_SENTENCES = 3


def _lead_effective(sent: Sentence):
    """The start date the lead gave the article's list of tariffs, for a rate still to come."""
    lead = sent.state.document.lead_effective
    published = sent.state.published
    if lead is None or published is None or lead <= published:
        return None
    return lead


def _effective(trigger: Token, sent: Sentence) -> tuple[object, Token | None]:
    for token in sent.tokens:
        if (
            token.lower_ in ("effective", "from", "starting", "beginning")
            or (token.lower_ == "effect" and token.head.lemma_ == "take")
            or (token.pos_ == "VERB" and token.lemma_ in ("begin", "start"))
        ):
            for ent in sent.span.ents:
                if ent.label_ == "DATE" and 0 < ent.start - token.i <= 3:
                    # "took effect on Monday" is the Monday just gone; "from Friday" the next.
                    past = token.head.tag_ == "VBD" or (token.lower_ == "effect" and token.head.tag_ == "VBD")
                    return resolve(ent.text, sent.state.published, "past" if past else "future"), ent.root
    return None, None


def _status(trigger: Token, words: set[str], effective, sent: Sentence) -> str:
    """threatened / announced / in_force.

    A threat word or condition ("threatened", "could", "unless") wins; then a future
    start date makes it announced, even in reported speech ("said it would impose ...
    from April 2", where "would" is only the backshifted "will"); a bare modal or a
    proposal is a threat.
    """
    lowers = sent.lowers
    if words & (THREAT - WEAK_MODALS) or lowers & {"threatened", "threatens", "threaten"}:
        return "threatened"
    if effective is not None and sent.state.published and effective > sent.state.published:
        return "announced"
    chain = clause_chain(trigger, limit=4)
    lemmas = {t.lemma_.lower() for t in chain} | {
        c.lower_ for t in chain for c in t.children if c.dep_ in ("amod", "advmod")
    }
    if lemmas & CONTINUING:
        return "in_force"  # "will continue to pay", "keeping the tariff at 30%", "the current rate"
    if any(t.lemma_.lower() in IMPOSING and _past(t) for t in chain):
        return "in_force"  # "slapped a 25 percent tariff", "had imposed"
    conditional = bool(lowers & {"if", "unless"})
    modals = WEAK_MODALS if conditional else WEAK_MODALS - {"would"}  # "would" reports a "will"
    if words & modals or (modality(trigger) == "proposed" and (conditional or "would" not in words)):
        return "threatened"
    if _IN_FORCE.search(sent.text):
        return "in_force"
    return "announced"


CONTINUING = frozenset({"continue", "keep", "maintain", "remain", "current", "currently", "already", "still"})
IMPOSING = frozenset({"impose", "slap", "levy", "apply", "put", "introduce", "hit", "place"})


def _past(verb: Token) -> bool:
    """A verb that says something already happened: "imposed", "has imposed"."""
    if verb.tag_ == "VBD":
        return True
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return verb.tag_ == "VBN" and bool(aux & {"has", "have", "had", "was", "were"})


_IN_FORCE = re.compile(
    r"\b(?:took|takes|take|went|go|goes|came|come|comes) (?:into |in )?(?:effect|force)\b"
    r"|\b(?:is|are|was|were|remains?|already|now|been|stay|stays) in (?:effect|force|place)\b",
    re.IGNORECASE,
)


NOT_GOODS_ENTITIES = ("GPE", "ORG", "PERSON", "DATE", "TIME")
REASON_OBJECTS = frozenset({"fentanyl", "drugs", "migration", "immigration", "migrants"})


def _goods(trigger: Token, anchor: Token) -> str | None:
    """What a rate applies to: the object of its own "on" phrase, as the text words it
    ("garden chairs and patio tables", "steel imports"), without determiners or a
    clause set off by a comma; never a country alone ("on Chile" names a target)."""
    for prep in (c for node in _rate_nodes(trigger, anchor) for c in node.children):
        if prep.dep_ != "prep" or prep.lower_ != "on":
            continue
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            if obj.ent_type_ in NOT_GOODS_ENTITIES or obj.lemma_.lower() in PARTNER_NOUNS:
                continue  # "on Chile", "on July 30": a target or a date, not goods
            if obj.lower_ in REASON_OBJECTS:
                continue  # "a tariff on fentanyl" taxes goods over a grievance, not the drug
            words: list[Token] = []
            for t in obj.subtree:
                if t.i > obj.i and t.text in (",", ";", "(", "—"):
                    break  # "on Indian goods, which ...": the clause says more than what is taxed
                if t.dep_ not in ("det", "predet"):
                    words.append(t)
            text = "".join(t.text_with_ws for t in words).strip()
            if text:
                return text
    return None


def _reason(trigger: Token) -> tuple[str | None, Token | None]:
    for node in (trigger, trigger.head):
        for prep in node.children:
            if prep.dep_ == "prep" and prep.lower_ in ("for", "over") and prep.i > trigger.i:
                objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
                if objs:
                    text = " ".join(t.text for t in objs[0].subtree)
                    return text, objs[0]
    return None, None
