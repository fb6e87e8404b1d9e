"""One fact per distinct event within an article, whichever extractor found them."""

from __future__ import annotations

from factsheet.kinds import get
from factsheet.models import FactBase


def dedupe(facts: list[FactBase]) -> list[FactBase]:
    """One fact per distinct event within an article, keeping the most informative mention.

    Each kind says when two of its facts in one article are the same event
    (`KindSpec.same_mention`) and which of its facts the article's others make redundant
    (`KindSpec.drop_in_article`).
    """
    by_kind: dict[str, list[FactBase]] = {}
    for fact in facts:
        by_kind.setdefault(fact.kind, []).append(fact)
    groups: list[list[FactBase]] = []
    for fact in facts:
        spec = get(fact.kind)
        if spec.drop_in_article is not None and spec.drop_in_article(fact, by_kind[fact.kind]):
            continue
        for group in groups:
            if group[0].kind == fact.kind and spec.same_mention(group[0], fact):
                group.append(fact)
                break
        else:
            groups.append([fact])
    kept = [max(group, key=lambda f, g=group: (_filled(f), -g.index(f))) for group in groups]
    return sorted(kept, key=lambda f: f.start or 0)


def _filled(fact: FactBase) -> int:
    return sum(
        getattr(fact, f) not in (None, "", [], "unknown") for f in get(fact.kind).content_fields()
    )
