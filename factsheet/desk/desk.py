"""`Desk`: the store of one desk folder, with the few calls a run, review and publish make.

    signature = extractor_signature(extractor, extractor_options)
    with Desk.open(out) as desk:                                  # DeskError: one line
        run = desk.begin_run(briefing_date, signature)
        todo = [a for a in articles if desk.needs_extraction(a, signature)]
        ...extract and validate todo...
        desk.add_articles(run, [(article, its_facts), ...], signature, default_date=briefing_date)
        facts = desk.facts_for([a.id for a in articles])          # today's facts, new or kept
        report = since(desk, desk.previous_briefing(briefing_date), briefing_date)
        upcoming = ahead(desk, briefing_date)
        desk.finish_run(run)

Review and publish: `record_decisions(briefing_date, [Decision(...)])`, `record_publication`.
Queries (`since`, `ahead`, `events`, `event_history`, `series`) live in `factsheet.desk.queries`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from factsheet import __version__
from factsheet.desk.history import Replaced, fact_figure, kind_of, record_fact
from factsheet.desk.store import STORE_NAME, DeskError, Store
from factsheet.kinds import get, to_fact
from factsheet.models import Article, FactBase


@dataclass
class Decision:
    """A review decision about one fact, kept across days."""

    fact_id: str
    decision: str
    """accepted, edited, override, rejected or withdrawn."""
    decided_by: str | None = None
    reason: str | None = None


@dataclass
class AddResult:
    """What one batch added: articles, facts, and the event changes by type (new, update, status …)."""

    articles: int = 0
    facts: int = 0
    changes: dict[str, int] = field(default_factory=dict)


class Desk:
    """One desk folder's store (`DESK/factsheet.db`)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, folder: Path, *, timeout: float = 30.0, create: bool = True) -> Desk:
        """Open (and create or migrate) the desk in `folder`; `DeskError` with one line if it cannot.

        An existing store is checked (`PRAGMA quick_check`) before anything is written to it,
        and the per-day review stores of earlier releases are carried into it.
        """
        from factsheet.desk.days import import_day_stores

        path = Path(folder) / STORE_NAME
        existed = path.exists()
        if not create and not existed:
            raise DeskError(
                f"{folder}: no desk here (no {STORE_NAME}); `factsheet run --out {folder}` makes one",
                path=str(path),
            )
        store = Store(path, timeout=timeout, check=existed)
        try:
            import_day_stores(store, Path(folder))
        except BaseException:
            store.close()
            raise
        return cls(store)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- a run ---------------------------------------------------------------------------------
    def begin_run(self, briefing_date: dt.date | None, extractor_signature: str) -> int:
        return self.store.start_run(briefing_date, extractor_signature, __version__)

    def finish_run(self, run_id: int, events: dict | None = None) -> None:
        """The run is done; `events` is its draft's snapshot (compared with by later drafts)."""
        self.store.finish_run(run_id, json.dumps(events) if events is not None else None)

    def event_ids(self, article_ids: Sequence[str]) -> dict[str, str]:
        """fact id → desk event id, for the current facts of these articles."""
        return {
            row["fact_id"]: row["event_id"]
            for row in self.store.current_facts(list(article_ids))
            if row["event_id"]
        }

    def sync_decisions(self, day: dt.date | None = None) -> int:
        """Carry review decisions made since the last sync into the events (see `desk.review`)."""
        from factsheet.desk.review import sync_decisions

        return sync_decisions(self.store, day)

    def review_store(self):  # -> factsheet.review.store.ReviewStore (imported late: no cycle)
        """The review decisions of this desk (the same file)."""
        from factsheet.review.store import ReviewStore

        return ReviewStore(self.store.path)

    def decided(self, facts: list[FactBase]) -> list[FactBase]:
        """Today's facts as the draft shows them: review decisions on the desk applied."""
        from factsheet.review.decisions import decide_facts

        decisions = self.review_store().decisions()
        return list(decide_facts(list(facts), decisions, draft=True))

    def needs_extraction(self, article: Article, extractor_signature: str) -> bool:
        """False when the desk holds this text (same hash) read by the same extractor signature."""
        current = self.store.current_article(article.id)
        return not (
            current is not None
            and current["sha256"] == article.sha256
            and current["extractor_signature"] == extractor_signature
        )

    def add_articles(
        self,
        run_id: int,
        batch: Sequence[tuple[Article, Sequence[FactBase]]],
        extractor_signature: str,
        *,
        default_date: dt.date | None = None,
    ) -> AddResult:
        """Store a batch of articles with their facts and reconcile the facts with the desk's events.

        One transaction: a crash leaves the desk as it was or with the whole batch. Each
        article becomes a new version (the previous version's facts are marked superseded,
        not deleted). Articles go in by publication date, so "later" means published later;
        `default_date` dates articles that give none (the briefing date).
        """
        result = AddResult()
        fallback = default_date or dt.date.today()
        ordered = sorted(batch, key=lambda pair: (pair[0].published or fallback, pair[0].id))
        with self.store.transaction():
            for article, facts in ordered:
                published = article.published or fallback
                meta = article.meta().model_dump(mode="json")
                meta["published"] = published.isoformat()
                row, previous, replaced = self.store.insert_article(
                    run_id, meta, article.text, extractor_signature, len(facts)
                )
                earlier = Replaced(
                    same_text=previous is not None and previous["sha256"] == article.sha256, facts=replaced
                )
                result.articles += 1
                for fact in facts:
                    values = _fact_row(fact, published)
                    result.facts += 1
                    if fact.check.status == "rejected":  # kept, but part of no event
                        self.store.insert_fact(run_id, row, values, None)
                        continue
                    store_fact = functools.partial(self.store.insert_fact, run_id, row, values)
                    _, changes = record_fact(self.store, run_id, fact, store_fact, published, earlier)
                    for change in changes:
                        result.changes[change] = result.changes.get(change, 0) + 1
        return result

    def facts_for(self, article_ids: Sequence[str]) -> list[FactBase]:
        """The current facts of these articles as stored (for articles not extracted again today)."""
        return [to_fact(json.loads(row["fact_json"])) for row in self.store.current_facts(article_ids)]

    # -- review and publishing ---------------------------------------------------------------
    def record_decisions(self, briefing_date: dt.date, decisions: Iterable[Decision]) -> int:
        """Keep review decisions (as `factsheet review` does) and carry them into the events."""
        verdict_of = {"accepted": "accept", "edited": "accept", "override": "override"}
        review = self.review_store()
        count = 0
        for decision in decisions:
            review.set_verdict(
                decision.fact_id,
                verdict_of.get(decision.decision, "reject"),
                decision.decided_by or "unknown",
                reason=decision.reason,
            )
            count += 1
        self.sync_decisions(briefing_date)
        return count

    def record_publication(
        self,
        briefing_date: dt.date,
        run_id: int | None = None,
        path: str | None = None,
        *,
        events: dict | None = None,
        facts: dict | None = None,
        since_last: dict | None = None,
        published_by: str | None = None,
    ) -> None:
        """What readers were given: the events with their values, the facts, the since lists."""
        self.store.insert_publication(
            briefing_date.isoformat(),
            run_id,
            path,
            events=json.dumps(events) if events is not None else None,
            facts=json.dumps(facts) if facts is not None else None,
            since_last=json.dumps(since_last) if since_last is not None else None,
            published_by=published_by,
        )

    def previous_briefing(self, date: dt.date) -> dt.date | None:
        """The last briefing before `date`: the last publication, else the last finished run."""
        day = self.store.previous_publication(date.isoformat()) or self.store.previous_run_date(
            date.isoformat()
        )
        return dt.date.fromisoformat(day) if day else None


