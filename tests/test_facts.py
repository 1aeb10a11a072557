"""Role and legal facts: intervals opened and closed by events, in any order in the text."""

from __future__ import annotations

import pytest

import dateline

pytestmark = pytest.mark.model


def _facts(text: str) -> list[tuple[str, str, str, str | None, str | None]]:
    extraction = dateline.extract(f"date 2024-05-01 {text}")
    return [
        (
            f.subject,
            f.relation,
            f.object,
            f.valid_from.value if f.valid_from else None,
            f.valid_to.value if f.valid_to else None,
        )
        for f in extraction.facts
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Lena Okafor co-founded Harborview Robotics in 2012. "
            "She resigned from the company in 2019.",
            ("Lena Okafor", "founder of", "Harborview Robotics", "2012", "2019"),
        ),
        (
            # the end is told before the start
            "Lena Okafor resigned from Harborview Robotics in 2019. "
            "Okafor had co-founded Harborview Robotics in 2012.",
            ("Lena Okafor", "founder of", "Harborview Robotics", "2012", "2019"),
        ),
        (
            # an undated end still closes the role, before the article date
            "Lena Okafor co-founded Harborview Robotics in 2012.\n\n"
            "Okafor resigned from Harborview Robotics.",
            ("Lena Okafor", "founder of", "Harborview Robotics", "2012", "PAST_REF"),
        ),
        (
            # "later" means the 2012 of the previous sentence is not the resignation's date
            "Lena Okafor co-founded Harborview Robotics in 2012. "
            "She later resigned from the company.",
            ("Lena Okafor", "founder of", "Harborview Robotics", "2012", "PAST_REF"),
        ),
        (
            "Lena Okafor co-founded Harborview Robotics in 2012.",
            ("Lena Okafor", "founder of", "Harborview Robotics", "2012", None),
        ),
        (
            # a company's statement, told in the past: "would" is its "will", not a condition
            "Lumen Rail said on Monday that its chief executive, Maria Okafor, would step "
            "down in June. Okafor has led the company since 2019.",
            ("Maria Okafor", "role at", "Lumen Rail", "2019", "2024-06"),
        ),
        (
            "Maria Okafor, who has headed the Brightwater Foundation since 2019, resigned "
            "from the foundation on Monday.",
            ("Maria Okafor", "role at", "Brightwater Foundation", "2019", "2024-04-29"),
        ),
        (
            # "took charge": a role, at the club the story named; not a charge (legal)
            "The Port Alder Mariners sacked their manager, Teodor Vukic, on Monday.\n\n"
            "Vukic took charge in the summer of 2021.",
            ("Teodor Vukic", "role at", "Port Alder Mariners", "2021-SU", "2024-04-29"),
        ),
        (
            "Lena Okafor took over as chief executive of Harborview Robotics in 2021.",
            ("Lena Okafor", "role at", "Harborview Robotics", "2021", None),
        ),
        (
            # a stated role with no organisation in its phrase, and no subject of its own
            "Graham Pell joined Eastbrook City Council in 2009 and was finance director from "
            "2012 until 2022.",
            ("Graham Pell", "role at", "Eastbrook City Council", "2009", "2022"),
        ),
        (
            # a copula role "since" a date is open, and an end event may close it
            "Maria Okafor has been chief executive of Lumen Rail since 2019.",
            ("Maria Okafor", "role at", "Lumen Rail", "2019", None),
        ),
        (
            "Maria Okafor, who has been chief executive of Lumen Rail since 2019, stepped down "
            "on Monday.",
            ("Maria Okafor", "role at", "Lumen Rail", "2019", "2024-04-29"),
        ),
        (
            "Maria Okafor was chief executive of Lumen Rail until 2023.",
            ("Maria Okafor", "role at", "Lumen Rail", None, "2023"),
        ),
        (
            # the one replaced leaves where the successor's role is; his own dismissal dates it
            "Northgate Athletic have appointed Simone Achterberg as head coach. She replaces "
            "Owen Pryce, who was dismissed last month.",
            ("Owen Pryce", "role at", "Northgate Athletic", None, "2024-04"),
        ),
        (
            "Lena Okafor succeeded Marcus Feld as chief executive of Harborview Robotics in "
            "March 2021.",
            ("Marcus Feld", "role at", "Harborview Robotics", None, "2021-03"),
        ),
        (
            "Lena Okafor succeeded Marcus Feld as chief executive of Harborview Robotics in "
            "March 2021.",
            ("Lena Okafor", "role at", "Harborview Robotics", "2021-03", None),
        ),
        (
            # a role held at a place ("mayor of Eastbrook", the town tagged a person)
            "Priya Natarajan was elected mayor of Eastbrook in 2018.",
            ("Priya Natarajan", "role at", "Eastbrook", "2018", None),
        ),
        (
            # the successor of a participle is its head's subject
            "Ruth Adeyemi became chief executive of Kestrel Foods in 2020, succeeding Gordon Shaw.",
            ("Gordon Shaw", "role at", "Kestrel Foods", None, "2020"),
        ),
        (
            # a marriage is a fact between two people, ended by a divorce; "they" are the two
            "Helen Marsh married the painter David Kerr in 1965; they divorced in 1979.",
            ("David Kerr", "married to", "Helen Marsh", "1965", "1979"),
        ),
        (
            "Ashton Kutcher and Mila Kunis married in 2015. The couple separated in 2022.",
            ("Ashton Kutcher", "married to", "Mila Kunis", "2015", "2022"),
        ),
        (
            # "wed" was split as "we'd" by the model's tokenizer
            "Elise Marin wed Noah Brandt in June 2019 in Port Alder.",
            ("Elise Marin", "married to", "Noah Brandt", "2019-06", None),
        ),
    ],
)
def test_role_intervals(text: str, expected: tuple[str, str, str, str | None, str | None]) -> None:
    assert expected in _facts(text)


