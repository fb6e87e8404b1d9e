"""`KindSpec`: everything factsheet knows about one fact kind, in one frozen record.

Stages never name a kind. They ask the registry for the kinds and read what they
need from each spec: the Pydantic model, how two reports are the same event, the key
figure, how the scorer matches gold, what the LLM is told, where the offline rules
are, and how the kind is shown (briefing section, sheet, one-line description).
A kind from another package is a `KindSpec` too, registered through the
`factsheet.kinds` entry point group; the built-in kinds take exactly that path.

A kind's `name` is permanent: it is part of fact ids, stored review decisions and
gold files. Rename a kind and every stored decision about it is orphaned.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

if TYPE_CHECKING:
    from factsheet.models import Event, FactBase
    from factsheet.render.parts import BriefingParts, GlanceItem, Section

EventKey = tuple[Any, ...]
F = TypeVar("F", bound="FactBase")
SectionsBuilder = Callable[["list[Event]", "BriefingParts"], "list[Section]"]
GlanceBuilder = Callable[["list[Event]", "BriefingParts"], "list[GlanceItem]"]
LeadBuilder = Callable[["Event", "BriefingParts"], "str | None"]


def _no_glance(events: list[Event], parts: BriefingParts) -> list[GlanceItem]:
    return []


@dataclass(frozen=True)
class FieldRoles:
    """Which fields of a kind play which part, so field-type checks apply without naming kinds.

    figure: the number the fact is about (a rate, an amount, a count), and
    figure_unit: how the text states it (people counted, a percentage, a sum of money);
    qualifier: the word in front of that figure (exact / about / at least …);
    outcome: the word that governs the figure (killed / injured …);
    parties: names of people, countries or bodies the text must support
    (joined_parties: those of them holding several names joined by ", ");
    places: place names; dates: calendar dates the text must state or imply;
    looks_back: whether a bare weekday in the fact points back (True), forward (False)
    or either way (None), e.g. back for a held meeting.
    """

    figure: str | None = None
    figure_unit: Literal["count", "percent", "money", "number"] = "number"
    qualifier: str | None = None
    outcome: str | None = None
    parties: tuple[str, ...] = ()
    joined_parties: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    looks_back: Callable[[Any], bool | None] | None = None


@dataclass(frozen=True)
class KindSpec(Generic[F]):
    """One fact kind, declared once. See the module docstring for what reads each part."""

    name: str
    model: type[F]
    title: str
    """Heading of the kind's briefing section ("Aid and arms")."""
    sheet: str
    """Name of the kind's XLSX sheet (at most 31 characters)."""
    describe: Callable[[F], str]
    """One line for event lists and tables ("Japan → Philippines")."""
    describe_key: Callable[[F], str]
    """What the scorer matched on, for `factsheet eval --show-errors`."""
    event_key: Callable[[F], EventKey]
    """Blocking key across articles: reports with equal keys are one event."""
    same_mention: Callable[[F, F], bool]
    """Two facts of one article that report the same event (kept once)."""
    keys_agree: Callable[[F, F], bool]
    """The scorer's match of a prediction to a gold fact (gold format's key)."""
    eval_key_fields: frozenset[str]
    prompt: str
    """The kind's lines in the LLM instructions: what it is and its fields."""
    roles: FieldRoles = field(default_factory=FieldRoles)
    identity_fields: tuple[str, ...] = ()
    """Fields two reports of one event cannot disagree on (see `factsheet.kinds.identity`)."""
    qualifier_stand_ins: Mapping[str, str] = field(default_factory=dict)
    """A wording's qualifier outside the kind's value set → the nearest one inside it."""
    sections: SectionsBuilder | None = None
    """Builds the kind's briefing section(s); None gives a generic table of its fields."""
    glance: GlanceBuilder = _no_glance
    """The kind's lines in "At a glance"."""
    lead: LeadBuilder | None = None
    """One sentence of the briefing's lead about an event (no final stop, no sources): made
    from the fact's values only; None leaves the kind's events to the generic sentence."""
    join_undated: bool = False
    """The event key ends in the date: reports with the same other elements (the block) are
    compared by time (`factsheet.kinds.identity`), so an undated report can join a dated event."""
    undated_identity_fields: tuple[str, ...] = ()
    """Fields that must also agree across articles when one of two reports gives no date: "the
    critical deadline" joins a dated deadline about the same thing (its `subject`), not any
    deadline of the same setter. Within one article they are not compared."""
    told_apart: Callable[[F, F], bool] | None = None
    """Two reports from different articles that the kind knows are two events although key,
    identifying fields and time agree (an undated phone call and a dated summit)."""
    timed: bool = False
    """Time tells two events apart: two reports whose times cannot overlap (a meeting last
    February and one next Monday; a toll of last week and one of today) are two events."""
    undated_days: int | None = None
    """A report that gives no time is about the last `undated_days` days before it was
    published (a toll without a date is recent); None: any time before (or after, for a
    report of something ahead)."""
    derived_fields: tuple[str, ...] = ()
    """Fields factsheet sets from the text after extraction (a breakdown's `part_of`): not
    content, so never asked of the LLM, exported as a column or scored."""
    status_order: tuple[str, ...] = ()
    """The kind's statuses in the order an event moves through them (proposed → scheduled →
    held): a later report that moves back is checked, never news (`factsheet.desk.history`)."""
    covered_by: Callable[[F, F], bool] | None = None
    """Whether a fact is redundant beside another fact of its kind in the same article
    (it is then recorded as merged into that one, not kept on its own)."""
    offline_rules: str | None = None
    """Dotted path "module:function" of the offline extractor's rule for this kind."""
    order: int = 100
    """Where the kind stands among the others: briefing sections, sheets, prompt lines."""
    version: str = "1"

    @property
    def key_figure(self) -> str | None:
        """The number that identifies a fact; a fact without it is valid but not scored."""
        return self.roles.figure

    def content_fields(self) -> list[str]:
        """The fields that say what a fact asserts, in declaration order."""
        from factsheet.models import PROVENANCE_FIELDS

        return [
            name
            for name in self.model.model_fields
            if name not in PROVENANCE_FIELDS and name not in self.derived_fields
        ]

    def qualifier_for(self, qualifier: str) -> str:
        return self.qualifier_stand_ins.get(qualifier, qualifier)
