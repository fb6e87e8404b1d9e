"""Validator fidelity: does a true fact come out unchanged, and is a planted error held back?

Gold facts of labelled sets are sent through the LLM path (`--extractor llm`) from a
scripted OpenAI-compatible server on loopback, then validated as `factsheet run` and
`factsheet eval` do. Each gold fact is sent

- true as written;
- true with one surface change a model typically makes (straight/curly quote marks, a
  full stop dropped or added, the first letter's case changed, the middle of the quote
  elided, a party in another common spelling such as "US", "U.S.", "EU", "UK", "IMF",
  "Zelenskyy", or an alias: a body's acronym, a name with or without its diacritics);
- with one planted error (figure changed, date moved a week, qualifier swapped,
  killed<->injured swapped, a party replaced by a well-known name the article never
  mentions, the quote replaced by a sentence that is not in the article).

Every choice (which party, which spelling, which name) comes from a seeded hash, so runs
repeat. In the fidelity runs each fact is answered alone (one article copy per fact), so
what happens to it is the validator's doing, not in-article merging. Perfect answers
(every gold fact of an article in one answer, plus one fabricated fact: another
article's fact set on a sentence of this one that states no gold fact) are scored like
`factsheet eval` scores the offline extractor: published F1, and fabricated facts published.

For true facts not kept, the report separates *altered* (published with a value that
differs from the gold fact's: the worst outcome), *respelled* (a party published under
the table's or the format's spelling of the same name where the gold set writes another:
"Sergei"/"Sergey", a name without its diacritics), *held* (flagged for a person) and
*lost* (rejected, or not returned).

    PYTHONPATH=. .venv/bin/python bench/validator_fidelity.py ../shared/gold/dev ../shared/gold/seeds
    ... --direct           call validate_fact on the facts directly (fast loop, no HTTP)
    ... --mode all         the LLM path in every instructor mode (json, json_schema, md_json, tools)
    ... --show kind        list the facts that were not kept / errors that were published
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fake_openai import Reply, ScriptedServer, completion, user_text

from factsheet.evaluate import load_gold_set, score
from factsheet.models import Article, FactBase, content_fields

PARTY_FIELDS = ("participants", "imposed_by", "target", "donor", "recipient", "set_by")
FIGURE_FIELDS = {"tariff": "rate_percent", "aid": "amount", "casualty": "count"}
DATE_FIELDS = {"meeting": "date", "deadline": "due", "tariff": "effective"}
QUALIFIER_FIELDS = {"aid": "amount_qualifier", "casualty": "count_qualifier"}

# Other common spellings of canonical names, as models write them.
SPELLINGS = {
    "United States": ["US", "U.S.", "USA"],
    "European Union": ["EU", "E.U."],
    "United Kingdom": ["UK", "U.K.", "Britain"],
    "International Monetary Fund": ["IMF"],
    "United Nations": ["UN", "U.N."],
    "Volodymyr Zelensky": ["Zelenskyy", "Volodymyr Zelenskyy", "Zelenskiy"],
}
# Well-known names for a replaced party, one pool per sort of party.
WELL_KNOWN_PEOPLE = [
    "Emmanuel Macron",
    "Xi Jinping",
    "Narendra Modi",
    "Olaf Scholz",
    "Justin Trudeau",
    "Recep Tayyip Erdogan",
    "Giorgia Meloni",
    "Benjamin Netanyahu",
    "Luiz Inacio Lula da Silva",
    "Fumio Kishida",
]
WELL_KNOWN_BODIES = [
    "Brazil",
    "Japan",
    "Canada",
    "Germany",
    "Australia",
    "Mexico",
    "South Korea",
    "Argentina",
    "World Bank",
    "Indonesia",
]
SURFACE = ("quote_marks", "full_stop", "case", "elided", "party_spelling")
ERRORS = ("figure", "date", "qualifier", "outcome", "party", "quote")
CONTRADICTED = ("figure", "qualifier", "outcome", "party", "quote")


def pick(seed: str, *parts: object) -> int:
    """A repeatable choice: an integer from a hash of the seed and what is being decided."""
    basis = ":".join([seed, *map(str, parts)])
    return int(hashlib.sha256(basis.encode()).hexdigest()[:12], 16)


@dataclass
class Case:
    """One fact as sent: which gold fact, which variant, and the item the model answers."""

    number: int
    gold: FactBase
    article: Article
    variant: str  # "true", "surface:<name>" or "error:<name>"
    item: dict
    planted: tuple[str, object] | None = None  # (field, wrong value) for an error


def item_of(fact: FactBase) -> dict:
    data = fact.model_dump(mode="json", include={"kind", "quote", *content_fields(fact.kind)})
    return data


# ---------------------------------------------------------------------------- surface changes


_CURLY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "ʼ": "'"})


def surface_quote_marks(item: dict, article: Article, seed: str) -> dict | None:
    quote = item["quote"]
    straight = quote.translate(_CURLY)
    if straight != quote:
        return {**item, "quote": straight}
    if "'" in quote or '"' in quote:
        curly = re.sub(r"(?<=\w)'", "’", quote)
        curly = re.sub(r'"(?=\w)', "“", curly).replace('"', "”")
        return {**item, "quote": curly} if curly != quote else None
    return None


def surface_full_stop(item: dict, article: Article, seed: str) -> dict | None:
    quote = item["quote"]
    if quote.endswith("."):
        return {**item, "quote": quote[:-1]}
    return {**item, "quote": quote + "."}


def surface_case(item: dict, article: Article, seed: str) -> dict | None:
    """The quote's first letter in the other case (a model quoting from mid-sentence, or
    starting its quote with a capital)."""
    quote = item["quote"]
    first = next((i for i, c in enumerate(quote) if c.isalpha()), None)
    if first is None:
        return None
    flipped = quote[first].lower() if quote[first].isupper() else quote[first].upper()
    return {**item, "quote": quote[:first] + flipped + quote[first + 1 :]}


def fold(text: str) -> str:
    """The text without diacritics ("Tô Lâm" -> "To Lam")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def aliases_of(party: str, article: Article) -> list[str]:
    """Other names a model may give the party: SPELLINGS, a body's acronym from the name
    table, and the same name with or without its diacritics as the article writes it."""
    from factsheet.parsing.names import default_table

    table = default_table()
    found = list(SPELLINGS.get(party, []))
    if party in table.organisations.values() or table.organisation(party):
        canonical = table.organisation(party) or party
        found += [s for s in table.spellings.get(canonical, ()) if s.isupper() and s != party]
    if fold(party) != party:
        found.append(fold(party))
    else:
        words = re.findall(r"\S+", article.text)
        size = len(party.split())
        for i in range(len(words) - size + 1):
            written = " ".join(words[i : i + size]).strip(".,;:()\"'’”")
            if written != party and fold(written) == party:
                found.append(written)
                break
    return list(dict.fromkeys(found))


