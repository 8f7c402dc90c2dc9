"""Base forms of multi-word names: the head noun and the words agreeing with it go to the
nominative, the rest of the name (genitive complements, "w Katowicach") stays as written."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc

from pipeline.nlp.annotate import readings
from pipeline.nlp.morph import Morphology, Reading
from pipeline.nlp.wordlists import CS_ADJ_ENDINGS

_CS_ADJ_ENDINGS = CS_ADJ_ENDINGS
_DE_ADJ_ENDINGS = ("en", "em", "er", "es", "e")
_DE_FEMININE = (
    "ität",
    "ung",
    "schaft",
    "heit",
    "keit",
    "ei",
    "ion",
    "kammer",
    "bank",
    "kasse",
    "agentur",
    "hochschule",
    "stiftung",
    "gesellschaft",
)
_DE_NEUTER = ("um", "ment", "werk", "amt", "institut", "netzwerk", "zentrum", "ministerium")


def _like(original: str, new: str) -> str:
    """Keep the original's capitalisation of the first letter."""
    if not new:
        return original
    return new[:1].upper() + new[1:] if original[:1].isupper() else new


def _parts(tag: str) -> list[str]:
    return tag.split(":")


def _pos(tag: str) -> str:
    return tag.split(":", 1)[0]


def _values(tag: str, slot: int) -> list[str]:
    """The dot-separated values of one slot of a Morfeusz tag ([""] when the tag has no such
    slot: "adja", "adjp", "subst" of a defective word)."""
    p = tag.split(":")
    return p[slot].split(".") if slot < len(p) else [""]


def _common_noun(rs: tuple[Reading, ...]) -> Reading | None:
    """The reading of a common noun with number, case and gender slots, if any."""
    return next((x for x in rs if _pos(x.tag) == "subst" and x.lemma[:1].islower()
                 and len(_parts(x.tag)) >= 4), None)


class BaseForms:
    def __init__(self, morph: Morphology, lang: str) -> None:
        self.morph = morph
        self.lang = lang
        self._generate = lru_cache(maxsize=20_000)(self.morph.generate)

    def org(self, doc: Doc, i: int, j: int) -> str:
        words = [t.text for t in doc[i:j]]
        if self.lang == "pl":
            words = self._pl(words, readings(doc)[i:j])
        elif self.lang == "cs":
            words = self._cs(words)
        elif self.lang == "de":
            words = self._de(words, genitive=i > 0 and doc[i - 1].lower_ in ("des", "eines"))
        text = "".join(t.text_with_ws for t in doc[i:j]).strip()
        out = _rejoin(text, [t.text for t in doc[i:j]], words)
        return out[4:] if out.startswith("The ") else out

    # Polish: Morfeusz readings and generation
    def _pl(self, words: list[str], rs: list[tuple[Reading, ...]]) -> list[str]:
        head = next((n for n, r in enumerate(rs) if _common_noun(r) is not None), None)
        if head is None:
            return words
        hr = _common_noun(rs[head])
        if hr is None or any(_pos(x.tag) == "subst" and "nom" in _values(x.tag, 2)
                             for x in rs[head]):
            return words
        number, case = _values(hr.tag, 1)[0], _values(hr.tag, 2)[0]
        gender = _values(hr.tag, 3)[0]
        out = list(words)
        out[head] = _like(words[head], self._form(hr.lemma, "subst", number, None))
        for n in list(range(head - 1, -1, -1)) + list(range(head + 1, len(words))):
            adj = next((x for x in rs[n] if _pos(x.tag) == "adj" and case in _values(x.tag, 2)),
                       None)
            if adj is None:
                if n < head:
                    continue
                break
            out[n] = _like(words[n], self._form(adj.lemma, "adj", number, gender))
        return out

    def _form(self, lemma: str, pos: str, number: str, gender: str | None) -> str:
        for form, tag in self._generate(lemma):
            p = _parts(tag)
            if (
                p[0] != pos
                or len(p) < 3
                or number not in p[1].split(".")
                or "nom" not in p[2].split(".")
            ):
                continue
            if gender and (len(p) < 4 or gender not in p[3].split(".")):
                continue
            if pos == "adj" and len(p) > 4 and p[4] != "pos":
                continue
            return str(form)
        return lemma

    # Czech: simplemma lemmas, adjectives agreeing in gender with the head
    def _cs(self, words: list[str]) -> list[str]:
        out = list(words)
        head = next(
            (n for n, w in enumerate(words) if not w.lower().endswith(_CS_ADJ_ENDINGS)), None
        )
        if head is None:
            return words
        lemma = self._lemma(words[head])
        out[head] = _like(words[head], lemma)
        low = lemma.lower()
        gender = "f" if low.endswith("a") else "n" if low.endswith(("o", "í", "e")) else "m"
        for n in range(head):
            adj = self._lemma(words[n])
            if adj.endswith("ý") and gender != "m":
                adj = adj[:-1] + ("á" if gender == "f" else "é")
            out[n] = _like(words[n], adj)
        return out

    def _lemma(self, word: str) -> str:
        rs = self.morph.readings(word)
        return rs[0].lemma if rs else word

    # German: the head noun's lemma, adjectives before it in the strong form
    def _de(self, words: list[str], genitive: bool) -> list[str]:
        head = next(
            (
                n
                for n, w in enumerate(words)
                if w[:1].isupper()
                and not (
                    w.endswith(_DE_ADJ_ENDINGS)
                    and n + 1 < len(words)
                    and words[n + 1][:1].isupper()
                    and w.lower().endswith(
                        ("ischen", "ischer", "ische", "ischem", "ales", "alen", "aler", "ale")
                    )
                )
            ),
            None,
        )
        if head is None:
            return words
        out = list(words)
        if genitive:
            out[head] = _like(words[head], self._lemma(words[head]))
        low = out[head].lower()
        ending = "e" if low.endswith(_DE_FEMININE) else "es" if low.endswith(_DE_NEUTER) else "er"
        for n in range(head):
            w = words[n]
            for suf in ("en", "em", "er", "es", "e"):
                if w.endswith(suf):
                    out[n] = w[: -len(suf)] + ending
                    break
        return out


def _rejoin(text: str, old: list[str], new: list[str]) -> str:
    """Replace the words of ``text`` one by one, keeping its spacing."""
    out, pos = [], 0
    for o, n in zip(old, new, strict=True):
        k = text.find(o, pos)
        if k < 0:
            return " ".join(new)
        out.append(text[pos:k])
        out.append(n)
        pos = k + len(o)
    out.append(text[pos:])
    return "".join(out)
