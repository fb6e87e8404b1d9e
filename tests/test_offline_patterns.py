"""The offline extractor's patterns, each on minimal sentences written for these tests
from several subjects (trade, conflict, disasters, diplomacy), with sentences that
look alike but must produce nothing. Every fact names the rule that produced it.
"""

from __future__ import annotations

import datetime as dt

import pytest

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
            assert fact.extractor.startswith("offline:")
        return [f.model_dump(mode="json") for f in facts if f.kind == kind]

    return facts_of


def _pick(facts: list[dict], *fields: str) -> list[tuple]:
    return sorted(tuple(f[name] for name in fields) for f in facts)


# --- meetings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        (
            "Co-hosted by Norway, Egypt and the United Nations, the donor conference opened in Cairo.",
            ["Egypt", "Norway", "United Nations"],
        ),
        (
            "The climate summit, co-hosted by Kenya and France, ended on Monday.",
            ["France", "Kenya"],
        ),
    ],
)
def test_co_hosts_are_the_participants(extract, text, participants):
    [meeting] = extract(text, "meeting")
    assert meeting["participants"] == participants
    assert meeting["extractor"] == "offline:meeting.cohosted_by"


@pytest.mark.parametrize(
    ("text", "participants", "status"),
    [
        (
            "There are further negotiations expected between Chinese and Australian officials next week.",
            ["Australia", "China"],
            "scheduled",
        ),
        (
            "Hezbollah had held talks with Arab mediators and Syrian factions in Doha.",
            ["Arab mediators", "Hezbollah", "Syrian factions"],
            "held",
        ),
    ],
)
def test_parties_named_by_their_people_or_on_a_participle(extract, text, participants, status):
    meetings = extract(text, "meeting")
    assert _pick(meetings, "participants", "status") == [(participants, status)]


@pytest.mark.parametrize(
    "text",
    [
        "The aid will be frozen until Macron meets Scholz.",
        "Sanctions stay unless Erdogan meets Putin in Ankara.",
        "The continuing talks between Serbia and Kosovo have produced little.",
        "Ongoing negotiations between Peru and Chile resumed quietly.",
        "The Red Cross meeting in Geneva drew wide attention.",
        "Zelensky spoke to Reuters on Monday.",
        "Microsoft and OpenAI have been in talks for months.",
    ],
)
def test_conditions_and_processes_are_not_meetings(extract, text):
    assert extract(text, "meeting") == []


@pytest.mark.parametrize(
    "text",
    ["Macron feels honoured to host Scholz in Paris.", "Ramaphosa is glad to meet Modi in Delhi."],
)
def test_an_infinitive_meeting_looks_ahead(extract, text):
    [meeting] = extract(text, "meeting")
    assert meeting["status"] == "scheduled" and len(meeting["participants"]) == 2


def test_face_to_face_and_video_modes_come_from_split_phrases(extract):
    [talks] = extract("Xi and Biden held face-to-face talks in Lima on Saturday.", "meeting")
    [call] = extract("Modi and Albanese held a video call on Monday.", "meeting")
    assert (talks["mode"], call["mode"]) == ("in_person", "video")


# --- deadlines ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "due", "due_text"),
    [
        ("The ceasefire in Gaza will hold until March 20.", "2025-03-20", "until March 20"),
        ("Washington kept the steel tariff paused until April 1.", "2025-04-01", "until April 1"),
        ("Applicants must register no later than March 31.", "2025-03-31", "no later than March 31"),
        ("Relief agencies will deliver the tents within 48 hours.", None, "within 48 hours"),
        ("Over the next 60 days, both sides will draft a peace accord.", None, "over the next 60 days"),
        ("The levy will be reinstated on April 9 if no deal is reached.", "2025-04-09", "on April 9"),
        ("Without new loans by summer, the utility would run out of cash.", None, "by summer"),
    ],
)
def test_dates_and_durations_that_set_a_limit(extract, text, due, due_text):
    [deadline] = extract(text, "deadline")
    assert (deadline["due"], deadline["due_text"].lower()) == (due, due_text.lower())
    assert deadline["extractor"] == "offline:deadline.date_after_marker"


@pytest.mark.parametrize(
    ("text", "due_text"),
    [
        ("The senate has 30 days to review the treaty.", "30 days"),
        ("The mayor gave residents two weeks to leave the flood zone.", "two weeks"),
        ("I will shorten the 50 days I gave him.", "the 50 days"),
    ],
)
def test_time_granted_for_a_task_is_a_deadline_without_a_date(extract, text, due_text):
    [deadline] = extract(text, "deadline")
    assert (deadline["due"], deadline["due_text"], deadline["extractor"]) == (
        None,
        due_text,
        "offline:deadline.granted_time",
    )


