"""Extraction in worker processes: the same facts, in input order, without reading ahead unboundedly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from factsheet.extraction.offline import OfflineExtractor
from factsheet.extraction.parallel import ParallelExtractor
from factsheet.ingest import load_articles
from factsheet.pipeline import RunOptions, run

DEV_DOCS = Path(__file__).resolve().parents[2] / "shared" / "gold" / "dev" / "docs"
if not DEV_DOCS.is_dir():
    DEV_DOCS = Path("/work/shared/gold/dev/docs")


@pytest.fixture(scope="module")
def dev_articles():
    if not DEV_DOCS.is_dir():
        pytest.skip("the labelled dev articles are not on this machine")
    return load_articles([DEV_DOCS]).articles


def _facts(pairs) -> list[tuple[str, list[str]]]:
    return [(article.id, [f.model_dump_json() for f in facts]) for article, facts in pairs]


def test_two_workers_give_the_same_facts_in_input_order(dev_articles):
    alone = _facts(OfflineExtractor().extract(dev_articles))
    together = _facts(ParallelExtractor("offline", workers=2, batch_articles=3).extract(dev_articles))
    assert [doc for doc, _ in together] == [a.id for a in dev_articles]
    assert together == alone
    assert sum(len(facts) for _, facts in together) > 50


def test_the_input_is_read_only_a_bounded_way_ahead(dev_articles):
    pulled = 0

    def lazily():
        nonlocal pulled
        for article in dev_articles * 3:
            pulled += 1
            yield article

    extractor = ParallelExtractor("offline", workers=2, batch_articles=2, ahead=2)
    stream = extractor.extract(lazily())
    next(stream)
    # at most workers * ahead batches in flight, plus the one submitted when the first came back
    assert pulled <= 2 * 2 * 2 + 2 < len(dev_articles) * 3
    assert sum(1 for _ in stream) == len(dev_articles) * 3 - 1


def test_run_with_workers_writes_the_same_outputs_as_one_process(dev_articles, tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from compare_outputs import differences

    folder = tmp_path / "in"
    shutil.copytree(DEV_DOCS, folder)
    one = run([folder], RunOptions(out=tmp_path / "one", workers=1))
    two = run([folder], RunOptions(out=tmp_path / "two", workers=2))
    assert differences(one.out_dir, two.out_dir) == []
    assert len(one.briefing.facts) > 50


def test_an_extractor_that_cannot_start_fails_the_run_with_its_own_error(dev_articles):
    from factsheet.extraction import ExtractorError

    broken = ParallelExtractor("no-such-extractor", workers=2)
    with pytest.raises(ExtractorError, match="unknown extractor 'no-such-extractor'"):
        list(broken.extract(dev_articles[:4]))
