"""factsheet: news articles in; typed, source-checked facts and briefing sheets out.

    import factsheet

    facts = factsheet.extract(
        "Officials said at least 12 people were killed in Kyiv on Monday.", published="2025-08-06"
    )
    for fact in facts:
        print(fact.kind, fact.check.status, fact.model_dump(include={"count", "outcome", "location"}))

The data flows ingest -> extract -> validate -> reconcile -> render/export, each stage
a subpackage speaking the models in `factsheet.models` and the kinds in
`factsheet.kinds`. This module is the public surface: what is in `__all__` is kept
stable; everything else may move. Names load on first use, so `import factsheet`
(and the CLI's start) stays quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Aid",
    "Article",
    "Briefing",
    "Casualty",
    "Check",
    "Deadline",
    "EditError",
    "EndpointError",
    "Event",
    "ExtractionError",
    "Fact",
    "FactBase",
    "FactsheetError",
    "GoldSetError",
    "InputError",
    "KindError",
    "KindSpec",
    "Meeting",
    "NothingToDo",
    "OutputError",
    "PublishRefused",
    "ReviewError",
    "RunOptions",
    "RunResult",
    "Tariff",
    "TemplateError",
    "__version__",
    "extract",
    "kinds",
    "read_articles",
    "run",
    "validate",
]

from factsheet import errors as _errors  # no imports of its own: cheap

_HOMES = {
    "factsheet.api": ("extract", "read_articles", "run", "validate"),
    "factsheet.models": ("Article", "Briefing", "Check", "Event", "FactBase"),
    "factsheet.kinds": ("Aid", "Casualty", "Deadline", "Fact", "KindSpec", "Meeting", "Tariff"),
    "factsheet.pipeline": ("RunOptions", "RunResult"),
    "factsheet.errors": tuple(_errors.__all__),  # the tree is listed once, in factsheet/errors.py
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

if TYPE_CHECKING:
    from factsheet import kinds
    from factsheet.api import extract, read_articles, run, validate
    from factsheet.errors import (
        EditError,
        EndpointError,
        ExtractionError,
        FactsheetError,
        GoldSetError,
        InputError,
        KindError,
        NothingToDo,
        OutputError,
        PublishRefused,
        ReviewError,
        TemplateError,
    )
    from factsheet.kinds import Aid, Casualty, Deadline, Fact, KindSpec, Meeting, Tariff
    from factsheet.models import Article, Briefing, Check, Event, FactBase
    from factsheet.pipeline import RunOptions, RunResult


def __getattr__(name: str) -> Any:
    import importlib

    if name == "kinds":
        return importlib.import_module("factsheet.kinds")
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'factsheet' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
