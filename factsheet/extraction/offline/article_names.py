"""Names as one article gives them: a later short mention resolves to the full name given first.

The shared resolver (`factsheet.parsing.names.ArticleNames`) joins a surname to the
full name the article used ("Putin" -> "Vladimir Putin"). Many names are not used that
way: Malay, Thai, Indonesian and Arabic-style names are shortened to the *first* name
("Mahathir" for "Mahathir Mohamad", "Surapong" for "Surapong Tovichakchaikul"). This resolver adds that
step, and writes names the way the gold format does: without diacritics ("Nguyễn Phú Trọng" ->
"Nguyen Phu Trong").
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable

from spacy.tokens import Span

from factsheet.parsing.names import ArticleNames, NameTable, strip_titles


def plain(text: str) -> str:
    """The text without diacritics: "Nguyễn Phú Trọng" -> "Nguyen Phu Trong", "Łukasz" -> "Lukasz"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Letters NFKD does not decompose.
    return stripped.translate(_UNDECOMPOSED)


_UNDECOMPOSED = str.maketrans({"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss"})


class OfflineNames(ArticleNames):
    """The article's names, with first-name mentions and diacritics resolved."""

    def __init__(self, table: NameTable, full_names: Iterable[str], published: dt.date | None):
        super().__init__(table, [plain(n) for n in full_names], published)

    def person(self, mention: str) -> str:
        mention = plain(mention)
        found = super().person(mention)
        if " " not in found.strip():
            return self._by_first_name(found) or found
        return found

    def known_person(self, mention: str) -> str | None:
        mention = plain(mention)
        found = super().known_person(mention)
        if found is None:
            clean = strip_titles(mention, self.table)
            if clean and " " not in clean and not self.table.country(clean):
                return self._by_first_name(clean)
        return found

    def _by_first_name(self, mention: str) -> str | None:
        """The one full name of this article that begins with `mention` ("Mahathir")."""
        key = mention.casefold()
        found = {
            self.table.people.get(" ".join(full.split()).casefold(), full)
            for full in self.full_names
            if len(full.split()) >= 2 and full.split()[0].casefold() == key
        }
        return found.pop() if len(found) == 1 else None


# The last word of a title written before a name: "National Security Adviser Ana Ruiz".
TITLE_WORDS = frozenset(
    {
        "minister",
        "adviser",
        "advisor",
        "president",
        "secretary",
        "envoy",
        "ambassador",
        "governor",
        "chief",
        "commander",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "premier",
        "chancellor",
        "general",
        "representative",
        "negotiator",
        "leader",
    }
)


def titled_names(ents: Iterable[Span]) -> list[str]:
    """Full names the tagger took into a title it labelled as an organisation or a place
    ("National Security Advisor Ana Ruiz" as one ORG): the capitalised words after the title."""
    found: list[str] = []
    for ent in ents:
        if ent.label_ not in ("ORG", "GPE", "NORP", "FAC") or len(ent) < 3:
            continue
        words = list(ent)
        last_title = max((i for i, t in enumerate(words) if t.lower_ in TITLE_WORDS), default=None)
        if last_title is None:
            continue
        name = words[last_title + 1 :]
        if 2 <= len(name) <= 4 and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in name):
            found.append(" ".join(t.text for t in name))
    return found
