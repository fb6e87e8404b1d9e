"""One fact per distinct event within an article, whichever extractor found them."""

from __future__ import annotations

from factsheet.kinds import get
from factsheet.kinds.identity import merge_note, same_mention
from factsheet.models import FactBase


def dedupe(facts: list[FactBase]) -> list[FactBase]:
    """One fact per distinct event within an article, keeping the most informative mention.

    "Same event" is `factsheet.kinds.identity.same_mention`; a kind may also declare a
    fact redundant beside another of the article (`KindSpec.covered_by`). Nothing goes
    silently: the kept fact lists every mention it absorbed in `merged`.
    """
    groups: list[list[FactBase]] = []
    for fact in facts:
        for group in groups:
            if same_mention(group[0], fact):
                group.append(fact)
                break
        else:
            groups.append([fact])
    kept = [_most_informative(group) for group in groups]
    absorbed = {i: [f for f in group if f is not kept[i]] for i, group in enumerate(groups)}
    survivors: list[int] = []
    for i, fact in enumerate(kept):
        cover = _covering(i, kept)
        if cover is None:
            survivors.append(i)
        else:
            absorbed[cover].extend([fact, *absorbed[i]])
    out = []
    for i in survivors:
        fact = kept[i]
        if absorbed[i]:
            notes = [merge_note(fact, other) for other in absorbed[i]]
            fact = fact.model_copy(update={"merged": [*fact.merged, *notes]})
        out.append(fact)
    return sorted(out, key=lambda f: f.start or 0)


def _most_informative(group: list[FactBase]) -> FactBase:
    """The mention with most fields filled; the first one on a tie."""
    return max(group, key=lambda f: (_filled(f), -group.index(f)))


def _covering(i: int, kept: list[FactBase]) -> int | None:
    """The index of a fact that makes `kept[i]` redundant, if its kind declares such a rule."""
    fact = kept[i]
    covered_by = get(fact.kind).covered_by
    if covered_by is None:
        return None
    return next(
        (j for j, other in enumerate(kept) if j != i and other.kind == fact.kind and covered_by(fact, other)),
        None,
    )


def _filled(fact: FactBase) -> int:
    return sum(
        getattr(fact, f) not in (None, "", [], "unknown") for f in get(fact.kind).content_fields()
    )
