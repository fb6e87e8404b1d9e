"""The offline extractor on news sentences written for these tests (none from the seed set).

Each case is one rule family: who imposes a tariff on whom and in what state, spelled
numbers and qualifiers, relative dates, participants and mode of a meeting, a deadline.
"""

from __future__ import annotations

import datetime as dt
import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factsheet.extraction import get_extractor
from factsheet.models import Article

PUBLISHED = dt.date(2025, 3, 5)  # a Wednesday


@pytest.fixture(scope="module")
def extract():
    extractor = get_extractor("offline")

    def facts_of(text: str, kind: str) -> list[dict]:
        article = Article(id="t", published=PUBLISHED, text=text)
        [(_, facts)] = list(extractor.extract([article]))
        for fact in facts:
            assert text[fact.start : fact.end] == fact.quote
        return [f.model_dump(mode="json") for f in facts if f.kind == kind]

    return facts_of


def _pick(facts: list[dict], *fields: str) -> list[tuple]:
    return sorted(tuple(f[name] for name in fields) for f in facts)


def test_reported_future_tariff_is_announced_and_a_follow_up_keeps_its_imposer(extract):
    tariffs = extract(
        "Canada said on Tuesday that it would impose a 25% tariff on American steel from April 2. "
        "The move raises the total duty on those imports to 35%.",
        "tariff",
    )
    assert _pick(tariffs, "imposed_by", "target", "rate_percent", "basis", "status", "effective") == [
        ("Canada", "United States", 25.0, "new", "announced", "2025-04-02"),
        ("Canada", "United States", 35.0, "total", "announced", None),
    ]


def test_the_country_in_front_of_the_tariff_imposes_it(extract):
    tariffs = extract(
        "The European Union's 10% levy on Chinese electric vehicles has been in force since July. "
        "Prices rose. US tariffs of 145% on Chinese goods remain in place. "
        "Brussels warned it could raise the duty to 30 percent.",
        "tariff",
    )
    assert _pick(tariffs, "imposed_by", "target", "rate_percent", "status") == [
        ("European Union", "China", 10.0, "in_force"),
        ("European Union", "China", 30.0, "threatened"),
        ("United States", "China", 145.0, "in_force"),
    ]


def test_initiated_is_not_in_force(extract):
    tariffs = extract(
        "The president has already initiated a tougher line by announcing a 20% tariff on Brazil.",
        "tariff",
    )
    assert _pick(tariffs, "target", "rate_percent", "status") == [("Brazil", 20.0, "announced")]


def test_spelled_and_qualified_casualty_counts(extract):
    casualties = extract(
        "At least twelve people were killed and about 40 injured when a landslide struck a village "
        "in northern Peru on Sunday, officials said.",
        "casualty",
    )
    assert _pick(casualties, "count", "count_qualifier", "outcome", "when_text") == [
        (12, "at_least", "killed", "Sunday"),
        (40, "about", "injured", "Sunday"),
    ]


def test_aid_amount_with_scale_currency_and_qualifier(extract):
    aid = extract(
        "Japan pledged more than 300 million dollars in humanitarian aid to Sudan on Monday.", "aid"
    )
    assert _pick(aid, "donor", "recipient", "amount", "currency", "amount_qualifier", "status") == [
        ("Japan", "Sudan", 300_000_000.0, "USD", "more_than", "pledged")
    ]


def test_phone_call_on_a_past_weekday(extract):
    meetings = extract("Macron spoke with Scholz by phone on Monday.", "meeting")
    assert _pick(meetings, "participants", "date", "mode", "status") == [
        (["Emmanuel Macron", "Olaf Scholz"], "2025-03-03", "phone", "held")
    ]