def test_hypothetical_and_negated_events_make_no_facts() -> None:
    facts = _facts(
        "Mayor Dana Whitlock said the council could not force Victor Hale out unless he "
        "was convicted of bribery. Victor Hale did not resign from Port Alder City Council."
    )
    assert not [f for f in facts if f[1] in {"convicted of", "role at"}], facts


def test_conviction_takes_the_charge_and_the_date() -> None:
    facts = _facts("Victor Hale was convicted of bribery on January 22, 2024.")
    assert ("Victor Hale", "convicted of", "bribery", "2024-01-22", None) in facts


def test_a_source_in_according_to_is_neither_an_event_nor_the_organisation() -> None:
    """ "founded by Feld, according to Metro Wire": Metro Wire vouches for the founding; it
    was once read as the company founded, and "according" as an event of its own."""
    extraction = dateline.extract(
        "date 2024-05-01 Quillon Labs builds sensors. Quillon was founded in 2015 by Ada "
        "Brennan and Tomas Reyes, according to the Harbour Gazette, and grew quickly."
    )
    facts = {(f.subject, f.relation, f.object) for f in extraction.facts}
    assert ("Ada Brennan", "founder of", "Quillon Labs") in facts, facts
    assert not [f for f in facts if "Gazette" in f[2]], facts
    assert "accord" not in {e.predicate for e in extraction.events}
    founding = next(e for e in extraction.events if e.predicate == "found")
    assert "Harbour Gazette" in " ".join(founding.sources)


def test_leading_something_else_is_no_role_and_a_condition_stays_one() -> None:
    facts = _facts(
        "Maria Okafor joined Lumen Rail in 2016. In 2019 she led a delegation to the "
        "Brightwater Foundation, and she has run the Port Alder marathon since 2012. "
        "She said she would resign from Lumen Rail if the board approved the sale."
    )
    assert facts == [("Maria Okafor", "role at", "Lumen Rail", "2016", None)], facts


def test_a_guilty_plea_is_a_legal_fact_and_other_pleas_are_not() -> None:
    facts = _facts(
        "Graham Pell pleaded guilty in November to fraud by abuse of position. Ada Brennan "
        "pleaded not guilty to theft. Tomas Reyes pleaded for mercy."
    )
    assert facts == [
        ("Graham Pell", "pleaded guilty to", "fraud by abuse of position", "2023-11", None)
    ], facts


def test_a_copula_role_at_a_point_in_time_opens_no_interval() -> None:
    assert _facts("Maria Okafor was chief executive of Lumen Rail in 2019.") == []


def test_replacing_a_thing_or_with_no_organisation_ends_no_role() -> None:
    facts = _facts(
        "The new turbine replaces an older model. Ada Brennan replaced Tomas Reyes in the "
        "team photo."
    )
    assert facts == [], facts


def test_a_name_with_an_institution_word_is_never_a_person() -> None:
    from dateline.nlp.event_facts import _personlike

    labels = {
        "Swiss Bank Corporation International": "PERSON",  # as the model tagged it on Reuters
        "Petroleum Supply Monthly": "PERSON",
        "Marcus Feld": "ORG",
        "Port Alder": "GPE",
        "Lena Okafor": "PERSON",
        "Charles F. Barbar": "ORG",
    }
    assert [n for n in labels if _personlike(n, labels)] == [
        "Marcus Feld",
        "Lena Okafor",
        "Charles F. Barbar",
    ]


