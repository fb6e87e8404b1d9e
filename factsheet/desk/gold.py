"""`factsheet export DESK --gold DIR`: the desk's reviewed facts as a labelled set.

The set is in the shared gold format (`docs/<id>.txt`, `docs.jsonl`, `gold.jsonl`), so
`factsheet eval DIR` scores any extractor, model or prompt on the desk's own news. An
article goes in only when its editors decided on every one of its facts: accepted facts
as they are, edited ones with the editor's values, rejected ones left out. An article with
no facts says nothing an editor decided, so it stays out too, as does one with a fact
published by override (its quote is not in the article, and a gold quote must be).

The set is checked against the format before anything is written (`check_gold_set`: every
article file present, every quote verbatim in its article, every field and value one the
kind allows), then swapped into DIR whole.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factsheet.desk.store import Row, Store
from factsheet.errors import EditError, GoldSetError, KindError

SAFE_ID = re.compile(r"[^./\\\x00-\x1f\x7f][^/\\\x00-\x1f\x7f]{0,199}")
"""An article id that can name its file in docs/: no folders, no hidden names, no controls."""
DOC_KEYS = ("id", "published", "title", "outlet", "url")


@dataclass
class GoldExport:
    """What an export wrote, and why the other articles stayed out (reason → articles)."""

    folder: Path
    articles: int = 0
    facts: int = 0
    left_out: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        text = f"{self.articles} article(s), {self.facts} fact(s)"
        if self.left_out:
            text += " · left out: " + ", ".join(f"{n} {why}" for why, n in sorted(self.left_out.items()))
        return text


def gold_line(fact: Any) -> dict[str, Any]:
    """A fact as a line of gold.jsonl: doc, kind, the kind's fields, quote."""
    from factsheet.kinds import get

    values = fact.model_dump(mode="json", include=set(get(fact.kind).content_fields()))
    return {"doc": fact.doc, "kind": fact.kind, **values, "quote": fact.quote}


def collect(store: Store, since: dt.date | None = None) -> tuple[list[Row], list[dict], Counter[str]]:
    """(articles, gold lines, left out per reason) of the desk's fully decided articles.

    Articles come without their text (`article_text` reads it when it is written), and a
    fact's JSON is read only for the articles that go in: a year's desk is not held in memory.
    """
    from factsheet.kinds import to_fact
    from factsheet.review.decisions import apply_edit
    from factsheet.review.store import ReviewStore

    decisions = ReviewStore(store.path).decisions()
    where, args = "superseded_by_run IS NULL", []
    if since is not None:
        where += " AND published >= ?"
        args.append(since.isoformat())
    articles = store._all(
        f"SELECT id, article_id, title, outlet, url, published FROM articles WHERE {where} "
        "ORDER BY published, article_id",
        args,
    )
    facts_of: dict[int, list[Row]] = {}
    for row in store._all(
        "SELECT id, article, fact_id FROM facts WHERE superseded_by_run IS NULL ORDER BY id"
    ):
        facts_of.setdefault(row["article"], []).append(row)
    kept: list[Row] = []
    lines: list[dict] = []
    left_out: Counter[str] = Counter()
    for article in articles:
        rows = facts_of.get(article["id"], [])
        name = article["article_id"]
        if not SAFE_ID.fullmatch(name) or name.endswith((".", " ")):
            left_out["with an id that cannot name a file"] += 1
            continue
        if not rows:
            left_out["without facts"] += 1
            continue
        chosen = [decisions.get(r["fact_id"]) for r in rows]
        if any(d is None or not d.decided for d in chosen):
            left_out["awaiting decisions"] += 1
            continue
        if any(d is not None and d.verdict == "override" for d in chosen):
            left_out["with a fact published by override"] += 1
            continue
        try:
            article_lines = []
            for row, d in zip(rows, chosen, strict=True):
                if d is None or d.verdict == "reject":
                    continue
                found = store._one("SELECT fact_json FROM facts WHERE id = ?", (row["id"],))
                fact = to_fact(json.loads(found["fact_json"] if found else "{}"))
                article_lines.append(gold_line(apply_edit(fact, d.edits) if d.edits else fact))
        except (EditError, KindError, ValueError):
            left_out["with a fact that is no longer valid"] += 1
            continue
        kept.append(article)
        lines.extend(article_lines)
    return kept, lines, left_out


