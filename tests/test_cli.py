"""The installed `factsheet` command: exit codes, quiet mode, one-line errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

FACTSHEET = [str(Path(sys.executable).with_name("factsheet"))]


def _run(*args, cwd=None):
    return subprocess.run(FACTSHEET + list(args), capture_output=True, text=True, cwd=cwd, timeout=300)


def test_quiet_run_with_a_bad_file_exits_1_and_names_it(tmp_path, seeds_dir):
    articles = tmp_path / "in"
    shutil.copytree(seeds_dir, articles)
    (articles / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    result = _run("run", str(articles), "--out", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 1
    assert result.stdout == ""
    error_lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(error_lines) == 1
    assert "broken.txt" in error_lines[0] and "binary file" in error_lines[0]
    assert (tmp_path / "out" / "2025-12-28" / "briefing.pdf").is_file()


def test_empty_folder_exits_2_and_writes_nothing(tmp_path):
    (tmp_path / "in").mkdir()
    result = _run("run", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "no articles could be read" in result.stderr
    assert not (tmp_path / "out").exists()


def test_summary_names_counts_and_output_folder(tmp_path, seeds_dir):
    result = _run("run", str(seeds_dir), "--out", str(tmp_path / "out"), "--date", "2025-08-07")
    assert result.returncode == 0, result.stderr
    flat = " ".join(result.stdout.split())
    assert "5 articles read" in flat and "0 files failed" in flat
    assert "2025-08-07" in flat


def test_help_lists_commands():
    result = _run("--help")
    assert result.returncode == 0 and "run" in result.stdout and "schema" in result.stdout


def test_an_out_that_is_a_file_or_read_only_exits_2_before_extracting(tmp_path, seeds_dir):
    blocker = tmp_path / "out-file"
    blocker.write_text("not a folder")
    result = _run("run", str(seeds_dir), "--out", str(blocker), "-q")
    assert result.returncode == 2
    assert "cannot write outputs" in result.stderr and "Traceback" not in result.stderr
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):  # root ignores permissions: nothing to test there
            return
        result = _run("run", str(seeds_dir), "--out", str(locked), "-q")
        assert result.returncode == 2 and "cannot write outputs" in result.stderr
    finally:
        locked.chmod(0o700)


def test_an_unexpected_error_is_one_line_exit_3_and_debug_shows_the_traceback(tmp_path, seeds_dir):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "briefing.md.j2").write_text('{{ 1 + "one" }}\n', encoding="utf-8")
    out = tmp_path / "out"
    result = _run("run", str(seeds_dir), "--out", str(out), "--templates", str(templates), "-q")
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("crashed: TypeError") and "--debug" in lines[0]
    assert not (out / "2025-12-28" / "facts.json").exists()
    debug = _run("run", str(seeds_dir), "--out", str(out), "--templates", str(templates), "-q", "--debug")
    assert debug.returncode != 0 and "Traceback" in debug.stderr


def test_the_core_install_runs_without_the_extras(tmp_path, seeds_dir):
    """The offline default needs neither the llm nor the html extra (blocked here as if absent)."""
    extras = ("instructor", "openai", "trafilatura")
    blocked = f"import sys; [sys.modules.__setitem__(m, None) for m in {extras!r}]"
    code = f"{blocked}; from factsheet.cli import app; app()"
    args = ["run", str(seeds_dir), "--out", str(tmp_path / "out"), "-q"]
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "2025-12-28" / "briefing.pdf").is_file()
    llm = subprocess.run(
        [sys.executable, "-c", code, *args, "--extractor", "llm"], capture_output=True, text=True, timeout=300
    )
    assert llm.returncode == 2 and "pip install 'factsheet[llm]'" in llm.stderr
