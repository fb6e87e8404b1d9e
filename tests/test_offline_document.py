"""Article-level context of the offline extractor: home country, dateline, headline tariffs."""

from __future__ import annotations

from factsheet.extraction.offline.document import (
    DocumentContext,
    HeadlineTariff,
    agency_country,
    city_country,
    dateline_end,
    home_country,
)
from factsheet.parsing.names import default_table

TABLE = default_table()


def test_the_dateline_city_names_the_home_country():
    assert home_country("HANOI, May 3 - The ministry said ...", None, TABLE) == "Vietnam"
    assert home_country("Kuala Lumpur, Jun 2 (Bernama) -- Officials ...", None, TABLE) == "Malaysia"
    assert city_country("Addis Ababa") == "Ethiopia"


def test_an_agency_in_the_dateline_or_a_country_in_the_outlet_name_does_too():
    assert home_country("OSLO, May 3 /Ukrinform/ - ...", None, TABLE) == "Norway"  # the city first
    assert home_country("Officials met on Monday.", "Xinhua", TABLE) == "China"
    assert home_country("Officials met on Monday.", "The Kenya Times (kt.example)", TABLE) == "Kenya"
    assert agency_country("yonhap") == "South Korea"


def test_no_home_country_without_evidence():
    assert home_country("Officials met on Monday in a hotel.", "Daily Planet", TABLE) is None
    assert home_country("However, officials said ...", None, TABLE) is None


def test_the_dateline_ends_before_the_news():
    text = "SEOUL, March 4 - Washington will act."
    assert text[: dateline_end(text, TABLE)] == "SEOUL"
    assert dateline_end("Washington will act on Monday.", TABLE) == 0


def test_the_headline_gives_targets_by_rate_and_an_imposer_that_is_no_target():
    context = DocumentContext(
        home="Chile",
        headline_tariffs=[HeadlineTariff("Peru", "Chile", 12.0), HeadlineTariff("Peru", "Bolivia", 12.0)],
    )
    assert context.headline_targets([12.0]) == ["Chile", "Bolivia"]
    assert context.headline_targets([15.0]) == []
    assert context.tariff_imposer(["Chile"]) == "Peru"
    assert context.tariff_imposer(["Peru"]) == "Chile"  # the home country, never a target
    assert context.centres_on_other_than("Peru")
    assert not DocumentContext(home="Peru").centres_on_other_than("Peru")


def test_the_news_starts_after_the_dateline():
    from factsheet.extraction.offline.document import news_start

    for dateline, news in [
        ("LAGOS, Nigeria — ", "More than 40 people are missing."),
        ("QUITO, May 3 (EFE) - ", "Rescuers searched the river."),
        ("HANOI: ", "The ministry said."),
        ("Kuala Lumpur, Jun 2 (Bernama).- ", "Officials met."),
    ]:
        text = dateline + news
        assert text[news_start(text) :] == news
    for plain in ["US President Joe Biden - who spoke - left.", "Officials said: the truce holds."]:
        assert news_start(plain) == 0


def test_an_article_whose_context_cannot_be_read_keeps_its_facts(monkeypatch):
    import datetime as dt

    import factsheet.extraction.offline as offline
    from factsheet.models import Article

    def broken(*_args, **_kwargs):
        raise ValueError("no context today")

    monkeypatch.setattr(offline, "read_document", broken)
    extractor = offline.OfflineExtractor()
    article = Article(id="t", published=dt.date(2025, 3, 5), text="Floods killed 12 people in Quito.")
    [(_, facts)] = list(extractor.extract([article]))
    assert [f.kind for f in facts] == ["casualty"]
    assert "no context today" in extractor.problems_for(article)[0].reason
