"""Shared parts of the editors' tests: a desk over three days of news, and its decisions.

Ten facts from four offline rules in three outlets; the editors accept six, edit two (a
count and a name) and reject two. One more article, on the third day, is never decided.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FACTSHEET = str(Path(sys.executable).with_name("factsheet"))

CASUALTY = "offline:casualty.count_near_outcome"
TARIFF = "offline:tariff.rate_of_trigger"
MEETING = "offline:meeting.verb"
AID = "offline:aid.sum_near_trigger"

# day → article id → (title, outlet, body)
DAYS = {
    "2025-10-06": {
        "d1a": (
            "Floods in the Po valley",
            "Adriatic Wire",
            "At least 14 people were killed when floods swept through villages in the Po valley on Sunday, "
            "regional officials said.",
        ),
        "d1b": (
            "Tariff on Brazilian coffee",
            "Harbour Ledger",
            "The United States will impose a 30% tariff on coffee imports from Brazil starting November 1, "
            "the trade office said.",
        ),
        "d1c": (
            "Leaders meet in Rome",
            "Adriatic Wire",
            "Italian Prime Minister Giorgia Meloni met Spanish Prime Minister Pedro Sanchez in Rome "
            "on Monday to discuss migration.",
        ),
    },
    "2025-10-07": {
        "d2a": (
            "Aid for Haiti",
            "Harbour Ledger",
            "Canada pledged $40 million in humanitarian aid to Haiti on Tuesday, the foreign ministry said.",
        ),
        "d2b": (
            "Landslide in Nepal",
            "Mountain Post",
            "Nine people were injured in a landslide in western Nepal on Monday night, police said.",
        ),
        "d2c": (
            "Tariff on Vietnamese shoes",
            "Mountain Post",
            "The European Union will impose a 12% tariff on footwear from Vietnam from December 1, "
            "officials said.",
        ),
    },
    "2025-10-08": {
        "d3a": (
            "Storm on the coast",
            "Adriatic Wire",
            "Seven people were killed when a storm hit the coast of Albania on Tuesday, police said.",
        ),
        "d3b": (
            "Loan to Kenya",
            "Harbour Ledger",
            "Japan approved a loan of $300 million to Kenya for a railway on Wednesday.",
        ),
        "d3c": (
            "Talks in Paris",
            "Mountain Post",
            "French President Emmanuel Macron met German Chancellor Friedrich Merz in Paris on Wednesday "
            "to discuss defence.",
        ),
        "d3d": (
            "Fire in Lagos",
            "Harbour Ledger",
            "At least 20 people were injured in a market fire in Lagos on Tuesday, firefighters said.",
        ),
        "d3e": (
            "Aid for Moldova",
            "Harbour Ledger",
            "Hungary pledged 5 million euros to Moldova for school repairs on Wednesday, "
            "the government said.",
        ),
    },
}
UNDECIDED = {"d3e"}

# article id → decision: ("accept",), ("reject", reason) or ("edit", field, value as typed)
DECISIONS: dict[str, tuple] = {
    "d1a": ("accept",),
    "d1b": ("accept",),
    "d1c": ("reject", "a phone call, not a meeting"),
    "d2a": ("accept",),
    "d2b": ("accept",),
    "d2c": ("reject", "only proposed"),
    "d3a": ("accept",),
    "d3b": ("accept",),
    "d3c": ("edit", "participants", "Emmanuel Macron; Olaf Scholz"),
    "d3d": ("edit", "count", "23"),
}


def factsheet(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([FACTSHEET, *args], capture_output=True, text=True, timeout=300)


def ok(*args: str) -> subprocess.CompletedProcess:
    done = factsheet(*args)
    assert done.returncode == 0, done.stderr
    return done


def write_day(folder: Path, day: str, docs: dict[str, tuple[str, str, str]]) -> Path:
    """Article files plus the docs.jsonl that dates them and names their outlets."""
    folder.mkdir(parents=True)
    lines = []
    for doc_id, (title, outlet, body) in docs.items():
        (folder / f"{doc_id}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        meta = {
            "id": doc_id,
            "published": day,
            "title": title,
            "outlet": outlet,
            "url": f"https://news.test/{doc_id}",
        }
        lines.append(json.dumps(meta))
    (folder / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def build_desk(tmp_path: Path, days: dict = DAYS) -> Path:
    """A desk with one run per day, nothing decided yet."""
    desk = tmp_path / "desk"
    for day, docs in days.items():
        ok("run", str(write_day(tmp_path / "in" / day, day, docs)), "--out", str(desk), "-q")
    return desk


def facts_by_doc(desk: Path) -> dict[str, dict]:
    """Article id → its one fact, over every day of the desk."""
    found: dict[str, dict] = {}
    for day in sorted(p for p in desk.iterdir() if p.is_dir()):
        for fact in json.loads((day / "facts.json").read_text(encoding="utf-8"))["facts"]:
            assert fact["doc"] not in found, f"{fact['doc']} has more than one fact"
            found[fact["doc"]] = fact
    return found


def decide_on_the_command_line(desk: Path) -> None:
    """Every decision of `DECISIONS`, through `factsheet review DAY`."""
    facts = facts_by_doc(desk)
    for day, docs in DAYS.items():
        args: list[str] = []
        for doc in docs:
            if doc in UNDECIDED:
                continue
            fact_id, decision = facts[doc]["id"], DECISIONS[doc]
            if decision[0] == "accept":
                args += ["--accept", fact_id]
            elif decision[0] == "edit":
                args += ["--edit", f"{fact_id}:{decision[1]}={decision[2]}"]
        for doc in docs:  # --reason applies to every --reject of a call: one call per rejection
            if DECISIONS.get(doc, ("",))[0] == "reject":
                ok("review", str(desk / day), "--reject", facts[doc]["id"], "--reason", DECISIONS[doc][1])
        ok("review", str(desk / day), *args)
