"""Language per document and per paragraph (texts written for the tests)."""

from __future__ import annotations

from pipeline.document import Document
from pipeline.lang import LanguageStage, detect_language, paragraph_languages

PL = (
    "Zakłady chemiczne w regionie zwiększyły w tym roku produkcję nawozów i tworzyw, "
    "a zarząd zapowiada kolejne inwestycje w nowe instalacje oraz szkolenia dla pracowników."
)
EN = (
    "The company said that the new plant would be completed next year and that it expects "
    "to hire more engineers from the region and from abroad."
)
CS = (
    "Chemická společnost oznámila, že letos zvýšila výrobu hnojiv a plánuje další investice "
    "do nových technologií a do vzdělávání svých zaměstnanců."
)
DE = (
    "Das Unternehmen kündigte an, die Produktion im kommenden Jahr deutlich zu erhöhen und "
    "neue Arbeitsplätze in der Region zu schaffen."
)


def test_document_language_each() -> None:
    for text, lang in ((PL, "pl"), (EN, "en"), (CS, "cs"), (DE, "de")):
        assert detect_language(text) == lang


def test_detection_is_deterministic() -> None:
    assert {detect_language(CS) for _ in range(5)} == {"cs"}


def test_restricted_to_configured_languages() -> None:
    assert detect_language(CS, allowed=("pl", "en"), hint="pl") in ("pl", "en")
    assert detect_language(PL, allowed=("de",), hint="de") == "de"


def test_empty_text_falls_back_to_hint() -> None:
    assert detect_language("   ", hint="cs") == "cs"
    assert detect_language("12345 !!!", hint="pl") == "pl"


def test_english_quote_in_polish_article() -> None:
    doc = Document(
        url="t", source="t", title="Inwestycja w regionie", text=f"{PL}\n\n{EN}\n\n{PL}\n\nKrótko."
    )
    LanguageStage()(doc)
    assert doc.lang == "pl"
    assert doc.paragraph_langs == ["pl", "en", "pl", "pl"]


def test_short_paragraphs_inherit_document_language() -> None:
    assert paragraph_languages("OK.\n\nTak.", "cs", ("pl", "cs")) == ["cs", "cs"]


def test_hint_outside_configured_languages_is_ignored() -> None:
    doc = Document(url="t", source="t", text="")
    LanguageStage(("pl", "cs"))(doc, hint="fr")
    assert doc.lang is None
