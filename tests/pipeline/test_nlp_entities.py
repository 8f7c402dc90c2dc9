"""Places, persons and other organisations in their base forms (sentences written for the tests)."""

from __future__ import annotations

import pytest

from tests.pipeline.nlp_helpers import tag


@pytest.mark.parametrize(
    ("lang", "text", "places"),
    [
        (
            "pl",
            "Fabryka stoi w Kędzierzynie-Koźlu, a biuro działa w Tarnowie.",
            {"Kędzierzyn-Koźle", "Tarnów"},
        ),
        (
            "pl",
            "Eksport rośnie w Niemczech i w Polsce, a firmy z województwa opolskiego inwestują.",
            {"Niemcy", "Polska", "województwo opolskie"},
        ),
        ("cs", "Firma vyváží do Německa a do Polska.", {"Německo", "Polsko"}),
        (
            "de",
            "Das Werk liegt in Sachsen-Anhalt, nahe der Grenze zu Tschechien.",
            {"Sachsen-Anhalt", "Tschechien"},
        ),
        ("en", "Plants in Germany and Poland supply Europe.", {"Germany", "Poland", "Europe"}),
    ],
)
def test_places_in_base_form(lang: str, text: str, places: set[str]) -> None:
    assert places <= set(tag(text, lang).places)


def test_place_inside_an_organisation_name_is_not_a_place() -> None:
    doc = tag("Wykład dała Politechnika Opolska. Studenci są z Opola.", "pl")
    assert doc.places == ["Opole"]
    nested = tag("Rektor Politechniki Opolskiej przemawiał.", "pl")
    assert "Opole" not in nested.places


def test_adjectives_and_inhabitants_are_not_places() -> None:
    doc = tag("Kędzierzyńska spółka zatrudnia opolskich inżynierów.", "pl")
    assert doc.places == []


@pytest.mark.parametrize(
    ("lang", "text", "person"),
    [
        (
            "pl",
            "Jak powiedział Tomasz Wiśniewski, inwestycja ruszy wiosną. Według Wiśniewskiego "
            "koszt wyniesie 20 mln zł.",
            "Tomasz Wiśniewski",
        ),
        ("pl", "Rozmawialiśmy z Katarzyną Nowak o planach.", "Katarzyna Nowak"),
        ("cs", "Podle slov Petra Dvořáka se výroba zvýší.", "Petr Dvořák"),
        ("de", "Geschäftsführer Klaus Becker eröffnete die Anlage.", "Klaus Becker"),
        ("en", "Chief executive Sarah Collins said the plant would open.", "Sarah Collins"),
    ],
)
def test_persons_in_nominative(lang: str, text: str, person: str) -> None:
    assert tag(text, lang).persons == [person]


def test_surname_only_mention_is_the_same_person() -> None:
    doc = tag("Anna Kowalczyk otworzyła targi. Kowalczyk podkreśliła rolę chemii.", "pl")
    pers = [e for e in doc.entities if e.label == "PER"]
    assert len(pers) == 2 and {e.canonical for e in pers} == {"Anna Kowalczyk"}


@pytest.mark.parametrize(
    ("lang", "text", "org"),
    [
        (
            "pl",
            "Dotację przyznał Wojewódzkiego Funduszu Ochrony Środowiska w Katowicach zarząd.",
            "Wojewódzki Fundusz Ochrony Środowiska w Katowicach",
        ),
        ("cs", "Zástupci Svazu chemického průmyslu jednali v Praze.", "Svaz chemického průmyslu"),
        (
            "de",
            "Mittel kommen aus dem Europäischen Fonds für regionale Entwicklung.",
            "Europäischer Fonds für regionale Entwicklung",
        ),
        ("pl", "Spółka Anwil S.A. z Włocławka zwiększyła produkcję.", "Anwil S.A."),
    ],
)
def test_non_member_organisations_in_base_form(lang: str, text: str, org: str) -> None:
    assert org in tag(text, lang).organisations


