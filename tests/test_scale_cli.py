"""`factsheet run --max-rows/--workers` from the command line, on the seed articles."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path


def _run(seeds_dir: Path, out: Path, *flags: str) -> str:
    factsheet = str(Path(sys.executable).with_name("factsheet"))
    done = subprocess.run(
        [factsheet, "run", str(seeds_dir), "--out", str(out), "-q", *flags], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return (out / "2025-12-28" / "briefing.md").read_text(encoding="utf-8")


def test_max_rows_bounds_every_table_and_zero_shows_all(seeds_dir, tmp_path):
    short = _run(seeds_dir, tmp_path / "short", "--max-rows", "2", "--workers", "1")
    tables = re.findall(r"\n\|---.*\n((?:\|.*\n)+)", short)
    assert tables and all(len(rows.strip().splitlines()) <= 2 for rows in tables)
    assert "more — see facts.xlsx" in short
    everything = _run(seeds_dir, tmp_path / "all", "--max-rows", "0")
    assert "more — see facts.xlsx" not in everything
    full = (tmp_path / "all" / "2025-12-28" / "briefing-full.md").read_text(encoding="utf-8")
    strip = [line for line in everything.splitlines() if "generated" not in line]
    assert strip == [line for line in full.splitlines() if "generated" not in line]
