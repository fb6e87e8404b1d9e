"""In-article name resolution of the offline extractor: first names, surnames, diacritics."""

from __future__ import annotations

import datetime as dt

from factsheet.extraction.offline.article_names import OfflineNames, plain
from factsheet.parsing.names import default_table

DAY = dt.date(2025, 6, 2)


def names(*full: str) -> OfflineNames:
    return OfflineNames(default_table(), list(full), DAY)


def test_diacritics_are_dropped_as_the_gold_format_writes_names():
    assert plain("Nguyễn Phú Trọng") == "Nguyen Phu Trong"
    assert plain("Łukasz Đorđević") == "Lukasz Dordevic"
    assert names("Tô Lâm").person("Tô Lâm") == "To Lam"


def test_a_first_name_mention_resolves_to_the_full_name_given_earlier():
    article = names("Mahathir Mohamad", "Surapong Tovichakchaikul")
    assert article.person("Mahathir") == "Mahathir Mohamad"
    assert article.known_person("Surapong") == "Surapong Tovichakchaikul"
    assert article.person("Tovichakchaikul") == "Surapong Tovichakchaikul"  # surnames still work


def test_an_ambiguous_or_unknown_first_name_stays_as_written():
    article = names("Ahmad Zahid", "Ahmad Maslan")
    assert article.person("Ahmad") == "Ahmad"
    assert article.known_person("Ahmad") is None
    assert names("Mahathir Mohamad").known_person("Rosmah") is None


def test_a_country_is_never_taken_for_a_first_name():
    assert names("Jordan Bardella").known_person("Jordan") is None


def test_a_full_name_inside_a_mistagged_title_is_found():
    from factsheet.extraction.offline import load_pipeline
    from factsheet.extraction.offline.article_names import titled_names

    doc = load_pipeline()("National Security Advisor Ana Ruiz will travel to Quito this week.")
    spans = [doc[0:5]]  # as the tagger sometimes labels the whole phrase one organisation
    spans[0].label_ = "ORG"
    assert titled_names(spans) == ["Ana Ruiz"]
    plain_org = doc[0:3]
    plain_org.label_ = "ORG"
    assert titled_names([plain_org]) == []
