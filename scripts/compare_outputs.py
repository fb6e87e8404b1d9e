"""Compare two `factsheet run` output folders, ignoring only what a re-run may change.

A refactor that must not change behaviour is proven with it: run the old and the new
code on the same articles and compare. Timestamps and timings are dropped; every other
byte of facts.json, events.json, validation.json, facts.csv and briefing.md must agree.

    python scripts/compare_outputs.py OLD_DAY_FOLDER NEW_DAY_FOLDER
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

VOLATILE_KEYS = {"generated_at", "seconds"}
COMPARED = ("facts.json", "events.json", "validation.json", "facts.csv", "briefing.md", "validation.md")


def _strip(value: object) -> object:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in VOLATILE_KEYS}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _normalised(path: Path) -> object:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".json":
        return _strip(json.loads(text))
    # Markdown carries the generation time in one line; drop lines that name it.
    return [line for line in text.splitlines() if "Generated" not in line and "generated" not in line]


def differences(old: Path, new: Path) -> list[str]:
    """Names of the compared outputs that differ (or exist on one side only)."""
    found = []
    for name in COMPARED:
        a, b = old / name, new / name
        if a.is_file() != b.is_file():
            found.append(f"{name}: present on one side only")
        elif a.is_file() and _normalised(a) != _normalised(b):
            found.append(f"{name}: differs")
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    found = differences(Path(argv[1]), Path(argv[2]))
    for line in found:
        print(line)
    print("identical" if not found else f"{len(found)} output(s) differ")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
