"""Word lists and selectors of the extractor, as data in one place (pl, cs, de, en, other EU)."""

from __future__ import annotations

# fmt: off

# --- consent / cookie / privacy notices -------------------------------------------------------
# A paragraph is a consent notice when it names a tracking technology (COOKIE_TERMS) and also a
# consent or privacy action (CONSENT_TERMS), or when it is short and starts like a banner.
COOKIE_TERMS = (
    r"cookies?", r"cookie-?\w*", r"ciasteczk\w*", r"plik\w* cookie\w*", r"souborů? cookie\w*",
    r"sušenk\w*", r"rodo", r"gdpr", r"dsgvo", r"rgpd", r"avg", r"tracking", r"trackers?",
    r"local storage", r"localstorage", r"pixel\w*", r"tcf", r"partners? (?:iab|vendors?)",
    r"technologi\w* (?:śledz\w*|podobn\w*)", r"similar technologies", r"ähnliche technologien",
    r"traceurs?", r"galletas?", r"kolačić\w*", r"piškót\w*", r"evästee\w*", r"kakor", r"sütik?\w*",
    r"küpsis\w*", r"slapuk\w*", r"sīkdatn\w*", r"bisc?oit\w*",
)
CONSENT_TERMS = (
    # en
    r"consent",
    r"accept\w*",
    r"agree\w*",
    r"privacy",
    r"personal data",
    r"opt[- ]out",
    r"preferences",
    r"by (?:continuing|using|browsing|clicking)",
    r"settings",
    r"partners",
    r"personali[sz]\w*",
    r"advertis\w*",
    r"your (?:browser|device|experience)",
    r"improve",
    r"analytics?",
    # pl
    r"zgod\w*",
    r"akceptuj\w*",
    r"zaakceptuj\w*",
    r"prywatno\w*",
    r"dan\w* osobow\w*",
    r"przetwarza\w*",
    r"administrator\w*",
    r"przeglądar\w*",
    r"ustawie\w*",
    r"partner\w*",
    r"reklam\w*",
    r"korzyst\w*",
    r"polityk\w*",
    r"wyrażasz",
    r"zapisywan\w*",
    r"serwis\w*",
    # cs / sk
    r"souhlas\w*",
    r"přij\w*",
    r"soukrom\w*",
    r"osobních údajů",
    r"zpracování",
    r"prohlížeč\w*",
    r"nastavení",
    r"používá\w*",
    r"používame",
    r"súhlas\w*",
    r"ochran\w*",
    # de
    r"einwillig\w*",
    r"zustimm\w*",
    r"akzeptier\w*",
    r"datenschutz\w*",
    r"personenbezogen\w*",
    r"einstellungen",
    r"verwende\w*",
    r"nutze\w*",
    r"browser",
    r"werbung",
    r"analyse",
    # fr / es / it / pt / nl / other
    r"consentement",
    r"accepter",
    r"vie privée",
    r"données personnelles",
    r"paramètres",
    r"utilis\w*",
    r"consentimiento",
    r"aceptar",
    r"privacidad",
    r"datos personales",
    r"configuraci\w*",
    r"consenso",
    r"accett\w*",
    r"informativa",
    r"dati personali",
    r"impostazioni",
    r"consentimento",
    r"privacidade",
    r"dados pessoais",
    r"toestemming",
    r"accepteren",
    r"privacybeleid",
    r"samtycke",
    r"samtykke",
    r"suostu\w*",
    r"hozzájárul\w*",
    r"zgodo",
    r"acord\w*",
    r"sutik\w*",
)
# Sentence starts that are banners on their own, even without a second term.
CONSENT_OPENERS = (
    r"(?:this|our) (?:web)?site (?:is )?us(?:es|ing) cookies", r"we use cookies",
    r"this site uses cookies", r"ta strona (?:używa|korzysta z)",
    r"strona korzysta z plików cookie", r"używamy (?:plików )?cookie",
    r"serwis (?:używa|wykorzystuje) (?:plik|ciasteczk)", r"tento web používá",
    r"tyto stránky používají", r"používáme (?:soubory )?cookies", r"wir verwenden cookies",
    r"diese (?:web)?seite verwendet cookies", r"wir nutzen cookies", r"nous utilisons des cookies",
    r"utilizamos cookies", r"utilizziamo i cookie", r"privacy & cookies", r"twoja prywatność",
    r"vaše soukromí", r"ihre privatsphäre", r"your privacy",
)
# cheap lowercase stems: a paragraph without any of them cannot be a consent or newsletter notice
CONSENT_STEMS = (
    "cook", "ciastecz", "rodo", "gdpr", "dsgvo", "rgpd", "avg", "track", "storage", "pixel", "tcf",
    "technolog", "traceur", "gallet", "kolačić", "piškót", "eväst", "kakor", "süti", "küpsis",
    "slapuk", "sīkdat", "biscoit", "sušenk", "newsletter", "biuletyn", "zpravodaj", "mailing",
    "privacy", "prywatno", "soukrom", "privatsph",
)
NEWSLETTER_TERMS = (r"newsletter\w*", r"biuletyn\w*", r"zpravodaj\w*", r"mailing\w*")
SUBSCRIBE_TERMS = (
    r"zapisz\w*", r"subskryb\w*", r"subscri\w*", r"sign up", r"abonnier\w*", r"anmeld\w*",
    r"přihla\w*", r"odebír\w*", r"odbieraj\w*", r"inscri\w*", r"iscriv\w*", r"e-?mail\w*",
    r"zasílat",
)

