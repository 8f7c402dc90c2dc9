"""Place names in the pipeline's languages that the packaged gazetteers lack (data only).

Each entry: language ("" for any) -> names. Regions, macro-regions, rivers and the local forms of
neighbouring countries that pycountry's translations do not give in the form newsrooms use.
"""

from __future__ import annotations

EXTRA_PLACES: dict[str, tuple[str, ...]] = {
    "pl": (
        "Europa", "Śląsk", "Górny Śląsk", "Opolszczyzna", "Pomorze Zachodnie", "Lubelszczyzna",
        "Saksonia", "Saksonia-Anhalt", "Czechy", "Niemcy", "Wielka Brytania", "Bliski Wschód",
        "Odra", "Wisła", "Kanał Gliwicki", "Lipsk", "Uście nad Łabą", "Bruksela", "Morawy",
        "Nadrenia", "Bawaria", "Azja", "Ameryka", "Stany Zjednoczone", "Skandynawia",
    ),
    "cs": (
        "Evropa", "Morava", "Čechy", "Slezsko", "Sasko", "Sasko-Anhaltsko", "Blízký východ",
        "Labe", "Odra", "Vltava", "Kandřín-Kozlí", "Opolí", "Krušné hory", "Německo", "Polsko",
        "Česko", "Česká republika", "Rakousko", "Slovensko", "Lipsko", "Drážďany",
    ),
    "de": (
        "Europa", "Mitteldeutschland", "Sachsen", "Sachsen-Anhalt", "Schlesien", "Oberschlesien",
        "Woiwodschaft Oppeln", "Oppeln", "Tschechien", "Polen", "Niederlande", "Großbritannien",
        "Elbe", "Saale", "Oder", "Anhalt-Bitterfeld", "Nordrhein-Westfalen", "Ruhrgebiet",
    ),
    "en": (
        "Europe", "Saxony", "Saxony-Anhalt", "Silesia", "Middle East", "Czech Republic",
        "Opole Voivodeship", "Opole Province", "Cheshire", "Merseyside", "North West England",
        "Michigan", "United States", "Britain", "Great Britain", "England", "Wales", "Scotland",
    ),
}

# Polish voivodeships are also named "województwo <adjective>" (lowercase head word).
VOIVODESHIP_WORD = "województwo"
