"""Money or materiel given, sold, pledged or lent."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from factsheet.extraction.offline.context import Sentence, expand, modality, subject_of
from factsheet.extraction.offline.numbers_in_parse import tree_distance
from factsheet.extraction.offline.parties import entity_at, entity_name, parties_of
from factsheet.kinds import Aid
from factsheet.models import qualifier_for
from factsheet.parsing.numbers import Money, find_money

TRIGGERS = {
    "sale": {"sale", "sales", "sell", "sold", "purchase", "purchases", "buy", "bought", "arms"},
    "loan": {"loan", "loans", "lend", "lent", "credit", "credits", "lending", "bailout"},
    "donation": {
        "donation",
        "donations",
        "donate",
        "donated",
        "gift",
        "grant",
        "grants",
        "give",
        "gave",
        "given",
    },
    "pledge": {"pledge", "pledged", "pledges", "promise", "promised", "commit", "committed", "commitment"},
    "package": {
        "package",
        "aid",
        "assistance",
        "support",
        "tranche",
        "funding",
        "fund",
        "funds",
        "financing",
        "relief",
        "provide",
        "provided",
        "send",
        "sent",
        "allocate",
        "allocated",
        "contribution",
        "contribute",
        "approve",
        "approved",
        "disburse",
        "disbursement",
        "release",
        "finance",
        "financed",
    },
}
ALL_TRIGGERS = frozenset().union(*TRIGGERS.values())
NOT_AID = frozenset(
    {
        "stock",
        "stocks",
        "shares",
        "revenue",
        "revenues",
        "profit",
        "profits",
        "market",
        "gdp",
        "valued",
        "valuation",
        "cost",
        "costs",
        "price",
        "prices",
        "spent",
        "spend",
        "earn",
        "earned",
        "salary",
        "fine",
        "fined",
        "damages",
        "bail",
        "ransom",
        "budget",
        "deficit",
        "debt",
        "exports",
        "imports",
        "trade",
        "investment",
        "invest",
        "bonus",
    }
)
STATUS_WORDS = [
    (
        "approved",
        {
            "approve",
            "approved",
            "authorize",
            "authorized",
            "authorise",
            "clear",
            "cleared",
            "sign",
            "signed",
            "pass",
            "passed",
        },
    ),
    (
        "delivered",
        {
            "deliver",
            "delivered",
            "send",
            "sent",
            "provide",
            "provided",
            "ship",
            "shipped",
            "disburse",
            "disbursed",
            "transfer",
            "transferred",
            "gave",
            "give",
        },
    ),
    (
        "proposed",
        {
            "propose",
            "proposed",
            "request",
            "requested",
            "seek",
            "ask",
            "asked",
            "consider",
            "considering",
            "could",
            "would",
            "might",
            "may",
            "offer",
            "plan",
            "plans",
        },
    ),
    (
        "pledged",
        {
            "pledge",
            "pledged",
            "promise",
            "promised",
            "commit",
            "committed",
            "will",
            "total",
            "announce",
            "announced",
        },
    ),
]


def find_aid(sent: Sentence) -> Iterator[Aid]:
    # "may" only as a modal: the month "May" says nothing about the status.
    if not sent.words & ALL_TRIGGERS:
        return
    lowers = {t.lower_ for t in sent.tokens if t.lower_ != "may" or t.tag_ == "MD"}
    lowers |= {t.lemma_.lower() for t in sent.tokens if t.lower_ != "may"}
    if not lowers & ALL_TRIGGERS:
        return
    blockers = _not_aid_words(sent, lowers)
    sentence_text = sent.span.text
    base = sent.span.start_char
    sums = find_money(sentence_text)
    for index, money in enumerate(sums):
        if _bracketed_equivalent(sentence_text, money.start) or _restated(sentence_text, sums[:index], money):
            continue  # "£120 million ($158 million)": the same sum restated in dollars
        anchor = _token_at(sent, base + money.start)
        if anchor is None or _valuation(anchor):
            continue
        nearby = _triggers_near(sent, anchor)
        if not nearby:
            continue
        trigger = min(nearby, key=lambda t: tree_distance(t, anchor))
        if any(tree_distance(b, anchor) <= tree_distance(trigger, anchor) for b in blockers):
            continue  # "trade worth $5 billion": the sum belongs to a word that is not aid
        form = next(
            (
                f
                for f, words in TRIGGERS.items()
                if trigger.lower_ in words or trigger.lemma_.lower() in words
            ),
            "package",
        )
        form = _form_from_sentence(lowers, form)
        verb = _governing_verb(anchor)
        donors, donor_tok = _donors(verb, sent)
        recipient, recipient_tok = _recipient(anchor, nearby, verb, sent)
        if recipient is not None:
            sent.state.last_aid_recipient = recipient
        else:
            # "Norway will add NOK 1 billion": the beneficiary the article already named
            recipient = sent.state.last_aid_recipient
        status = _status(verb, lowers)
        if form == "package" and status == "pledged" and trigger.lemma_.lower() != "package":
            form = "pledge"  # "announced £40 million in aid", "will allocate €5 million"
        donors = [_government(d, sent) for d in donors]
        purpose, purpose_tok = _purpose(anchor, verb)
        used = [
            anchor,
            trigger,
            donor_tok,
            recipient_tok,
            purpose_tok,
            anchor.doc[min(len(anchor.doc) - 1, anchor.i + 2)],
        ]
        provenance = sent.provenance(used, "aid.sum_near_trigger")
        yield Aid(
            **provenance,
            donor=", ".join(donors) if donors else None,
            recipient=recipient,
            amount=money.amount,
            currency=money.currency,
            amount_qualifier=_estimated(sentence_text, money) or qualifier_for("aid", money.qualifier),
            form=form,
            purpose=purpose,
            status=status,
        )


def _not_aid_words(sent: Sentence, lowers: set[str]) -> list[Token]:
    """Words that claim a sum for something other than aid (costs, trade, budgets). They
    veto a sum they are nearer to than any aid word; the cost of an arms sale is its price."""
    selling = bool(lowers & TRIGGERS["sale"])
    return [
        t
        for t in sent.tokens
        if (t.lower_ in NOT_AID or t.lemma_.lower() in NOT_AID)
        and not (selling and t.lemma_.lower() in ("cost", "price", "value", "valued"))
    ]


def _valuation(anchor: Token) -> bool:
    """ "The startup is now worth $300 million": what something is worth is no gift."""
    return any(a.lower_ == "worth" and a.head.lemma_ == "be" for a in list(anchor.ancestors)[:4])


def _bracketed_equivalent(text: str, start: int) -> bool:
    """A sum opening a bracket right after another sum is its conversion, not a second sum."""
    before = text[:start].rstrip()
    if not before.endswith(("(", "[")):
        return False
    return bool(find_money(before[:-1].rstrip()[-40:]))


# Words that may stand between a sum and the same sum in another currency.
_RESTATING = re.compile(
    r"^[\s,(\[–—-]*(?:or|i\.e\.|that is)?\s*(?:about|around|roughly|some|nearly|almost|approximately|"
    r"approx\.|over|more than|the equivalent of|equivalent to|worth)?\s*$",
    re.IGNORECASE,
)


def _restated(text: str, earlier: list[Money], money: Money) -> bool:
    """ "€10 million, or about $11 million", "10 million euros (roughly $11 million)": a sum
    right after one in another currency, joined only by such words, restates it."""
    if not earlier:
        return False
    before = earlier[-1]
    gap = text[before.end : money.start]
    return before.currency != money.currency and len(gap) <= 30 and bool(_RESTATING.match(gap))


def _estimated(text: str, money: Money) -> str | None:
    """ "an estimated cost of $2 billion", "estimated at $2 billion": an estimate is "about"."""
    if money.qualifier == "exact" and re.search(r"\bestimated\b[^.;]{0,20}$", text[: money.start]):
        return "about"
    return None


def _token_at(sent: Sentence, char: int) -> Token | None:
    for token in sent.tokens:
        if token.idx <= char < token.idx + len(token.text) or token.idx >= char:
            # the number token of "$200 million" is the one after "$"
            if token.text in ("$", "€", "£", "US$") and token.i + 1 < sent.span.end:
                return token.doc[token.i + 1]
            return token
    return None


def _triggers_near(sent: Sentence, anchor: Token) -> list[Token]:
    """Aid words within five dependency steps of the sum ("the sale of F-16 parts worth
    $1.5 billion"), in reading order."""
    return [
        t
        for t in sent.tokens
        if (t.lower_ in ALL_TRIGGERS or t.lemma_.lower() in ALL_TRIGGERS) and tree_distance(t, anchor) <= 5
    ]


def _form_from_sentence(lowers: set[str], form: str) -> str:
    for candidate in ("sale", "loan", "donation", "pledge"):
        if lowers & TRIGGERS[candidate]:
            return candidate
    return form


def _governing_verb(token: Token) -> Token:
    node = token
    for _ in range(5):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return node


def _donors(verb: Token, sent: Sentence) -> tuple[list[str], Token | None]:
    subjects = subject_of(verb)
    donors: list[str] = []
    first = None
    for subj in subjects:
        owners = [c for c in subj.children if c.dep_ == "poss"]
        # "Germany's development ministry": the state gives, through its ministry.
        ministry = subj.lemma_.lower() in GOVERNMENT_WORDS and any(
            p.type == "country" for o in owners for p in parties_of(o, sent)
        )
        candidates = owners if ministry else [subj, *owners]
        for cand in candidates:
            if cand.lower_ in ("their", "they", "them"):
                if sent.state.last_countries:
                    donors.extend(sent.state.last_countries)
                    first = first or cand
                continue
            found = [p.name for p in parties_of(cand, sent)] or _organisation(cand)
            for name in found:
                donors.append(sent.state.names.table.country_led_by(name) or name)
            if found:
                first = first or cand
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "from":
            for obj in prep.children:
                for item in expand(obj):
                    donors.extend(p.name for p in parties_of(item, sent))
                    first = first or item
    return list(dict.fromkeys(donors)), first


def _recipient(
    anchor: Token, triggers: list[Token], verb: Token, sent: Sentence
) -> tuple[str | None, Token | None]:
    # "to Ukraine" may hang on the sum, the noun it counts, the verb, or an aid word near
    # the sum ("€500m in military aid to Ukraine", "a 50 billion euro facility for Ukraine").
    nodes = [anchor, anchor.head, _counted_noun(anchor), verb, *triggers]
    nodes += [c for c in anchor.children if c.dep_ == "prep"]
    for node in nodes:
        for prep in [node, *node.children]:
            if prep.dep_ not in ("prep", "dative") or prep.lower_ not in ("to", "for"):
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                for sub in (obj, *obj.subtree):
                    if entity_at(sub) is None:
                        continue
                    found = [p for p in parties_of(sub, sent) if p.type != "person"]
                    if found:
                        return found[0].name, sub
    return None, None


def _counted_noun(anchor: Token) -> Token:
    """The noun a sum qualifies: "facility" in "a 50 billion euro facility"."""
    node = anchor
    for _ in range(4):
        if node.dep_ not in ("compound", "nummod", "quantmod", "nmod") or node.head.i == node.i:
            break
        node = node.head
    return node


def _organisation(token: Token) -> list[str]:
    """An institution the name table does not know ("the World Bank") still gives aid."""
    ent = entity_at(token)
    if ent is None or ent.label_ != "ORG":
        return []
    return [entity_name(ent)]


FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "to"})
# What a verb of giving means when it is still to come: "will send" is a pledge.
NOT_YET = {"delivered": "pledged", "approved": "proposed"}


