"""The fact models: the one vocabulary every stage of factsheet speaks.

Ingest produces `Article`s, extractors produce `Fact`s, the validator annotates them
with a `Check`, the reconciler groups them into `Event`s, and renderers/exporters
read a `Briefing`. This module imports no stage, so any stage can import it.

Field names and value sets of the five kinds follow the gold annotation format
(deadline, tariff, aid, casualty, meeting) so that predictions and gold facts are
the same objects. Fields the text may not give (a tariff threat with no rate) are
optional: such a fact is still a valid, reportable fact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializeAsAny,
    computed_field,
    model_validator,
)

SCHEMA_VERSION = 1

ValidationStatus = Literal["unchecked", "verified", "corrected", "flagged", "rejected"]
GroundingLevel = Literal["exact", "normalised", "fuzzy", "none"]


class Article(BaseModel):
    """One news article as read from disk; `text` is exactly what the file held."""

    model_config = ConfigDict(frozen=True)

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    source_path: str | None = Field(default=None, description="File the article came from.")
    skip_spans: list[tuple[int, int]] = Field(
        default_factory=list,
        description="Character ranges of page chrome (menus, credits, footers) that "
        "extraction ignores; offsets still index the original text.",
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def meta(self) -> ArticleMeta:
        return ArticleMeta(
            id=self.id,
            title=self.title,
            outlet=self.outlet,
            url=self.url,
            published=self.published,
            source_path=self.source_path,
            sha256=self.sha256,
            chars=len(self.text),
        )


class ArticleMeta(BaseModel):
    """An article without its text: what outputs cite as a source."""

    id: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    source_path: str | None = None
    sha256: str | None = None
    chars: int | None = None


class FieldChange(BaseModel):
    """One field the validator changed: the reviewer's diff line."""

    field: str
    old: object = None
    new: object = None
    reason: str
    code: str = Field(default="changed", description="Machine-readable kind of change.")


class Check(BaseModel):
    """What validation found for one fact."""

    status: ValidationStatus = "unchecked"
    grounding: GroundingLevel | None = None
    reasons: list[str] = Field(default_factory=list)
    codes: list[str] = Field(
        default_factory=list,
        description="Machine-readable reasons: quote_not_found, quote_normalised, quote_fuzzy, "
        "figure_corrected, figure_not_in_quote, qualifier_corrected, date_corrected, date_not_stated, "
        "date_mismatch, name_canonicalised, unknown_article; codes starting cannot_tell_ "
        "(cannot_tell_currency, cannot_tell_qualifier, cannot_tell_date) mark what the checker could "
        "not read: published with a note, never changed.",
    )
    changes: list[FieldChange] = Field(default_factory=list)
    review: Literal["accepted", "edited", "override"] | None = Field(
        default=None,
        description="What a person decided in review: accepted or edited a fact, or published one "
        "the validator rejected by an explicit override. The validator's `status` is kept as it was.",
    )
    reviewed_by: str | None = Field(default=None, description="Who made the review decision.")


class MergedMention(BaseModel):
    """Another mention of the same event that a fact absorbed: kept so nothing vanishes unseen."""

    id: str
    quote: str
    start: int | None = None
    end: int | None = None
    extractor: str = "unknown"
    reason: str


class FactBase(BaseModel):
    """Provenance shared by every kind: where the fact stands in which article."""

    model_config = ConfigDict(validate_assignment=True)

    if TYPE_CHECKING:
        # Each kind declares `kind` as a Literal of its name; every fact has one.
        kind: str

    doc: str = Field(description="Id of the article the fact was read from.")
    quote: str = Field(description="Verbatim span of the article that states the fact.")
    start: int | None = Field(default=None, ge=0, description="text[start:end] == quote")
    end: int | None = Field(default=None, ge=0)
    extractor: str = Field(default="unknown", description="Which extractor produced it.")
    check: Check = Field(default_factory=Check)
    event_id: str | None = Field(default=None, description="Id of the reconciled event this fact belongs to.")
    merged: list[MergedMention] = Field(
        default_factory=list,
        description="Other mentions of the same event in the article, absorbed by this one.",
    )

    id: str = Field(
        default="",
        description="Stable id: kind, article, quote span and what the fact asserts as first read. "
        "Unique in a run (the pipeline numbers exact twins), kept through validation and review.",
    )

    @model_validator(mode="after")
    def _stable_id(self) -> FactBase:
        if not self.id:
            # Set through __dict__ so validate_assignment does not run this validator again.
            self.__dict__["id"] = fact_id_for(self)
        return self

    @property
    def publishable(self) -> bool:
        """Verified or corrected by the text, or accepted, edited or overridden by a person."""
        return self.check.status in ("verified", "corrected") or self.check.review is not None


