"""Each check of the validator on minimal sentences: what it keeps, changes and flags.

One test (or more) per example of the validator's promise: a true fact is never made
false, and what the text contradicts is caught.
"""

from __future__ import annotations

import datetime as dt

import pytest

from factsheet.models import Aid, Article, Casualty, Deadline, Meeting, Tariff
from factsheet.validation import validate_fact
from factsheet.validation.checks import batch_names

PUBLISHED = dt.date(2025, 6, 19)  # a Thursday


def article(text: str, published: dt.date = PUBLISHED, doc: str = "a") -> Article:
    return Article(id=doc, text=text, published=published)


def check(fact, text: str, published: dt.date = PUBLISHED, batch: list[str] | None = None):
    return validate_fact(fact, article(text, published, fact.doc), batch=batch)


def changed(checked) -> set[str]:
    return {c.field for c in checked.check.changes}


# ------------------------------------------------------------------------- quotes


QUOTED = (
    "The mayor said: “Six people were hurt in the fire,” and left.\n"
    "A storm killed 12 people in the north of the island on Monday, officials said."
)


@pytest.mark.parametrize(
    ("written", "note"),
    [
        ('The mayor said: "Six people were hurt in the fire,"', "quote marks"),
        ("the mayor said: “six people were hurt in the fire,”", "case"),
        ("A storm killed 12 people in the north of the island on Monday.", None),
        ("A storm killed 12 people in the north of the island.", "full stop"),
        ("A storm killed 12 people ... on Monday, officials said", "elided middle"),
        ("A storm killed 12 people… on Monday, officials said", "elided middle"),
        ("... killed 12 people in the north of the island …", "ellipsis"),
    ],
)
def test_quotes_as_models_write_them_are_grounded_to_the_exact_span(written, note):
    count, outcome = (6, "injured") if "mayor" in written else (12, "killed")
    fact = Casualty(doc="a", quote=written, count=count, outcome=outcome, count_qualifier="exact")
    checked = check(fact, QUOTED)
    assert checked.check.status == "verified" and checked.publishable
    assert QUOTED[checked.start : checked.end] == checked.quote
    if checked.quote != written:
        [change] = [c for c in checked.check.changes if c.field == "quote"]
        assert change.old == written and change.new == checked.quote and change.code == "quote_normalised"
        if note:
            assert note in change.reason


def test_an_elided_quote_whose_parts_stand_in_different_paragraphs_is_not_grounded():
    fact = Casualty(doc="a", quote="The mayor said ... killed 12 people", count=12, outcome="killed")
    assert check(fact, QUOTED).check.status == "rejected"


def test_a_sentence_that_is_not_in_the_article_is_rejected():
    fact = Casualty(
        doc="a", quote="A flood killed 12 people in the south on Friday.", count=12, outcome="killed"
    )
    checked = check(fact, QUOTED)
    assert checked.check.status == "rejected" and not checked.publishable


# ------------------------------------------------------------------------- figures


@pytest.mark.parametrize(
    ("text", "quote", "count"),
    [
        (
            "Medics treated a 52-year-old woman who was injured by debris.",
            "a 52-year-old woman who was injured",
            1,
        ),
        (
            "More than a thousand others were injured, the ministry said.",
            "More than a thousand others were injured",
            1000,
        ),
        ("The blast killed 14 people, including a Kenyan national.", "including a Kenyan national", 1),
        ("Two soldiers died. Another soldier was wounded.", "Another soldier was wounded.", 1),
        ("The strike killed one civilian in the village.", "killed one civilian", 1),
        ("A child was among the dead.", "A child was among the dead", 1),
    ],
)
def test_spelled_and_implied_counts_are_read(text, quote, count):
    outcome = "injured" if "injur" in quote or "wound" in quote else "killed"
    qualifier = "more_than" if "More than" in quote else "exact"
    fact = Casualty(doc="a", quote=quote, count=count, count_qualifier=qualifier, outcome=outcome)
    checked = check(fact, text)
    assert checked.check.status == "verified", checked.check.reasons
    assert checked.count == count


