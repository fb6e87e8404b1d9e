"""Numbers as they appear in a parse: which tokens form one figure, and how far apart things are."""

from __future__ import annotations

from spacy.tokens import Token

from factsheet.extraction.offline.parties import entity_at
from factsheet.parsing.numbers import NUMBER_WORDS, parse_number, qualifier_before

NON_COUNT_ENTITIES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"})


def tree_distance(a: Token, b: Token) -> int:
    """Edges between two tokens in the dependency tree."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in index_b:
            return n + index_b[t.i]
    return 99


def number_tokens(span) -> list[Token]:
    """Tokens that start a count: digits or number words, not dates, money, ages or ordinals."""
    found: list[Token] = []
    for token in span:
        if not (token.like_num or token.lower_ in NUMBER_WORDS) or (
            token.lower_ in ("one",) and token.dep_ != "nummod"
        ):
            continue
        if token.i > span.start and _is_number(token.nbor(-1)):
            continue  # inside "6.4 million": the figure starts earlier
        ent = entity_at(token)
        if ent is not None and ent.label_ in NON_COUNT_ENTITIES:
            continue
        following = token.doc[token.i + 1 : token.i + 4].text.lower()
        if following.startswith(("-year", "year-old", "-month", "%", "percent", "per cent")):
            continue
        found.append(token)
    return found


def _is_number(token: Token) -> bool:
    return token.like_num or token.lower_ in NUMBER_WORDS


def figure_at(token: Token) -> tuple[float | None, int, int]:
    """The value of the figure starting at `token` ("6.4 million"), with its token range."""
    end = token.i + 1
    doc = token.doc
    while end < len(doc) and _is_number(doc[end]) and end - token.i < 4:
        end += 1
    text = doc[token.i : end].text
    value = parse_number(text.replace("-", " "))
    if value is None and token.i > 0 and doc[token.i - 1].lower_ in ("a", "an"):
        value = parse_number(f"one {text}")  # "a thousand"
    return value, token.i, end


def qualifier_of(token: Token) -> str:
    """ "at least" / "more than" / "about" / "up to" before the figure."""
    sent = token.sent
    text = sent.text
    if token.i > sent.start and token.nbor(-1).lower_ in ("a", "an"):
        token = token.nbor(-1)  # "more than a thousand"
    index = token.idx - sent.start_char
    return qualifier_before(text, index)
