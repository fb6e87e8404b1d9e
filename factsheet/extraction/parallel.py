"""Extraction on every core: worker processes, one model load each, results in input order.

spaCy's parse is CPU-bound and holds the GIL, so threads do not help; processes do.
Each worker builds the extractor once (the spaCy model loads once per worker) and
then takes batches of articles. The caller gets `(article, facts)` pairs in input
order, as soon as the next one in order is ready.

Memory stays flat with the batch: at most `workers * ahead` batches are in flight,
the input is read lazily, and a worker is replaced after `recycle` batches, which
returns what spaCy's string store has grown to (it keeps every new token it sees).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from factsheet.models import Article, FactBase, FileProblem

_worker_extractor = None  # the extractor of this worker process, built once by `_start`
_worker_batch: list[str] | None = None  # the batch's names, when workers also validate
_worker_error: Exception | None = None  # why the extractor could not start (raised in the caller)


def default_workers() -> int:
    """The cores this process may use (the scheduler's affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _settings() -> tuple[dict[str, str], list[str]]:
    """What a worker must share with the caller: factsheet's environment and the import path.

    Workers fork from a server started once per process, possibly before the caller
    changed either (a kind plugin enabled, a path added); they are passed explicitly.
    """
    import sys

    return {k: v for k, v in os.environ.items() if k.startswith("FACTSHEET_")}, list(sys.path)


def _start(
    name: str, options: dict, settings: tuple[dict[str, str], list[str]], batch: list[str] | None
) -> None:
    """Worker initialiser: build the extractor and load its model, once per process."""
    import sys

    global _worker_extractor, _worker_batch, _worker_error
    _worker_batch = batch
    from factsheet.extraction import get_extractor
    from factsheet.kinds import reset

    environment, path = settings
    for key in [k for k in os.environ if k.startswith("FACTSHEET_") and k not in environment]:
        del os.environ[key]
    os.environ.update(environment)
    sys.path[:] = path
    reset()  # the kinds the caller sees, not those the server saw when it started
    try:
        _worker_extractor = get_extractor(name, **options)
        if name == "offline":  # load the model now, not inside the first batch
            from factsheet.extraction.offline import load_pipeline

            load_pipeline()
    except Exception as exc:  # a missing model or a bad option: the caller reports it, once
        _worker_error = exc


def _extract_batch(batch: list[Article]) -> list[tuple[list[FactBase], list[FileProblem]]]:
    """One batch in a worker: each article's facts and the problems its rules reported."""
    if _worker_error is not None:
        raise _worker_error
    extractor = _worker_extractor
    assert extractor is not None, "worker used before _start"
    problems_for: Callable[[Article], list[FileProblem]] = getattr(
        extractor, "problems_for", lambda _a: []
    )
    results = []
    for article, facts in extractor.extract(batch):
        if _worker_batch is not None:
            from factsheet.validation import validate_fact

            facts = [validate_fact(f, article, batch=_worker_batch) for f in facts]
        results.append((facts, list(problems_for(article))))
    return results


class ParallelExtractor:
    """Runs the extractor called `name` in `workers` processes; same interface as the extractor."""

    def __init__(
        self,
        name: str,
        options: dict | None = None,
        *,
        workers: int | None = None,
        batch_articles: int = 8,
        ahead: int = 3,
        recycle: int = 100,
        validate_with: list[str] | None = None,
    ) -> None:
        """`validate_with`: the batch's names; given, workers also validate each fact
        (`validate.validate_fact`), so checking runs on every core too."""
        self.name = name
        self.options = dict(options or {})
        self.workers = workers or default_workers()
        self.batch_articles = batch_articles
        self.ahead = ahead
        self.recycle = recycle
        self.validate_with = validate_with
        self._problems: dict[str, list[FileProblem]] = {}

    def stats(self) -> dict[str, object]:
        """Nothing to count: no requests, no tokens."""
        return {}

    def problems_for(self, article: Article) -> list[FileProblem]:
        """Sentences a rule could not read, as the worker reported them (then forgotten)."""
        return self._problems.pop(article.id, [])

    def extract(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[FactBase]]]:
        source = iter(articles)
        methods = multiprocessing.get_all_start_methods()
        # forkserver: workers fork from a clean process that has imported spaCy once (no
        # threads of ours are copied, unlike plain fork); spawn where there is no fork.
        method = "forkserver" if "forkserver" in methods else "spawn"
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            context.set_forkserver_preload(["factsheet.extraction.offline", "spacy"])
        pending: deque[tuple[list[Article], Future]] = deque()
        with ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=context,
            initializer=_start,
            initargs=(self.name, self.options, _settings(), self.validate_with),
            max_tasks_per_child=self.recycle,
        ) as pool:

            def submit() -> bool:
                batch = list(islice(source, self.batch_articles))
                if batch:
                    pending.append((batch, pool.submit(_extract_batch, batch)))
                return bool(batch)

            while len(pending) < self.workers * self.ahead and submit():
                pass
            try:
                while pending:
                    batch, future = pending.popleft()
                    results = future.result()
                    submit()
                    for article, (facts, problems) in zip(batch, results, strict=True):
                        if problems:
                            self._problems[article.id] = problems
                        yield article, facts
            finally:
                for _batch, future in pending:
                    future.cancel()
