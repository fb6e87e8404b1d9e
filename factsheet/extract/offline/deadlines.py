"""Deadlines: a date by which something must happen, or after which a consequence follows."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from factsheet.extract.offline.context import REPORTING_VERBS, Sentence, subject_of
from factsheet.extract.offline.parties import entity_at, parties_of
from factsheet.models import Deadline
from factsheet.parsing.dates import resolve

DEADLINE_NOUNS = frozenset({"deadline", "ultimatum", "cutoff", "cut-off"})
DATE_PREPS = frozenset({"by", "before", "until", "till", "from", "within", "no later than"})
EXPIRY_VERBS = frozenset({"expire", "lapse", "end", "run"})
CONDITION_WORDS = frozenset(
    {
        "unless",
        "if",
        "must",
        "otherwise",
        "face",
        "faces",
        "ultimatum",
        "sanctions",
        "or",
        "expire",
        "expires",
        "threatened",
        "threatens",
        "demand",
        "demanded",
        "required",
        "has",
    }
)


def find_deadlines(sent: Sentence) -> Iterator[Deadline]:
    lowers = {t.lower_ for t in sent.span}
    for token in sent.span:
        if token.lower_ in DEADLINE_NOUNS or token.lemma_.lower() in DEADLINE_NOUNS:
            yield from _from_noun(token, sent)
    yield from _granted_time(sent)
    if not lowers & CONDITION_WORDS:
        return
    if lowers & DEADLINE_NOUNS:
        return  # already reported from the noun
    for ent in sent.span.ents:
        if ent.label_ != "DATE":
            continue
        prep = ent.root.head if ent.root.dep_ == "pobj" else None
        before = ent.doc[ent.start - 1] if ent.start > sent.span.start else None
        marker = (
            prep
            if prep is not None and prep.lower_ in DATE_PREPS
            else (before if before is not None and before.lower_ in DATE_PREPS else None)
        )
        if marker is None and prep is not None and prep.lower_ == "on" and prep.head.lemma_ in EXPIRY_VERBS:
            marker = prep  # "the truce expires on March 10"
        if marker is None:
            continue
        due_text = f"{marker.text} {ent.text}"
        # "within 30 days" counts from publication; other markers take the date as named.
        due = resolve(due_text if marker.lower_ == "within" else ent.text, sent.state.published, "future")
        if due is None:
            continue
        if sent.state.published and due < sent.state.published:
            continue
        yield _deadline(sent, [marker, *ent], due, due_text, marker, rule="date_after_marker")


def _granted_time(sent: Sentence) -> Iterator[Deadline]:
    """ "Trump gave Putin 50 days to reach a deal": time granted for something to happen,
    counted from publication."""
    for ent in sent.span.ents:
        root = ent.root
        if ent.label_ != "DATE" or root.dep_ != "dobj" or root.head.lemma_.lower() not in GRANT_VERBS:
            continue
        if not any(c.dep_ in ("relcl", "acl", "xcomp") for c in root.children):
            continue  # "gave two days of testimony": no task, no deadline
        granted = sent.span.doc[root.head.i : root.i + 2].text  # "gave Putin 50 days to"
        due = resolve(granted, sent.state.published, "future")
        if due is None:
            continue
        yield _deadline(sent, [*ent, root.head], due, ent.text, root.head, rule="granted_time", keep_dates=True)


GRANT_VERBS = frozenset({"give", "grant", "allow"})


def _from_noun(noun: Token, sent: Sentence) -> Iterator[Deadline]:
    date_ent = _attached_date(noun)
    if date_ent is not None:
        due = resolve(date_ent.text, sent.state.published, "future")
        due_text = date_ent.text
        tokens = [noun, *date_ent]
    else:
        due = None
        mods = [t for t in noun.lefts if t.dep_ in ("amod", "compound", "nmod")]
        due_text = " ".join(t.text for t in [*mods, noun])
        tokens = [noun]
    yield _deadline(sent, tokens, due, due_text, noun, rule="deadline_noun")


def _attached_date(noun: Token) -> Span | None:
    candidates = list(noun.children)
    for child in noun.children:
        if child.dep_ == "prep":
            candidates.extend(child.children)
    head = noun.head
    if head.lemma_ in ("expire", "fall", "pass", "loom", "arrive", "set") or head.dep_ == "ROOT":
        candidates.extend(c for c in head.children if c.i != noun.i)
        for child in head.children:
            if child.dep_ == "prep":
                candidates.extend(child.children)
    for cand in candidates:
        ent = entity_at(cand)
        if ent is not None and ent.label_ == "DATE":
            return ent
    return None


def _deadline(
    sent: Sentence,
    tokens: list[Token],
    due,
    due_text: str,
    anchor: Token,
    *,
    rule: str,
    keep_dates: bool = False,
) -> Deadline:
    set_by, setter_tok = _setter(anchor, sent)
    used = [*tokens] + ([setter_tok] if setter_tok is not None else [])
    clause = _clause_head(anchor)
    used.append(clause)
    provenance = sent.provenance(used, f"deadline.{rule}")
    dates = [] if keep_dates else [t for t in tokens if t.ent_type_ == "DATE" or t.lower_ in DATE_PREPS]
    subject = _subject_text(clause, dates)
    return Deadline(
        **provenance,
        subject=subject or provenance["quote"],
        set_by=set_by,
        due=due,
        due_text=due_text,
    )


def _clause_head(token: Token) -> Token:
    """The main clause the deadline sits in, below any reporting verb ("Trump said ...")."""
    node = token
    clause = token
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") and node.dep_ in ("ROOT", "ccomp", "conj", "advcl"):
            clause = node
        head = node.head
        if head.i == node.i or (head.lemma_.lower() in REPORTING_VERBS and node.dep_ == "ccomp"):
            break
        node = head
    return clause


def _setter(anchor: Token, sent: Sentence) -> tuple[str | None, Token | None]:
    for child in anchor.children:
        if child.dep_ == "poss":
            found = parties_of(child, sent)
            if found:
                return found[0].name, child
    node = anchor
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX"):
            for subj in subject_of(node):
                people = [p.name for p in parties_of(subj, sent) if p.is_actor]
                if people:
                    return people[0], subj
        if node.head.i == node.i:
            break
        node = node.head
    return None, None


def _subject_text(clause: Token, date_tokens: list[Token]) -> str:
    skip = {t.i for t in date_tokens}
    # A preposition left with nothing but the date ("a deadline of March 8") goes too.
    skip |= {
        t.i
        for t in clause.subtree
        if t.dep_ == "prep"
        and list(t.children)
        and all(c.i in skip or c.ent_type_ == "DATE" for c in t.subtree if c.i != t.i)
    }
    words = [t.text_with_ws for t in clause.subtree if t.i not in skip]
    text = "".join(words).strip(" ,.;").replace(" ,", ",")
    for lead in ("that ", "and ", "but "):
        text = text.removeprefix(lead)
    return text[:160]