def surface_elided(item: dict, article: Article, seed: str) -> dict | None:
    words = item["quote"].split(" ")
    if len(words) < 12:
        return None
    mark = (" ... ", " … ", "...")[pick(seed, "elide", item["quote"]) % 3]
    if mark == "...":
        mark = " ... "
    return {**item, "quote": " ".join(words[:4]) + mark + " ".join(words[-4:])}


def surface_party_spelling(item: dict, article: Article, seed: str) -> dict | None:
    changed = dict(item)
    done = False
    for name in PARTY_FIELDS:
        value = item.get(name)
        if isinstance(value, list):
            new = []
            for party in value:
                if options := aliases_of(party, article):
                    new.append(options[pick(seed, "spell", party, item["quote"]) % len(options)])
                    done = True
                else:
                    new.append(party)
            changed[name] = new
        elif isinstance(value, str):
            parts = [p.strip() for p in value.split(",")]
            new_parts = []
            for party in parts:
                if options := aliases_of(party, article):
                    new_parts.append(options[pick(seed, "spell", party, item["quote"]) % len(options)])
                    done = True
                else:
                    new_parts.append(party)
            changed[name] = ", ".join(new_parts)
    return changed if done else None


SURFACE_CHANGES: dict[str, Callable[[dict, Article, str], dict | None]] = {
    "quote_marks": surface_quote_marks,
    "full_stop": surface_full_stop,
    "case": surface_case,
    "elided": surface_elided,
    "party_spelling": surface_party_spelling,
}