@pytest.mark.parametrize(
    "text",
    [
        "A 41-year-old man was injured in the shelling on May 3.",
        "A man aged 41 was injured in the shelling.",
        "On May 12, 2025, one man was injured and $41 million in damage was done.",
        "One man was injured; 41% of homes lost power.",
        "For the 41st day running, one man was injured.",
    ],
)
def test_ages_dates_money_percentages_and_ordinals_are_never_counts(text):
    quote = text.rstrip(".")
    fact = Casualty(doc="a", quote=quote, count=1, outcome="injured")
    checked = check(fact, text)
    assert checked.count == 1 and checked.check.status == "verified", checked.check.reasons


def test_a_wrong_figure_is_corrected_when_the_quote_states_one_other():
    text = "Rescuers said 23 people were killed when the bridge collapsed."
    fact = Casualty(doc="a", quote="23 people were killed", count=32, outcome="killed")
    checked = check(fact, text)
    assert checked.count == 23 and checked.check.status == "corrected"


def test_a_figure_among_several_others_is_flagged_not_guessed():
    text = "Officials said 5 were killed and 9 were injured."
    fact = Casualty(doc="a", quote="5 were killed and 9 were injured", count=7, outcome="killed")
    checked = check(fact, text)
    assert checked.check.status == "flagged" and "figure_not_in_quote" in checked.check.codes


def test_aid_amount_and_tariff_rate_are_figures_too():
    text = "Japan pledged $40 million to Chile. Chile imposed a 12% duty on Japanese steel."
    aid = Aid(
        doc="a",
        quote="Japan pledged $40 million to Chile",
        donor="Japan",
        recipient="Chile",
        amount=400_000_000,
        currency="USD",
    )
    assert check(aid, text).amount == 40_000_000
    tariff = Tariff(
        doc="a",
        quote="Chile imposed a 12% duty on Japanese steel",
        imposed_by="Chile",
        target="Japan",
        rate_percent=21,
    )
    assert check(tariff, text).rate_percent == 12


# ------------------------------------------------------------------------- qualifiers


def test_a_qualifier_in_front_of_coordinated_figures_covers_each():
    text = "The clashes left at least 12 deaths and 40 injuries across the province."
    for count, outcome in ((12, "killed"), (40, "injured")):
        fact = Casualty(
            doc="a",
            quote="at least 12 deaths and 40 injuries",
            count=count,
            count_qualifier="at_least",
            outcome=outcome,
        )
        checked = check(fact, text)
        assert checked.check.status == "verified" and checked.count_qualifier == "at_least"
    exact = Casualty(
        doc="a",
        quote="at least 12 deaths and 40 injuries",
        count=40,
        count_qualifier="exact",
        outcome="injured",
    )
    assert check(exact, text).count_qualifier == "at_least"


def test_two_clauses_do_not_share_a_qualifier():
    text = "At least 9 people were killed and 30 have been injured, police said."
    fact = Casualty(
        doc="a", quote="30 have been injured", count=30, count_qualifier="exact", outcome="injured"
    )
    checked = check(fact, text)
    assert checked.check.status == "verified" and checked.count_qualifier == "exact"


def test_a_swapped_qualifier_is_corrected_to_the_wording():
    text = "Nearly 300 families fled and about 800 people were evacuated."
    fact = Casualty(
        doc="a",
        quote="about 800 people were evacuated",
        count=800,
        count_qualifier="exact",
        outcome="displaced",
    )
    assert check(fact, text).count_qualifier == "about"


# ------------------------------------------------------------------------- outcomes


@pytest.mark.parametrize(
    ("quote", "count", "outcome"),
    [
        ("three villagers were killed and nine others were injured", 3, "killed"),
        ("three villagers were killed and nine others were injured", 9, "injured"),
        ("the raid killed 4 and wounded 11", 4, "killed"),
        ("the raid killed 4 and wounded 11", 11, "injured"),
        ("at least 7 deaths and 20 injuries", 20, "injured"),
        ("the floods forced 2,000 people to flee", 2000, "displaced"),
    ],
)
def test_the_word_governing_the_figure_decides_the_outcome(quote, count, outcome):
    text = f"Local officials said {quote}."
    right = Casualty(
        doc="a",
        quote=quote,
        count=count,
        outcome=outcome,
        count_qualifier="at_least" if "at least" in quote else "exact",
    )
    assert check(right, text).check.status == "verified"
    other = "injured" if outcome == "killed" else "killed"
    wrong = right.model_copy(update={"outcome": other})
    checked = check(wrong, text)
    assert checked.outcome == outcome and not (checked.publishable and checked.outcome == other)