# vendor consent-management containers (ids and classes, matched as substrings, lowercase)
CONSENT_CONTAINER_IDS = (
    "onetrust", "cybotcookiebot", "CybotCookiebot", "cookiebot", "Cookiebot", "OneTrust", "Didomi",
    "Usercentrics", "didomi",
    "usercentrics", "cookie-law-info", "cookie_law_info", "cookielawinfo", "cmplz", "cookie-notice",
    "cookie_notice", "cookienotice", "cookie-banner", "cookiebanner", "cookie_banner",
    "cookie-consent", "cookieconsent", "cookie_consent", "cookie-bar", "cookiebar", "cookies-bar",
    "cookie-popup", "cookie-info", "cookies-info", "cookie-message", "cookies-message", "gdpr",
    "rodo", "consent-banner", "consent_banner", "cc-window", "cc-banner", "qc-cmp", "sp_message",
    "fc-consent", "truste-", "truste_", "borlabs", "moove_gdpr", "eu-cookie", "cookie-law",
    "cookiewall", "cookie-wall", "privacy-banner", "privacy-notice", "cookies-overlay", "js-cookie",
    "newsletter-popup", "newsletter-modal", "newsletter_popup", "popup-newsletter",
)
# exact class tokens that mark a consent box (short, too generic for substring matching)
CONSENT_CLASS_TOKENS = ("cookies", "cookie", "consent", "privacy-popup", "rodo-box", "gdpr-box")

# --- boilerplate containers ---------------------------------------------------------------------
BOILERPLATE_CLASS_PARTS = (
    "ticker", "marquee", "breaking-news", "newsticker", "breadcrumb", "share", "social", "related",
    "most-read", "mostread", "najczesciej", "popular", "tags", "tag-cloud", "tagcloud",
    "comments-count", "comment-count", "advert", "reklama", "banner-ad", "ad-slot", "adslot",
    "author-box", "authorbox", "gallery", "read-also", "readalso", "czytaj", "zobacz", "see-also",
    "recommended", "teaser-list", "pagination", "language-switch", "lang-switch", "skip-link",
    "newsletter", "login", "footer", "cookie", "subscribe", "paywall", "sidebar", "widget",
    "player",
)
TICKER_LABELS = (
    "Informacje dnia:", "Zprávy dne:", "Aktuell:", "Breaking:", "Na sygnale:", "Pilne:",
    "Ze zpráv:", "Eilmeldung:", "Latest:", "Najnowsze:", "Z ostatniej chwili:",
)

# class or id parts of a lead (perex, teaser, standfirst) placed outside the body container
LEAD_CLASS_PARTS = (
    "perex", "lead", "teaser", "intro", "standfirst", "summary", "abstract", "excerpt", "deck",
    "anotace", "zajawka", "wstep", "einleitung", "vorspann", "kurztext", "description", "opener",
    "lede", "chapo", "sapo",
)
# class parts of a display subheadline ('dek'): set in large type under the headline, not a lead
SUBHEAD_CLASS_PARTS = ("dek", "subhead", "sub-head", "subtitle", "strapline")

