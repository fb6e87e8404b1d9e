"""The prompt: kind definitions, the article's publication date, and a worked example.

The example's quotes are checked to be verbatim in the example text when the prompt
is built, so the model is never shown a paraphrased "quote" as correct.
"""

from __future__ import annotations

import json
from functools import cache

PROMPT_VERSION = "2025-1"

KIND_GUIDE = """\
Extract every fact of these five kinds that the text asserts, including attributed ones
("X said") and past events it recalls. One fact per distinct event.
- deadline: a date by which something must happen or a consequence follows.
  subject, set_by (canonical name or body), due (YYYY-MM-DD or null), due_text (the words).
- tariff: a tariff or duty rate. imposed_by, target, rate_percent (25 for "25%"),
  basis (additional | total | new), goods, reason, effective (date),
  status (in_force | announced | threatened).
- aid: money or materiel given, sold, pledged or lent. donor, recipient, amount (a number in units,
  200000000 for "$200 million"), currency (ISO code), amount_qualifier (exact | more_than | up_to | about),
  form (sale | donation | loan | pledge | package), purpose,
  status (approved | delivered | pledged | proposed).
- casualty: people killed, injured, displaced or missing. count (integer), count_qualifier
  (exact | at_least | more_than | about), outcome (killed | injured | displaced | missing),
  location, when_text, cause.
- meeting: a meeting, summit, call or talks between named parties. participants (canonical full names,
  sorted), location, date, mode (in_person | phone | video | unknown),
  status (held | scheduled | proposed | cancelled).
Rules: `quote` is copied exactly from the text, character for character, and is the shortest span that
states the fact. Resolve relative dates ("Friday") against the publication date; leave a date null when
the text does not pin the day. Use canonical full names ("Volodymyr Zelensky" for "Zelenskiy").
Do not invent facts; return {"facts": []} when there are none."""

EXAMPLE_TEXT = (
    "Officials said at least 14 people were killed when a storm hit Manila on Monday. "
    "Japan pledged $5 million in emergency aid to the Philippines, and President Marcos "
    "will meet Japan's prime minister in Tokyo on Friday."
)
EXAMPLE_PUBLISHED = "2025-09-03"
EXAMPLE_FACTS = {
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
    pass


@cache
def system_prompt() -> str:
    for fact in EXAMPLE_FACTS["facts"]:
        if fact["quote"] not in EXAMPLE_TEXT:
            raise PromptError(f"worked example quote is not verbatim: {fact['quote']!r}")
    return (
        "You extract typed facts from news articles for analysts.\n\n"
        + KIND_GUIDE
        + "\n\nWorked example.\nPublished: "
        + EXAMPLE_PUBLISHED
        + "\nText:\n"
        + EXAMPLE_TEXT
        + "\nAnswer:\n"
        + json.dumps(EXAMPLE_FACTS, ensure_ascii=False)
    )


def user_prompt(text: str, published: str | None, title: str | None) -> str:
    header = f"Published: {published or 'unknown'}"
    if title:
        header += f"\nTitle: {title}"
    return f"{header}\nText:\n{text}"


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
