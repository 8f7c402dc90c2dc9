"""Member linking over inflected, translated and look-alike names (sentences written here)."""

from __future__ import annotations

import pytest

from tests.pipeline.nlp_helpers import tag


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "pl",
            "Zarząd Grupy Azoty ZAK ogłosił przetarg. W Grupie Azoty ZAK pracuje tysiąc osób.",
            {"grupa-azoty-zak": 2},
        ),
        (
            "pl",
            "Umowę z Kędzierzyńsko-Kozielskim Parkiem Przemysłowym podpisano w piątek, "
            "a Kędzierzyńsko-Kozielskiemu Parkowi Przemysłowemu przekazano grunt.",
            {"kkpp": 2},
        ),
        (
            "pl",
            "Studenci Politechniki Opolskiej i Uniwersytetu Opolskiego odwiedzili Klaster "
            "Chemii Specjalistycznej CHEM-STER.",
            {"politechnika-opolska": 1, "uniwersytet-opolski": 1, "chem-ster": 1},
        ),
        (
            "cs",
            "Ve Spolaně i v Lovochemii se opravovaly linky. Vedení Unipetrolu souhlasilo.",
            {"spolana": 1, "lovochemie": 1, "orlen-unipetrol": 1},
        ),
        (
            "de",
            "Ein Sprecher des Wirtschaftsministeriums Sachsen-Anhalt lobte den "
            "InfraLeuna-Geschäftsführer.",
            {"mw-sachsen-anhalt": 1, "infraleuna": 1},
        ),
        (
            "en",
            "ZAK's new line opened. Cheshire West and Chester Council (CWaC) welcomed it.",
            {"grupa-azoty-zak": 1, "cheshire-west-chester": 2},
        ),
        (
            "pl",
            "Przedstawiciele Europejskiej Sieci Regionów Chemicznych odwiedzili Opole.",
            {"ecrn": 1},
        ),
    ],
)
def test_members_in_any_case_form(lang: str, text: str, expected: dict[str, int]) -> None:
    assert tag(text, lang).members == expected


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("pl", "Grupa Azoty Police i Grupa Azoty Puławy zwiększyły sprzedaż nawozów."),
        ("pl", "Firma Metalchem Serwis ze Skierniewic kupiła nową prasę."),
        ("de", "Die Brenntag SE aus Essen meldete höhere Umsätze."),
        ("en", "Dow Chemical reported results from Midland."),
        ("pl", "Kwas azotowy i tlenki azotu to produkty chemiczne."),
        ("pl", "Opolski Urząd Wojewódzki wydał komunikat."),
        ("pl", "Urząd Marszałkowski w Katowicach ogłosił konkurs."),
    ],
)
def test_look_alikes_link_to_nobody(lang: str, text: str) -> None:
    doc = tag(text, lang)
    assert doc.members == {}


def test_look_alike_prefix_of_a_longer_member_name() -> None:
    doc = tag("Pracownicy Grupy Azoty Kędzierzyn protestowali, a Grupa Azoty Police milczała.",
              "pl")
    assert doc.members == {"grupa-azoty-zak": 1}
    assert "Grupa Azoty Police" in doc.organisations


def test_look_alike_is_still_an_organisation() -> None:
    doc = tag("Grupa Azoty Police zwiększyła sprzedaż.", "pl")
    assert "Grupa Azoty Police" in doc.organisations


def test_ambiguous_acronym_counts_only_where_introduced() -> None:
    party = tag("Radni PO skrytykowali budżet. Politechnika Opolska nie komentuje.", "pl")
    assert party.members == {"politechnika-opolska": 1}
    introduced = tag("Uniwersytet Opolski (UO) otworzył laboratorium. UO zatrudni chemików.", "pl")
    assert introduced.members == {"uniwersytet-opolski": 3}


def test_ambiguous_acronym_with_full_name_counts_unless_claimed() -> None:
    doc = tag("Uniwersytet Opolski otworzył laboratorium. Prorektor UO je otworzył.", "pl")
    assert doc.members == {"uniwersytet-opolski": 2}
    other = tag("The University of Oregon (UO) works with the University of Opole. "
                "UO will send students.", "en")
    assert other.members == {"uniwersytet-opolski": 1}
    named_party = tag("Politechnika Opolska rośnie. Radni Platformy Obywatelskiej i PO "
                      "chwalą uczelnię.", "pl")
    assert named_party.members == {"politechnika-opolska": 1}
    assert "Platforma Obywatelska" in named_party.organisations


def test_full_name_in_title_makes_the_alias_in_the_text_count() -> None:
    doc = tag("Prorektor UO otworzył laboratorium.", "pl", title="Uniwersytet Opolski inwestuje")
    assert doc.members == {"uniwersytet-opolski": 2}
    assert {e.field for e in doc.entities if e.member} == {"title", "text"}


def test_region_sense_place_versus_authority() -> None:
    doc = tag("Ústecký kraj podpořil projekt. Firmy v Ústeckém kraji hledají techniky.", "cs")
    assert doc.members == {"ustecky-kraj": 1}
    assert "Ústecký kraj" in doc.places
    en = tag("Firms in the Ústí Region grow. The Ústí Region signed the charter.", "en")
    assert en.members == {"ustecky-kraj": 1}


