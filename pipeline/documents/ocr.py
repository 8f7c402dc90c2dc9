"""OCR of page images with the ``tesseract`` binary (Debian's tesseract-ocr and its pol, ces,
deu and eng data). Absent binary or language data: ``Ocr.available()`` is False and pages without
a text layer are marked as such instead."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from functools import lru_cache

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

    def recognise(self, png: bytes, hint: str | None = None) -> str:
        exe = shutil.which("tesseract")
        langs = self.languages(hint)
        if exe is None or not langs:
            raise OcrError("Tesseract is not installed")
        try:
            done = subprocess.run([exe, "stdin", "stdout", "-l", langs, "--psm", "3"],
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
