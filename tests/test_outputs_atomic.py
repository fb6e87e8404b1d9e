"""The output set of a run is replaced whole: never new facts beside an old PDF.

The kill test runs the real pipeline in a child process and kills it with SIGKILL
at random moments while it writes; after every kill the folder must hold one
complete set whose run.json hashes match every file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from factsheet.atomic import OutputNotWritable, check_writable, output_set
from factsheet.pipeline import OUTPUT_FILES, RunOptions, run

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2025, 8, 6)


def _articles(folder: Path) -> Path:
    folder.mkdir()
    for path in sorted((ROOT / "seeds").glob("*.txt"))[:3]:
        shutil.copy(path, folder / path.name)
    return folder


def _consistent(folder: Path) -> dict:
    """The set in `folder`, read through one open handle on the folder; fails on any mix."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        names = set(os.listdir(fd))
        data = {}
        for name in OUTPUT_FILES:
            with open(os.open(name, os.O_RDONLY, dir_fd=fd), "rb") as handle:
                data[name] = handle.read()
    finally:
        os.close(fd)
    assert names >= set(OUTPUT_FILES), names
    assert not [n for n in names if n.endswith(".part")]
    manifest = json.loads(data["run.json"])
    for name, digest in manifest["outputs"].items():
        assert hashlib.sha256(data[name]).hexdigest() == digest, f"{name} is not from the run of run.json"
    facts = json.loads(data["facts.json"])
    assert facts["generated_at"].startswith(manifest["generated_at"][:19])
    return {"title": facts["title"], "generated_at": manifest["generated_at"]}


def _leftovers(out: Path) -> list[str]:
    return [p.name for p in out.iterdir() if ".staging-" in p.name or ".retired-" in p.name]


def test_a_rerun_replaces_the_set_and_keeps_the_review_database_and_publications(tmp_path):
    articles = _articles(tmp_path / "in")
    options = RunOptions(out=tmp_path / "out", published=DAY, title="First")
    first = run([articles], options)
    (first.out_dir / "factsheet.db").write_bytes(b"review decisions")
    (first.out_dir / "published").mkdir()
    (first.out_dir / "published" / "briefing.md").write_text("published once")
    inode = (first.out_dir / "factsheet.db").stat().st_ino
    second = run([articles], RunOptions(out=tmp_path / "out", published=DAY, title="Second"))
    assert second.out_dir == first.out_dir
    assert _consistent(second.out_dir)["title"] == "Second"
    assert (second.out_dir / "factsheet.db").stat().st_ino == inode  # the same file, not a copy
    assert (second.out_dir / "published" / "briefing.md").read_text() == "published once"
    assert _leftovers(tmp_path / "out") == []


def test_a_failed_write_leaves_the_previous_set_whole(tmp_path):
    target = tmp_path / "out" / "2025-08-06"
    with output_set(target) as staged:
        staged.path("facts.json").write_text("old")
    with pytest.raises(RuntimeError), output_set(target) as staged:
        staged.path("facts.json").write_text("new")
        raise RuntimeError("the PDF renderer failed")
    assert (target / "facts.json").read_text() == "old"
    assert _leftovers(tmp_path / "out") == []


def test_leftovers_of_a_killed_run_are_removed_by_the_next_and_what_only_they_hold_is_kept(tmp_path):
    out = tmp_path / "out"
    target = out / "2025-08-06"
    with output_set(target) as staged:
        staged.path("facts.json").write_text("current")
    # A run killed while writing, and one killed just after its swap (the old set, with a
    # publication folder not yet moved back).
    (out / ".2025-08-06.staging-dead1").mkdir()
    (out / ".2025-08-06.staging-dead1" / "facts.json").write_text("half")
    retired = out / ".2025-08-06.retired-dead2"
    (retired / "published").mkdir(parents=True)
    (retired / "published" / "briefing.md").write_text("kept")
    (retired / "facts.json").write_text("older")
    with output_set(target) as staged:
        staged.path("facts.json").write_text("newest")
    assert (target / "facts.json").read_text() == "newest"
    assert (target / "published" / "briefing.md").read_text() == "kept"
    assert _leftovers(out) == []