# --- paragraph-level lines that are not article text ---------------------------------------------
BYLINE_PREFIXES = (
    "Tekst i zdjęcia:", "Tekst i foto:", "Tekst:", "Autor:", "Autorka:", "Autorzy:", "Opracowanie:",
    "Text a foto:", "Text:", "Autor textu:", "Napsal:", "Napsala:", "Text und Fotos:",
    "Text und Foto:", "Von", "By", "Written by", "Posted by", "Author:", "Authors:", "Words:",
)
SOURCE_PREFIXES = (
    "Herausgeber:", "Wydawca:", "Vydavatel:", "Publisher:", "Źródło:", "Źródło informacji:",
    "Zdroj:", "Quelle:", "Source:", "Sources:", "Fonte:", "Źródła:", "Zdroje:", "Quellen:",
    "Oprac.", "oprac.", "Opr.", "opr.",
)
CAPTION_PREFIXES = (
    "Fot.", "Fot:", "Foto:", "Foto.", "Fotografie:", "Photo:", "Photos:", "Zdjęcie:", "Zdjęcia:",
    "Bild:", "Bildquelle:", "Image:", "Credit:", "Picture:", "Ilustracja:", "Ilustrace:",
    "Na zdjęciu", "Na zdjęciach", "Na fotografii", "Na snímku", "Na fotografii", "Auf dem Bild",
    "Pictured:", "Photograph:",
)
READ_ALSO_PREFIXES = (
    "Czytaj także", "Czytaj też", "Czytaj również", "Czytaj więcej", "Przeczytaj także",
    "Przeczytaj też", "Przeczytaj również", "Zobacz także", "Zobacz też", "Zobacz również",
    "Polecamy:", "Čtěte také", "Čtěte též", "Přečtěte si také", "Přečtěte si též", "Související",
    "Mohlo by vás zajímat", "Lesen Sie auch", "Lesen Sie mehr", "Mehr zum Thema",
    "Auch interessant", "Das könnte Sie", "Read also", "Read more:", "See also", "Related:",
    "Also read", "RELATED:", "READ MORE", "Dowiedz się więcej:", "Więcej na ten temat:",
    "Více k tématu:", "Weiterlesen:",
)
AD_LABELS = (
    "Reklama", "REKLAMA", "Anzeige", "ANZEIGE", "Advertisement", "ADVERTISEMENT", "Inzerce",
    "INZERCE", "Werbung", "Sponsored", "Ogłoszenie", "Reklama:", "Advertisement:",
)
COMMENT_COUNTER_PATTERNS = (
    r"\d+\s*(?:skomentuj|komentarz\w*|komentáře?\w*|kommentare?|comments?)",
    r"(?:skomentuj|komentarze|diskuse|diskuze|kommentare|comments?)\s*\(?\d*\)?",
    r"(?:udostępnij|sdílet|teilen|share)(?:\s*(?:facebook|twitter|x|linkedin|e-?mail|whatsapp))*",
    # a media tally under a headline: '0×video 2×foto 1×komentářů'
    r"(?:\d+\s*×\s*[^\W\d_]+\s*){2,}.*",
    # a gallery link: '29 fotografií v galerii ›', '12 Bilder'
    r"\d+\s+(?:fotografií|fotografie|fotek|fotky|snímků|zdjęć|zdjęcia|bilder|fotos|photos)"
    r"(?:\s+(?:v galerii|w galerii|in der galerie|in (?:the )?gallery))?\s*[»›>]?",
)
# a headline in a 'most read' list, followed by its view count: 'Ceny energií klesly (21447x)'
VIEW_COUNT = r"\(\s*\d[\d\s.,]*\d\s*[x×]\s*\)\s*$"  # two digits at least
# labels of dates that are not the publication date
MODIFIED_LABELS = (
    "aktualizacja", "aktualizowano", "zaktualizowano", "zmodyfikowano", "poprawiony", "poprawiono",
    "edytowano", "aktualizováno", "upraveno", "změněno", "aktualisiert", "geändert", "zuletzt",
    "stand:", "updated", "last modified", "modified", "edited", "mis à jour", "actualizado",
    "aggiornato",
)
# labels of dates that belong to a picture or a broadcast, not to the article
OTHER_DATE_LABELS = (
    "archivbild", "archivfoto", "aufnahme vom", "sendung", "ausgestrahlt", "video vom",
    "audio vom", "broadcast", "aired", "file photo", "zdjęcie z", "emisja", "audycja", "vysíláno",
    "pořad", "archivní snímek", "snímek z",
)
PUBLISHED_LABELS = (
    "opublikowano", "data publikacji", "dodano", "publikováno", "zveřejněno", "vydáno",
    "veröffentlicht", "erschienen", "published", "posted", "publié", "publicado", "pubblicato",
)
# bylines naming a desk or an institution rather than a person
DESK_WORDS = (
    "redakcja", "redakce", "redaktion", "newsroom", "staff", "desk", "editorial", "oprac.", "opr.",
    "biuro", "biura", "urząd", "urzad", "tisková", "tiskové", "pressestelle", "press office",
    "press", "pap", "čtk", "ctk", "dpa", "reuters", "afp", "team", "zespół", "dział", "oddělení",
    "abteilung", "kancelář", "office", "department", "sp. z o.o.", "s.a.", "a.s.", "gmbh", "ltd",
    "promocji", "komunikacji", "marketing", "admin", "administrator", "online", "news", "zprávy",
    "nachrichten", "wiadomości",
)