def test_entities_carry_offsets_and_fields() -> None:
    doc = tag("W Grupie Azoty ZAK otwarto halę.", "pl", title="Grupa Azoty ZAK rośnie")
    members = [e for e in doc.entities if e.member]
    assert {e.field for e in members} == {"title", "text"}
    for e in members:
        source = doc.title if e.field == "title" else doc.text
        assert source is not None and source[e.start : e.end] == e.text
    assert all(e.canonical == "Grupa Azoty Zakłady Azotowe Kędzierzyn S.A." for e in members)


def test_hostile_and_empty_input() -> None:
    assert tag("", "pl").entities == []
    noisy = tag("<script>alert(1)</script> " * 50 + "ZAK", "xx")
    assert noisy.members == {"grupa-azoty-zak": 1}


# --- members across languages: a registry that names each member in one language only ---

from functools import lru_cache  # noqa: E402

from pipeline.document import Document  # noqa: E402
from pipeline.link import link_members  # noqa: E402
from pipeline.nlp import Tagger  # noqa: E402
from pipeline.nlp.xling import expand  # noqa: E402
from pipeline.registry import Member, Registry  # noqa: E402

ONE_LANGUAGE = Registry([
    Member("pwr", "Politechnika Wrocławska", kind="university"),
    Member("uo", "Uniwersytet Opolski", kind="university"),
    Member("kraj", "Ústecký kraj", kind="public body", territory=("Ústecký kraj",)),
    Member("ihk", "Industriepark Kędzierzyn-Koźle", kind="industrial park"),
    Member("brno-chem", "Brno Chemicals", kind="company",
           not_names=("Technická univerzita v Brně",)),
])


@lru_cache(maxsize=1)
def _one_language_tagger() -> Tagger:
    return Tagger(ONE_LANGUAGE, ("pl", "cs", "de", "en"))


def _tag_one(text: str, lang: str) -> dict[str, int]:
    doc = Document(url="test:x", source="test", lang=lang, text=text)
    return link_members(_one_language_tagger()(doc)).members


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("de", "Forscher der Technischen Universität Breslau stellten ein Verfahren vor.",
         {"pwr": 1}),
        ("cs", "Studenti z Technické univerzity ve Vratislavi přijeli na stáž.", {"pwr": 1}),
        ("en", "Wrocław University of Technology signed the agreement.", {"pwr": 1}),
        ("cs", "Delegace Univerzity v Opoli navštívila Ústí.", {"uo": 1}),
        ("en", "A team from the University of Opole joined the project.", {"uo": 1}),
        ("de", "Die Region Aussig fördert das Projekt mit zwei Millionen Kronen.", {"kraj": 1}),
        ("en", "The Ústí Region signed the memorandum.", {"kraj": 1}),
        ("pl", "Firmy z Parku Przemysłowego w Kędzierzynie-Koźlu eksportują nawozy.",
         {"ihk": 1}),
        ("cs", "Průmyslový park Kandřín-Kozlí hledá nové investory.", {"ihk": 1}),
    ],
)
def test_member_named_in_another_language(lang: str, text: str,
                                          expected: dict[str, int]) -> None:
    assert _tag_one(text, lang) == expected


def test_region_as_territory_in_another_language_is_a_place() -> None:
    assert _tag_one("Die Chemiebetriebe in der Region Aussig exportieren viel.", "de") == {}


def test_derived_names_per_language_and_forbidden_look_alikes() -> None:
    names = expand(ONE_LANGUAGE)
    assert "Technische Universität Breslau" in names["pwr"]["de"]
    assert "Technická univerzita ve Vratislavi" not in names["pwr"].get("cs", [])  # base form
    assert any("Vratislav" in n for n in names["pwr"]["cs"])
    assert "Wrocław University of Technology" in names["pwr"]["en"]
    # a derived name never takes a look-alike of any member
    every = {n for langs in names.values() for ns in langs.values() for n in ns}
    assert "Technická univerzita v Brně" not in every


def test_generic_word_of_a_quoted_name_does_not_count() -> None:
    """'Stowarzyszenie „Park Przemysłowy Metalchem”' without its quoted part is one generic
    word: another association in the text is not the member."""
    doc = tag("Stowarzyszenie Handlowców z Opola oraz stowarzyszenie rolników protestowały.",
              "pl")
    assert doc.members == {}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("cs", "Studenti Zemské akademie Kladno (ZAK) vyhráli soutěž. ZAK slaví."),
        ("cs", "Regionální rozvojová agentura Ústeckého kraje vypsala výzvu."),
        ("cs", "Hospodářská komora Ústeckého kraje ocenila firmy."),
    ],
)
def test_acronym_defined_for_another_body_and_region_inside_another_name(
        lang: str, text: str) -> None:
    assert tag(text, lang).members == {}


def test_region_authority_still_counts() -> None:
    doc = tag("Ústecký kraj podepsal smlouvu. Krajský úřad Ústeckého kraje ji zveřejnil.", "cs")
    assert doc.members == {"ustecky-kraj": 2}
