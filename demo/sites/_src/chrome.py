"""The portal's chrome as data: banners, labels, month names, the three sites (invented)."""

from __future__ import annotations

from typing import Any

COOKIE = {  # title, text, accept, reject, settings
    "pl": ("Szanujemy Twoją prywatność",
           "Korzystamy z plików cookie oraz podobnych technologii, żeby serwis działał "
           "poprawnie, żeby mierzyć oglądalność i dopasowywać reklamy. Możesz zmienić "
           "ustawienia w dowolnej chwili.",
           "Akceptuję wszystkie", "Odrzuć", "Ustawienia"),
    "cs": ("Tento web používá cookies",
           "Soubory cookie nám pomáhají zajistit fungování webu, analyzovat návštěvnost "
           "a zobrazovat relevantní reklamu. Souhlas můžete kdykoli odvolat v nastavení.",
           "Povolit vše", "Odmítnout", "Podrobnosti"),
    "de": ("Wir verwenden Cookies",
           "Wir setzen Cookies und ähnliche Technologien ein, um unser Angebot zu verbessern, "
           "Zugriffe zu analysieren und Werbung zu personalisieren. Ihre Einwilligung können "
           "Sie jederzeit widerrufen.",
           "Alle akzeptieren", "Ablehnen", "Einstellungen"),
    "en": ("We value your privacy",
           "Together with our partners we use cookies to keep this site working, to count "
           "visits and to show you relevant advertising. You can change your choices at any time.",
           "Accept all", "Reject all", "Manage options"),
}

AD_LABEL = {"pl": "REKLAMA", "cs": "REKLAMA", "de": "ANZEIGE", "en": "ADVERTISEMENT"}

# the tag-manager snippet every page carries (an invented container id)
ANALYTICS = ('<script async src="/static/gtm.js?id=GTM-DEMO00"></script>\n'
             "<script>window.dataLayer=window.dataLayer||[];"
             "dataLayer.push({'event':'page_view','section':'news'});</script>\n")

SHARE = {
    "pl": ("Udostępnij", "Tweetnij", "Wyślij e-mailem"),
    "cs": ("Sdílet", "Tweetnout", "Poslat e-mailem"),
    "de": ("Teilen", "Twittern", "Per E-Mail senden"),
    "en": ("Share", "Tweet", "Email"),
}

LABELS = {
    "pl": {"related": "Czytaj także", "most_read": "Najczęściej czytane",
           "comments": "Komentarze", "byline": "Autor:", "updated": "Aktualizacja:",
           "home": "Strona główna", "next": "Następna", "prev": "Poprzednia", "page": "Strona"},
    "cs": {"related": "Související články", "most_read": "Nejčtenější", "comments": "Komentáře",
           "byline": "Autor:", "updated": "Aktualizováno:", "home": "Úvod", "next": "Další",
           "prev": "Předchozí", "page": "Strana"},
    "de": {"related": "Mehr zum Thema", "most_read": "Meistgelesen", "comments": "Kommentare",
           "byline": "Von", "updated": "Aktualisiert:", "home": "Startseite", "next": "Weiter",
           "prev": "Zurück", "page": "Seite"},
    "en": {"related": "Related stories", "most_read": "Most read", "comments": "Comments",
           "byline": "By", "updated": "Updated:", "home": "Home", "next": "Next",
           "prev": "Previous", "page": "Page"},
}

MONTHS = {
    "pl": ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
           "września", "października", "listopada", "grudnia"],
    "cs": ["ledna", "února", "března", "dubna", "května", "června", "července", "srpna", "září",
           "října", "listopadu", "prosince"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}

