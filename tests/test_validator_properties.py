"""Property: a true fact built from any sentence that states it is never altered.

Sentences are put together from the ways news states each kind of fact (figures in
digits or words, qualifiers, outcome verbs, known spellings and titles of parties,
weekdays and dates), the fact is built from what the sentence says, and the validator
must publish it as verified, every content field as it was.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from factsheet.models import Aid, Article, Casualty, Deadline, FactBase, Meeting, Tariff, content_fields
from factsheet.parsing.dates import resolve
from factsheet.parsing.names import fold
from factsheet.validation import validate_fact

WORDS = {2: "two", 3: "three", 5: "five", 6: "six", 9: "nine", 12: "twelve", 20: "twenty", 40: "forty"}
QUALIFIERS = {
    "": "exact",
    "at least ": "at_least",
    "more than ": "more_than",
    "over ": "more_than",
    "about ": "about",
    "nearly ": "about",
    "some ": "about",
}
OUTCOMES = {
    "killed": ["were killed", "died", "were confirmed dead", "lost their lives"],
    "injured": ["were injured", "were wounded", "were hurt"],
    "displaced": ["were evacuated", "fled their homes", "were displaced"],
    "missing": ["are missing", "remain missing"],
}
PLACES = ["Kharkiv", "Gaza City", "Port Sudan", "Herat", "Kupiansk", "El Fasher"]
LEADS = ["", "Officials said ", "On Monday, ", "According to the ministry, ", "Rescuers said that "]
COUNTRIES = {  # canonical name: ways a text names it
    "United States": ["the United States", "the U.S.", "the US", "Washington"],
    "European Union": ["the European Union", "the EU", "Brussels"],
    "United Kingdom": ["the United Kingdom", "the UK", "Britain"],
    "Japan": ["Japan", "Tokyo"],
    "Norway": ["Norway", "Oslo"],
    "Canada": ["Canada", "Ottawa"],
}
RECIPIENTS = ["Ukraine", "Moldova", "Sudan", "Jordan"]
PEOPLE = {  # canonical name: ways a text names the person
    "Vladimir Putin": ["Vladimir Putin", "Russian President Vladimir Putin", "President Vladimir Putin"],
    "Volodymyr Zelensky": [
        "Volodymyr Zelensky",
        "Ukrainian President Volodymyr Zelensky",
        "Volodymyr Zelenskyy",
    ],
    "Donald Trump": ["Donald Trump", "US President Donald Trump", "President Donald Trump"],
    "Keir Starmer": ["Keir Starmer", "British Prime Minister Keir Starmer"],
    "Mark Carney": ["Mark Carney", "Canadian Prime Minister Mark Carney"],
    "Steve Witkoff": ["Steve Witkoff", "US envoy Steve Witkoff"],
}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
published_days = st.dates(min_value=dt.date(2025, 2, 1), max_value=dt.date(2025, 12, 20))


def assert_kept(fact: FactBase, text: str, published: dt.date) -> None:
    checked = validate_fact(fact, Article(id=fact.doc, text=text, published=published))
    assert checked.check.status == "verified", (text, checked.check.reasons)
    for name in content_fields(fact.kind):
        assert getattr(checked, name) == getattr(fact, name), (name, text, checked.check.reasons)
    assert text[checked.start : checked.end] == checked.quote


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(LEADS),
    st.sampled_from(sorted(QUALIFIERS)),
    st.one_of(st.integers(min_value=2, max_value=99_999), st.sampled_from(sorted(WORDS))),
    st.booleans(),
    st.sampled_from(sorted(OUTCOMES)),
    st.data(),
    published_days,
)
def test_a_true_casualty_fact_is_never_altered(lead, qualifier, count, spelled, outcome, data, published):
    verb = data.draw(st.sampled_from(OUTCOMES[outcome]))
    place = data.draw(st.sampled_from(PLACES))
    figure = WORDS[count] if spelled and count in WORDS else f"{count:,}"
    stated = f"{qualifier}{figure} people {verb} in {place}"
    text = f"{lead}{stated} after the strike.".strip()
    text = text[0].upper() + text[1:]
    quote = stated if lead else text.rstrip(".")
    fact = Casualty(
        doc="a",
        quote=quote,
        count=count,
        count_qualifier=QUALIFIERS[qualifier],
        outcome=outcome,
        location=place,
    )
    assert_kept(fact, text, published)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(sorted(COUNTRIES)),
    st.sampled_from(RECIPIENTS),
    st.sampled_from([("", "exact"), ("more than ", "more_than"), ("up to ", "up_to"), ("about ", "about")]),
    st.integers(min_value=1, max_value=950),
    st.sampled_from([("million", 1e6), ("billion", 1e9)]),
    st.sampled_from(["pledged", "approved", "will send", "announced"]),
    st.data(),
    published_days,
)
def test_a_true_aid_fact_is_never_altered(donor, recipient, qualifier, amount, scale, verb, data, published):
    named = data.draw(st.sampled_from(COUNTRIES[donor]))
    words, kind = qualifier
    donor_words = f"{named[0].upper()}{named[1:]}"
    text = f"{donor_words} {verb} {words}${amount} {scale[0]} in aid to {recipient}, officials said."
    fact = Aid(
        doc="a",
        quote=text.split(", officials")[0],
        donor=donor,
        recipient=recipient,
        amount=amount * scale[1],
        currency="USD",
        amount_qualifier=kind,
    )
    assert_kept(fact, text, published)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(sorted(COUNTRIES)),
    st.sampled_from(["China", "India", "Brazil", "Mexico"]),
    st.integers(min_value=0, max_value=200),
    st.sampled_from(["%", " percent", " per cent"]),
    st.sampled_from(["steel", "all goods", "cars"]),
    st.data(),
    published_days,
)
def test_a_true_tariff_fact_is_never_altered(imposer, target, rate, sign, goods, data, published):
    named = data.draw(st.sampled_from(COUNTRIES[imposer]))
    text = f"{named[0].upper()}{named[1:]} announced a {rate}{sign} tariff on {goods} from {target}."
    fact = Tariff(
        doc="a",
        quote=text.rstrip("."),
        imposed_by=imposer,
        target=target,
        rate_percent=rate,
        goods=goods,
        status="announced",
    )
    assert_kept(fact, text, published)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(sorted(PEOPLE)), min_size=2, max_size=2, unique=True),
    st.sampled_from(["Moscow", "Washington", "Geneva", "Riyadh"]),
    st.sampled_from(WEEKDAYS),
    st.booleans(),
    st.data(),
    published_days,
)
def test_a_true_meeting_fact_is_never_altered(people, city, weekday, held, data, published):
    first, second = (data.draw(st.sampled_from(PEOPLE[p])) for p in people)
    verb = "met" if held else "will meet"
    text = f"{first} {verb} {second} in {city} on {weekday}, aides said."
    day = resolve(weekday, published, "past" if held else "future")
    fact = Meeting(
        doc="a",
        quote=text.split(", aides")[0],
        participants=sorted(people),
        location=city,
        date=day,
        mode="in_person",
        status="held" if held else "scheduled",
    )
    assert_kept(fact, text, published)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(sorted(PEOPLE)),
    st.sampled_from(RECIPIENTS),
    st.sampled_from(WEEKDAYS),
    st.data(),
    published_days,
)
def test_a_true_deadline_fact_is_never_altered(person, country, weekday, data, published):
    named = data.draw(st.sampled_from(PEOPLE[person]))
    text = f"{named} gave {country} until {weekday} to agree to a ceasefire."
    due = resolve(f"until {weekday}", published, "future")
    fact = Deadline(
        doc="a",
        quote=text.rstrip("."),
        subject=f"{country} agrees to a ceasefire",
        set_by=person,
        due=due,
        due_text=f"until {weekday}",
    )
    assert_kept(fact, text, published)


BODIES = [
    "NATO",
    "African Union",
    "United Nations",
    "Palestinian factions",
    "Arab mediators",
    "European Union",
    "International Monetary Fund",
    "Hamas",
]
NOUNS = ["man", "woman", "child", "civilian", "Nepali national", "aid worker"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(BODIES + sorted(PEOPLE)), min_size=2, max_size=4, unique=True),
    st.sampled_from(["Doha", "Cairo", "London"]),
    st.sampled_from(WEEKDAYS),
    published_days,
)
def test_bodies_groups_and_people_are_kept_whole_and_dated_from_the_next_sentence(
    parties, city, weekday, published
):
    first, *others = parties
    listed = ", ".join(others[:-1]) + (" and " if len(others) > 1 else "") + others[-1]
    talks = f"{first} held talks with {listed} in {city}"
    text = f"{talks}. The talks took place on {weekday}, a spokesman said."
    day = resolve(weekday, published, "past")
    fact = Meeting(doc="a", quote=talks, participants=sorted(parties), location=city, date=day, status="held")
    assert_kept(fact, text, published)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=2, max_value=900),
    st.integers(min_value=18, max_value=90),
    st.sampled_from(NOUNS),
    st.sampled_from(["killed", "injured"]),
    st.sampled_from(["Another", "A"]),
    published_days,
)
def test_ages_and_single_people_are_read_as_one(count, age, noun, outcome, determiner, published):
    verb = {"killed": "killed", "injured": "wounded"}[outcome]
    text = (
        f"The shelling {verb} {count} people, including a {age}-year-old {noun}. "
        f"{determiner} {noun} was {verb} later that day."
    )
    whole = Casualty(doc="a", quote=f"The shelling {verb} {count} people", count=count, outcome=outcome)
    single = Casualty(doc="a", quote=f"including a {age}-year-old {noun}", count=1, outcome=outcome)
    later = Casualty(
        doc="a", quote=f"{determiner} {noun} was {verb} later that day", count=1, outcome=outcome
    )
    for fact in (whole, single, later):
        assert_kept(fact, text, published)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["at least ", "more than ", "nearly ", ""]),
    st.integers(min_value=2, max_value=5000),
    st.integers(min_value=2, max_value=5000),
    published_days,
)
def test_a_qualifier_before_coordinated_figures_is_kept_on_each(qualifier, dead, hurt, published):
    text = f"The quake caused {qualifier}{dead:,} deaths and {hurt:,} injuries, the agency said."
    kind = QUALIFIERS[qualifier]
    quote = f"{qualifier}{dead:,} deaths and {hurt:,} injuries"
    for count, outcome in ((dead, "killed"), (hurt, "injured")):
        fact = Casualty(doc="a", quote=quote, count=count, count_qualifier=kind, outcome=outcome)
        if dead != hurt:
            assert_kept(fact, text, published)


@settings(max_examples=150, deadline=None)
@given(
    st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2025, 8, 31)),
    st.integers(61, 120),
    st.sampled_from(sorted(PEOPLE)),
)
def test_a_recalled_deadline_keeps_its_past_date(due, later, person):
    published = due + dt.timedelta(days=later)
    day = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(due.day, "th")
    text = f"{PEOPLE[person][0]} had given the company a deadline of {due:%B} {due.day}{day} to sell."
    fact = Deadline(
        doc="a",
        quote=text.rstrip("."),
        subject="the company sells",
        set_by=person,
        due=due,
        due_text=f"{due:%B} {due.day}{day}",
    )
    assert_kept(fact, text, published)


# ------------------------------------------------------------------------- surface changes
#
# A model answering with a true fact changes its surface: the quote's case, its final
# punctuation, its quote marks, elides its middle, and names parties by another spelling.
# None of these may change what the validator publishes.

MONEY_FORMS = [  # (as the text writes it, amount, currency)
    ("$40 million", 40e6, "USD"),
    ("US$12, 500", 12_500, "USD"),
    ("SDR 310 million", 310e6, "XDR"),
    ("95 million Norwegian kroner", 95e6, "NOK"),
    ("22 million dirhams", 22e6, "AED"),
    ("Rs 75 crore", 75e7, "INR"),
    ("nearly three billion euros", 3e9, "EUR"),
    ("£1.5bn", 1.5e9, "GBP"),
    ("7 million Swiss francs", 7e6, "CHF"),
]
DONORS = {  # canonical: (as the text names it, aliases a model may use)
    "International Monetary Fund": (
        "the International Monetary Fund",
        ["IMF", "International Monetary Fund"],
    ),
    "European Union": ("the European Union", ["EU", "European Union"]),
    "Southern African Development Community": (
        "the Southern African Development Community",
        ["SADC", "Southern African Development Community"],
    ),
    "Đặng Văn Hòa": ("Đặng Văn Hòa", ["Dang Van Hoa", "Đặng Văn Hòa"]),
    "Norway": ("Norway's finance ministry", ["Norway"]),
}


def surface_changed(quote: str, change: str, draw) -> str:
    if change == "case":
        return quote[0].swapcase() + quote[1:]
    if change == "upper":
        return quote.upper()
    if change == "final":
        return quote.rstrip(".") + draw(st.sampled_from([".", "!", "", ";"]))
    if change == "marks":
        return quote.replace("'", "’").replace('"', "“")
    if change == "elided":
        words = quote.split()
        return " ".join(words[:4]) + draw(st.sampled_from([" ... ", " … ", " [...] "])) + " ".join(words[-4:])
    return quote


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(MONEY_FORMS),
    st.sampled_from(sorted(DONORS)),
    st.sampled_from(RECIPIENTS),
    st.sampled_from(["pledged", "approved", "announced"]),
    st.lists(
        st.sampled_from(["case", "upper", "final", "marks", "elided", "alias"]), max_size=3, unique=True
    ),
    st.data(),
    published_days,
)
def test_a_true_aid_fact_survives_every_surface_change(
    money, donor, recipient, verb, changes, data, published
):
    written, amount, currency = money
    named, aliases = DONORS[donor]
    lead = f"{named[0].upper()}{named[1:]}"
    text = (
        f"Officials met in the capital on Monday. {lead} {verb} {written} for reconstruction "
        f"in {recipient} over the next three years, the statement said."
    )
    quote = text.split(". ", 1)[1].split(", the statement")[0]
    for change in changes:
        quote = surface_changed(quote, change, data.draw)
    given_donor = data.draw(st.sampled_from(aliases)) if "alias" in changes else donor
    qualifier = "about" if written.startswith("nearly") else "exact"
    fact = Aid(
        doc="a",
        quote=quote,
        donor=given_donor,
        recipient=recipient,
        amount=amount,
        currency=currency,
        amount_qualifier=qualifier,
    )
    checked = validate_fact(fact, Article(id="a", text=text, published=published))
    assert checked.check.status == "verified", (quote, checked.check.reasons)
    assert checked.donor in (given_donor, donor, fold(given_donor)), checked.donor
    assert (checked.amount, checked.currency, checked.amount_qualifier) == (amount, currency, qualifier)
    assert checked.recipient == recipient
    assert text[checked.start : checked.end] == checked.quote


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["at least ", "more than ", "about ", ""]),
    st.integers(min_value=2, max_value=9_999),
    st.sampled_from(sorted(OUTCOMES)),
    st.lists(st.sampled_from(["case", "upper", "final", "marks"]), min_size=1, max_size=3, unique=True),
    st.data(),
    published_days,
)
def test_a_true_casualty_fact_survives_every_surface_change(
    qualifier, count, outcome, changes, data, published
):
    verb = data.draw(st.sampled_from(OUTCOMES[outcome]))
    other = count + data.draw(st.integers(min_value=1, max_value=50))
    text = (
        f"Officials counted {other} damaged homes. {qualifier.capitalize()}{count:,} people {verb} "
        f'in the "worst" flooding in years, officials said.'
    )
    stated = text.split(". ", 1)[1].split(", officials said")[0]
    quote = stated
    for change in changes:
        quote = surface_changed(quote, change, data.draw)
    fact = Casualty(doc="a", quote=quote, count=count, count_qualifier=QUALIFIERS[qualifier], outcome=outcome)
    checked = validate_fact(fact, Article(id="a", text=text, published=published))
    assert checked.check.status == "verified", (quote, checked.check.reasons)
    assert (checked.count, checked.count_qualifier, checked.outcome) == (
        count,
        QUALIFIERS[qualifier],
        outcome,
    )
