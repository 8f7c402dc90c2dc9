"""Fixture portals for `sources check --online` and `sources discover`, written at test time
(they name their own port in robots.txt, the sitemap and the redirects).

- ``portal``: a Polish local news site. Articles ``/aktualnosci/<slug>,<id>.html``, linked with
  ``#komentarze`` fragments and ``utm_`` parameters; listings ``/aktualnosci/`` and
  ``/aktualnosci/strona/2/``; a sitemap named only in robots.txt; an RSS feed announced with
  ``<link rel="alternate">``; a contact page; ``/szukaj/`` disallowed; ``/stary/`` answers 301.
- ``odmowa``: answers 403 to everything (a publisher refusing non-browser clients).
- ``przeniesiony``: its home answers 301 to the portal under another host name (``localhost``).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

import yaml

from clusterwatch.devserver import SiteServer

SENTENCES = [
    "Rada Miasta Kędzierzyn-Koźle przyjęła we wtorek plan rozbudowy strefy przemysłowej przy ulicy "
    "Mostowej.",
    "Inwestycja ma kosztować kilkadziesiąt milionów złotych i potrwać co najmniej trzy lata.",
    "Przedstawiciele zakładów chemicznych zapowiedzieli, że nowe hale dadzą pracę dwustu osobom.",
    "Mieszkańcy osiedla Pogorzelec pytali na spotkaniu o hałas i ruch ciężarówek w czasie budowy.",
    "Urzędnicy odpowiadali, że dojazd dla ciężarówek poprowadzi nowa droga wzdłuż kanału.",
    "Politechnika Opolska przygotowała dla firm z regionu program praktyk dla studentów chemii.",
    "Pierwsza grupa praktykantów rozpocznie zajęcia w laboratoriach już w październiku.",
    "Wojewódzki fundusz ochrony środowiska dołoży pieniądze do modernizacji oczyszczalni ścieków.",
    "Port rzeczny w Koźlu ma znów przyjmować barki z nawozami, jeśli uda się pogłębić tor wodny.",
    "Zarząd portu szacuje, że pierwsze transporty mogłyby popłynąć Odrą wiosną przyszłego roku.",
    "Starostwo powiatowe ogłosiło konkurs na projekty edukacyjne związane z przemysłem chemicznym.",
    "Szkoły średnie mogą zgłaszać pomysły do końca miesiąca, a najlepsze dostaną dofinansowanie.",
    "Strażacy z jednostki ratowniczo-gaśniczej ćwiczyli w sobotę akcję przy wycieku amoniaku.",
    "Ćwiczenia obserwowali przedstawiciele gminy i sąsiednich zakładów, którzy ocenili je wysoko.",
    "Klaster firm chemicznych z Opolszczyzny przyjął do swojego grona dwie nowe spółki.",
    "Członkowie klastra chcą wspólnie ubiegać się o pieniądze na badania nad wodorem.",
    "W centrum miasta otwarto wystawę o historii zakładów azotowych i ich pracowników.",
    "Na ekspozycji można zobaczyć dawne zdjęcia, mundury straży zakładowej i plany osiedli.",
    "Komunikacja miejska wprowadza nowy rozkład jazdy autobusów dojeżdżających do strefy.",
    "Kursy zostaną dopasowane do godzin rozpoczęcia zmian w największych zakładach pracy.",
    "Radni zdecydowali też o remoncie mostu nad kanałem, który od lat wymagał naprawy.",
    "Prace drogowe mają się zakończyć przed zimą, a objazdy poprowadzą przez Blachownię.",
    "Lokalni przedsiębiorcy liczą, że nowe inwestycje ożywią handel i usługi w dzielnicy.",
    "Sceptycy przypominają, że podobne zapowiedzi padały już kilka razy w ostatnich latach.",
]
TOPICS = [
    ("Rada miasta przyjęła plan rozbudowy strefy", "rada-miasta-przyjela-plan-rozbudowy-strefy"),
    ("Praktyki dla studentów chemii w zakładach", "praktyki-dla-studentow-chemii"),
    ("Pieniądze na modernizację oczyszczalni", "pieniadze-na-modernizacje-oczyszczalni"),
    ("Port w Koźlu znów przyjmie barki", "port-w-kozlu-znow-przyjmie-barki"),
    ("Konkurs dla szkół o przemyśle chemicznym", "konkurs-dla-szkol"),
    ("Strażacy ćwiczyli akcję przy wycieku amoniaku", "strazacy-cwiczyli-akcje"),
    ("Dwie nowe spółki w klastrze chemicznym", "dwie-nowe-spolki-w-klastrze"),
    ("Wystawa o historii zakładów azotowych", "wystawa-o-historii-zakladow"),
    ("Nowy rozkład autobusów do strefy", "nowy-rozklad-autobusow"),
    ("Remont mostu nad kanałem przed zimą", "remont-mostu-nad-kanalem"),
    ("Handlowcy liczą na nowe inwestycje", "handlowcy-licza-na-inwestycje"),
    ("Wodór w planach opolskiego klastra", "wodor-w-planach-klastra"),
]
AUTHORS = ["Anna Nowak", "Piotr Wiśniewski", "Ewa Zielińska"]


@dataclass(frozen=True)
class Article:
    path: str
    title: str
    published: str
    author: str


def articles() -> list[Article]:
    return [Article(f"/aktualnosci/{slug},{5100 + i}.html", title,
                    f"2026-{(i % 9) + 1:02d}-{(i % 27) + 1:02d}", AUTHORS[i % len(AUTHORS)])
            for i, (title, slug) in enumerate(TOPICS)]


def _page(title: str, body: str, head: str = "") -> str:
    return (f'<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>{escape(title)}'
            f' – Gazeta Kozielska</title><meta property="og:site_name" content="Gazeta Kozielska">'
            f"{head}</head><body><header><a href=\"/\">Gazeta "
            'Kozielska</a><nav><a href="/aktualnosci/">Aktualności</a> <a href="/kontakt.html">'
            'Kontakt</a> <a href="/szukaj/">Szukaj</a></nav></header>'
            f"{body}<footer><p>Gazeta Kozielska, ul. Przykładowa 1, Kędzierzyn-Koźle</p>"
            "</footer></body></html>")


def _article_html(i: int, art: Article) -> str:
    n = len(SENTENCES)
    paras = [" ".join(SENTENCES[(i * 5 + k * 2 + j) % n] for j in range(2)) for k in range(5)]
    body = "".join(f"<p>{escape(p)}</p>" for p in paras)
    return _page(art.title, f"<main><article><h1>{escape(art.title)}</h1>"
                 f'<p class="byline">Autor: <span class="author">{escape(art.author)}</span> · '
                 f'<time datetime="{art.published}">{art.published}</time></p>{body}'
                 "</article></main>")


def _teasers(items: list[Article], query: str) -> str:
    n = len(SENTENCES)
    return "".join(
        f'<div class="teaser"><h2><a href="{a.path}{query}">{escape(a.title)}</a></h2>'
        f'<span class="data">{a.published}</span><p>{escape(SENTENCES[(i * 3) % n])}</p>'
        f'<a class="more" href="{a.path}#komentarze">czytaj dalej</a></div>'
        for i, a in enumerate(items))


def _listing_html(title: str, items: list[Article], more: str | None) -> str:
    pager = f'<nav class="pager"><a href="{more}">Następna strona</a></nav>' if more else ""
    return _page(title, f"<main><h1>{escape(title)}</h1>"
                 f"{_teasers(items, '?utm_source=lista&amp;utm_medium=www')}{pager}</main>")


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel.lstrip("/")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_portal(root: Path, base: str) -> None:
    arts = articles()
    for i, art in enumerate(arts):
        _write(root, art.path, _article_html(i, art))
    _write(root, "/aktualnosci/index.html",
           _listing_html("Aktualności", arts[:6], "/aktualnosci/strona/2/"))
    _write(root, "/aktualnosci/strona/2/index.html",
           _listing_html("Aktualności – strona 2", arts[6:], None))
    feed = '<link rel="alternate" type="application/rss+xml" title="RSS" href="/kanal.xml">'
    _write(root, "/index.html", _page("Strona główna", "<main>" + _teasers(
        arts[:4], "?utm_campaign=glowna") + '<p><a href="/aktualnosci/">Wszystkie wiadomości</a>'
        "</p></main>", head=feed))
    _write(root, "/kontakt.html", _page("Kontakt", "<main><h1>Kontakt</h1><p>Redakcja: tel. "
                                         "77 000 00 00, e-mail redakcja@example.org</p></main>"))
    _write(root, "/szukaj/index.html", _page("Szukaj", "<main><form>?</form></main>"))
    urls = "".join(f"<url><loc>{base}{a.path}</loc><lastmod>{a.published}</lastmod></url>"
                   for a in arts)
    _write(root, "/mapa-strony.xml", '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="'
           f'http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>')
    items = "".join(f"<item><title>{escape(a.title)}</title><link>{base}{a.path}</link></item>"
                    for a in arts[-5:])
    _write(root, "/kanal.xml", '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0">'
           f"<channel><title>Gazeta Kozielska</title>{items}</channel></rss>")
    _write(root, "/robots.txt", f"User-agent: *\nDisallow: /szukaj/\n\n"
           f"Sitemap: {base}/mapa-strony.xml\n")
    _write(root, "/_headers.yaml", yaml.safe_dump(
        {"/stary/": {"status": 301, "location": f"{base}/aktualnosci/"}}))


@dataclass
class Portals:
    server: SiteServer

    def url(self, site: str) -> str:
        return self.server.url(site)

    def stop(self) -> None:
        self.server.stop()


def serve_portals(tmp: Path) -> Portals:
    """Serve the three sites from ``tmp`` (files written once the ports are known)."""
    root = tmp / "portals"
    for name in ("portal", "odmowa", "przeniesiony"):
        (root / name).mkdir(parents=True, exist_ok=True)
    _write(root / "odmowa", "/_headers.yaml", yaml.safe_dump(
        {"/*": {"status": 403, "body": "<html><body>Access denied</body></html>"}}))
    _write(root / "przeniesiony", "/index.html", "<html><body>stara strona</body></html>")
    probe = SiteServer(root).start()  # learn a free port for the portal, then write its files
    portal = probe.url("portal")
    probe.stop()
    write_portal(root / "portal", portal)
    moved = portal.replace("127.0.0.1", "localhost")
    _write(root / "przeniesiony", "/_headers.yaml", yaml.safe_dump(
        {"/": {"status": 301, "location": f"{moved}/"}}))
    return Portals(SiteServer(root, {"portal": int(portal.rsplit(":", 1)[1])}).start())
