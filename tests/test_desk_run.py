"""Two days on one desk through `factsheet run`, as the README's quick start does it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACTSHEET = str(Path(sys.executable).with_name("factsheet"))
DAY1 = ("000_9c04875aba7a0d24",)  # published 2025-08-05
DAY2 = ("001_fa7bfb961f9e8f97", "002_d298e0a4d9d3e578")  # published 2025-08-06


def _day(folder: Path, ids: tuple[str, ...]) -> Path:
    folder.mkdir()
    lines = [line for line in (ROOT / "seeds" / "docs.jsonl").read_text().splitlines() if line.strip()]
    kept = [line for line in lines if json.loads(line)["id"] in ids]
    (folder / "docs.jsonl").write_text("\n".join(kept) + "\n")
    for doc in ids:
        shutil.copy(ROOT / "seeds" / f"{doc}.txt", folder / f"{doc}.txt")
    return folder


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([FACTSHEET, "run", *args], capture_output=True, text=True, timeout=300)


def test_the_second_day_knows_the_first(tmp_path):
    desk = tmp_path / "desk"
    first = _run(str(_day(tmp_path / "day1", DAY1)), "--out", str(desk), "-q")
    assert first.returncode == 0, first.stderr
    assert "Since the last briefing" not in (desk / "2025-08-05" / "briefing.md").read_text()
    second = _run(str(_day(tmp_path / "day2", DAY2)), "--out", str(desk), "-q")
    assert second.returncode == 0, second.stderr
    briefing = (desk / "2025-08-06" / "briefing.md").read_text()
    assert "Since the last briefing" in briefing
    assert "Ahead:" in briefing and "in 2 days" in briefing  # the Aug 8 deadline, told on day 1
    events = subprocess.run(
        [FACTSHEET, "events", str(desk), "--kind", "deadline", "--json"], capture_output=True, text=True
    )
    assert events.returncode == 0, events.stderr
    listed = json.loads(events.stdout)
    rows = listed if isinstance(listed, list) else listed.get("events", [])
    assert any(row.get("date") == "2025-08-08" for row in rows)


def test_a_second_run_of_the_same_day_extracts_nothing_again(tmp_path):
    desk = tmp_path / "desk"
    folder = _day(tmp_path / "day2", DAY2)
    assert _run(str(folder), "--out", str(desk), "-q").returncode == 0
    again = _run(str(folder), "--out", str(desk))
    assert again.returncode == 0 and "2 already on the desk" in again.stdout.replace("\n", " ")