# ---------------------------------------------------------------------------- planted errors


def error_figure(
    item: dict, article: Article, seed: str, others: list[str]
) -> tuple[dict, str, object] | None:
    name = FIGURE_FIELDS.get(item["kind"])
    if name is None or item.get(name) is None:
        return None
    value = item[name]
    factor = (2, 3, 10)[pick(seed, "fig", item["quote"]) % 3]
    wrong = value * factor if value else 7
    if name == "count":
        wrong = int(wrong) + (1 if value else 0)
    elif name == "rate_percent":
        wrong = value + 5 * factor
    return {**item, name: wrong}, name, wrong


def error_date(item: dict, article: Article, seed: str, others: list[str]) -> tuple[dict, str, object] | None:
    name = DATE_FIELDS.get(item["kind"])
    if name is None or not item.get(name):
        return None
    moved = (dt.date.fromisoformat(item[name]) + dt.timedelta(days=7)).isoformat()
    return {**item, name: moved}, name, moved


def error_qualifier(
    item: dict, article: Article, seed: str, others: list[str]
) -> tuple[dict, str, object] | None:
    name = QUALIFIER_FIELDS.get(item["kind"])
    if name is None:
        return None
    value = item.get(name) or "exact"
    wrong = ("more_than", "about")[pick(seed, "qual", item["quote"]) % 2] if value == "exact" else "exact"
    return {**item, name: wrong}, name, wrong


def error_outcome(
    item: dict, article: Article, seed: str, others: list[str]
) -> tuple[dict, str, object] | None:
    if item["kind"] != "casualty" or item.get("outcome") not in ("killed", "injured"):
        return None
    wrong = "injured" if item["outcome"] == "killed" else "killed"
    return {**item, "outcome": wrong}, "outcome", wrong


def _mentioned(name: str, text: str) -> bool:
    from factsheet.parsing.names import default_table

    table = default_table()
    words = {name, name.split()[-1]}
    for key, canonical in {**table.people, **table.countries, **table.groups}.items():
        if canonical == name:
            words.add(key)
    for office in table.offices:  # a leader is named by the office ("the Indian prime minister")
        holders = [h for h, _, _ in office.holders]
        if name in holders:
            words |= {k for k, c in table.countries.items() if c == office.country} | {office.country}
        if name == office.country:
            words |= {h.split()[-1] for h in holders}
    folded = text.casefold()
    return any(re.search(rf"\b{re.escape(w.casefold())}\b", folded) for w in words if len(w) > 2)


def error_party(
    item: dict, article: Article, seed: str, others: list[str]
) -> tuple[dict, str, object] | None:
    fields = [n for n in PARTY_FIELDS if item.get(n)]
    if not fields:
        return None
    name = fields[pick(seed, "party-field", item["quote"]) % len(fields)]
    value = item[name]
    current = (
        value[pick(seed, "party-which", item["quote"]) % len(value)] if isinstance(value, list) else value
    )
    person = len(current.split()) >= 2 and current not in SPELLINGS and current[0].isupper()
    from factsheet.parsing.names import default_table

    table = default_table()
    if table.country(current) or table.group(current) or "," in current:
        person = False
    pool = WELL_KNOWN_PEOPLE if person else WELL_KNOWN_BODIES
    start = pick(seed, "party-name", item["quote"]) % len(pool)
    for offset in range(len(pool)):
        wrong = pool[(start + offset) % len(pool)]
        if not _mentioned(wrong, article.text):
            break
    else:
        return None
    if isinstance(value, list):
        new_value: object = sorted(wrong if p == current else p for p in value)
    else:
        new_value = wrong
    return {**item, name: new_value}, name, wrong


