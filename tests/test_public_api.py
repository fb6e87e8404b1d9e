"""The public surface: `import factsheet` gives what a user needs, and nothing moves silently."""

from __future__ import annotations

import subprocess
import sys

import pytest

import factsheet
from factsheet import errors

EXPORTED = {
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
}


def test_exported_names_are_pinned():
    assert set(factsheet.__all__) == EXPORTED
    for name in factsheet.__all__:
        assert getattr(factsheet, name) is not None, name
    for function in ("extract", "validate", "read_articles", "run"):
        assert callable(getattr(factsheet, function)), function


def test_every_error_is_a_factsheet_error_and_carries_its_data():
    classes = [getattr(errors, name) for name in errors.__all__]
    assert all(issubclass(cls, errors.FactsheetError) for cls in classes)
    assert issubclass(errors.EditError, ValueError)
    error = errors.EndpointError("cannot connect", url="http://127.0.0.1:9/v1", status=None, article="a1")
    assert (error.url, error.article) == ("http://127.0.0.1:9/v1", "a1")
    assert isinstance(error, errors.ExtractionError)


def test_importing_factsheet_loads_no_heavy_library():
    heavy = ("spacy", "weasyprint", "openai", "pydantic")
    code = f"import sys, factsheet; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_extract_from_plain_text_gives_checked_facts():
    facts = factsheet.extract(
        "Officials said at least 12 people were killed when a storm hit the coast on Monday.",
        published="2025-08-06",
    )
    casualty = next(f for f in facts if f.kind == "casualty")
    assert isinstance(casualty, factsheet.Casualty)
    assert (casualty.count, casualty.count_qualifier, casualty.outcome) == (12, "at_least", "killed")
    assert casualty.check.status == "verified" and casualty.publishable
    assert casualty.doc == "text-1"


def test_validate_catches_a_figure_the_text_contradicts_and_an_unknown_article():
    article = factsheet.Article(id="a1", text="Police said 4 people were injured in the blast.")
    stated = factsheet.Casualty(doc="a1", quote="4 people were injured", count=4, outcome="injured")
    wrong = factsheet.Casualty(doc="a1", quote="4 people were injured", count=40, outcome="injured")
    orphan = factsheet.Casualty(doc="zz", quote="4 people were injured", count=4, outcome="injured")
    checked = factsheet.validate([stated, wrong, orphan], [article])
    assert checked[0].check.status == "verified"
    assert checked[1].check.status != "verified"
    assert checked[2].check.status == "rejected" and checked[2].check.codes == ["unknown_article"]


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError):
        factsheet.no_such_thing  # noqa: B018