def test_a_subgroup_takes_the_outcome_of_the_figure_it_belongs_to():
    text = "The shelling killed 26 people, including a Nepali national."
    fact = Casualty(doc="a", quote="including a Nepali national", count=1, outcome="killed")
    assert check(fact, text).check.status == "verified"
    wrong = Casualty(doc="a", quote="including a Nepali national", count=1, outcome="injured")
    assert not check(wrong, text).publishable


# ------------------------------------------------------------------------- dates


def test_a_recalled_date_resolves_to_the_past():
    text = "When the order was first signed in January, it gave the company a deadline of April 5th."
    fact = Deadline(
        doc="a",
        quote="it gave the company a deadline of April 5th",
        subject="sale",
        due=dt.date(2025, 4, 5),
        due_text="April 5th",
    )
    checked = check(fact, text)
    assert checked.due == dt.date(2025, 4, 5) and checked.check.status == "verified"


def test_a_date_in_the_neighbouring_sentence_of_the_paragraph_supports_a_meeting():
    text = "The two envoys met in Geneva on Tuesday. Their talks lasted about four hours, aides said."
    fact = Meeting(
        doc="a",
        quote="Their talks lasted about four hours",
        participants=["Marco Rubio", "Sergei Lavrov"],
        date=dt.date(2025, 6, 17),
        status="held",
    )
    text = "Marco Rubio and Sergei Lavrov " + text[4:]
    checked = check(fact, text)
    assert checked.check.status == "verified", checked.check.reasons


def test_a_date_moved_a_week_is_caught():
    text = "Keir Starmer met Mark Carney in Ottawa on Tuesday."
    fact = Meeting(
        doc="a",
        quote="Keir Starmer met Mark Carney in Ottawa on Tuesday",
        participants=["Keir Starmer", "Mark Carney"],
        date=dt.date(2025, 6, 24),
        status="held",
    )
    checked = check(fact, text)
    assert checked.date == dt.date(2025, 6, 17) and checked.check.status == "corrected"


def test_a_date_the_article_never_gives_is_flagged():
    text = "Keir Starmer met Mark Carney in Ottawa."
    fact = Meeting(
        doc="a",
        quote="Keir Starmer met Mark Carney in Ottawa",
        participants=["Keir Starmer", "Mark Carney"],
        date=dt.date(2025, 6, 17),
        status="held",
    )
    checked = check(fact, text)
    assert checked.check.status == "flagged" and "date_not_stated" in checked.check.codes


# ------------------------------------------------------------------------- parties


def test_a_known_body_is_never_fuzzily_rewritten_as_another():
    text = "Leaders of NATO and the United Nations met in Brussels on Monday."
    fact = Meeting(
        doc="a",
        quote=text.rstrip("."),
        participants=["NATO", "United Nations"],
        date=dt.date(2025, 6, 16),
        status="held",
    )
    checked = check(fact, text)
    assert checked.participants == ["NATO", "United Nations"] and checked.check.status == "verified"


def test_no_title_is_added_and_no_group_word_is_cut():
    text = (
        "Commerce Secretary Howard Lutnick joined the call with the Brazilian president. "
        "Hamas held talks with Arab mediators and Palestinian factions."
    )
    call = Meeting(
        doc="a",
        quote="Commerce Secretary Howard Lutnick joined the call with the Brazilian president",
        participants=["Howard Lutnick", "Luiz Inácio Lula da Silva"],
    )
    assert check(call, text).participants == ["Howard Lutnick", "Luiz Inacio Lula da Silva"]
    talks = Meeting(
        doc="a",
        quote="Hamas held talks with Arab mediators and Palestinian factions",
        participants=["Arab mediators", "Hamas", "Palestinian factions"],
    )
    checked = check(talks, text)
    assert checked.participants == ["Arab mediators", "Hamas", "Palestinian factions"]
    assert checked.check.status == "verified"