# date lines that end with the author: 'Posted on 3 April 2024 by Sarah Collins'
DATED_BYLINE_PREFIXES = (
    "Posted on", "Published on", "Veröffentlicht am", "Erschienen am",
    "Opublikowano", "Publikováno", "Zveřejněno",
)
BY_WORDS = ("by", "von", "przez", "autor")

# job titles written next to a byline's name ('Anna Weber, Redakteurin'), matched as word starts
JOB_TITLES = (
    "redakteur", "chefredakteur", "korrespondent", "reporter", "volontär", "volontaer",
    "ressortleiter", "autorin", "mitarbeiter", "fotograf", "redaktor", "dziennikar", "reporterka",
    "korespondent", "publicyst", "zpravodaj", "editor", "correspondent", "staff writer",
    "contributor", "senior writer", "writer", "columnist", "kolumnist", "reportér", "komentátor",
    "fotograf", "redaktorka",
)
# capitalised words that follow a byline's name on the same line but are never part of it
NAME_STOP_WORDS = (
    "Zuerst", "Aktualisiert", "Veröffentlicht", "Erschienen", "Stand", "Update", "Updated",
    "Published", "Posted", "Aktualizacja", "Aktualizováno", "Publikováno", "Foto", "Fotos", "Fot",
    "Bild", "Quelle", "Source", "Zdroj", "Źródło", "Am", "Um", "On", "Mit", "With", "Dnia", "Dne",
    "Lesezeit", "Min", "Minuten",
)
# possessives before a job title after 'Von': 'Von unserer Redakteurin Anna Weber'
ROLE_POSSESSIVES = ("unserem", "unserer", "unseren", "unser", "our", "nasz", "nasza", "náš", "naše")

# --- dates ----------------------------------------------------------------------------------------
# full month words per month number; a token is looked up here after lowercasing
MONTH_WORDS: dict[str, int] = {}
_MONTH_FORMS = (
    ("styczeń stycznia sty january jan januar jänner jän leden ledna led janvier enero gennaio", 1),
    ("luty lutego lut february feb februar únor února úno février febrero febbraio", 2),
    ("marzec marca mar march märz mrz březen března bře mars marzo", 3),
    ("kwiecień kwietnia kwi april apr duben dubna dub avril abril aprile", 4),
    ("maj maja may mai květen května kvě mai mayo maggio", 5),
    ("czerwiec czerwca cze june jun juni červen června čer juin junio giugno", 6),
    ("lipiec lipca lip july jul juli červenec července čvc juillet julio luglio", 7),
    ("sierpień sierpnia sie august aug srpen srpna srp août agosto", 8),
    ("wrzesień września wrz september sep sept září zář septembre septiembre settembre", 9),
    (
        "październik października paź october oct oktober okt říjen října říj octobre octubre "
        "ottobre",
        10,
    ),
    ("listopad listopada lis november nov listopadu novembre noviembre", 11),
    (
        "grudzień grudnia gru december dec dezember dez prosinec prosince pro décembre diciembre "
        "dicembre",
        12,
    ),
)
for _forms, _num in _MONTH_FORMS:
    for _w in _forms.split():
        MONTH_WORDS.setdefault(_w, _num)