def _fact_row(fact: FactBase, published: dt.date) -> dict:
    spec = get(kind_of(fact))
    return {
        "fact_id": fact.id,
        "kind": kind_of(fact),
        "extractor": fact.extractor,
        "status": fact.check.status,
        "check_json": fact.check.model_dump_json(),
        "quote": fact.quote,
        "summary": spec.describe(fact),
        "figure": fact_figure(fact, spec),
        "published": published.isoformat(),
        "fact_json": fact.model_dump_json(),
    }


def extractor_signature(name: str, options: dict | None = None) -> str:
    """What makes two extractions of one text the same: extractor, model, prompt, rules and kinds.

    An article is extracted again when any part differs (a new model, a changed prompt,
    a new factsheet release with different rules, a kind added or changed).
    """
    from factsheet.kinds import loaded_versions

    options = options or {}
    parts: dict[str, object] = {"extractor": name, "factsheet": __version__, "kinds": loaded_versions()}
    if name == "llm":
        try:
            from factsheet.extraction.llm.prompt import PROMPT_VERSION
        except ImportError as exc:
            from factsheet.extraction import ExtractorError

            raise ExtractorError(
                f"the LLM extractor needs the llm extra: pip install 'factsheet[llm]' ({exc.name} is missing)"
            ) from None

        parts["model"] = options.get("model")
        parts["prompt"] = PROMPT_VERSION
    return json.dumps(parts, sort_keys=True, default=str)