def error_quote(
    item: dict, article: Article, seed: str, others: list[str]
) -> tuple[dict, str, object] | None:
    """The quote replaced by a sentence of another article (never one this article holds)."""
    text = " ".join(article.text.casefold().split())
    pool = [s for s in others if " ".join(s.casefold().split()) not in text]
    if not pool:
        return None
    sentence = pool[pick(seed, "quote", item["quote"]) % len(pool)]
    return {**item, "quote": sentence}, "quote", sentence


PLANTED: dict[str, Callable[[dict, Article, str, list[str]], tuple[dict, str, object] | None]] = {
    "figure": error_figure,
    "date": error_date,
    "qualifier": error_qualifier,
    "outcome": error_outcome,
    "party": error_party,
    "quote": error_quote,
}


def sentences_of(articles: list[Article]) -> dict[str, list[str]]:
    """For each article, sentences of the other articles that state a figure or a name."""
    every: list[tuple[str, str]] = []
    for article in articles:
        for sentence in re.split(r"(?<=[.!?])\s+", article.text):
            sentence = sentence.strip()
            if 60 <= len(sentence) <= 240 and re.search(r"\d|[A-Z][a-z]+ [A-Z][a-z]+", sentence):
                every.append((article.id, sentence))
    return {a.id: [s for doc, s in every if doc != a.id] for a in articles}


# ---------------------------------------------------------------------------- cases


def build_cases(articles: list[Article], gold: list[FactBase], seed: str) -> list[Case]:
    by_id = {a.id: a for a in articles}
    others = sentences_of(articles)
    cases: list[Case] = []
    for index, fact in enumerate(gold):
        article = by_id[fact.doc]
        item = item_of(fact)
        cases.append(Case(len(cases), fact, article, "true", item))
        for name, change in SURFACE_CHANGES.items():
            changed = change(item, article, seed)
            if changed is not None and changed != item:
                cases.append(Case(len(cases), fact, article, f"surface:{name}", changed))
        for name, plant in PLANTED.items():
            planted = plant(item, article, f"{seed}:{index}", others[article.id])
            if planted is not None:
                wrong_item, field_name, wrong = planted
                cases.append(
                    Case(len(cases), fact, article, f"error:{name}", wrong_item, (field_name, wrong))
                )
    return cases


TAG = re.compile(r"\[case (\d+)\]")


def copies_for(cases: list[Case]) -> list[Article]:
    """One copy of the article per case; the title carries the case number to the server."""
    return [
        case.article.model_copy(
            update={
                "id": f"{case.article.id}~{case.number}",
                "title": f"{case.article.title or ''} [case {case.number}]",
            }
        )
        for case in cases
    ]


def responder(answers: dict[int, list[dict]], mode: str) -> Callable[[dict], Reply]:
    """Answer each chunk with the case's items whose gold quote stands in that chunk.

    Follow-up requests (the validator's feedback) get the same items again: the model
    insists, so what is measured is what the validator finally decides."""

    def answer(request: dict) -> Reply:
        said = user_text(request)
        number = int(TAG.search(said).group(1))  # type: ignore[union-attr]
        first = next(m["content"] for m in request["messages"] if m["role"] == "user")
        chunk = first.split("\nText:\n", 1)[1]
        items = [item for gold_quote, item in answers[number] if gold_quote in chunk]
        return reply({"facts": items}, mode)

    return answer


def reply(content: dict, mode: str) -> Reply:
    if mode != "tools":
        text = json.dumps(content, ensure_ascii=False)
        return completion(f"```json\n{text}\n```" if mode == "md_json" else text)
    made = completion("")
    message = made.body["choices"][0]["message"]  # type: ignore[index]
    message["content"] = None
    message["tool_calls"] = [
        {
            "id": "call_1",
            "type": "function",
            "function": {"name": "ExtractedFacts", "arguments": json.dumps(content, ensure_ascii=False)},
        }
    ]
    made.body["choices"][0]["finish_reason"] = "tool_calls"  # type: ignore[index]
    return made