def article_text(store: Store, article_row: int) -> str:
    found = store._one("SELECT text FROM articles WHERE id = ?", (article_row,))
    return str(found["text"]) if found else ""


def export_gold(store: Store, out: Path, since: dt.date | None = None) -> GoldExport:
    """Write the labelled set into `out` (replacing a set exported there before)."""
    from factsheet.atomic import output_set, write_text

    out = Path(out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "gold.jsonl").is_file())):
        raise GoldSetError(f"{out}: exists and is not a labelled set; choose a new folder")
    articles, lines, left_out = collect(store, since)
    with output_set(out) as staged:
        docs = staged.path("docs")
        docs.mkdir()
        for article in articles:
            write_text(docs / f"{article['article_id']}.txt", article_text(store, article["id"]))
        meta = [
            json.dumps(
                {"id": a["article_id"], **{k: a[k] for k in DOC_KEYS[1:]}},
                ensure_ascii=False,
                sort_keys=False,
            )
            for a in articles
        ]
        write_text(staged.path("docs.jsonl"), "".join(f"{m}\n" for m in meta))
        write_text(
            staged.path("gold.jsonl"), "".join(json.dumps(g, ensure_ascii=False) + "\n" for g in lines)
        )
        problems = check_gold_set(staged.staging)
        if problems:
            raise GoldSetError(f"{out}: the exported set fails the gold format's checks: {problems[0]}")
    return GoldExport(out, len(articles), len(lines), left_out)


def check_gold_set(folder: Path) -> list[str]:
    """Problems with a labelled set, by the gold format's rules (none: it passes).

    Every article listed in docs.jsonl has its `docs/<id>.txt` and an ISO `published`
    date; every gold line names a listed article and a known kind, carries exactly that
    kind's fields plus `doc`, `kind` and `quote`, has values the kind's model accepts, and
    a non-empty quote found verbatim in its article.
    """
    from pydantic import ValidationError

    from factsheet.kinds import get, to_fact

    problems: list[str] = []
    texts: dict[str, str] = {}
    docs_path, gold_path = folder / "docs.jsonl", folder / "gold.jsonl"
    if not (folder / "docs").is_dir() or not docs_path.is_file() or not gold_path.is_file():
        return [f"{folder}: expected docs/, docs.jsonl and gold.jsonl"]
    for n, line in enumerate(docs_path.read_text(encoding="utf-8").splitlines(), start=1):
        meta = json.loads(line)
        if set(meta) != set(DOC_KEYS):
            problems.append(f"docs.jsonl:{n}: keys {sorted(meta)}, expected {sorted(DOC_KEYS)}")
        text_path = folder / "docs" / f"{meta.get('id')}.txt"
        if not text_path.is_file():
            problems.append(f"docs.jsonl:{n}: no {text_path.name} in docs/")
            continue
        try:
            dt.date.fromisoformat(str(meta.get("published")))
        except ValueError:
            problems.append(f"docs.jsonl:{n}: published {meta.get('published')!r} is not YYYY-MM-DD")
        texts[meta["id"]] = text_path.read_text(encoding="utf-8")
    for n, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), start=1):
        where = f"gold.jsonl:{n}"
        item = json.loads(line)
        doc, kind, quote = item.get("doc"), item.get("kind"), item.get("quote")
        if doc not in texts:
            problems.append(f"{where}: article {doc!r} is not in docs.jsonl")
            continue
        try:
            fields = set(get(str(kind)).content_fields())
        except KindError:
            problems.append(f"{where}: unknown kind {kind!r}")
            continue
        if set(item) != fields | {"doc", "kind", "quote"}:
            odd = sorted(set(item) ^ (fields | {"doc", "kind", "quote"}))
            problems.append(f"{where}: fields not those of a {kind} fact: {', '.join(odd)}")
        if not isinstance(quote, str) or not quote or quote not in texts[doc]:
            problems.append(f"{where}: the quote is not in article {doc}")
        try:
            to_fact({"extractor": "gold", **item})
        except (ValidationError, KindError, ValueError) as exc:
            problems.append(f"{where}: {str(exc).splitlines()[0]}")
    return problems
