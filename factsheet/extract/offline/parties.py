"""Who a noun phrase names: a person, a country, a group, or the holder of an office.

"the president of the United Arab Emirates" on 2025-08-07 is Mohamed bin Zayed Al
Nahyan; "Ukraine's European allies" are "European leaders"; "he" is the last person
the article spoke of. Everything comes out in canonical form.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from factsheet.extract.offline.context import PERSON_PRONOUNS, Sentence, expand

OFFICE_WORDS = {
    "president": "president",
    "leader": None,
    "leaders": None,
    "chancellor": "chancellor",
    "premier": "prime minister",
    "minister": "prime minister",
    "secretary": "secretary general",
    "chief": "secretary general",
    "head": None,
}
GROUP_NOUNS = frozenset({"leaders", "allies", "counterparts", "partners", "leader", "ally"})


def entity_at(token: Token) -> Span | None:
    if not token.ent_type_:
        return None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def parties_of(token: Token, sent: Sentence) -> list[str]:
    """Canonical parties named by the phrase headed by `token` (with its appositions)."""
    names = sent.state.names
    table = names.table
    appos = [c for c in token.children if c.dep_ == "appos"]
    for a in appos:
        if (ent := entity_at(a)) is not None and ent.label_ == "PERSON":
            return [names.person(ent.text)]
    ent = entity_at(token)
    if ent is not None:
        if ent.label_ == "PERSON":
            return [names.person(ent.text)]
        if ent.label_ in ("GPE", "NORP", "LOC", "ORG", "FAC"):
            text = ent.text
            if group := table.group(text):
                return [group]
            if token.lower_ in GROUP_NOUNS or token.lower_ in OFFICE_WORDS:
                return _office_or_group(token, sent)
            country = table.country(text) or table.country(text.removeprefix("the ").strip())
            if country:
                return [country]
            if ent.label_ == "GPE":
                return [text.removeprefix("the ")]
            return []
    lower = token.lower_
    if lower in PERSON_PRONOUNS:
        return [sent.state.last_person] if sent.state.last_person else []
    if lower in GROUP_NOUNS or lower in OFFICE_WORDS or lower in ("presidents", "leaders"):
        return _office_or_group(token, sent)
    if token.pos_ == "PROPN":
        phrase = " ".join(t.text for t in token.subtree if t.pos_ == "PROPN")
        if group := table.group(phrase):
            return [group]
        if country := table.country(phrase):
            return [country]
        if names.is_known_person(phrase):
            return [names.person(phrase)]
    return []


def _office_or_group(token: Token, sent: Sentence) -> list[str]:
    names = sent.state.names
    table = names.table
    modifiers = [c for c in token.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
    modifier_text = " ".join(m.text for m in modifiers)
    if token.lower_ in GROUP_NOUNS and any(m.lower_ in ("european", "eu", "europe") for m in modifiers):
        return ["European leaders"]
    countries: list[str] = []
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            for item in expand(obj):
                ent = entity_at(item)
                text = ent.text if ent is not None else item.text
                if country := table.country(text) or table.country(text.removeprefix("the ")):
                    countries.append(country)
                elif text.lower() in ("the european commission", "european commission"):
                    countries.append("European Commission")
                elif text.upper() == "NATO":
                    countries.append("NATO")
    for m in modifiers:
        ent = entity_at(m)
        text = ent.text if ent is not None else m.text
        if country := table.country(text.removesuffix("'s").removesuffix("’s")):
            countries.append(country)
        elif m.text.upper() == "NATO":
            countries.append("NATO")
        elif m.lower_ == "commission" or "commission" in modifier_text.lower():
            countries.append("European Commission")
    office = OFFICE_WORDS.get(token.lower_.rstrip("s"))
    if token.lower_ in ("leaders", "presidents"):
        office = None if token.lower_ == "leaders" else "president"
    holders: list[str] = []
    for country in dict.fromkeys(countries):
        holder = table.office_holder(country, office, sent.state.published)
        if holder is None and office is not None:
            holder = table.office_holder(country, None, sent.state.published)
        if holder:
            holders.append(holder)
    return holders