def test_no_party_of_a_list_is_dropped():
    text = "The conference was co-hosted by the European Union, the African Union and France."
    fact = Meeting(
        doc="a", quote=text.rstrip("."), participants=["African Union", "European Union", "France"]
    )
    checked = check(fact, text)
    assert checked.participants == ["African Union", "European Union", "France"]


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("US", "United States"),
        ("U.S.", "United States"),
        ("EU", "European Union"),
        ("UK", "United Kingdom"),
        ("IMF", "International Monetary Fund"),
    ],
)
def test_a_party_in_a_known_spelling_is_published_canonical(given, canonical):
    text = f"The {canonical} approved $30 million for Moldova on Monday."
    fact = Aid(
        doc="a",
        quote=text[4:].rstrip("."),
        donor=given,
        recipient="Moldova",
        amount=30_000_000,
        currency="USD",
    )
    checked = check(fact, text)
    assert checked.donor == canonical and checked.check.status == "verified"


def test_zelenskyy_is_published_canonical_and_a_misspelling_takes_the_articles_name():
    text = "Volodymyr Zelenskyy met Steve Witkoff. Later Vikov met Putin in Moscow on Wednesday."
    fact = Meeting(
        doc="a", quote="Volodymyr Zelenskyy met Steve Witkoff", participants=["Steve Witkoff", "Zelenskyy"]
    )
    assert check(fact, text).participants == ["Steve Witkoff", "Volodymyr Zelensky"]
    later = Meeting(
        doc="a",
        quote="Vikov met Putin in Moscow on Wednesday",
        participants=["Putin", "Vikov"],
        date=dt.date(2025, 6, 18),
        status="held",
    )
    assert check(later, text).participants == ["Steve Witkoff", "Vladimir Putin"]


def test_an_office_a_demonym_a_capital_or_a_group_word_supports_a_party():
    text = (
        "The German chancellor spoke with European leaders about aid to Kyiv. "
        "Berlin will send $500 million, the Ukrainian president said."
    )
    fact = Meeting(
        doc="a",
        quote="The German chancellor spoke with European leaders",
        participants=["European leaders", "Friedrich Merz"],
    )
    assert check(fact, text, published=dt.date(2025, 8, 1)).check.status == "verified"
    before = check(fact, text, published=dt.date(2024, 8, 1))  # Merz was not chancellor yet
    assert before.check.status == "flagged" and "Friedrich Merz" in " ".join(before.check.reasons)
    aid = Aid(
        doc="a",
        quote="Berlin will send $500 million",
        donor="Germany",
        recipient="Ukraine",
        amount=500_000_000,
        currency="USD",
    )
    assert check(aid, text).check.status == "verified"


@pytest.mark.parametrize(
    ("field", "wrong"),
    [
        ("participants", ["Emmanuel Macron", "Keir Starmer"]),
        ("target", "Brazil"),
        ("imposed_by", "Japan"),
        ("donor", "World Bank"),
        ("recipient", "Argentina"),
        ("set_by", "Xi Jinping"),
    ],
)
def test_a_party_the_article_never_names_is_flagged_naming_it(field, wrong):
    text = (
        "Keir Starmer met Mark Carney in Ottawa. Canada imposed a 10% tariff on Chinese steel. "
        "Norway gave $5 million to Chile. Carney set a deadline of Friday for talks."
    )
    facts = {
        "participants": Meeting(
            doc="a",
            quote="Keir Starmer met Mark Carney in Ottawa",
            participants=["Keir Starmer", "Mark Carney"],
        ),
        "target": Tariff(
            doc="a",
            quote="Canada imposed a 10% tariff on Chinese steel",
            imposed_by="Canada",
            target="China",
            rate_percent=10,
        ),
        "donor": Aid(
            doc="a",
            quote="Norway gave $5 million to Chile",
            donor="Norway",
            recipient="Chile",
            amount=5_000_000,
            currency="USD",
        ),
        "set_by": Deadline(
            doc="a",
            quote="Carney set a deadline of Friday for talks",
            subject="talks",
            set_by="Mark Carney",
            due=dt.date(2025, 6, 20),
            due_text="Friday",
        ),
    }
    facts["imposed_by"], facts["recipient"] = facts["target"], facts["donor"]
    true = facts[field]
    assert check(true, text).check.status == "verified", check(true, text).check.reasons
    checked = check(true.model_copy(update={field: wrong}), text)
    assert checked.check.status == "flagged" and not checked.publishable
    named = wrong[0] if isinstance(wrong, list) else wrong
    assert any(named in reason for reason in checked.check.reasons)


