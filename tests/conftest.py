"""Shared fixtures: real files on disk and one real run of the pipeline over the seeds."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
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

# Read by the test suite itself, not by factsheet: kept when the environment is sealed.
SUITE_SETTINGS = ("FACTSHEET_SKIP_REAL_MODEL",)


@pytest.fixture(scope="session", autouse=True)
def sealed_environment(tmp_path_factory) -> Iterator[None]:
    """Tests never see the developer's settings, keys, config, caches or installed kind plugins.

    Every variable factsheet or the OpenAI client reads is cleared, the home, config and
    cache folders point into a temporary folder, and no `factsheet.kinds` entry point is
    loaded unless a test names it. Subprocesses inherit the same sealed environment.
    """
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith(("FACTSHEET_", "OPENAI_")) and name not in SUITE_SETTINGS:
                patch.delenv(name)
        patch.setenv("HOME", str(home))
        patch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
        patch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
        patch.setenv("FACTSHEET_KIND_PLUGINS", "")
        from factsheet.kinds import reset

        reset()
        yield
        reset()


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