def test_deadline_resolves_the_coming_weekday(extract):
    deadlines = extract(
        "Mexico has until Friday to respond to the proposal or face sanctions, Trump said.", "deadline"
    )
    assert _pick(deadlines, "set_by", "due", "due_text") == [("Donald Trump", "2025-03-07", "until Friday")]


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        (
            "The foreign ministers of India and Pakistan are expected to meet in Geneva next week.",
            ["India", "Pakistan"],
        ),
        ("Turkey's foreign minister met his Iranian counterpart in Ankara on Monday.", ["Iran", "Turkey"]),
        ("India's foreign minister spoke with Rubio by phone on Monday.", ["India", "Marco Rubio"]),
        ("Trump met his Chinese counterpart in Busan on Thursday.", ["Donald Trump", "Xi Jinping"]),
        (
            "Britain's prime minister met the French president in Paris on Monday.",
            ["Emmanuel Macron", "Keir Starmer"],
        ),
        ("Negotiators from Israel and Hamas resumed talks in Doha on Monday.", ["Hamas", "Israel"]),
        ("US and Chinese officials met in Geneva on Sunday.", ["China", "United States"]),
        ("Starmer hosted Zelensky at Downing Street on Saturday.", ["Keir Starmer", "Volodymyr Zelensky"]),
    ],
)
def test_a_minister_stands_for_the_country_and_a_leader_for_the_person(extract, text, participants):
    """Only heads of state and government resolve to a person; other ministers to their country."""
    meetings = extract(text, "meeting")
    assert [m["participants"] for m in meetings] == [participants]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("India faces a 50 per cent tariff.", (None, "India", 50.0, None)),
        ("Brazil was hit with a 40% tariff by the United States.", ("United States", "Brazil", 40.0, None)),
        (
            "Tariffs of 34% imposed by Beijing on US farm goods took effect on Monday.",
            ("China", "United States", 34.0, "2025-03-03"),
        ),
        (
            "A 15% tariff on American coal will take effect on Monday.",
            (None, "United States", 15.0, "2025-03-10"),
        ),
    ],
)
def test_tariff_parties_from_facing_verbs_agents_and_participles(extract, text, expected):
    [tariff] = extract(text, "tariff")
    assert (tariff["imposed_by"], tariff["target"], tariff["rate_percent"], tariff["effective"]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The World Bank approved a $2.5bn loan to Egypt on Monday.",
            ("World Bank", "Egypt", "loan", "approved"),
        ),
        # Aid announced for the future, not named a package, is a pledge (the labelled sets' convention).
        ("Germany will send €500m in military aid to Ukraine.", ("Germany", "Ukraine", "pledge", "pledged")),
        (
            "Britain announced a £1.2 billion package for Gaza.",
            ("United Kingdom", "Gaza", "package", "pledged"),
        ),
        (
            "The EU is expected to approve a 50 billion euro facility for Ukraine next month.",
            ("European Union", "Ukraine", "package", "proposed"),
        ),
    ],
)
def test_aid_donor_recipient_and_status_across_phrasings(extract, text, expected):
    [aid] = extract(text, "aid")
    assert (aid["donor"], aid["recipient"], aid["form"], aid["status"]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Iran must respond within 30 days, the agency said.",
            # A duration with no anchor date keeps `due` empty (the labelled sets' convention).
            (None, "within 30 days", "Iran must respond"),
        ),
        ("The truce expires on March 10.", ("2025-03-10", "on March 10", "The truce expires")),
        (
            "Trump gave Putin 50 days to reach a deal or face severe tariffs.",
            (None, "50 days", "Trump gave Putin 50 days to reach a deal or face severe tariffs"),
        ),
        (
            "Hamas was given a deadline of March 8 to release the hostages.",
            ("2025-03-08", "March 8", "Hamas was given a deadline to release the hostages"),
        ),
    ],
)
def test_deadline_phrasings(extract, text, expected):
    [deadline] = extract(text, "deadline")
    assert (deadline["due"], deadline["due_text"], deadline["subject"]) == expected


def test_qualifiers_are_mapped_into_each_kinds_value_set(extract):
    """Aid has no "at least" and casualties no "up to": the nearest value, never a crash."""
    [aid] = extract("Japan pledged at least $1 billion in aid to Ukraine.", "aid")
    assert (aid["amount"], aid["amount_qualifier"]) == (1_000_000_000, "more_than")
    [dead] = extract("Up to 30 people were killed in the blast.", "casualty")
    assert (dead["count"], dead["count_qualifier"]) == (30, "about")
    [quake] = extract("The earthquake killed between 150 and 200 people.", "casualty")
    assert (quake["count"], quake["count_qualifier"]) == (150, "at_least")


