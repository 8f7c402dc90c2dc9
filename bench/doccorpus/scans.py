"""Scanned pages: a PDF page rendered to an image, turned a little, noise added, and wrapped
as an image-only PDF (no text layer)."""

from __future__ import annotations

import io
import random
import time
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageFilter


def make_scan(source_pdf: Path, path: Path, seed: int, dpi: int = 200) -> None:
    pdf = pdfium.PdfDocument(str(source_pdf))
    try:
        page = pdf[0]
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        page.close()
    finally:
        pdf.close()
    rng = random.Random(seed)
    image = image.rotate(rng.uniform(-1.5, 1.5), resample=Image.Resampling.BICUBIC,
                         expand=False, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    noise = Image.frombytes("L", image.size, rng.randbytes(image.size[0] * image.size[1]))
    image = Image.blend(image, noise, 0.12)  # speckle over the whole page, like a scanner's
    out = io.BytesIO()
    fixed = time.gmtime(1767225600)  # 2026-01-01: the same bytes on every run
    image.save(out, format="PDF", resolution=float(dpi), creationDate=fixed, modDate=fixed,
               quality=50)  # JPEG inside, as scanners write
    path.write_bytes(out.getvalue())
