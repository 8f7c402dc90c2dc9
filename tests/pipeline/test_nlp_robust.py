"""No input makes the tagger fail: odd Morfeusz tags, and random text (property-based)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.document import Label
from tests.pipeline.nlp_helpers import tag

# words that give Morfeusz tags without a case slot ("adja" prefixes, "adjp", "depr") or that
# open organisation, person and place rules, mixed with punctuation the tokenizer splits
_WORDS = [
    "Polsko", "Czesko", "Biało", "Izba", "Izbie", "Handlowej", "Gospodarczej", "Spółka",
    "spółka", "PKN", "(PKN)", "„Orlen”", "Uniwersytet", "Uniwersytetu", "po", "polsku",
    "Technische", "Universität", "für", "Ústí", "nad", "Labem", "v", "Opoli", "w", "Opolu",
    "powiedział", "řekl", "sagte", "said", "prezes", "Jan", "Nowak", "Nowaka", "S.A.",
    "a.s.", "GmbH", "-", "–", ",", ".", "(", ")", "\"", "„", "”", "»", "«", "'s", "Mr.",
    "Dr.", "Ministerstwo", "Ministerium", "Ministry", "of", "ČTK", "PAP", "dpa", "Reuters",
    "Kędzierzyn-Koźle", "Kędzierzyna-Koźla", "Grupa", "Azoty", "ZAK", "PO", "\n", "\n\n",
    "ﬁ", "İstanbul", "ß", "ǅ", "\u200b", "\u00ad", "x" * 80, "1920", "3,5", "§", "😀",
]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("pl", "Umowę podpisano w Polsku Izbie Handlowej."),  # "Polsku": an "adjp" reading
        ("pl", "Polsko-Czeska Izba Handlowa oraz Polsko-Niemiecka Izba Przemysłowo-Handlowa."),
        ("pl", "Spotkanie w Polsko-Czeskiej Izbie Gospodarczej odbyło się w Opolu."),
        ("pl", "Biało-Czerwoni z Wielkiej Brytanii i Polsko-Ukraińska Fundacja Współpracy."),
        ("cs", "Česko-polská obchodní komora a Česko-Německý fond budoucnosti."),
    ],
)
def test_adjective_prefix_forms_inside_names(lang: str, text: str) -> None:
    """Morfeusz tags without a case slot ("adjp", "adja") before the head noun of a name in an
    oblique case: the base form must not crash (it did with an IndexError)."""
    doc = tag(text, lang)
    assert any(e.label == Label.ORG.value for e in doc.entities)
    assert all(text[e.start : e.end] == e.text for e in doc.entities)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lang=st.sampled_from(["pl", "cs", "de", "en", "sk", None]),
    words=st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=12)), max_size=40),
    title=st.one_of(st.none(), st.text(max_size=30)),
)
def test_random_text_never_fails(lang: str | None, words: list[str], title: str | None) -> None:
    text = " ".join(words)
    doc = tag(text, lang or "xx", title)
    fields = {"title": title or "", "text": text}
    for e in doc.entities:
        assert e.field in ("title", "text")
        assert fields[e.field][e.start : e.end] == e.text
        assert e.canonical.strip()