def test_a_surname_resolves_to_the_full_name_another_article_gives():
    other = Article(id="b", text="Finance Minister Anna Kowalczyk arrived in Warsaw.", published=PUBLISHED)
    text = "Kowalczyk met Olaf Scholz in Berlin."
    fact = Meeting(
        doc="a", quote="Kowalczyk met Olaf Scholz in Berlin", participants=["Kowalczyk", "Olaf Scholz"]
    )
    checked = check(fact, text, batch=batch_names([other, article(text)]))
    assert checked.participants == ["Anna Kowalczyk", "Olaf Scholz"]


# ------------------------------------------------------------------------- places


def test_a_place_the_article_names_in_any_form_passes_and_an_invented_one_is_flagged():
    text = "Two people were killed in an attack on the Kharkiv region on Monday, Ukrainian officials said."
    for location in ("Kharkiv", "Kharkiv region", "eastern Ukraine"):
        fact = Casualty(doc="a", quote="Two people were killed", count=2, outcome="killed", location=location)
        assert check(fact, text).check.status == "verified", location
    invented = Casualty(doc="a", quote="Two people were killed", count=2, outcome="killed", location="Odesa")
    checked = check(invented, text)
    assert checked.check.status == "flagged" and "place_unsupported" in checked.check.codes


def test_a_first_name_or_a_place_is_not_taken_for_a_misspelt_party():
    text = "Marco Rubio spoke with officials in Mexico about the deal on Monday."
    fact = Meeting(
        doc="a",
        quote="Marco Rubio spoke with officials in Mexico",
        participants=["Emmanuel Macron", "Marco Rubio"],
    )
    checked = check(fact, text)
    assert checked.check.status == "flagged" and "Emmanuel Macron" in " ".join(checked.check.reasons)


def test_a_count_next_to_the_stated_one_is_not_the_stated_one():
    text = "At least 250 people were killed and 500 have been injured."
    fact = Casualty(
        doc="a",
        quote="At least 250 people were killed",
        count=501,
        count_qualifier="at_least",
        outcome="killed",
    )
    checked = check(fact, text)
    assert checked.count == 250 and checked.check.status == "corrected"


def test_a_count_in_millions_is_read_exactly():
    text = "The fighting has displaced 1.1 million people since April."
    fact = Casualty(doc="a", quote=text.rstrip("."), count=1_100_000, outcome="displaced")
    assert check(fact, text).check.status == "verified"


def test_a_misspelt_full_name_takes_the_name_the_article_gives():
    text = "Steve Witkoff met Kirill Dmitriev in Moscow."
    fact = Meeting(doc="a", quote=text.rstrip("."), participants=["Kiril Dmitriev", "Steve Witkof"])
    assert check(fact, text).participants == ["Kirill Dmitriev", "Steve Witkoff"]
    other = Meeting(doc="a", quote=text.rstrip("."), participants=["Steve Witkoff", "Steve Bannon"])
    checked = check(other, text)  # another Steve is not Witkoff: kept as given, and flagged
    assert sorted(checked.participants) == ["Steve Bannon", "Steve Witkoff"]
    assert checked.check.status == "flagged" and "Steve Bannon" in " ".join(checked.check.reasons)


def test_a_body_is_supported_by_its_initials_and_not_by_one_common_word():
    text = "The GHF said the south of the enclave received $30 million from the fund."
    aid = Aid(
        doc="a",
        quote="received $30 million",
        donor="United States",
        recipient="Gaza Humanitarian Foundation",
        amount=30_000_000,
        currency="USD",
    )
    checked = check(aid, "Washington said: " + text)
    assert not any("Gaza Humanitarian Foundation" in r for r in checked.check.reasons)
    wrong = aid.model_copy(update={"donor": "South Korea"})
    assert any("South Korea" in r for r in check(wrong, "Washington said: " + text).check.reasons)