def test_a_date_set_as_the_deadline_is_its_due_date(extract):
    [deadline] = extract("The union set March 14 as the deadline for a wage offer.", "deadline")
    assert (deadline["due"], deadline["extractor"]) == ("2025-03-14", "offline:deadline.deadline_noun")


@pytest.mark.parametrize(
    "text",
    [
        "The frigates are expected to arrive within six weeks.",
        "The museum stays open until March 20.",
        "She has had a lot of deadlines this year.",
        "The judge gave the defence two days of testimony.",
        "The company has 30 days of cash.",
    ],
)
def test_forecasts_opening_hours_and_plain_time_are_not_deadlines(extract, text):
    assert extract(text, "deadline") == []


# --- tariffs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "old_rate"),
    [
        (
            "Duties on Brazilian coffee will be cut to 10% from 40%.",
            [("Brazil", 10.0, "total"), ("Brazil", 40.0, "total")],
            40.0,
        ),
        (
            "Ottawa raised its levy on Chinese steel to 25 percent from 15 percent.",
            [("China", 15.0, "total"), ("China", 25.0, "total")],
            15.0,
        ),
    ],
)
def test_both_ends_of_a_moved_rate(extract, text, expected, old_rate):
    tariffs = extract(text, "tariff")
    assert _pick(tariffs, "target", "rate_percent", "basis") == expected
    [old] = [t for t in tariffs if t["rate_percent"] == old_rate]
    assert (old["status"], old["extractor"]) == ("in_force", "offline:tariff.rate_moved")


def test_rates_listed_after_a_tariff_share_its_parties(extract):
    tariffs = extract(
        "Vietnam will pay a 20% tariff on shoes, 30% on furniture, and 46% on electronics.", "tariff"
    )
    assert _pick(tariffs, "target", "rate_percent", "goods") == [
        ("Vietnam", 20.0, "shoes"),
        ("Vietnam", 30.0, "furniture"),
        ("Vietnam", 46.0, "electronics"),
    ]
    assert sorted(t["extractor"] for t in tariffs).count("offline:tariff.rate_in_list") == 2


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "Japan said tariffs of 10 percent will be imposed on most trading partners.",
            "most trading partners",
        ),
        ("India will levy duties of 12% on all countries.", "all countries"),
    ],
)
def test_a_target_named_as_a_group_of_partners(extract, text, target):
    tariffs = extract(text, "tariff")
    assert [t["target"] for t in tariffs] == [target]


@pytest.mark.parametrize(
    "text",
    [
        "Exports rose 25% on strong demand for steel.",
        "The central bank cut rates to 4% from 5%.",
        "Turnout reached 60% in the election.",
    ],
)
def test_percentages_without_a_duty_are_not_tariffs(extract, text):
    assert extract(text, "tariff") == []


# --- aid ------------------------------------------------------------------------------


def test_a_sum_restated_in_brackets_is_one_contribution(extract):
    aid = extract("Canada announced £40 million ($52 million) in aid for flood victims in Libya.", "aid")
    assert _pick(aid, "amount", "currency") == [(40_000_000.0, "GBP")]


def test_equal_sums_from_named_donors_stay_apart(extract):
    aid = extract(
        "Spain contributed $50 million to the fund. Portugal donated $50 million to the fund. "
        "The $50 million package arrives in May.",  # the month is no modal "may"
        "aid",
    )
    assert _pick(aid, "donor", "amount") == [("Portugal", 50_000_000.0), ("Spain", 50_000_000.0)]


def test_a_sale_worth_a_sum_is_aid(extract):
    [aid] = extract("Washington approved a sale of radars to Poland worth $300 million.", "aid")
    assert (aid["amount"], aid["form"], aid["recipient"]) == (300_000_000.0, "sale", "Poland")


@pytest.mark.parametrize(
    ("text", "donor", "form"),
    [
        ("Germany's development ministry announced €20 million for flood relief.", "Germany", "pledge"),
        ("The US approved the sale of F-16 parts worth $1.5 billion to Taiwan.", "United States", "sale"),
    ],
)
def test_a_ministry_gives_as_its_state_and_a_sale_reaches_its_sum(extract, text, donor, form):
    [aid] = extract(text, "aid")
    assert (aid["donor"], aid["form"]) == (donor, form)


def test_a_company_worth_a_sum_is_not_aid(extract):
    assert extract("The startup is now worth $300 million after the funding round.", "aid") == []


