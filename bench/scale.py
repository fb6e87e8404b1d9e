"""A thousand articles a day: wall time against bare spaCy, peak memory, briefing size.

Builds N articles by copying the labelled dev articles and the seeds under new ids
(their metadata copied into a docs.jsonl beside them), then, in one run:

1. bare single-process spaCy: `nlp.pipe` over the same texts with the same pipeline
   (a separate process; model load timed apart);
2. `factsheet run` end to end on them (a separate process, default workers), its wall
   time and the peak memory of its whole process tree (RSS and PSS summed over the
   main process and its workers, sampled every 0.1 s);
3. the same for a second, larger N (memory only);
4. the briefing PDF of the larger run re-rendered from its facts.json: time and pages;
   and a synthetic day of many distinct events (bench/render_speed.py's generator).

    PYTHONPATH=$PWD /work/main/.venv/bin/python bench/scale.py [--sizes 1000 5000] [--workers N]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "gold" / "dev"
if not DEV.is_dir():
    DEV = Path("/work/shared/gold/dev")
FACTSHEET = Path(sys.executable).with_name("factsheet")

BARE = """
import sys, time
from pathlib import Path
from factsheet.extraction.offline import load_pipeline
started = time.perf_counter()
nlp = load_pipeline()
loaded = time.perf_counter()
texts = (p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt")))
for _doc in nlp.pipe(texts, batch_size=64):
    pass
done = time.perf_counter()
print(f"{loaded - started:.3f} {done - loaded:.3f} {'+'.join(nlp.pipe_names)}")
"""


def build(folder: Path, count: int) -> None:
    """`count` articles: the dev articles and seeds in turn, each copy under a new id."""
    metadata: dict[str, dict] = {}
    for sidecar in (DEV / "docs.jsonl", ROOT / "seeds" / "docs.jsonl"):
        for line in sidecar.read_text(encoding="utf-8").splitlines():
            if line.strip():
                entry = json.loads(line)
                metadata[entry["id"]] = entry
    sources = sorted((DEV / "docs").glob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    folder.mkdir(parents=True)
    lines = []
    for n in range(count):
        source = sources[n % len(sources)]
        new_id = f"a{n:05d}_{source.stem}"
        shutil.copyfile(source, folder / f"{new_id}.txt")
        lines.append(json.dumps({**metadata.get(source.stem, {}), "id": new_id}, ensure_ascii=False))
    (folder / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    found, frontier = [root], [root]
    while frontier:
        for child in children.get(frontier.pop(), []):
            found.append(child)
            frontier.append(child)
    return found


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; (0, 0) when it is gone."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return rss, pss


def _cpu(pid: int) -> float:
    """User + system CPU seconds of one process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_run(command: list[str], env: dict[str, str] | None = None) -> dict:
    """Run `command`: wall seconds, CPU seconds and peak summed RSS/PSS (MB) of its process tree.

    CPU is summed over every process seen (last sample of each): on a machine shared with
    other work, wall time depends on the load, CPU time much less.
    """
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = {"rss": 0, "pss": 0, "main_rss": 0, "processes": 0}
    cpu: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            pids = _tree(process.pid)
            for pid in pids:
                cpu[pid] = max(cpu.get(pid, 0.0), _cpu(pid))
            sizes = [_memory(p) for p in pids]
            peak["rss"] = max(peak["rss"], sum(r for r, _ in sizes))
            peak["pss"] = max(peak["pss"], sum(p for _, p in sizes))
            peak["main_rss"] = max(peak["main_rss"], sizes[0][0])
            peak["processes"] = max(peak["processes"], len(pids))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    return {
        "seconds": seconds,
        "cpu": sum(cpu.values()),
        "returncode": process.returncode,
        "stdout": out,
        "stderr": err,
        **{k: (v / 1024 if k != "processes" else v) for k, v in peak.items()},
    }


def render_figures(facts_json: Path) -> tuple[float, int]:
    from pypdf import PdfReader

    from factsheet.models import Briefing
    from factsheet.render import render_briefing_pdf

    briefing = Briefing.model_validate_json(facts_json.read_text(encoding="utf-8"))
    render_briefing_pdf(briefing)  # cold: fonts and CSS
    started = time.perf_counter()
    pdf = render_briefing_pdf(briefing)
    seconds = time.perf_counter() - started
    return seconds, len(PdfReader(io.BytesIO(pdf)).pages)


def synthetic_figures(facts: int) -> tuple[float, int, int]:
    """Many distinct events (not copies): render seconds, pages, events."""
    import random

    sys.path.insert(0, str(ROOT / "bench"))
    from pypdf import PdfReader
    from render_speed import briefing

    from factsheet.render import render_briefing_pdf

    random.seed(3)
    day = briefing(facts)
    render_briefing_pdf(day)
    started = time.perf_counter()
    pdf = render_briefing_pdf(day)
    return time.perf_counter() - started, len(PdfReader(io.BytesIO(pdf)).pages), len(day.events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--no-synthetic", action="store_true", help="skip the synthetic render")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for index, size in enumerate(args.sizes):
            folder = Path(tmp) / f"in{size}"
            build(folder, size)
            if index == 0:
                bare = timed_run([sys.executable, "-c", BARE, str(folder)], env=env)
                load, pipe, names = bare["stdout"].split()
                print(f"bare spaCy, one process, {size} articles: nlp.pipe {float(pipe):.1f} s "
                      f"(+ {float(load):.1f} s model load; {bare['cpu']:.1f} CPU s), components {names}")
            command = [str(FACTSHEET), "run", str(folder), "--out", f"{tmp}/out{size}", "-q"]
            if args.workers:
                command += ["--workers", str(args.workers)]
            result = timed_run(command)
            results[size] = result
            print(
                f"factsheet run, {size} articles: {result['seconds']:.1f} s ({result['cpu']:.1f} CPU s), "
                f"exit {result['returncode']}, "
                f"peak RSS {result['rss']:.0f} MB summed over {result['processes']} processes "
                f"(PSS {result['pss']:.0f} MB; main process {result['main_rss']:.0f} MB)"
            )
            if result["returncode"] not in (0, 1):
                print(result["stderr"][-2000:])
            if index == 0:
                ratio = result["seconds"] / (float(pipe) + float(load))
                print(f"  end to end / bare spaCy (pipe + load): {ratio:.2f}x "
                      f"(pipe only: {result['seconds'] / float(pipe):.2f}x; target <= 0.6x); "
                      f"CPU seconds: {result['cpu'] / bare['cpu']:.2f}x")
        sizes = sorted(results)
        small, large = results[sizes[0]], results[sizes[-1]]
        if len(sizes) > 1:
            for key in ("rss", "pss"):
                growth = (large[key] - small[key]) / small[key] * 100
                print(f"peak {key.upper()} {sizes[0]} -> {sizes[-1]} articles: "
                      f"{small[key]:.0f} -> {large[key]:.0f} MB ({growth:+.1f} %; target <= 700 MB, <= 15 %)")
        day = next(p for p in Path(f"{tmp}/out{sizes[-1]}").iterdir() if (p / "facts.json").is_file())
        seconds, pages = render_figures(day / "facts.json")
        print(f"briefing PDF for {sizes[-1]} articles: {seconds:.2f} s warm, {pages} pages "
              f"(target <= 3 s, <= 8 pages)")
    if args.no_synthetic:
        return
    seconds, pages, events = synthetic_figures(5000)
    print(f"briefing PDF for 5,000 synthetic facts ({events} distinct events): {seconds:.2f} s warm, "
          f"{pages} pages")


if __name__ == "__main__":
    main()
