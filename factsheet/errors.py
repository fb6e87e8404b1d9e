"""The one exception tree of factsheet. Catch `FactsheetError` for all of them.

Grouped by what the caller can do about each branch::

    FactsheetError
    ├── InputError          an article file or a labelled set cannot be read: fix or drop the file
    │   ├── NothingToDo     no article at all could be read: nothing is written
    │   └── GoldSetError    a labelled set misses a file or has a malformed line
    ├── KindError           a fact kind is unknown or was registered wrongly: fix the plugin
    ├── ExtractionError     an extractor could not run or failed on an article
    │   └── EndpointError   the LLM endpoint cannot be reached or refused the request
    ├── OutputError         the output folder cannot be written: nothing was extracted yet
    ├── TemplateError       a briefing template is missing or broken: nothing is written
    └── ReviewError         a review decision or a publication was refused
        ├── EditError       an edited value does not fit the fact's model (also a ValueError)
        └── PublishRefused  facts still await review

Every class carries the data a caller needs as attributes (the file, the kind, the
article, the URL), not only in its message. Messages never contain an API key.
"""

from __future__ import annotations

__all__ = [
    "EditError",
    "EndpointError",
    "ExtractionError",
    "FactsheetError",
    "GoldSetError",
    "InputError",
    "KindError",
    "NothingToDo",
    "OutputError",
    "PublishRefused",
    "ReviewError",
    "TemplateError",
]


class FactsheetError(Exception):
    """Root of every error factsheet raises on purpose."""


class InputError(FactsheetError):
    """An input cannot be read; `path` names it when there is one."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class NothingToDo(InputError):
    """No article could be read: there is no briefing to make."""


class GoldSetError(InputError):
    """The labelled set is missing a file or has a malformed line."""


class KindError(FactsheetError):
    """A fact kind is unknown, or a kind plugin registered something invalid."""

    def __init__(self, message: str, *, kind: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind


class ExtractionError(FactsheetError):
    """An extractor could not be set up, or failed on one article (`article`)."""

    def __init__(self, message: str, *, article: str | None = None) -> None:
        super().__init__(message)
        self.article = article


class EndpointError(ExtractionError):
    """The LLM endpoint at `url` cannot be reached or answered with an error (`status`)."""

    def __init__(
        self, message: str, *, url: str | None = None, status: int | None = None, article: str | None = None
    ) -> None:
        super().__init__(message, article=article)
        self.url = url
        self.status = status


class OutputError(FactsheetError):
    """The output folder `path` cannot be created or written."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class TemplateError(FactsheetError):
    """A template is missing or broken; the message names file and line."""


class ReviewError(FactsheetError):
    """A review decision or a publication was refused."""


class EditError(ReviewError, ValueError):
    """An edited value does not fit the fact's model; `field` names the field."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class PublishRefused(ReviewError):
    """Flagged facts are unreviewed; `fact_ids` lists them."""

    def __init__(self, message: str, *, fact_ids: list[str] | None = None) -> None:
        super().__init__(message)
        self.fact_ids = fact_ids or []
