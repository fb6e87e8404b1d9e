"""Deadlines: a date by which something must happen, or after which a consequence follows."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from factsheet.extraction.offline.context import REPORTING_VERBS, Sentence, subject_of
from factsheet.extraction.offline.limits import event_bounds, moved_dates, truce_durations
from factsheet.extraction.offline.parties import entity_at, parties_of
from factsheet.extraction.offline.vocabulary import phrase_spans
from factsheet.kinds import Deadline
from factsheet.parsing.dates import resolve

DEADLINE_NOUNS = frozenset({"deadline", "ultimatum", "cutoff"})
DATE_PREPS = frozenset({"by", "before", "until", "till", "from", "within"})
EXPIRY_VERBS = frozenset({"expire", "lapse", "end", "run"})
# "until November 10" bounds a state that a verb of holding or pausing keeps up.
HOLDING_VERBS = frozenset(
    {"keep", "extend", "pause", "suspend", "delay", "postpone", "maintain", "hold", "last"}
)
# Time that must be used for a task: "has 30 days to review", "gave Hamas four days to".
GRANT_VERBS = frozenset({"give", "grant", "allow", "have", "get"})
SETTING_VERBS = frozenset({"stipulate", "set", "allot", "specify", "prescribe", "give", "grant", "allow"})
TIME_UNITS = frozenset({"hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years"})
# A time said of something expected is a forecast, not a deadline.
FORECAST_WORDS = frozenset({"expect", "forecast", "project", "likely", "estimate", "predict", "anticipate"})
COMMIT_VERBS = frozenset({"agree", "pledge", "promise", "commit", "vow", "undertake"})
ORDER_VERBS = frozenset({"tell", "order", "ask", "demand", "require", "instruct", "urge", "give"})
OBLIGATION_AUX = frozenset({"will", "must", "shall", "should", "'ll", "need", "would"})
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
        "threat",
        "demand",
        "demanded",
        "required",
        "has",
        "without",
        "forced",
        "reinstate",
        "reinstated",
        "need",
        "needs",
        "should",
    }
)


def find_deadlines(sent: Sentence) -> Iterator[Deadline]:
    lowers = set(sent.lowers)
    for token in sent.tokens:
        if token.lower_ in DEADLINE_NOUNS or token.lemma_.lower() in DEADLINE_NOUNS:
            yield from _from_noun(token, sent)
    yield from _granted_time(sent)
    for tokens, due_text, due, verb in moved_dates(sent):
        yield _deadline(sent, [*tokens, verb], due, due_text, verb, rule="date_moved", keep_dates=True)
    for tokens, due_text, anchor in [*truce_durations(sent), *event_bounds(sent)]:
        rule = "truce_duration" if anchor.pos_ == "NOUN" else "until_event"
        yield _deadline(sent, [*tokens, anchor], None, due_text, anchor, rule=rule, keep_dates=True)
    if lowers & DEADLINE_NOUNS:
        return  # already reported from the noun
    for ent in sent.span.ents:
        if ent.label_ != "DATE" and not (ent.label_ == "TIME" and _is_duration(ent)):
            continue  # "within 24 hours" is a TIME entity
        marker = _marker(ent, sent)
        if marker is None or not _frames_deadline(ent, marker, lowers):
            continue
        marker_tokens = list(marker) if isinstance(marker, Span) else [marker]
        inside = marker_tokens[-1].i >= ent.start  # the entity took the marker in
        date_text = ent.doc[marker_tokens[-1].i + 1 : ent.end].text if inside else ent.text
        words = " ".join(t.text for t in marker_tokens)
        due_text = ent.text if inside else f"{words} {ent.text}"
        if _is_duration(ent):
            due = None  # "within 24 hours": no anchor date is stated
        else:
            due = resolve(date_text, sent.state.published, "future")
            if due is None and not _is_season_or_period(ent):
                continue
        head = marker_tokens[0]
        used = [*(marker if isinstance(marker, Span) else [marker]), *ent]
        yield _deadline(sent, used, due, due_text, head, rule="date_after_marker")


def _marker(ent: Span, sent: Sentence) -> Token | Span | None:
    """The preposition that makes a date a limit: "by", "until", "no later than", "within"."""
    doc = ent.doc
    for phrase in phrase_spans(sent.span, "deadline.by"):
        if phrase.end == ent.start or (phrase.start == ent.start and phrase.end < ent.end):
            return phrase  # "no later than March 31", which the tagger may take into the date
    prep = ent.root.head if ent.root.dep_ == "pobj" else None
    before = doc[ent.start - 1] if ent.start > sent.span.start else None
    first = doc[ent.start]
    if prep is not None and prep.lower_ in DATE_PREPS:
        return prep
    if before is not None and before.lower_ in DATE_PREPS:
        return before
    if first.lower_ in ("within", "by", "until") and ent.start + 1 < ent.end:
        return first  # the entity took the preposition in
    if before is not None and before.lower_ == "over" and first.lower_ in ("the", "next"):
        return before  # "over the next 90 days"
    if prep is None and before is not None and before.lower_ == "on" and before.dep_ == "prep":
        prep = before  # "will lapse on June 30 next year": the parser hangs the date elsewhere
    if prep is not None and prep.lower_ == "on":
        verb = prep.head
        if _expires(verb) or any(
            c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children if m.dep_ == "mark")
            for c in verb.children
        ):
            return prep  # "the truce expires on March 10", "reinstated on August 1 if ..."
    return None


# What can run out: "the truce expires", "the licence lapses"; "the search ended" is no limit.
LIMITED_THINGS = frozenset(
    {
        "truce",
        "ceasefire",
        "deadline",
        "safeguard",
        "safeguards",
        "measure",
        "measures",
        "licence",
        "license",
        "agreement",
        "deal",
        "suspension",
        "pause",
        "exemption",
        "waiver",
        "mandate",
        "term",
        "moratorium",
        "ultimatum",
        "period",
        "programme",
        "program",
        "sanctions",
    }
)


def _expires(verb: Token) -> bool:
    """A verb of running out whose subject is something that can run out."""
    if verb.lemma_ not in EXPIRY_VERBS:
        return False
    if verb.lemma_ in ("expire", "lapse"):
        return True
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(s.lemma_.lower() in LIMITED_THINGS or s.lower_ in LIMITED_THINGS for s in subjects)


def _frames_deadline(ent: Span, marker: Token | Span, lowers: set[str]) -> bool:
    """Whether the clause makes the date a limit rather than a plain time or a forecast."""
    head = marker[0] if isinstance(marker, Span) else marker
    chain = [head, *list(head.ancestors)[:4]]
    lemmas = {t.lemma_.lower() for t in chain}
    if lemmas & FORECAST_WORDS:
        return False
    if isinstance(marker, Span) or head.lower_ == "on":
        return True
    word = head.lower_
    if word == "until":
        return bool(lemmas & HOLDING_VERBS) or bool(lowers & CONDITION_WORDS)
    if word == "by" and _is_duration(ent):
        return False  # "delayed by 12 months": how far a date moved, not a limit
    aux = {c.lower_ for t in chain for c in t.children if c.dep_ in ("aux", "auxpass")}
    # "must", "will", an order or a commitment: "was told to respond within 72 hours",
    # "agreed to submit a plan by May 2"
    bound = bool(
        aux & OBLIGATION_AUX or lowers & {"must", "required"} or lemmas & (ORDER_VERBS | COMMIT_VERBS)
    )
    if word in ("within", "over"):
        return _is_duration(ent) and bound
    return bool(lowers & CONDITION_WORDS) or (bound and word in ("by", "before"))


def _is_duration(ent: Span) -> bool:
    """ "24 hours", "three to four days", "the next 90 days": a span of time, not a day."""
    # "June 30 next year" ends in a unit too, but its number belongs to the day, not the year
    return ent.root.lower_ in TIME_UNITS and any(
        (t.like_num or t.pos_ == "NUM") and t in ent.root.subtree for t in ent
    )


SEASONS = frozenset({"spring", "summer", "autumn", "fall", "winter", "end"})


def _is_season_or_period(ent: Span) -> bool:
    return any(t.lower_ in SEASONS for t in ent)


def _granted_time(sent: Sentence) -> Iterator[Deadline]:
    """ "Trump gave Putin 50 days to reach a deal", "Congress has 30 days to review it",
    "the 50 days I gave him": time granted for a task. No anchor date is stated, so
    `due` stays empty and the duration is the due text."""
    for ent in sent.span.ents:
        root = ent.root
        if ent.label_ != "DATE" or not _is_duration(ent):
            continue
        verb = root.head if root.dep_ == "dobj" else None
        granted = verb is not None and verb.lemma_.lower() in GRANT_VERBS and _has_task(root, verb)
        # "that 50 days I gave him": the duration carries the granting clause.
        # ... or a participle that says who set it: "the 45 days stipulated", "the period allotted".
        given = any(
            (c.dep_ == "relcl" and c.lemma_.lower() in GRANT_VERBS - {"have"})
            or (c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in SETTING_VERBS)
            for c in root.children
        )
        if not (granted or given):
            continue
        anchor = verb if granted and verb is not None else root
        yield _deadline(sent, [*ent, anchor], None, ent.text, anchor, rule="granted_time", keep_dates=True)


def _has_task(duration: Token, verb: Token) -> bool:
    """ "days to accept": an infinitive on the duration or on the verb (not "days of testimony")."""
    for node in (duration, verb):
        for child in node.children:
            if child.dep_ in ("relcl", "acl", "xcomp", "advcl") and any(
                a.lower_ == "to" for a in child.children if a.dep_ == "aux"
            ):
                return True
    return False


def _from_noun(noun: Token, sent: Sentence) -> Iterator[Deadline]:
    date_ent = _attached_date(noun)
    changed = noun.dep_ == "dobj" and noun.head.lemma_ in LIMIT_CHANGE_VERBS
    if date_ent is None and (noun.tag_ == "NNS" or changed):
        return  # "a lot of deadlines", "shorten the deadline": the limit itself is stated elsewhere
    moved = _moved_to(noun)
    if date_ent is not None and moved is not None and moved.start == date_ent.start:
        due = resolve(date_ent.text, sent.state.published, "future")  # where a limit moves is ahead
        due_text = date_ent.text
        tokens = [noun, *date_ent]
    elif date_ent is not None:
        due = _resolve_recalled(date_ent, noun, sent)
        due_text = date_ent.text
        tokens = [noun, *date_ent]
    else:
        due = None
        mods = [t for t in noun.lefts if t.dep_ in ("amod", "compound", "nmod")]
        due_text = " ".join(t.text for t in [*mods, noun])
        tokens = [noun]
    yield _deadline(sent, tokens, due, due_text, noun, rule="deadline_noun")


LIMIT_CHANGE_VERBS = frozenset({"shorten", "extend", "move", "push", "lengthen", "change", "miss", "meet"})


def _resolve_recalled(date_ent: Span, noun: Token, sent: Sentence):
    """A date looks forward, unless the clause is in the past and looking forward would put it
    more than half a year ahead: "it gave TikTok a deadline of April 5th" in an autumn article."""
    published = sent.state.published
    due = resolve(date_ent.text, published, "future")
    verb = next((a for a in noun.ancestors if a.pos_ in ("VERB", "AUX")), None)
    past = verb is not None and verb.tag_ == "VBD"
    if past and due is not None and published is not None and (due - published).days > 180:
        due = resolve(date_ent.text, published, "past") or due
    return due


LIMIT_PREPS = frozenset({"to", "until", "till", "by"})
EXTENSION_NOUNS = frozenset({"extension", "postponement", "delay", "suspension"})


def _moved_to(noun: Token) -> Span | None:
    """The date a deadline is moved to: "extended the deadline to May 2", "an extension of
    the deadline ... until May 2", wherever else the sentence dates the move itself."""
    holders = [noun.head] if noun.dep_ == "dobj" else []
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in EXTENSION_NOUNS:
        extension = noun.head.head
        verb = next((a for a in extension.ancestors if a.pos_ in ("VERB", "AUX")), extension)
        holders = [extension, verb]  # the new date may hang on the clause that grants the extension
    elif noun.dep_ == "pobj" and noun.head.lower_ == "of":
        holders = []
    for holder in holders:
        for prep in (t for t in holder.subtree if t.dep_ == "prep" and t.lower_ in LIMIT_PREPS):
            for obj in (c for c in prep.children if c.dep_ == "pobj" and c.i > noun.i):
                ent = entity_at(obj)
                if ent is not None and ent.label_ == "DATE":
                    return ent
    return None


def _date_in_apposition(noun: Token) -> Span | None:
    """ "before May 2, the deadline for ...": a date the deadline noun stands beside, however
    the parser attached the apposition."""
    i = noun.i - 1
    doc = noun.doc
    while i > noun.sent.start and doc[i].dep_ in ("det", "amod", "compound") and doc[i].head.i == noun.i:
        i -= 1
    if i <= noun.sent.start or doc[i].text != ",":
        return None
    ent = entity_at(doc[i - 1])
    return ent if ent is not None and ent.label_ == "DATE" and ent.end == i else None


def _attached_date(noun: Token) -> Span | None:
    if (moved := _moved_to(noun)) is not None:
        return moved
    if (ent := _date_in_apposition(noun)) is not None:
        return ent
    candidates = list(noun.children)
    if noun.dep_ == "pobj" and noun.head.lower_ == "as":
        candidates.extend(noun.head.head.children)  # "set Nov. 27 as the deadline"
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
            # "Putin was given 50 days": a passive subject is who must act, not who set it.
            for subj in subject_of(node, kinds=("nsubj",)):
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
