"""Reading order of PDF text runs (pipeline/documents/geometry.py), on hand-placed runs."""

from __future__ import annotations

from pipeline.documents.geometry import Run, largest_line, page_lines

W, H = 595.0, 842.0


def run(x: float, base: float, text: str, size: float = 10.0, width: float = 220.0) -> Run:
    return Run(x, base - 2, x + width, base + size * 0.8, text, size, base)


def column(x: float, top: float, lines: list[str], leading: float = 13.0) -> list[Run]:
    return [run(x, top - i * leading, t) for i, t in enumerate(lines) if t]


def test_two_columns_read_left_then_right_after_a_full_width_title() -> None:
    runs = [run(50, 780, "Tytuł na całą szerokość strony", size=18, width=480)]
    runs += column(50, 740, ["lewa jeden", "lewa dwa", "", "lewa trzy", "lewa cztery"])
    runs += column(320, 740, ["prawa jeden", "prawa dwa", "prawa trzy", "prawa cztery"])
    lines = [x for x in page_lines(runs, W, H) if x]
    assert lines == ["Tytuł na całą szerokość strony", "lewa jeden", "lewa dwa", "lewa trzy",
                     "lewa cztery", "prawa jeden", "prawa dwa", "prawa trzy", "prawa cztery"]


def test_paragraph_breaks_come_from_the_leading_and_type_size() -> None:
    runs = column(50, 740, ["jeden", "dwa", "", "trzy"])
    runs.append(run(50, 680, "Śródtytuł", size=14))
    runs += column(50, 660, ["cztery", "pięć"])
    assert page_lines(runs, W, H) == ["jeden", "dwa", "", "trzy", "", "Śródtytuł", "",
                                      "cztery", "pięć"]


def test_running_heads_in_small_type_go_even_on_one_page() -> None:
    runs = [run(50, 815, "Klaster · Komunikat prasowy", size=8),
            run(280, 20, "1", size=8, width=6)]
    runs += column(50, 740, ["treść jeden", "treść dwa", "treść trzy"])
    runs.append(run(50, 60, "¹ Przypis w treści strony.", size=7.5))
    lines = [x for x in page_lines(runs, W, H) if x]
    assert lines == ["treść jeden", "treść dwa", "treść trzy", "¹ Przypis w treści strony."]


def test_table_cells_on_one_baseline_are_tab_separated() -> None:
    runs = [run(50, 700, "Etap", width=30), run(150, 700, "Termin", width=40),
            run(250, 700, "Moc", width=25)]
    assert page_lines(runs, W, H) == ["Etap\tTermin\tMoc"]


def test_largest_type_is_the_heading() -> None:
    runs = [run(50, 780, "Grupa Azoty buduje", size=18), run(50, 758, "elektrolizer", size=18),
            *column(50, 720, ["zwykły tekst", "dalszy tekst", "jeszcze tekst"])]
    assert largest_line(runs, H) == "Grupa Azoty buduje elektrolizer"
    assert largest_line(column(50, 720, ["a", "b", "c"]), H) is None


def test_a_table_on_a_one_column_page_is_no_pair_of_columns() -> None:
    runs = column(50, 740, ["szeroki wiersz tekstu " * 3] * 8)
    runs = [Run(r.x0, r.y0, r.x0 + 480, r.y1, r.text, r.size, r.base) for r in runs]
    rows = (("Etap", "Termin", "Moc"), ("Projekt", "2026", "-"), ("Rozruch", "2027", "20 MW"))
    for i, row in enumerate(rows):
        runs += [run(50 + 180 * j, 600 - 13 * i, cell, width=40) for j, cell in enumerate(row)]
    lines = page_lines(runs, W, H)
    assert lines[-3:] == ["Etap\tTermin\tMoc", "Projekt\t2026\t-", "Rozruch\t2027\t20 MW"]