def test_a_charge_hanging_on_the_object_and_a_charge_running_into_a_date() -> None:
    facts = _facts(
        "A jury convicted Victor Hale of bribery in March. Police arrested Graham Pell on "
        "suspicion of fraud in 2022."
    )
    assert ("Victor Hale", "convicted of", "bribery", "2024-03", None) in facts, facts
    assert ("Graham Pell", "arrested for", "suspicion of fraud", "2022", None) in facts, facts


def test_a_marriage_ends_with_the_divorce_and_now_married_starts_nothing() -> None:
    facts = _facts(
        "Noah Brandt and Elise Marin, now married, reprised their roles.\n\n"
        "The couple married in June 2020. The pair announced their separation in December "
        "2023. The divorce was finalised on Monday."
    )
    assert facts == [("Elise Marin", "married to", "Noah Brandt", "2020-06", "2024-04-29")], facts
    assert _facts("Noah Brandt and Elise Marin, now married, reprised their roles.") == []


def test_found_as_the_past_of_find_founds_nothing() -> None:
    """ "found" is both "find" and "found"; the model's lemma decides, and a repair for
    verbs it cuts as contractions ("wed") once turned "Police found Feld" into a founding."""
    assert _facts("Police found Marcus Feld at Harborview Robotics on Monday.") == []


def test_each_bound_of_a_stated_role_is_the_date_in_its_own_phrase() -> None:
    """ "from 2012 until her suspension in 2022": the verb's nearest date is 2012, which
    was taken as the end ("until"), and the start was lost."""
    facts = _facts(
        "Ruth Okonjo was chief executive of Harbor Freight Lines from 2012 until her "
        "suspension in 2022."
    )
    assert facts == [("Ruth Okonjo", "role at", "Harbor Freight Lines", "2012", "2022")]


def test_two_spells_at_one_organisation_stay_two_facts() -> None:
    """A role that ended and a later one at the same organisation were merged into one
    fact running backwards (from 2015 to 2010, from March 2024 to 2022)."""
    assert sorted(
        _facts(
            "Ruth Okonjo left Harbor Freight Lines in 2010. She rejoined Harbor Freight "
            "Lines as chief executive in 2015."
        ),
        key=str,
    ) == [
        ("Ruth Okonjo", "role at", "Harbor Freight Lines", "2015", None),
        ("Ruth Okonjo", "role at", "Harbor Freight Lines", None, "2010"),
    ]
    spells = _facts(
        "Ruth Okonjo was chief executive of Harbor Freight Lines from 2012 until 2022. "
        "She will become chair of the board in July."
    )
    assert sorted(spells, key=str) == [
        ("Ruth Okonjo", "role at", "Harbor Freight Lines", "2012", "2022"),
        ("Ruth Okonjo", "role at", "Harbor Freight Lines", "2024-07", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Carter founded Bluefin Labs in 2012.",
        "In 2010 Tom Reed established Harlow Wynn.",
    ],
)
def test_what_a_person_founds_is_an_organisation_whatever_the_model_says(text: str) -> None:
    """The model read both names as people, so the founding made no fact."""
    [fact] = _facts(text)
    assert fact[1:3] in {("founder of", "Bluefin Labs"), ("founder of", "Harlow Wynn")}


def test_the_organisation_a_post_is_of_is_no_person() -> None:
    """The model read "Harlow Freight" as a person, so the role named no organisation."""
    assert _facts("Ruth Okonjo will become chief executive of Harlow Freight in June.") == [
        ("Ruth Okonjo", "role at", "Harlow Freight", "2024-06", None)
    ]


@pytest.mark.parametrize(
    "text",
    [
        # joining others in doing something is not joining them
        "Ruth Okonjo joined Harlow Freight Lines in calling for a new port on Monday.",
        # what one becomes must be a post
        "Ruth Okonjo became a shareholder in Harlow Freight Lines in 2019.",
    ],
)
def test_joining_in_an_act_or_becoming_a_shareholder_opens_no_role(text: str) -> None:
    assert [f for f in _facts(text) if f[1] == "role at"] == []


def test_the_founders_phrase_of_a_passive_lends_no_organisation() -> None:
    """ "established by ... retired Air Force General Secord": the Air Force was made
    something Secord founded."""
    facts = _facts(
        "Tarn Holdings Inc was established in 1985 by retired Air Force General Victor Hale."
    )
    assert facts == [("Victor Hale", "founder of", "Tarn Holdings Inc", "1985", None)]