SUBJECTS = ["The president", "Officials", "China", "The European Union's", "Japan and Canada", "He", "Rebels"]
VERBS = ["said", "pledged", "killed", "imposed", "will meet", "spoke with", "faces", "approved", "warned"]
FIGURES = [
    "at least 12 people",
    "up to $2.5bn",
    "between 150 and 200",
    "a 25% tariff",
    "15-20 percent",
    "more than 1,000",
    "€500m in aid",
    "six",
    "$",
    "%",
    "about 40 injured",
    "at least $1 billion in aid",
]
TAILS = [
    "on Friday",
    "by August 1",
    "within 90 days",
    "in Kyiv",
    "to Ukraine",
    "on American steel",
    "unless talks resume",
    "last week",
    "",
    "“quoted” — words",
]


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(SUBJECTS),
            st.sampled_from(VERBS),
            st.sampled_from(FIGURES),
            st.sampled_from(TAILS),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_any_mix_of_news_phrases_gives_valid_spans_and_no_rule_failure(parts):
    """Rules never fail on odd phrasing, and every fact quotes its own span."""
    from factsheet.validation import validate_fact

    text = " ".join(f"{s} {v} {f} {t}".strip() + "." for s, v, f, t in parts)
    extractor = _shared_extractor()
    article = Article(id="mix", published=PUBLISHED, text=text)
    [(_, facts)] = list(extractor.extract([article]))
    assert extractor.problems_for(article) == []
    for fact in facts:
        assert text[fact.start : fact.end] == fact.quote
        assert validate_fact(fact, article).check.status in ("verified", "corrected", "flagged", "rejected")


@functools.cache
def _shared_extractor():
    return get_extractor("offline")


def test_nobody_named_means_no_meeting(extract):
    assert extract("Officials met on Monday. US officials said the talks were productive.", "meeting") == []


def test_conjoined_counts_share_their_setting_and_attackers_are_causes(extract):
    ambush = extract("Two soldiers were killed and three wounded in the ambush.", "casualty")
    assert _pick(ambush, "count", "outcome", "cause") == [(2, "killed", "ambush"), (3, "injured", "ambush")]
    bombing = extract("A suicide bomber killed 12 people, including three children, in Peshawar.", "casualty")
    # The children are a subgroup of their own, with the whole count's setting.
    assert _pick(bombing, "count", "cause", "location") == [
        (3, "suicide bomber", "Peshawar"),
        (12, "suicide bomber", "Peshawar"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Both ends of a moved rate are facts (the old one is the rate in force).
        (
            "Tariffs on Canadian goods were raised to 35 percent from 25 percent.",
            [(None, "Canada", 25.0), (None, "Canada", 35.0)],
        ),
        (
            "Washington announced tariffs ranging from 10% to 41% on Thai goods.",
            [("United States", "Thailand", 10.0), ("United States", "Thailand", 41.0)],
        ),
        (
            "Mexico will face a 30% tariff if no deal is reached by August 1, Trump warned.",
            [("United States", "Mexico", 30.0)],
        ),
        ("The 20% tariff on EU goods is unfair, Macron said.", [(None, "European Union", 20.0)]),
        ("Trump slapped 30% duties on South African goods.", [("United States", "South Africa", 30.0)]),
    ],
)
def test_old_rates_ranges_speakers_and_complainers(extract, text, expected):
    assert _pick(extract(text, "tariff"), "imposed_by", "target", "rate_percent") == sorted(expected, key=str)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Lavrov and Rubio spoke by telephone on Saturday, the Russian foreign ministry said.",
            (["Marco Rubio", "Sergei Lavrov"], None, "2025-03-01", "phone", "held"),
        ),
        (
            "Merz, Macron and Starmer travelled to Kyiv on Saturday to meet Zelensky.",
            (
                ["Emmanuel Macron", "Friedrich Merz", "Keir Starmer", "Volodymyr Zelensky"],
                "Kyiv",
                "2025-03-01",
                "in_person",
                "held",
            ),
        ),
        (
            "Witkoff flew to Moscow on Wednesday for talks with Putin.",
            (["Steve Witkoff", "Vladimir Putin"], "Moscow", "2025-03-05", "in_person", "held"),
        ),
        (
            "A planned meeting between Trump and Putin in Budapest was called off.",
            (["Donald Trump", "Vladimir Putin"], "Budapest", None, "in_person", "cancelled"),
        ),
    ],
)
def test_meeting_mode_place_date_and_status_across_phrasings(extract, text, expected):
    [meeting] = extract(text, "meeting")
    assert tuple(meeting[f] for f in ("participants", "location", "date", "mode", "status")) == expected


def test_time_granted_without_a_task_is_no_deadline(extract):
    assert extract("The judge gave the defence two days of extra testimony.", "deadline") == []