WEEKDAYS = (
    "poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela", "pondělí",
    "úterý", "středa", "čtvrtek", "pátek", "sobota", "neděle", "montag", "dienstag", "mittwoch",
    "donnerstag", "freitag", "samstag", "sonntag", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "dziś", "dzisiaj", "dnes", "heute", "today",
)

# meta tags that carry the publication date, in order of trust
DATE_META_NAMES = (
    "article:published_time", "og:published_time", "article:published", "datepublished", "pubdate",
    "publishdate", "publish-date", "publish_date", "date", "dc.date", "dc.date.issued",
    "dcterms.created", "dcterms.date", "sailthru.date", "parsely-pub-date",
    "cxenseparse:recs:publishtime", "og:article:published_time",
)
MODIFIED_META_NAMES = (
    "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified",
    "og:article:modified_time",
)
# meta tags that name the site, never the headline
SITE_NAME_META = ("og:site_name", "application-name", "apple-mobile-web-app-title")
# class or id parts of the site's name or logo shown as a heading
BRAND_CLASS_PARTS = (
    "logo", "brand", "site-title", "site-name", "sitename", "site_title", "masthead",
)
SECTION_META_NAMES = (
    "article:section", "og:article:section", "section", "parsely-section", "cxenseparse:section",
)
AUTHOR_META_NAMES = (
    "author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl",
)
ARTICLE_TYPES = (
    "newsarticle", "article", "blogposting", "claimreview", "reportagenewsarticle",
    "analysisnewsarticle", "opinionnewsarticle", "report", "techarticle", "scholarlyarticle",
    "pressrelease",
)

# --- non-article pages ----------------------------------------------------------------------------
MORE_LINKS = (
    "czytaj dalej", "czytaj więcej", "więcej", "číst dále", "celý článek", "více", "weiterlesen",
    "mehr lesen", "mehr", "read more", "continue reading", "more", "lire la suite", "leggi tutto",
)
NON_ARTICLE_URL_PARTS = (
    "kontakt", "contact", "impressum", "imprint", "/tag/", "/tags/", "/kategoria/", "/category/",
    "/kategorie/", "/rubrika/", "/archiwum", "/archiv", "/search", "/szukaj", "/hledat", "/suche",
    "/autor/", "/author/",
)
# the word before N in the URL of page N of a listing (/strona/2/, /page/2/, /seite-2/)
PAGINATION_URL_WORDS = ("strona", "page", "seite", "strana", "stranka", "pagina", "p")
# class or id words of a listing's pager
PAGER_CLASSES = ("pagination", "pager", "paging", "page-numbers", "pagenav", "stronicowanie")
# path segments of tag, topic and category pages
TOPIC_URL_PARTS = (
    "tag", "tags", "tema", "temat", "tematy", "temata", "topic", "topics", "thema", "themen",
    "stichwort", "schlagwort", "schlagworte", "rubrika", "dzial", "section", "sekce",
)
# the last path segment (without .html) of privacy, cookie and terms pages
POLICY_PAGES = (
    "privacy", "privacy-policy", "privacy-notice", "cookie-policy", "cookies-policy", "cookies",
    "terms", "terms-of-use", "terms-of-service", "terms-and-conditions", "legal-notice",
    "polityka-prywatnosci", "polityka-cookies", "polityka-plikow-cookies", "regulamin",
    "regulamin-serwisu", "rodo", "ochrona-danych", "ochrana-osobnich-udaju", "ochrana-soukromi",
    "zasady-ochrany-osobnich-udaju", "zasady-cookies", "cookies-info", "podminky-uziti",
    "obchodni-podminky", "datenschutz", "datenschutzerklaerung", "datenschutzerklarung",
    "datenschutzhinweise", "nutzungsbedingungen", "agb", "gdpr", "mentions-legales",
    "politique-de-confidentialite", "privacidad", "politica-de-privacidad",
)
# words in a URL or headline that name a photo gallery (a cue only; the page must also be pictures)
GALLERY_WORDS = (
    "galeria", "galerie", "gallery", "fotogaleria", "fotogalerie", "bildergalerie", "fotostrecke",
    "slideshow", "zdjęcia", "zdjęciach", "fotky", "fotografie", "in pictures", "in bildern",
    "w obiektywie", "photos",
)

