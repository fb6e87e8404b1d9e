"""The built wheel works outside the checkout: templates, name table and schemas ship inside it.

The wheel is built from this tree and installed (without dependencies) into a new
virtualenv in a temporary folder; the dependencies come from the test environment's
own site-packages through a path entry, so nothing is downloaded. The run happens in
a folder with no `templates/`, `schemas/` or package source beside it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "-q", *args], check=True, capture_output=True)


def test_the_wheel_runs_outside_the_repository(tmp_path, seeds_dir):
    _pip("wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"), str(ROOT))
    (wheel,) = (tmp_path / "dist").glob("factsheet-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    _pip("--python", str(python), "install", "--no-deps", str(wheel))
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    )
    (site / "_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    work = tmp_path / "elsewhere"
    shutil.copytree(seeds_dir, work / "articles")
    where = subprocess.run(
        [python, "-c", "import factsheet.cli; print(factsheet.cli.__file__)"],
        cwd=work, capture_output=True, text=True, check=True,
    ).stdout
    assert where.startswith(str(env_dir)), where

    factsheet = str(env_dir / "bin" / "factsheet")
    result = subprocess.run(
        [factsheet, "run", "articles", "--out", "out", "-q"], cwd=work, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    (day,) = [p for p in (work / "out").iterdir() if p.is_dir()]  # beside the desk's factsheet.db
    assert (day / "briefing.pdf").read_bytes().startswith(b"%PDF")
    facts = json.loads((day / "facts.json").read_text())["facts"]
    assert len(facts) > 20 and any(f["check"]["status"] == "verified" for f in facts)

    check = subprocess.run([factsheet, "schema", "--check"], cwd=work, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