def fact_id_for(fact: FactBase) -> str:
    """The id a fact gets from its kind, article, quote span and content.

    The content is part of the basis because one sentence can state several facts
    ("two killed and 12 injured"): kind and span alone gave two facts one id, so one
    review decision changed both.
    """
    kind = getattr(fact, "kind", "fact")
    content = fact.model_dump(mode="json", exclude=set(FactBase.model_fields) | {"kind"})
    basis = json.dumps(
        [kind, fact.doc, fact.start, fact.end, fact.quote if fact.start is None else "", content],
        sort_keys=True,
        ensure_ascii=False,
    )
    return f"{kind[:3]}-{hashlib.sha1(basis.encode('utf-8')).hexdigest()[:10]}"


def number_twins(facts: list[FactBase]) -> None:
    """Make ids unique in a run: a second fact with the same id (an exact twin) gets `-2`, …"""
    seen: dict[str, int] = {}
    for fact in facts:
        count = seen.get(fact.id, 0) + 1
        seen[fact.id] = count
        if count > 1:
            fact.__dict__["id"] = f"{fact.id}-{count}"


# Fields that are provenance or validation, not the content of a fact.
PROVENANCE_FIELDS = frozenset(FactBase.model_fields) | {"kind", "id"}


def content_fields(kind: str) -> list[str]:
    """The fields that say what a fact of `kind` asserts, in declaration order."""
    from factsheet.kinds import get

    return get(kind).content_fields()


def qualifier_for(kind: str, qualifier: str) -> str:
    """The wording's qualifier in the kind's own value set ("at least $1bn" → more_than)."""
    from factsheet.kinds import get

    return get(kind).qualifier_for(qualifier)


def _as_fact(value: Any) -> Any:
    from factsheet.kinds import to_fact

    return to_fact(value) if isinstance(value, dict) else value


AnyFact = Annotated[SerializeAsAny[FactBase], BeforeValidator(_as_fact)]
"""A fact of any registered kind: validated through the kind registry, dumped whole."""


class EventSource(BaseModel):
    """One article's report of a reconciled event."""

    fact_id: str
    doc: str
    quote: str
    value: float | None = Field(default=None, description="The article's key figure, if any.")


class Event(BaseModel):
    """One real-world event as reported by one or more articles."""

    id: str
    kind: str
    summary: str
    fact: AnyFact = Field(description="The representative fact (first or clearest report).")
    sources: list[EventSource]
    conflict: bool = False
    low: float | None = Field(default=None, description="Lowest figure reported.")
    high: float | None = Field(default=None, description="Highest figure reported.")
    note: str | None = None


class FileProblem(BaseModel):
    """An input that could not be read, with the one-line reason shown to the user."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class Briefing(BaseModel):
    """Everything one run produced: what renderers and exporters consume.

    This is also the shape of `facts.json`.
    """

    schema_version: int = SCHEMA_VERSION
    title: str = "Daily Briefing"
    briefing_date: dt.date
    generated_at: dt.datetime
    extractor: str
    sources: list[ArticleMeta]
    facts: list[AnyFact]
    events: list[Event] = Field(default_factory=list)
    problems: list[FileProblem] = Field(default_factory=list)
    since: list[str] = Field(
        default_factory=list,
        description="What changed on the desk since the last briefing, and what is ahead, one line each.",
    )
    desk: dict[str, Any] | None = Field(
        default=None,
        description="The same, structured: what changed by group (new, updated, moved, passed, "
        "withdrawn), what is ahead and overdue, each event's values day by day, and which articles "
        "copy another (`factsheet.desk.since_last.SinceGroups` as JSON). None when made without a desk.",
    )

    def published_facts(self) -> list[FactBase]:
        return [f for f in self.facts if f.publishable]

    def facts_of(self, kind: str, *, published_only: bool = True) -> list[FactBase]:
        pool = self.published_facts() if published_only else self.facts
        return [f for f in pool if f.kind == kind]

    def source(self, doc: str) -> ArticleMeta | None:
        return next((s for s in self.sources if s.id == doc), None)

    def status_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for fact in self.facts:
            counts[fact.check.status] = counts.get(fact.check.status, 0) + 1
        return counts


if TYPE_CHECKING:
    from factsheet.kinds import Aid, Casualty, Deadline, Meeting, Tariff  # noqa: F401

_MOVED = {"Deadline", "Tariff", "Aid", "Casualty", "Meeting"}


def __getattr__(name: str) -> Any:
    """The kind models moved to `factsheet.kinds`; old imports from here keep working."""
    if name in _MOVED:
        import factsheet.kinds

        return getattr(factsheet.kinds, name)
    if name == "KINDS":
        from factsheet.kinds import names

        return tuple(names())
    if name == "FACT_TYPES":
        from factsheet.kinds import kinds

        return {spec.name: spec.model for spec in kinds()}
    if name == "KEY_FIGURE":
        from factsheet.kinds import kinds

        return {spec.name: spec.key_figure for spec in kinds() if spec.key_figure}
    if name in ("FactAdapter", "FactListAdapter"):
        from factsheet.kinds import fact_adapter, fact_list_adapter

        return fact_adapter() if name == "FactAdapter" else fact_list_adapter()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
