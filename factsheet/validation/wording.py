"""Wording check: a field that holds words of the text ("due_text", "when_text") must be
words of the article.

The format gives some fields as the text's own words ("Friday", "by August 1", "last
week"). A model may shorten or reword them, so the check is lenient: it holds the fact
only when none of the field's content words stands anywhere in the article (the words of
another story), and says nothing otherwise.
"""

from __future__ import annotations

import re

from factsheet.models import Article, FactBase, content_fields
from factsheet.parsing.names import fold
from factsheet.validation.findings import Findings, kind_of
from factsheet.validation.text import Scope, word_set

_STOP = word_set(
    "a an the by on in at of to for from until till before after within over during this that "
    "next last its their his her and or than about around some"
)


def check_wording(fact: FactBase, article: Article, scope: Scope) -> Findings:
    findings = Findings()
    words_of_text = fold(article.text).casefold()
    present = set(re.findall(r"[a-z0-9]+", words_of_text))
    for name in content_fields(kind_of(fact)):
        value = getattr(fact, name, None)
        if not name.endswith("_text") or not isinstance(value, str) or not value.strip():
            continue
        words = [w for w in re.findall(r"[a-z0-9]+", fold(value).casefold()) if w not in _STOP]
        if words and not any(w in present or (len(w) > 4 and w[:5] in words_of_text) for w in words):
            findings.flag("wording_not_in_article", f"{name}: {value!r} is not in the article")
    return findings