def through_llm(articles: list[Article], answers: dict[int, list], mode: str) -> dict[str, list[FactBase]]:
    """Validated facts per article id, from the LLM path and the validator, as the pipeline runs them."""
    from factsheet.pipeline import extract_and_validate

    with ScriptedServer(responder(answers, mode)) as server, tempfile.TemporaryDirectory() as cache:
        options = {
            "base_url": server.url,
            "model": "scripted",
            "mode": mode,
            "api_key": "not-needed",
            "cache_dir": Path(cache),
            "use_cache": False,
            "concurrency": 8,
            "timeout": 30.0,
        }
        facts, problems, _stats = extract_and_validate(articles, "llm", options)
    if problems:
        print(f"  {len(problems)} articles failed: {problems[0]}", file=sys.stderr)
    out: dict[str, list[FactBase]] = defaultdict(list)
    for fact in facts:
        out[fact.doc].append(fact)
    return out


def direct(articles: list[Article], answers: dict[int, list], mode: str) -> dict[str, list[FactBase]]:
    """The validator alone: each answered item validated as the pipeline would, no HTTP."""
    from factsheet.extraction.llm.schema import to_fact
    from factsheet.validation import validate_fact
    from factsheet.validation.checks import batch_names
    from factsheet.validation.grounding import locate

    names = batch_names(articles)
    out: dict[str, list[FactBase]] = defaultdict(list)
    for article in articles:
        number = int(TAG.search(article.title or "").group(1))  # type: ignore[union-attr]
        for _gold_quote, item in answers[number]:
            fact = to_fact(item, doc=article.id, extractor="direct")
            where = locate(fact.quote, article.text)
            if where.level in ("exact", "normalised"):
                fact.quote, fact.start, fact.end = (
                    article.text[where.start : where.end],
                    where.start,
                    where.end,
                )
            out[article.id].append(validate_fact(fact, article, batch=names))
    return out


# ---------------------------------------------------------------------------- judging


def same_value(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) <= 0.01 * max(abs(a), abs(b))
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    if isinstance(a, dt.date) or isinstance(b, dt.date):
        return str(a) == str(b)
    return a == b


def unchanged(gold: FactBase, fact: FactBase, article: Article) -> list[str]:
    """The fields where `fact` differs from `gold` (the quote must cover the gold span)."""
    diffs = [n for n in content_fields(gold.kind) if not same_value(getattr(gold, n), getattr(fact, n))]
    start = article.text.find(gold.quote)
    end = start + len(gold.quote)
    if fact.start is None or fact.end is None:
        diffs.append("quote")
    else:
        overlap = min(end, fact.end) - max(start, fact.start)
        if overlap < 0.5 * len(gold.quote):
            diffs.append("quote")
    return diffs


@dataclass
class Tally:
    sent: int = 0
    kept: int = 0  # true: published unchanged
    altered: int = 0  # true: published with a value that differs from the gold fact's
    respelled: int = 0  # true: published with a party under another spelling of the same name
    held: int = 0  # true: flagged for a person
    lost: int = 0  # true: rejected or not returned
    published: int = 0  # error: published carrying the planted value
    statuses: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: list[str] = field(default_factory=list)


def respelled_only(gold: FactBase, fact: FactBase, diffs: list[str]) -> bool:
    """Do the differences come only from a party's spelling: the table's canonical one
    ("Sergei" for "Sergey") or the same name without its diacritics?"""
    renamed = {c.field for c in fact.check.changes if c.code == "name_canonicalised"}

    def folded(value: object) -> str:
        return fold(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))

    return bool(diffs) and all(
        d in renamed or (d in PARTY_FIELDS and folded(getattr(gold, d)) == folded(getattr(fact, d)))
        for d in diffs
    )