def test_out_is_checked_before_any_work(tmp_path):
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    with pytest.raises(OutputNotWritable, match="is a file, not a folder"):
        check_writable(a_file)
    with pytest.raises(OutputNotWritable, match="which is a file"):
        check_writable(a_file / "out")
    check_writable(tmp_path / "new" / "deeper")  # may be created later: fine
    assert not (tmp_path / "new").exists()  # the check creates nothing
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(OutputNotWritable, match="cannot write to"):
            check_writable(locked / "out")


CHILD = textwrap.dedent(
    """
    import datetime as dt, sys
    from pathlib import Path
    from factsheet.pipeline import RunOptions, run
    number = 0
    while True:
        number += 1
        run([Path(sys.argv[1])], RunOptions(out=Path(sys.argv[2]), published=dt.date(2025, 8, 6),
            title=f"{sys.argv[3]} {number}"))
    """
)


def _writing(out: Path) -> bool:
    """A set is being written: a hidden temporary entry exists beside or inside the run folder."""
    folders = [out, *(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))]
    for folder in folders:
        try:
            if any(n.startswith(".") for n in os.listdir(folder)):
                return True
        except FileNotFoundError:  # swapped away while we looked
            return True
    return False


def _kill_while_writing(articles: Path, out: Path, name: str, delay: float) -> bool:
    """Start a child that runs over and over; SIGKILL it `delay` s after it starts writing a set.

    Returns whether the child was caught while a set was being written.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(articles), str(out), name],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and child.poll() is None:
            if _writing(out):
                time.sleep(delay)
                caught = _writing(out)
                child.send_signal(signal.SIGKILL)
                child.wait()
                return caught
            time.sleep(0.0005)
        raise AssertionError("the child never started writing")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_sigkill_while_writing_never_leaves_a_mixed_set(tmp_path):
    articles = _articles(tmp_path / "in")
    out = tmp_path / "out"
    target = out / DAY.isoformat()
    run([articles], RunOptions(out=out, published=DAY, title="Good"))
    seen = {_consistent(target)["generated_at"]}
    rng = random.Random(int(os.environ.get("FACTSHEET_KILL_SEED", "14")))
    reads = {"whole": 0, "mixed": []}
    stop = threading.Event()

    def reader() -> None:  # reads the set over and over while the children write and die
        while not stop.is_set():
            try:
                _consistent(target)
                reads["whole"] += 1
            except FileNotFoundError:
                continue  # the folder being read was retired and removed mid-read: read again
            except AssertionError as exc:
                reads["mixed"].append(str(exc))

    watcher = threading.Thread(target=reader, daemon=True)
    watcher.start()
    caught = 0
    try:
        for attempt in range(8):
            caught += _kill_while_writing(articles, out, f"Kill {attempt}", rng.uniform(0, 0.12))
            state = _consistent(target)  # whole: the old set or a new one, never a mix
            seen.add(state["generated_at"])
    finally:
        stop.set()
        watcher.join(timeout=10)
    assert reads["mixed"] == [] and reads["whole"] > 10
    assert caught >= 3  # most kills landed while a set was being written
    final = run([articles], RunOptions(out=out, published=DAY, title="After"))
    assert _consistent(final.out_dir)["title"] == "After"
    assert _leftovers(out) == []  # what the killed runs left was cleaned up


def test_a_run_that_failed_before_its_manifest_does_not_block_the_next(tmp_path):
    from factsheet.atomic import begin_output_set

    out = tmp_path / "out"
    begin_output_set(out / "2025-08-06").path("facts.json").write_text("never committed")
    with output_set(out / "2025-08-07") as staged:  # same parent folder, same process: no deadlock
        staged.path("facts.json").write_text("ok")
    assert (out / "2025-08-07" / "facts.json").read_text() == "ok"
    assert not (out / "2025-08-06").exists()


def test_orphan_part_files_of_an_older_interrupted_write_are_removed(tmp_path):
    target = tmp_path / "out" / "2025-08-06"
    target.mkdir(parents=True)
    (target / "facts.json").write_text("old")
    (target / ".facts.json.k3j2.part").write_text('{"half": ')
    with output_set(target) as staged:
        staged.path("facts.json").write_text("new")
    assert sorted(p.name for p in target.iterdir()) == ["facts.json"]
