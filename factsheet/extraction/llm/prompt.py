"""The prompt: kind definitions, the article's publication date, and a worked example.

The example's quotes are checked to be verbatim in the example text when the prompt
is built, so the model is never shown a paraphrased "quote" as correct.

The system message depends on where the mode puts the schema (`request.SCHEMA_IN`):
where the model reads the schema (a tool's parameters, or this message in `md_json`),
each kind's line leaves the closed fields' values to it; where only the server does
(`response_format`), the kind's line keeps its "(a | b | c)" so the model knows them.
"""

from __future__ import annotations

import json
import re
from functools import cache

from factsheet.extraction.llm.settings import Mode

PROMPT_VERSION = "2026-2"

_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

RULES = """\
Rules: `quote` is copied exactly from the text, character for character, and is the shortest span that
states the fact. Resolve relative dates ("Friday") against the publication date; leave a date out when
the text does not pin the day, and any field the text does not give. Use canonical full names
("Volodymyr Zelensky" for "Zelenskiy"). {closed}
Do not invent facts; return {{"facts": []}} when there are none."""


CLOSED_IN_SCHEMA = "Values of closed fields are listed in the schema."
CLOSED_IN_LINES = "A field with choices (a | b | c) takes only one of them."

_VALUE_LIST = re.compile(r"\s*\((?:[a-z_]+ \| )+[a-z_]+\)")
"""A kind line's "(a | b | c)": where the model reads the schema, its enum says it already."""


def _kind_line(prompt: str, values: bool) -> str:
    return " ".join((prompt if values else _VALUE_LIST.sub("", prompt)).split())


def kind_guide(values: bool = False) -> str:
    """What to extract: each registered kind's own lines (`KindSpec.prompt`), then the rules.

    `values`: keep the closed fields' values in the kinds' lines (the model is not shown
    the schema that lists them).
    """
    from factsheet.kinds import kinds

    specs = kinds()
    count = _NUMBER_WORDS[len(specs)] if len(specs) < len(_NUMBER_WORDS) else str(len(specs))
    return "\n".join(
        [
            f"Extract every fact of these {count} kinds that the text asserts, including attributed ones",
            '("X said") and past events it recalls. One fact per distinct event.',
            *(_kind_line(spec.prompt, values) for spec in specs),
            RULES.format(closed=CLOSED_IN_LINES if values else CLOSED_IN_SCHEMA),
        ]
    )


EXAMPLE_TEXT = (
    "Officials said at least 14 people were killed when a storm hit Manila on Monday. "
    "Japan pledged $5 million in emergency aid to the Philippines, and President Marcos "
    "will meet Japan's prime minister in Tokyo on Friday."
)
EXAMPLE_PUBLISHED = "2025-09-03"
EXAMPLE_FACTS: dict[str, list[dict[str, object]]] = {
    "facts": [
        {
            "kind": "casualty",
            "quote": "at least 14 people were killed when a storm hit Manila on Monday",
            "count": 14,
            "count_qualifier": "at_least",
            "outcome": "killed",
            "location": "Manila",
            "when_text": "on Monday",
            "cause": "storm",
        },
        {
            "kind": "aid",
            "quote": "Japan pledged $5 million in emergency aid to the Philippines",
            "donor": "Japan",
            "recipient": "Philippines",
            "amount": 5000000,
            "currency": "USD",
            "amount_qualifier": "exact",
            "form": "pledge",
            "purpose": "emergency aid",
            "status": "pledged",
        },
        {
            "kind": "meeting",
            "quote": "President Marcos will meet Japan's prime minister in Tokyo on Friday",
            "participants": ["Ferdinand Marcos Jr.", "Shigeru Ishiba"],
            "location": "Tokyo",
            "date": "2025-09-05",
            "mode": "in_person",
            "status": "scheduled",
        },
    ]
}


class PromptError(Exception):
    """The built-in worked example is inconsistent (a programming error, caught at first use)."""


@cache
def system_prompt(mode: Mode) -> str:
    """The instructions for `mode`: the task, the kinds, the rules, the schema (md_json), an example."""
    from factsheet.extraction.llm.request import SCHEMA_IN, model_reads_schema
    from factsheet.kinds import names

    facts: list[dict[str, object]] = EXAMPLE_FACTS["facts"]
    for fact in facts:
        if str(fact["quote"]) not in EXAMPLE_TEXT:
            raise PromptError(f"worked example quote is not verbatim: {fact['quote']!r}")
    known = set(names())
    example = {"facts": [f for f in facts if f["kind"] in known]}
    answer = {
        "tools": "",  # the tool's parameters are the schema
        "response_format": "\nAnswer with one JSON object.",
        "system message": "\nAnswer with one JSON object valid against this JSON Schema:\n" + _schema_text(),
    }[SCHEMA_IN[mode]]
    return (
        "You extract typed facts from news articles for analysts.\n\n"
        + kind_guide(values=not model_reads_schema(mode))
        + answer
        + "\n\nWorked example.\nPublished: "
        + EXAMPLE_PUBLISHED
        + "\nText:\n"
        + EXAMPLE_TEXT
        + "\nAnswer:\n"
        + json.dumps(example, ensure_ascii=False, separators=(",", ":"))
    )


def _schema_text() -> str:
    from factsheet.extraction.llm.schema import response_schema

    return json.dumps(response_schema(), ensure_ascii=False, separators=(",", ":"))


MD_JSON_REMINDER = "\n\nReturn the JSON object in a ```json code block."
"""Ends the user message in md_json, where nothing constrains the answer: the last words a
model reads before answering (instructor's MD_JSON mode ends it so too)."""


def user_prompt(text: str, published: str | None, title: str | None, mode: Mode | None = None) -> str:
    header = f"Published: {published or 'unknown'}"
    if title:
        header += f"\nTitle: {title}"
    reminder = MD_JSON_REMINDER if mode == "md_json" else ""
    return f"{header}\nText:\n{text}{reminder}"


def feedback_prompt(problems: list[tuple[int, str, str]]) -> str:
    """Ask again for the facts that failed validation, saying why and where the text really is."""
    lines = [
        "Some facts you returned do not hold against the text. Return corrected versions of only",
        'these facts (or drop a fact the text does not state), as {"facts": [...]}. Quotes must be',
        "copied exactly from the text.",
    ]
    for number, error, closest in problems:
        line = f"- fact {number}: {error}."
        if closest:
            line += f' The closest sentence of the text is: "{closest}"'
        lines.append(line)
    return "\n".join(lines)