# --- casualties -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The cyclone killed 40 people, including 12 children, in Mozambique.",
            [(12, "killed"), (40, "killed")],
        ),
        (
            "The shelling wounded 20 civilians, including three journalists.",
            [(3, "injured"), (20, "injured")],
        ),
    ],
)
def test_a_named_part_of_a_count_is_a_figure_of_its_own(extract, text, expected):
    casualties = extract(text, "casualty")
    assert _pick(casualties, "count", "outcome") == expected
    assert "offline:casualty.subgroup" in {c["extractor"] for c in casualties}


def test_victims_listed_among_the_dead(extract):
    casualties = extract("Among the victims were 6 miners and 2 rescuers.", "casualty")
    assert _pick(casualties, "count", "outcome") == [(2, "killed"), (6, "killed")]


def test_a_thousand_is_a_count(extract):
    [injured] = extract("More than a thousand people were injured in the earthquake.", "casualty")
    assert (injured["count"], injured["count_qualifier"]) == (1000, "more_than")


@pytest.mark.parametrize(
    "text",
    [
        "Some 35 wounded in hospitals were visited by the minister.",
        "Another 12 injured remain in shelters near the border.",
    ],
)
def test_people_in_hospital_or_shelters_are_a_status(extract, text):
    assert extract(text, "casualty") == []


def test_a_toll_without_place_or_cause_takes_them_from_the_event_named_before(extract):
    casualties = extract(
        "A powerful earthquake struck Nepal on Monday. Officials said 31 people were killed. "
        "Another 57 were injured.",
        "casualty",
    )
    assert _pick(casualties, "count", "location", "cause") == [
        (31, "Nepal", "earthquake"),
        (57, "Nepal", "earthquake"),
    ]


def test_the_place_an_event_struck_is_the_tolls_location(extract):
    [dead] = extract("The cyclone that hit Bangladesh killed 14 people.", "casualty")
    assert (dead["location"], dead["cause"]) == ("Bangladesh", "cyclone")


def test_without_an_event_named_the_setting_stays_empty(extract):
    [dead] = extract("Officials said 9 people were killed.", "casualty")
    assert (dead["location"], dead["cause"]) == (None, None)


def test_aid_keeps_the_beneficiary_named_before_and_a_ministry_gives_as_its_state(extract):
    aid = extract(
        "Japan pledged $20 million in aid to Haiti. The French Foreign Ministry will provide €5 million.",
        "aid",
    )
    assert _pick(aid, "donor", "recipient", "form", "status") == [
        ("France", "Haiti", "pledge", "pledged"),
        ("Japan", "Haiti", "pledge", "pledged"),
    ]


@pytest.mark.parametrize(
    ("text", "form", "status"),
    [
        ("The IMF approved a $2 billion bailout for Egypt.", "loan", "approved"),
        ("Berlin may offer grants of €10 million to Jordan.", "donation", "proposed"),
    ],
)
def test_aid_form_and_status_from_the_wording(extract, text, form, status):
    [aid] = extract(text, "aid")
    assert (aid["form"], aid["status"]) == (form, status)


# --- hosts, mediators and calls -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        ("Qatar hosted talks between Hamas and Israel last week.", ["Hamas", "Israel", "Qatar"]),
        (
            "The talks between Sudan and Chad, mediated by Oman and Egypt, ended without a deal.",
            ["Chad", "Egypt", "Oman", "Sudan"],
        ),
        ("Norway hosted negotiations between Colombia and Venezuela.", ["Colombia", "Norway", "Venezuela"]),
    ],
)
def test_hosts_and_mediators_are_participants(extract, text, participants):
    [meeting] = extract(text, "meeting")
    assert meeting["participants"] == participants


def test_calling_two_leaders_separately_is_two_calls(extract):
    calls = extract("Trump called Putin and Zelensky separately on Monday.", "meeting")
    assert _pick(calls, "participants", "mode", "extractor") == [
        (["Donald Trump", "Vladimir Putin"], "phone", "offline:meeting.call_verb"),
        (["Donald Trump", "Volodymyr Zelensky"], "phone", "offline:meeting.call_verb"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Critics called Orban a threat to democracy.",
        "The UN called on Sudan to open the border.",
        "Activists called for a boycott of the summit.",
    ],
)
def test_naming_or_appealing_is_no_call(extract, text):
    assert [m for m in extract(text, "meeting") if m["extractor"] == "offline:meeting.call_verb"] == []


