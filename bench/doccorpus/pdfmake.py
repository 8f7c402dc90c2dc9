"""PDF press releases laid out by hand with ReportLab's canvas: one or two columns, a running
header and footer with page numbers, a footnote, a table, words hyphenated at line ends."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, A5
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from bench.doccorpus.texts import Text

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu",)
REGULAR, BOLD = "CorpusSans", "CorpusSans-Bold"
HEADS = {"pl": ("Komunikat prasowy", "Strona {n} z {m}"),
         "cs": ("Tisková zpráva", "Strana {n} z {m}"),
         "de": ("Pressemitteilung", "Seite {n} von {m}"),
         "en": ("Press release", "Page {n} of {m}")}
MARK = "¹"


class FontMissingError(RuntimeError):
    pass


def register_fonts() -> None:
    """DejaVu Sans (Debian's fonts-dejavu-core): Polish and Czech letters need a TTF font."""
    if REGULAR in pdfmetrics.getRegisteredFontNames():
        return
    for folder in FONT_DIRS:
        regular, bold = Path(folder) / "DejaVuSans.ttf", Path(folder) / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont(REGULAR, str(regular)))
            pdfmetrics.registerFont(TTFont(BOLD, str(bold)))
            return
    raise FontMissingError("DejaVu Sans not found (apt-get install fonts-dejavu-core)")


def width(text: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, font, size))


def wrap(text: str, font: str, size: float, limit: float, hyphenate: bool = True) -> list[str]:
    """Greedy line breaking; a long plain word that does not fit is split with a hyphen."""
    lines: list[str] = []
    cur = ""
    for word in text.split():
        trial = f"{cur} {word}" if cur else word
        if width(trial, font, size) <= limit:
            cur = trial
            continue
        if hyphenate and word.isalpha() and len(word) >= 7:
            for cut in range(len(word) - 3, 2, -1):
                head = f"{cur} {word[:cut]}-" if cur else f"{word[:cut]}-"
                if width(head, font, size) <= limit:
                    lines.append(head)
                    cur = word[cut:]
                    break
            else:
                lines.append(cur)
                cur = word
            continue
        if cur:
            lines.append(cur)
        cur = word
    if cur:
        lines.append(cur)
    return lines


@dataclass
class Style:
    page: tuple[float, float] = A4
    columns: int = 2
    size: float = 10.0
    margin: float = 50.0
    gutter: float = 20.0
    meta_title: str | None = None  # None: the text's title; "" no title in the metadata


@dataclass
class Block:
    kind: str  # "title", "para", "row", "gap"
    text: str = ""
    cells: tuple[str, ...] = ()


class Layout:
    """Places blocks into columns and pages, then draws every page with its running heads."""

    def __init__(self, text: Text, style: Style) -> None:
        self.text, self.style = text, style
        self.pages: list[list[tuple[float, float, str, str, float]]] = [[]]
        w, h = style.page
        self.top, self.bottom = h - style.margin - 20, style.margin + 55
        self.col_w = (w - 2 * style.margin - (style.columns - 1) * style.gutter) / style.columns
        self.col, self.y = 0, self.top

    def x(self) -> float:
        return self.style.margin + self.col * (self.col_w + self.style.gutter)

    def _advance(self, need: float) -> None:
        if self.y - need >= self.bottom:
            return
        if self.col + 1 < self.style.columns:
            self.col, self.y = self.col + 1, self.top_of_columns
        else:
            self.pages.append([])
            self.col, self.y = 0, self.top
            self.top_of_columns = self.top

    def put(self, x: float, text: str, font: str, size: float) -> None:
        self.pages[-1].append((x, self.y, text, font, size))

    def title(self) -> None:
        size = self.style.size * 1.8
        full = self.style.page[0] - 2 * self.style.margin
        for line in wrap(self.text.title, BOLD, size, full, hyphenate=False):
            self.y -= size * 1.2
            self.put(self.style.margin, line, BOLD, size)
        self.y -= self.style.size * 2
        self.put(self.style.margin, self.text.date_line, REGULAR, self.style.size)
        self.y -= self.style.size * 1.8
        self.top_of_columns = self.y

    def paragraph(self, text: str) -> None:
        lead = self.style.size * 1.3
        for line in wrap(text, REGULAR, self.style.size, self.col_w):
            self._advance(lead)
            self.y -= lead
            self.put(self.x(), line, REGULAR, self.style.size)
        self.y -= self.style.size * 0.9

    def table(self, rows: tuple[tuple[str, ...], ...]) -> None:
        size = self.style.size * 0.85
        cell_w = self.col_w / max(len(r) for r in rows)
        for i, row in enumerate(rows):
            self._advance(size * 1.6)
            self.y -= size * 1.6
            for j, cell in enumerate(row):
                self.put(self.x() + j * cell_w, cell, BOLD if i == 0 else REGULAR, size)
        self.y -= self.style.size * 0.9


def _paragraphs(text: Text) -> list[str]:
    paras = list(text.paragraphs)
    if text.footnote:  # the marker follows the first sentence's last word
        first = paras[0]
        cut = first.find(". ")
        paras[0] = first[:cut] + MARK + first[cut:] if cut > 0 else first + MARK
    return paras


def make_pdf(text: Text, path: Path, style: Style) -> None:
    register_fonts()
    layout = Layout(text, style)
    layout.title()
    for i, para in enumerate(_paragraphs(text)):
        layout.paragraph(para)
        if i == 1 and text.table:
            layout.table(text.table)
    _draw(layout, text, style, path)


def _draw(layout: Layout, text: Text, style: Style, path: Path) -> None:
    canvas = Canvas(str(path), pagesize=style.page, invariant=1)
    title = text.title if style.meta_title is None else style.meta_title
    if title:
        canvas.setTitle(title)
    canvas.setAuthor(text.author)
    canvas.setCreator("clusterwatch corpus")
    head, foot = HEADS[text.lang]
    w, h = style.page
    count = len(layout.pages)
    for n, items in enumerate(layout.pages, start=1):
        canvas.setFont(REGULAR, 8)
        canvas.drawString(style.margin, h - 30, f"{text.author} · {head}")
        canvas.drawCentredString(w / 2, 24, foot.format(n=n, m=count))
        canvas.line(style.margin, h - 36, w - style.margin, h - 36)
        for x, y, line, font, size in items:
            canvas.setFont(font, size)
            canvas.drawString(x, y, line)
        if n == 1 and text.footnote:
            _footnote(canvas, text.footnote, style)
        canvas.showPage()
    canvas.save()


def _footnote(canvas: Canvas, note: str, style: Style) -> None:
    size = style.size * 0.75
    full = style.page[0] - 2 * style.margin
    lines = wrap(f"{MARK} {note}", REGULAR, size, full)
    y = style.margin + 10 + size * 1.2 * len(lines)
    canvas.line(style.margin, y + size, style.margin + 120, y + size)
    canvas.setFont(REGULAR, size)
    for line in lines:
        y -= size * 1.2
        canvas.drawString(style.margin, y, line)


def single_column(meta_title: str | None = None) -> Style:
    return Style(page=A5, columns=1, size=12.0, margin=42.0, meta_title=meta_title)