# Per site: identity, chrome, and the non-article pages. Listings: (base path, page pattern,
# items per page, heading, language of the listed articles or None, banner). Tag: the same for the
# articles that mention one member. Pages: path -> (language, title, paragraphs, banner).
SITES: dict[str, dict[str, Any]] = {
    "kurier-kk": {
        "name": "Kurier Kędzierzyński", "port": 8701, "lang": "pl", "sep": " – ",
        "menu": [("/", "Strona główna"), ("/wiadomosci/", "Wiadomości"),
              ("/tag/grupa-azoty-zak/", "Azoty"), ("/kontakt.html", "Kontakt"),
              ("/szukaj/", "Szukaj")],
        "ticker_label": "Informacje dnia:",
        "ticker": ["Objazdy na ul. Grunwaldzkiej do końca miesiąca",
                "Grupa Azoty ZAK zaprasza na dzień otwarty",
                "Nowy rozkład autobusów MZK od poniedziałku",
                "Mecz siatkarek przełożony na niedzielę"],
        "most_read": ["Radni zdecydowali o budowie basenu na Pogorzelcu",
                   "Zimowe utrudnienia na drodze krajowej nr 40",
                   "Kiedy wreszcie ruszy remont dworca w Koźlu?"],
        # a "most read" item whose article was deleted: the link answers 404
        "dead_links": {"Kiedy wreszcie ruszy remont dworca w Koźlu?":
                       "/wiadomosci/2015/12/30/kiedy-ruszy-remont-dworca-w-kozlu.html"},
        # an old URL the tag page still links to; the server answers 301 to the article
        "redirects": {"/wiadomosci/2016/01/14/azoty-oczyszczalnia.html":
                      "/wiadomosci/2016/01/14/grupa-azoty-zak-zbuduje-nowa-oczyszczalnie-sciekow.html"},
        # a photo gallery: its URL looks like an article's, its content is not an article
        "galleries": [{
            "path": "/wiadomosci/2016/06/02/galeria-dzien-otwarty-w-zakladach.html",
            "title": "Galeria: dzień otwarty w zakładach azotowych", "date": "2016-06-02",
            "intro": "Zobaczcie zdjęcia z sobotniego dnia otwartego.",
            "captions": ["Grupa Azoty ZAK zaprosiła mieszkańców do zwiedzania instalacji.",
                         "Najmłodsi goście w strażackim wozie.",
                         "Pokaz doświadczeń chemicznych w namiocie edukacyjnym.",
                         "Kolejka do autobusu, który woził gości po terenie zakładów."],
            "banner": "onetrust"}],
        "footer": ["Kurier Kędzierzyński – niezależny portal informacyjny powiatu "
                "kędzierzyńsko-kozielskiego",
                "Redakcja: ul. Mostowa 3, 47-220 Kędzierzyn-Koźle, tel. 77 111 22 33",
                "© 2016 Kurier Kędzierzyński. Wszelkie prawa zastrzeżone."],
        "listings": [("/wiadomosci/", "strona/{}/", 4, "Wiadomości", None, "onetrust")],
        "tag": ("grupa-azoty-zak", "/tag/grupa-azoty-zak/", "Tag: Grupa Azoty ZAK", "didomi"),
        "home": ("Kurier Kędzierzyński – wiadomości z regionu",
              "Najnowsze wiadomości z Kędzierzyna-Koźla i okolic.", "onetrust"),
        "pages": {
            "/kontakt.html": ("contact", "Kontakt z redakcją", [
                "Redakcja Kuriera Kędzierzyńskiego", "ul. Mostowa 3, 47-220 Kędzierzyn-Koźle",
                "Telefon: 77 111 22 33, e-mail: redakcja@kurier-kk.example.pl",
                "Biuro ogłoszeń przyjmuje zgłoszenia w dni robocze, 8–16."], "bare"),
            "/polityka-prywatnosci.html": ("policy", "Polityka prywatności", [
                "Administratorem danych jest wydawca portalu.",
                "Pliki cookie służą do utrzymania sesji, statystyk i reklam."], "bare"),
            "/szukaj/": ("search", "Szukaj w serwisie", ["Wpisz szukane słowo."], "bare"),
        },
        "disallow": ["/szukaj/", "/admin/"], "sitemap": True, "feed": False,
    },
    "zpravodaj-usti": {
        "name": "Zpravodaj Ústecko", "port": 8702, "lang": "cs", "sep": " | ",
        "menu": [("/", "Úvod"), ("/zpravy/", "Zprávy"), ("/tema/spolana/", "Téma: Spolana"),
              ("/de/", "Deutsch"), ("/kontakt/", "Kontakt"), ("/hledat/", "Hledat")],
        "ticker_label": "Zprávy dne:",
        "ticker": ["Objížďka v Klíšské ulici skončí v neděli",
                "Lovochemie hledá nové operátory",
                "Zoo Ústí nad Labem má nový pavilon"],
        "most_read": ["Most přes Labe dostane nový povrch",
                   "Kraj vypsal dotace pro obce",
                   "Hokejisté Slovanu porazili Chomutov"],
        "footer": ["Zpravodaj Ústecko – zprávy z Ústeckého kraje",
                "Redakce: Velká Hradební 8, 400 01 Ústí nad Labem",
                "© 2016 Zpravodaj Ústecko. Šíření obsahu bez souhlasu redakce je zakázáno."],
        "listings": [("/zpravy/", "strana/{}/", 4, "Zprávy", "cs", "cookiebot"),
                  ("/de/", "seite/{}/", 10, "Nachrichten auf Deutsch", "de", "cookiebot")],
        "tag": ("spolana", "/tema/spolana/", "Téma: Spolana", "bare"),
        "home": ("Zpravodaj Ústecko – zprávy z regionu",
              "Aktuální zprávy z Ústí nad Labem a okolí.", "cookiebot"),
        "pages": {
            "/kontakt/": ("contact", "Kontakt", [
                "Redakce Zpravodaje Ústecko", "Velká Hradební 8, 400 01 Ústí nad Labem",
                "Telefon: +420 470 000 000, e-mail: redakce@zpravodaj-usti.example.eu"], "bare"),
            "/hledat/": ("search", "Hledat", ["Zadejte hledaný výraz."], "bare"),
        },
        "disallow": ["/hledat/", "/admin/"], "sitemap": False, "feed": True,
    },
    "chemregions": {
        "name": "Chem Regions Review", "port": 8703, "lang": "en", "sep": " | ",
        "menu": [("/", "Home"), ("/de/nachrichten/", "Nachrichten"), ("/en/news/", "News"),
              ("/en/tag/ecrn/", "ECRN"), ("/en/contact.html", "Contact"), ("/search/", "Search")],
        "ticker_label": None, "ticker": [],
        "most_read": ["Steam prices: what chemical parks pay", "Ten years of shared site services",
                   "Rail freight to chemical parks grows again"],
        "footer": ["Chem Regions Review – industry news from Central Germany and "
                   "North West England",
                "Editorial office: Merseburger Straße 10, 06217 Merseburg, Germany",
                "© 2016 Chem Regions Review. All rights reserved."],
        "listings": [("/de/nachrichten/", "seite/{}/", 2, "Nachrichten", "de", "didomi"),
                  ("/en/news/", "page/{}/", 2, "News", "en", "didomi")],
        "tag": ("ecrn", "/en/tag/ecrn/", "Tag: ECRN", "didomi"),
        "home": ("Chem Regions Review",
                 "Industry news from the chemical regions of Central Germany and North West "
                 "England.", "didomi"),
        "pages": {
            "/en/contact.html": ("contact", "Contact the editors", [
                "Chem Regions Review, Merseburger Straße 10, 06217 Merseburg, Germany",
                "Email: editors@chemregions.example.eu"], "bare"),
            "/search/": ("search", "Search", ["Enter a search term."], "bare"),
        },
        "disallow": ["/search/", "/admin/"], "sitemap": False, "feed": False,
    },
}
