"""The desk: one store per output folder that keeps articles, facts, events, decisions
and publications across days, so a briefing knows what the desk knew yesterday.

    from factsheet.desk import Desk, extractor_signature, since, ahead, events, event_history, series
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factsheet.desk.desk import AddResult, Decision, Desk, extractor_signature
    from factsheet.desk.queries import (
        Ahead,
        AheadItem,
        EventRow,
        HistoryRow,
        Point,
        Since,
        ahead,
        event_history,
        events,
        series,
        since,
    )
    from factsheet.desk.store import STORE_NAME, DeskError, DeskLocked, DeskTooNew, DeskUnreadable

__all__ = [
    "STORE_NAME",
    "AddResult",
    "Ahead",
    "AheadItem",
    "Decision",
    "Desk",
    "DeskError",
    "DeskLocked",
    "DeskTooNew",
    "DeskUnreadable",
    "EventRow",
    "HistoryRow",
    "Point",
    "Since",
    "ahead",
    "event_history",
    "events",
    "extractor_signature",
    "series",
    "since",
]


_HOMES = {
    "factsheet.desk.desk": ("AddResult", "Decision", "Desk", "extractor_signature"),
    "factsheet.desk.queries": (
        "Ahead", "AheadItem", "EventRow", "HistoryRow", "Point", "Since",
        "ahead", "event_history", "events", "series", "since",
    ),
    "factsheet.desk.store": ("STORE_NAME", "DeskError", "DeskLocked", "DeskTooNew", "DeskUnreadable"),
}


def __getattr__(name: str) -> Any:
    """Names load on first use, so the CLI can register the desk's commands cheaply."""
    import importlib

    for module, names in _HOMES.items():
        if name in names:
            value = getattr(importlib.import_module(module), name)
            globals()[name] = value
            return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
