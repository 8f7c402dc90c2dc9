"""OCR of page images with the ``tesseract`` binary (Debian's tesseract-ocr and its pol, ces,
deu and eng data). Absent binary or language data: ``Ocr.available()`` is False and pages without
a text layer are marked as such instead."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from statistics import median

from pipeline.documents.geometry import EDGE_BAND, SMALL_EDGE, Run
from pipeline.lang import detect_language

log = logging.getLogger(__name__)

# the pipeline's language codes -> Tesseract's traineddata names
TESSERACT_LANGS = {"pl": "pol", "cs": "ces", "de": "deu", "en": "eng"}


class OcrError(Exception):
    pass


@lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    """Tesseract's installed language data (empty when the binary is missing)."""
    exe = shutil.which("tesseract")
    if exe is None:
        return frozenset()
    try:
        done = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=20,
                              check=False)
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    lines = (done.stdout + done.stderr).splitlines()
    return frozenset(x.strip() for x in lines if x.strip() and " " not in x.strip())


class Ocr:
    """Recognises the text of one page image (PNG bytes)."""

    def __init__(self, timeout: float = 60.0) -> None:
        self.timeout = timeout

    @staticmethod
    def available() -> bool:
        return bool(installed_languages() & set(TESSERACT_LANGS.values()))

    @staticmethod
    def languages(hint: str | None) -> str:
        """The hinted language when its data is installed, else every installed one of ours."""
        have = installed_languages()
        wanted = TESSERACT_LANGS.get(hint or "")
        if wanted in have:
            return str(wanted)
        return "+".join(v for v in TESSERACT_LANGS.values() if v in have)

    def recognise(self, png: bytes, height: float, hint: str | None = None) -> OcrPage:
        """The page's lines, and runs in PDF-like coordinates (y grows upwards from the bottom
        of an image ``height`` pixels high) for the title rule. Without a language hint, a
        first pass with every language finds the page's language and a second pass reads it
        with that language alone (mixed models confuse diacritics: 'Zaktady' for 'Zakłady')."""
        page = tsv_page(self._tsv(png, hint), height)
        if hint in TESSERACT_LANGS:
            return page
        found = detect_language("\n".join(page.lines), tuple(TESSERACT_LANGS))
        if found is None or self.languages(found) != TESSERACT_LANGS[found]:
            return page
        return tsv_page(self._tsv(png, found), height)

    def _tsv(self, png: bytes, hint: str | None = None) -> str:
        exe = shutil.which("tesseract")
        langs = self.languages(hint)
        if exe is None or not langs:
            raise OcrError("Tesseract is not installed")
        try:
            done = subprocess.run([exe, "stdin", "stdout", "-l", langs, "--psm", "3", "tsv"],
                                  input=png, capture_output=True, timeout=self.timeout,
                                  check=False, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        except subprocess.TimeoutExpired:
            raise OcrError(f"OCR took longer than {self.timeout:.0f} s") from None
        except OSError as exc:
            raise OcrError(f"cannot run tesseract: {exc}") from None
        if done.returncode != 0:
            err = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
            raise OcrError(f"tesseract failed: {err[0][:200]}")
        return done.stdout.decode("utf-8", "replace")


@dataclass
class OcrPage:
    """Recognised lines (blank between Tesseract's paragraphs) and one run per line."""

    lines: list[str]
    runs: list[Run]


Key = tuple[str, ...]


def _parse_tsv(tsv: str) -> tuple[dict[Key, list[int]], dict[Key, list[str]]]:
    """Line boxes (level 4) and their words (level 5), keyed by (page, block, par, line)."""
    boxes: dict[tuple[str, ...], list[int]] = {}
    words: dict[tuple[str, ...], list[str]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or not cols[0].isdigit():
            continue
        key = tuple(cols[1:5])
        if cols[0] == "4":
            boxes[key] = [int(float(c)) for c in cols[6:10]]
        elif cols[0] == "5" and cols[11].strip():
            words.setdefault(key, []).append(cols[11].strip())
    return boxes, words


def tsv_page(tsv: str, height: float) -> OcrPage:
    """Tesseract's TSV to lines in its reading order; lines of small type at the top or bottom
    edge (running heads, page numbers) are left out, as for text layers."""
    boxes, words = _parse_tsv(tsv)
    runs: list[tuple[tuple[str, ...], Run]] = []
    for key, (left, top, width, box_height) in boxes.items():
        if key in words:
            bottom = height - (top + box_height)
            runs.append((key, Run(left, bottom, left + width, height - top,
                                  " ".join(words[key]), float(box_height), bottom)))
    if not runs:
        return OcrPage([], [])
    typical = median(r.height for _, r in runs)
    lines: list[str] = []
    prev_par: tuple[str, ...] | None = None
    for key, run in runs:
        edge = run.y0 >= height * (1 - EDGE_BAND) or run.y1 <= height * EDGE_BAND
        if edge and run.height < SMALL_EDGE * typical:
            continue
        if prev_par is not None and key[:3] != prev_par:
            lines.append("")
        lines.append(run.text)
        prev_par = key[:3]
    return OcrPage(lines, [r for _, r in runs])