def judge(cases: list[Case], results: dict[str, list[FactBase]]) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for case in cases:
        tally = tallies[case.variant]
        tally.sent += 1
        facts = results.get(f"{case.article.id}~{case.number}", [])
        fact = facts[0] if facts else None
        status = fact.check.status if fact else "gone"
        tally.statuses[status] += 1
        where = f"{case.gold.doc} {case.gold.kind} {case.gold.quote[:60]!r}"
        if case.planted is None:
            diffs = unchanged(case.gold, fact, case.article) if fact else ["gone"]
            if fact is not None and fact.publishable and not diffs:
                tally.kept += 1
            else:
                if fact is None or status == "rejected":
                    tally.lost += 1
                elif fact.publishable and respelled_only(case.gold, fact, diffs):
                    tally.respelled += 1
                elif fact.publishable and [d for d in diffs if d != "quote"]:
                    tally.altered += 1
                elif not fact.publishable:
                    tally.held += 1
                reasons = "; ".join(fact.check.reasons) if fact else ""
                tally.misses.append(f"{where} [{status}: {', '.join(diffs)}] {reasons}")
            continue
        name, wrong = case.planted
        if fact is None or not fact.publishable:
            continue
        value = getattr(fact, name)
        carries = (
            name == "quote"
            or (isinstance(value, list) and wrong in value)
            or (isinstance(value, str) and isinstance(wrong, str) and wrong in value)
            or same_value(value, wrong)
        )
        if carries:
            tally.published += 1
            tally.misses.append(f"{where} [{status}] {name}={wrong!r}")
    return tallies


def fabricated_item(article: Article, gold: list[FactBase], seed: str) -> dict | None:
    """Another article's fact, set on a sentence of this article that no gold fact quotes:
    a real quote that does not state the fact."""
    quoted = [g.quote for g in gold if g.doc == article.id]
    sentences = [
        s.strip()
        for s in re.split(r"(?<=[.!?])\s+|\n", article.text)
        if len(s.strip()) >= 40 and not any(q in s or s.strip() in q for q in quoted)
    ]
    others = [g for g in gold if g.doc != article.id]
    if not sentences or not others:
        return None
    fact = others[pick(seed, "fabricated", article.id) % len(others)]
    sentence = sentences[pick(seed, "fabricated-quote", article.id) % len(sentences)]
    return {**item_of(fact), "quote": sentence}


def perfect_f1(
    articles: list[Article],
    gold: list[FactBase],
    run: Callable,
    mode: str,
    seed: str,
    surface: bool,
    fabricate: bool = False,
) -> tuple[float, int, int]:
    """Published F1 when the model answers every gold fact of each article at once (and,
    with `fabricate`, one fabricated fact each); with the fabricated facts sent and published."""
    answers: dict[int, list] = {}
    tagged: list[Article] = []
    fabricated: set[tuple[str, str]] = set()
    for number, article in enumerate(articles):
        items = []
        if fabricate and (made := fabricated_item(article, gold, seed)) is not None:
            items.append((made["quote"], made))
            fabricated.add((article.id, made["quote"]))
        for index, fact in enumerate(g for g in gold if g.doc == article.id):
            item = item_of(fact)
            if surface:
                names = list(SURFACE_CHANGES)
                for offset in range(len(names)):
                    name = names[(pick(seed, "surface", article.id, index) + offset) % len(names)]
                    changed = SURFACE_CHANGES[name](item, article, seed)
                    if changed is not None and changed != item:
                        item = changed
                        break
            items.append((fact.quote, item))
        answers[number] = items
        tagged.append(article.model_copy(update={"title": f"{article.title or ''} [case {number}]"}))
    results = run(tagged, answers, mode)
    published = [f for facts in results.values() for f in facts if f.publishable]
    made_published = sum(
        1
        for f in published
        for doc, quote in fabricated
        if f.doc == doc and f.quote.strip() and (f.quote in quote or quote in f.quote)
    )
    return score(gold, published).overall.f1, len(fabricated), made_published