def test_an_acronym_in_brackets_is_the_name_it_abbreviates() -> None:
    """One role fact, not one at "National Pork Producers Council" and one at "NPPC"."""
    facts = _facts(
        "Delegates elected Tom Miller president of the National Pork Producers Council (NPPC) "
        "on Monday. Miller said the NPPC would meet in June."
    )
    assert [f[:3] for f in facts if f[1] == "role at"] == [
        ("Tom Miller", "role at", "National Pork Producers Council")
    ]


def test_wire_brackets_round_a_company_name_are_not_part_of_it() -> None:
    """Wire stories mark companies "<Sequoia Systems>": the role was at "Sequoia Systems>"."""
    facts = _facts("Gabriel Fusco resigned on Monday to join <Sequoia Systems> as chairman.")
    assert ("Gabriel Fusco", "role at", "Sequoia Systems") in [f[:3] for f in facts], facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the parser hangs "from 2012" on the role noun here, not on the verb
        (
            "Ruth Okonjo was chief executive of Harlow Freight from 2012 until her suspension "
            "in 2022.",
            ("2012", "2022"),
        ),
        (
            "Ruth Okonjo was chief executive of Harbor Freight Lines from 2012 to her "
            "retirement in 2020.",
            ("2012", "2020"),
        ),
        (
            "Ruth Okonjo was chief executive of Harbor Freight Lines until she was suspended "
            "in 2022.",
            (None, "2022"),
        ),
    ],
)
def test_bounds_hung_on_the_noun_or_told_by_a_clause(
    text: str, expected: tuple[str | None, str | None]
) -> None:
    [fact] = _facts(text)
    assert fact[3:] == expected, fact


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("Ruth Okonjo became CFO of Harbor Freight Lines in 2019.", ["Harbor Freight Lines"]),
        (
            "Tom Reed and Mary Hill became directors of Harbor Freight Lines in 2019.",
            ["Harbor Freight Lines"] * 2,
        ),
        (
            "Ruth Okonjo joined Harbor Freight Lines in 2019 after leaving Marsh Dairies.",
            ["Harbor Freight Lines"],
        ),
        ("The win established Tom Reed as the favourite for the title.", []),
        ("Shareholders called for Ruth Okonjo to step down as chief executive of Harbor.", []),
    ],
)
def test_roles_named_by_their_post_and_object_only(text: str, starts: list[str]) -> None:
    """A post the model calls an organisation ("CFO"), a plural post, what is joined (not
    the company left), a person "established as" something, a resignation called for."""
    facts = [f for f in _facts(text) if f[1] != "says"]
    assert [f[2] for f in facts if f[3] is not None] == starts, facts
    assert all(f[2] == "Marsh Dairies" for f in facts if f[4] is not None), facts


def test_an_undated_would_end_is_no_end_before_the_article() -> None:
    """It may come after the article: it was made an end "before 2024-05-01"."""
    facts = _facts(
        "Harlow Freight said in January that Ruth Okonjo would step down as chief executive "
        "of Harbor Freight Lines."
    )
    assert [f for f in facts if f[1] == "role at"] == []


def test_a_post_the_model_took_into_an_organisations_name() -> None:
    assert _facts("Tom Reed became CFO of Acme Corp in 2021.") == [
        ("Tom Reed", "role at", "Acme Corp", "2021", None)
    ]


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        ("Tom Reed joined forces with Acme Corp in 2019.", []),
        ("Tom Reed joined the protest outside Acme Corp on Monday.", []),
        ("Simon Webb joined the board of Kestrel Group in June.", ["Kestrel Group"]),
        (
            "Lena Okafor co-founded Harborview Robotics in 2012. Tom Reed joined the company "
            "in 2019.",
            ["Harborview Robotics"],
        ),
    ],
)
def test_what_is_joined_is_the_object_or_what_it_is_of(text: str, orgs: list[str]) -> None:
    """ "joined forces with Acme Corp" and "joined the protest outside Acme Corp" were roles
    at Acme Corp, the only organisation in the clause."""
    assert [f[2] for f in _facts(text) if f[1] == "role at"] == orgs


def test_each_role_noun_of_a_coordination_keeps_its_own_bounds() -> None:
    """ "finance director ... from 2005 and chief executive from 2010 to 2015": the second
    post's bounds were lost, and the role at the company stayed open."""
    facts = _facts(
        "Ruth Okonjo was finance director of Harbor Freight Lines from 2005 and chief "
        "executive from 2010 to 2015."
    )
    assert facts == [("Ruth Okonjo", "role at", "Harbor Freight Lines", "2005", "2015")]
