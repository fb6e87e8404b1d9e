"""What a day costs when the desk already holds it: `factsheet run` end to end, as a user runs it.

Two cases, each timed as wall-clock seconds of the installed command in a fresh process
(imports, desk, extraction, every output):

- the 32 articles of the dev set as one day: a first run, then the same folder again
  (nothing to extract: no model is loaded); target < 50 % of the first;
- 200 articles as one day (the dev texts under new ids), then the same 200 plus one new
  article; target < 10 % of the first.

    .venv/bin/python bench/desk_rerun.py [--gold ../shared/gold/dev]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FACTSHEET = str(Path(sys.executable).with_name("factsheet"))
NEW_ARTICLE = (
    "Flood aid\n\nThe regional government approved $3 million in emergency aid for families displaced by "
    "floods along the river on Monday, officials said.\n"
)


def _timed(folder: Path, desk: Path) -> float:
    started = time.perf_counter()
    subprocess.run([FACTSHEET, "run", str(folder), "--out", str(desk), "-q"], check=True)
    return time.perf_counter() - started


def _day(gold: Path, folder: Path, copies: int, date: str) -> Path:
    folder.mkdir(parents=True)
    lines = []
    texts = sorted((gold / "docs").glob("*.txt"))
    for n in range(copies):
        for text in texts:
            doc = f"{text.stem}-{n}" if copies > 1 else text.stem
            shutil.copy(text, folder / f"{doc}.txt")
            lines.append(json.dumps({"id": doc, "published": date}))
    (folder / "docs.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=Path(__file__).resolve().parents[2] / "shared/gold/dev")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="desk-rerun-"))
    try:
        day = _day(args.gold, work / "day32", 1, "2025-09-01")
        first = _timed(day, work / "desk32")
        again = _timed(day, work / "desk32")
        print(f"32 articles: first run {first:.1f} s, unchanged re-run {again:.1f} s ({again / first:.0%})")
        copies = -(-200 // len(list(day.glob("*.txt"))))
        big = _day(args.gold, work / "day200", copies, "2025-09-01")
        count = len(list(big.glob("*.txt")))
        first = _timed(big, work / "desk200")
        (big / "zz-new.txt").write_text(NEW_ARTICLE)
        with (big / "docs.jsonl").open("a") as sidecar:
            sidecar.write(json.dumps({"id": "zz-new", "published": "2025-09-01"}) + "\n")
        plus_one = _timed(big, work / "desk200")
        print(
            f"{count} articles: first run {first:.1f} s, with 1 new article {plus_one:.1f} s "
            f"({plus_one / first:.0%})"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