def _status(verb: Token, lowers: set[str]) -> str:
    own_aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    words = {verb.lower_, verb.lemma_.lower()} | own_aux
    for status, vocabulary in STATUS_WORDS:
        if words & vocabulary:
            return NOT_YET.get(status, status) if own_aux & FUTURE_AUX else status
    if modality(verb) in ("scheduled", "proposed"):
        return "pledged"
    for status, vocabulary in STATUS_WORDS:
        if lowers & vocabulary:
            return status
    return "approved"


def _purpose(anchor: Token, verb: Token) -> tuple[str | None, Token | None]:
    for node in (verb, *verb.conjuncts):
        for child in node.children:
            target = child
            if child.dep_ == "xcomp" or child.lemma_ == "use":
                target = child
            for prep in [c for c in target.subtree if c.dep_ == "prep" and c.lower_ == "for"]:
                objs = [c for c in prep.children if c.dep_ == "pobj"]
                if objs and entity_at(objs[0]) is None:
                    obj = objs[0]
                    tokens = [t for t in obj.subtree if not (t.dep_ == "det" and t.head.i == obj.i)]
                    return " ".join(t.text for t in tokens).replace(" ,", ","), obj
    return None, None


# A ministry or department acts for its state: "the US State Department" gives as the United States.
GOVERNMENT_WORDS = frozenset({"department", "ministry", "government", "administration", "treasury", "office"})


def _government(name: str, sent: Sentence) -> str:
    words = name.replace(".", "").split()
    if len(words) < 2 or not {w.lower() for w in words} & GOVERNMENT_WORDS:
        return name
    table = sent.state.names.table
    for size in (2, 1):
        country = table.country(" ".join(words[:size])) or table.country(name.split()[0])
        if country:
            return country
    return name