def test_acronym_defined_in_text_is_the_same_organisation() -> None:
    doc = tag(
        "Inovační centrum Ústeckého kraje (ICUK) pořádá soutěž. ICUK ji vyhlásí v březnu.", "cs"
    )
    orgs = [e for e in doc.entities if e.label == "ORG"]
    assert doc.members == {}
    assert len(orgs) >= 2 and all(e.member is None for e in orgs)


@pytest.mark.parametrize(("lang", "text", "org"), [
    ("cs", "Závod patří do holdingu Vltavín a prodává hnojiva.", "Vltavín"),
    ("en", "The trade association Chemfed welcomed the plan.", "Chemfed"),
    ("de", "Der Kunststoffhersteller Polyneu baut ein Werk.", "Polyneu"),
])
def test_name_after_a_generic_noun_is_an_organisation(lang: str, text: str, org: str) -> None:
    assert org in tag(text, lang).organisations


def test_two_words_known_only_as_surnames_make_a_person() -> None:
    assert tag("Odpowiedział mu Grzegorz Kaczmarek.", "pl").persons == ["Grzegorz Kaczmarek"]


@pytest.mark.parametrize(
    ("lang", "text", "orgs"),
    [
        ("pl", "Według PAP rząd spotkał się z przedstawicielami Unii Europejskiej i NATO.",
         {"PAP", "Unia Europejska", "NATO"}),
        ("cs", "Jak uvedla ČTK, Evropské komisi vadí postup vlády.",
         {"ČTK", "Evropská komise"}),
        ("de", "Die Europäische Zentralbank und die Welthandelsorganisation warnten, meldet dpa.",
         {"Europäische Zentralbank", "Welthandelsorganisation", "dpa"}),
        ("en", "Reuters reported that the European Commission and the Labour Party disagreed.",
         {"Reuters", "European Commission", "Labour Party"}),
    ],
)
def test_well_known_organisations_agencies_and_parties(lang: str, text: str,
                                                      orgs: set[str]) -> None:
    assert orgs <= set(tag(text, lang).organisations)


@pytest.mark.parametrize(
    ("lang", "text", "persons", "not_persons"),
    [
        ("pl", "Negocjator Aurelien Dufresne spotkał się z Borisa Wellhama doradcą.",
         {"Aurelien Dufresne"}, set()),
        ("pl", "Premier Wielkiej Brytanii przyjechał do Warszawy.", set(), {"Wielka Brytania"}),
        ("cs", "Jak řekla premiérka Gwendolyn Hartleyová, dohoda platí. Hartleyová dodala, že "
         "s Gwendolyn Hartleyovou souhlasí i opozice.", {"Gwendolyn Hartleyová"}, set()),
        ("cs", "Vláda Hartleyové padla. Podle Hartleyové je to chyba.", set(),
         {"Vláda Hartleyová", "Podla Hartleyová"}),
        ("de", "Die Ministerin, so sagte Standortleiterin Ilse Wernerová, sei zufrieden.",
         set(), {"Standortleiterin Ilse Wernerová"}),
        ("en", "The decision, said Quentin Marlowe, was final. General Ulysses K. Brandt "
         "agreed.", {"Quentin Marlowe"}, set()),
        ("de", "Der Vorschlag stammt von Jean-Luc Vernier, sagte ein Sprecher.",
         {"Jean-Luc Vernier"}, {"Luc Vernier"}),
    ],
)
def test_persons_without_first_name_lists(lang: str, text: str, persons: set[str],
                                          not_persons: set[str]) -> None:
    """Names unknown to every word list, found from a function, a verb of saying, a Czech
    woman's surname; never a place, a function word or a preposition as a first name."""
    got = set(tag(text, lang).persons)
    assert persons <= got and not (not_persons & got), got


def test_organisation_name_stops_before_a_person() -> None:
    doc = tag("Przewodniczący Rady Europejskiej Donald Tusk przyjechał do Londynu.", "pl")
    assert "Rada Europejska" in doc.organisations
    assert "Donald Tusk" in doc.persons


def test_english_names_unknown_to_the_language() -> None:
    doc = tag("The album was produced by Okonkwo Marchetti in Los Angeles last year.", "en")
    assert "Okonkwo Marchetti" in doc.persons
    assert "Los Angeles" in doc.places and "Los Angeles" not in doc.persons