def report(folder: Path, run: Callable, mode: str, seed: str, show: str | None) -> dict:
    articles, gold = load_gold_set(folder)
    cases = build_cases(articles, gold, seed)
    answers = {c.number: [(c.gold.quote, c.item)] for c in cases}
    started = time.perf_counter()
    tallies = judge(cases, run(copies_for(cases), answers, mode))
    f1_written, _, _ = perfect_f1(articles, gold, run, mode, seed, surface=False)
    f1_surface, _, _ = perfect_f1(articles, gold, run, mode, seed, surface=True)
    f1_fabricated, made, made_published = perfect_f1(
        articles, gold, run, mode, seed, surface=False, fabricate=True
    )
    seconds = time.perf_counter() - started
    print(f"\n{folder} ({len(articles)} articles, {len(gold)} gold facts, mode {mode}, {seconds:.1f} s)")
    print(
        f"{'variant':<24}{'sent':>6}{'kept %':>9}{'altered':>8}{'respelled':>10}{'held':>6}{'lost':>6}"
        f"{'err pub %':>11}   statuses"
    )
    for variant in ["true", *(f"surface:{s}" for s in SURFACE), *(f"error:{e}" for e in ERRORS)]:
        tally = tallies.get(variant)
        if tally is None:
            continue
        kept = f"{100 * tally.kept / tally.sent:.1f}" if not variant.startswith("error") else ""
        pub = f"{100 * tally.published / tally.sent:.1f}" if variant.startswith("error") else ""
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(tally.statuses.items()))
        true = not variant.startswith("error")
        counts = "".join(
            f"{n if true else '':>{w}}"
            for n, w in ((tally.altered, 8), (tally.respelled, 10), (tally.held, 6), (tally.lost, 6))
        )
        print(f"{variant:<24}{tally.sent:>6}{kept:>9}{counts}{pub:>11}   {statuses}")
        if show and (show == "all" or show in variant):
            for line in tally.misses:
                print(f"      - {line}")
    surface = [tallies[f"surface:{s}"] for s in SURFACE if f"surface:{s}" in tallies]
    contradicted = [tallies[f"error:{e}"] for e in CONTRADICTED if f"error:{e}" in tallies]
    summary = {
        "true kept %": 100 * tallies["true"].kept / tallies["true"].sent,
        "surface kept %": 100 * sum(t.kept for t in surface) / max(1, sum(t.sent for t in surface)),
        "contradicted errors published %": 100
        * sum(t.published for t in contradicted)
        / max(1, sum(t.sent for t in contradicted)),
        "perfect answers F1 (as written)": f1_written,
        "perfect answers F1 (surface changes)": f1_surface,
        "perfect answers + 1 fabricated each F1": f1_fabricated,
        "true facts altered (as written + surface)": tallies["true"].altered
        + sum(t.altered for t in surface),
        "true facts respelled (as written + surface)": tallies["true"].respelled
        + sum(t.respelled for t in surface),
        "true facts held (as written + surface)": tallies["true"].held + sum(t.held for t in surface),
        "true facts lost (as written + surface)": tallies["true"].lost + sum(t.lost for t in surface),
        "fabricated facts sent": made,
        "fabricated facts published": made_published,
    }
    for name, value in summary.items():
        if isinstance(value, int):
            print(f"  {name:<44}{value}")
        else:
            print(f"  {name:<44}{value:.3f}" if "F1" in name else f"  {name:<44}{value:.1f}")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "sets", nargs="+", type=Path, help="labelled set folders (docs/, docs.jsonl, gold.jsonl)"
    )
    parser.add_argument("--seed", default="12", help="seed of the hash that picks every variant")
    parser.add_argument("--mode", default="json", choices=["json", "json_schema", "md_json", "tools", "all"])
    parser.add_argument("--direct", action="store_true", help="validate_fact directly, without the LLM path")
    parser.add_argument("--show", default=None, help="list misses of variants containing this word ('all')")
    args = parser.parse_args()
    modes = ["json", "json_schema", "md_json", "tools"] if args.mode == "all" else [args.mode]
    for mode in modes:
        for folder in args.sets:
            report(folder, direct if args.direct else through_llm, mode, args.seed, args.show)


if __name__ == "__main__":
    main()