# --- plain-text documents: short widget lines ---
WIDGET_LINES = (
    "newsletter", "zapisz się", "zapisz", "subskrybuj", "subscribe", "partnerzy", "partneři",
    "partner", "skomentuj", "komentarze", "diskuse", "kommentare", "comments", "udostępnij",
    "sdílet", "teilen", "share", "drukuj", "tisk", "drucken", "print", "akceptuję", "akceptuje",
    "zamknij", "zavřít", "schließen", "close", "ok", "rozumiem", "souhlasím", "accept", "logowanie",
    "rejestracja", "zaloguj", "přihlásit", "anmelden", "login", "wyszukaj", "szukaj", "hledat",
    "suche", "search", "menu", "nawigacja", "reklama", "anzeige", "inzerce", "datenschutz",
    "impressum", "polityka prywatności", "ochrana osobních údajů", "privacy policy", "cookies",
    "drukuj artykuł", "wersja do druku", "tisknout", "druckversion", "nach oben", "do góry",
    "nahoru", "top", "back to top", "článek",
)

# --- related / most-read boxes: a short header line after which the article is over ---
RELATED_HEADERS = (
    "další články", "další články z rubriky", "doporučené články", "další zprávy",
    "související články", "související", "hlavní zprávy", "nejčtenější", "exkluzivní zprávy",
    "mohlo by vás zajímat", "doporučujeme", "najczęściej czytane", "najnowsze", "polecane",
    "polecamy", "zobacz także", "zobacz też", "czytaj także", "powiązane artykuły", "inne artykuły",
    "weitere artikel", "mehr zum thema", "das könnte sie auch interessieren", "meistgelesen",
    "empfehlungen", "related articles", "related stories", "related posts", "related",
    "more stories", "more from", "most read", "most popular", "read next", "you may also like",
    "recommended", "top stories", "latest news", "trending", "metryka", "metryczka",
    "metryczka strony", "informacje o publikacji",
)
RIGHTS_PHRASES = (
    "all rights reserved", "wszelkie prawa zastrzeżone", "všechna práva vyhrazena",
    "alle rechte vorbehalten", "tous droits réservés", "todos los derechos reservados",
    "tutti i diritti riservati", "copyright ©", "chroniony prawem autorskim", "chráněno autorským",
    "urheberrechtlich geschützt", "zasady przedruków", "bez písemného souhlasu",
    "bez pisemnej zgody", "without written permission", "ohne schriftliche genehmigung",
    "vervielfältigung nur mit genehmigung", "jakékoliv užití obsahu", "jakékoli užití obsahu",
    "převzetí článků", "bez souhlasu vydavatele", "bez zgody wydawcy",
    "ohne zustimmung des verlags",
)
# a publisher's masthead lines under the article: contacts and news-agency credits
MASTHEAD_PHRASES = (
    "kontakt na redakci", "informační servis čtk", "kontakt z redakcją", "kontakt zur redaktion",
    "contact the newsroom",
)
# class or id parts of promotion boxes inside an article: sign-ups, appeals, series and video boxes
PROMO_BOX_PARTS = (
    "newsletter", "series-box", "seriesbox", "serie-box", "article-series", "donat", "spende",
    "support-box", "supportbox", "wesprzyj", "wsparcie", "podporte", "inline-video", "video-teaser",
    "videoteaser", "teaser-inline", "inline-teaser", "most-read", "mostread", "meistgelesen",
    "najpopularniejsze", "nejctenejsi", "related-inline", "inline-related",
)
# labels of teaser cards, alone on a line: 'Liveblog', 'mit Video', 'Interview'
CARD_LABELS = (
    "liveblog", "live", "mit video", "video", "audio", "podcast", "interview", "thema", "exklusiv",
    "plus", "z+", "premium", "newsblog", "ticker", "wideo", "galeria", "live-ticker",
)
# a short line that opens a series box or lists one of its parts
SERIES_PREFIXES = ("Serie:", "Series:", "Seria:", "Seriál:", "Alle Folgen", "Alle Teile")
SERIES_PART = r"^(?:Teil|Folge|Part|Część|Odcinek|Díl|Episode)\s+\d{1,2}\s*[:|–-]"
# a link to a video or an audio with its running time: 'Video ansehen: Rundgang (1:48)'
MEDIA_DURATION = (
    r"\(\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:min\.?)?\s*\)\s*$"
    r"|\|\s*\d{1,2}:\d{2}(?::\d{2})?\s*min\.?\s*$"  # '18.04.2024 | 0:21 min'
)
MEDIA_PREFIXES = (
    "Video:", "Video ansehen", "Zum Video", "Audio:", "Zobacz wideo", "Zobacz film", "Wideo:",
    "Watch:", "Watch the video", "Podívejte se na video", "Přehrát video",
)
# qualifiers after a 'most read' header: 'Meistgelesen in diesem Monat', 'Most read this week'
RELATED_QUALIFIERS = (
    "this month", "this week", "today", "in diesem monat", "diesen monat", "der woche",
    "des monats", "heute", "w tym miesiącu", "w tym tygodniu", "tygodnia", "miesiąca", "dzisiaj",
    "za měsíc", "za týden", "tohoto měsíce", "dnes",
)
# the call to action that closes a long appeal: 'Sind Sie dabei? Jetzt unterstützen'
APPEAL_ENDINGS = (
    "jetzt unterstützen", "jetzt spenden", "jetzt abonnieren", "hier unterstützen", "support us",
    "donate now", "subscribe now", "wesprzyj nas", "wesprzyj", "podpořte nás", "podpořit",
)
PROMO_PHRASES = (
    "braucht deine unterstützung", "braucht ihre unterstützung",
    "wie hat ihnen dieser artikel gefallen", "durchschnittliche bewertung",
    "unterstützen sie unsere arbeit", "unterstützen sie unabhängigen", "jetzt spenden",
    "mit einer spende", "support independent journalism", "przekaż darowiznę",
    "wspieraj dziennikarstwo", "podpořte nezávislou", "darujte",
    "wesprzyj nas", "wspieraj nas", "przekaż nam 1%", "podpořte nás", "podpořit nás",
    "unterstützen sie uns", "jetzt unterstützen", "support us", "support our journalism",
    "donate now", "zostań patronem", "zapraszamy do subskrypcji", "zapraszamy też do subskrypcji",
    "jetzt abonnieren", "předplaťte si", "subscribe now", "podcastových aplikacích",
    "podcastových aplikací", "aplikacjach podcastowych", "podcast-apps", "podcast apps",
)
LOGIN_TO_COMMENT = (
    r"zaloguj się,? (?:lub|aby|by)", r"musisz być zalogowany", r"přihlaste se,? (?:a|abyste|pro)",
    r"(?:log|sign) in to (?:comment|post|reply)", r"um (?:zu )?kommentieren",
    r"melden sie sich an,? um", r"you must be logged in",
)

# navigation lines: breadcrumbs, language switchers, office hours and visit counters
BREADCRUMB_PREFIXES = (
    "Jesteś tutaj", "Jesteś w:", "Znajdujesz się", "Nacházíte se", "Jste zde", "Sie sind hier",
    "Sie befinden sich", "You are here", "Vous êtes ici", "Strona główna »", "Úvod »", "Home »",
    "Startseite »",
)
LANGUAGE_NAMES = (
    "deutsch", "english", "polski", "čeština", "česky", "français", "español", "italiano",
    "русский", "українська", "slovenčina", "magyar", "en", "de", "pl", "cz", "cs", "fr",
)
OFFICE_PHRASES = (
    "godziny pracy", "godziny otwarcia", "úřední hodiny", "otevírací doba", "öffnungszeiten",
    "sprechzeiten", "opening hours", "office hours", "odwiedzin:", "liczba odwiedzin", "návštěv:",
    "besucher:",
)