# --- tariff targets -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Canada imposed a 100% surtax on Chinese-made electric vehicles.",
            [("Canada", "China", 100.0)],
        ),
        (
            "A 25% tariff on goods imported into the United States from Japan took effect on Monday.",
            [("United States", "Japan", 25.0)],
        ),
        (
            "Washington imposed a 50% tariff on all copper imports.",
            [("United States", "all countries", 50.0)],
        ),
        (
            "Brussels will impose duties ranging from 17% to 38% on Chinese electric cars.",
            [("European Union", "China", 17.0), ("European Union", "China", 38.0)],
        ),
    ],
)
def test_surtaxes_origins_sectoral_tariffs_and_ranges(extract, text, expected):
    assert _pick(extract(text, "tariff"), "imposed_by", "target", "rate_percent") == sorted(expected, key=str)


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        (
            "US President Donald Trump and Chinese President Xi Jinping held talks in Busan on Thursday.",
            ["Donald Trump", "Xi Jinping"],
        ),
        ("Putin received Modi in the Kremlin on Tuesday.", ["Narendra Modi", "Vladimir Putin"]),
    ],
)
def test_titled_names_in_a_list_and_a_received_guest(extract, text, participants):
    [meeting] = extract(text, "meeting")
    assert meeting["participants"] == participants


@pytest.mark.parametrize(
    "text",
    ["Ukraine received $1 billion from the EU.", "Zelensky welcomed the decision by Trump."],
)
def test_receiving_money_or_welcoming_a_decision_is_no_meeting(extract, text):
    assert extract(text, "meeting") == []


def test_the_origin_of_goods_that_face_a_tariff_is_its_target(extract):
    [tariff] = extract("Under the deal, Vietnamese exports will face a 20% tariff.", "tariff")
    assert (tariff["target"], tariff["rate_percent"]) == ("Vietnam", 20.0)


def test_a_qualifier_in_front_of_coordinated_counts_applies_to_each(extract):
    casualties = extract("At least 15 people died and 30 were hurt when a bus crashed in Peru.", "casualty")
    assert _pick(casualties, "count", "count_qualifier", "location") == [
        (15, "at_least", "Peru"),
        (30, "at_least", "Peru"),
    ]


@pytest.mark.parametrize(
    "text",
    ["More than 2,000 families were displaced by the floods.", "The storm killed 300 head of cattle."],
)
def test_households_and_animals_are_not_people(extract, text):
    assert extract(text, "casualty") == []


def test_a_named_storm_is_the_cause_not_the_place(extract):
    [evacuated] = extract("Nearly 90,000 people have been evacuated ahead of Typhoon Doksuri.", "casualty")
    assert (evacuated["count"], evacuated["outcome"], evacuated["location"]) == (90000, "displaced", None)
    assert "Doksuri" in evacuated["cause"]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Armenia and Azerbaijan will sign a peace accord in Washington on Friday.", "scheduled"),
        ("The agreement was signed by Armenia and Azerbaijan in Washington.", "held"),
    ],
)
def test_a_signing_where_two_named_parties_meet(extract, text, status):
    [meeting] = extract(text, "meeting")
    assert (meeting["participants"], meeting["location"], meeting["status"]) == (
        ["Armenia", "Azerbaijan"],
        "Washington",
        status,
    )
    assert meeting["extractor"] == "offline:meeting.signing"


@pytest.mark.parametrize(
    "text",
    [
        "Trump signed an executive order in the Oval Office.",
        "Japan and the EU signed a trade deal last year.",
        "More than 100 countries signed the pledge.",
    ],
)
def test_a_signature_without_two_parties_and_a_place_is_no_meeting(extract, text):
    assert extract(text, "meeting") == []


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("The US first slapped a 25 percent tariff on Brazil in July.", "in_force"),
        ("Chile will continue to pay a 10% tariff on copper.", "in_force"),
        ("Officials said the levy on Chinese steel would be cut to 15%.", "announced"),
        ("Peru could face a 40% tariff if talks fail.", "threatened"),
        ("Kenya may impose a 20% duty on Indian rice.", "threatened"),
    ],
)
def test_tariff_status_from_tense_continuation_and_conditions(extract, text, status):
    [tariff] = extract(text, "tariff")
    assert tariff["status"] == status


@pytest.mark.parametrize(
    ("text", "due_text", "set_by"),
    [
        ("Hamas was told to respond within 72 hours.", "within 72 hours", None),
        ("Putin was given 10 to 12 days to agree to a ceasefire.", "10 to 12 days", None),
        ("Trump gave Putin 50 days to reach a deal.", "50 days", "Donald Trump"),
    ],
)
def test_an_order_sets_a_limit_and_who_is_given_time_does_not_set_it(extract, text, due_text, set_by):
    [deadline] = extract(text, "deadline")
    assert (deadline["due_text"], deadline["set_by"]) == (due_text, set_by)


def test_the_destination_of_a_visit_is_where_they_met(extract):
    text = "During a visit to Tokyo, Albanese met Japanese Prime Minister Shigeru Ishiba."
    [meeting] = extract(text, "meeting")
    assert (meeting["location"], meeting["mode"]) == ("Tokyo", "in_person")
