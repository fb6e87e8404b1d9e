"""Shared fixtures: real files on disk and one real run of the pipeline over the seeds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from factsheet.pipeline import RunOptions, RunResult, run

# Property tests time parsing and grounding, not the machine: no per-example deadline,
# so a busy CI machine cannot fail them.
settings.register_profile("factsheet", deadline=None)
settings.load_profile("factsheet")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_dir(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("seeds")
    for path in SEEDS.iterdir():
        shutil.copy(path, target / path.name)
    return target


@pytest.fixture(scope="session")
def seed_run(seeds_dir, tmp_path_factory) -> RunResult:
    out = tmp_path_factory.mktemp("out")
    return run([seeds_dir], RunOptions(out=out))
