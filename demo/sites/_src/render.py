"""HTML of the sample portal's pages: chrome (banners, menus, tickers, footers) and articles."""

from __future__ import annotations

import html
import json
import re
import zlib
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from chrome import AD_LABEL, ANALYTICS, COOKIE, LABELS, MONTHS, SHARE

Article = dict[str, Any]
Site = dict[str, Any]

MARK = re.compile(r"\{\{([a-z0-9-]+)\|([^}]+)\}\}")
TZ = {"pl": "Europe/Warsaw", "cs": "Europe/Prague", "de": "Europe/Berlin", "en": "Europe/London"}
e = html.escape


def strip(text: str) -> tuple[str, dict[str, int]]:
    """Text without the ``{{member|surface}}`` marks, and the mention count per member."""
    counts: dict[str, int] = {}
    for m in MARK.finditer(text):
        counts[m[1]] = counts.get(m[1], 0) + 1
    return MARK.sub(lambda m: m[2], text), dict(sorted(counts.items()))


def paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.strip().split("\n\n") if p.strip()]


def clean_text(a: Article) -> str:
    """The article's main text as an extractor should return it: paragraphs and subheadings."""
    return "\n\n".join(strip(p.removeprefix("## "))[0] for p in paragraphs(a["body"]))


def lead_of(a: Article) -> str:
    return strip(paragraphs(a["body"])[0])[0]


def first_sentence(a: Article) -> str:
    return lead_of(a).split(". ")[0].rstrip(".") + "."


def iso(a: Article) -> str:
    d = date.fromisoformat(a["date"])
    h, m = map(int, (a.get("time") or "08:00").split(":"))
    return datetime(d.year, d.month, d.day, h, m, tzinfo=ZoneInfo(TZ[a["lang"]])).isoformat()


def human_date(d: str, lang: str, form: str) -> str:
    x = date.fromisoformat(d)
    if form == "text_dotted":
        return f"{x.day:02d}.{x.month:02d}.{x.year} r."
    mon = MONTHS[lang][x.month - 1]
    return f"{x.day}. {mon} {x.year}" if lang in ("cs", "de") else f"{x.day} {mon} {x.year}"


def numeric_date(d: str, hhmm: str | None = None) -> str:
    x = date.fromisoformat(d)
    return f"{x.day:02d}.{x.month:02d}.{x.year}" + (f", {hhmm}" if hhmm else "")


# ---------------------------------------------------------------- chrome

def banner(kind: str, lang: str) -> str:
    title, text, yes, no, more = (e(s) for s in COOKIE[lang])
    if kind == "onetrust":
        return (
            '<div id="onetrust-consent-sdk"><div class="onetrust-pc-dark-filter"></div>'
            f'<div id="onetrust-banner-sdk" class="otFlat" role="dialog" aria-label="{title}">'
            f'<div id="onetrust-policy"><h2 id="onetrust-policy-title">{title}</h2>'
            f'<p id="onetrust-policy-text">{text} '
            '<a href="/polityka-prywatnosci.html">Polityka prywatności</a></p></div>'
            f'<div id="onetrust-button-group"><button id="onetrust-pc-btn-handler">{more}</button>'
            f'<button id="onetrust-reject-all-handler">{no}</button>'
            f'<button id="onetrust-accept-btn-handler">{yes}</button></div></div></div>')
    if kind == "didomi":
        return (
            '<div id="didomi-host" data-nosnippet="true"><div class="didomi-popup-backdrop">'
            '<div id="didomi-popup" class="didomi-popup-container" role="dialog">'
            f'<h1 id="didomi-notice-title">{title}</h1>'
            f'<div id="didomi-notice-text"><p>{text}</p></div>'
            f'<button id="didomi-notice-learn-more-button">{more}</button>'
            f'<button id="didomi-notice-disagree-button">{no}</button>'
            f'<button id="didomi-notice-agree-button">{yes}</button></div></div></div>')
    if kind == "cookiebot":
        return (
            '<div id="CybotCookiebotDialog" name="CybotCookiebotDialog" role="dialog" '
            'class="CybotCookiebotDialogActive"><div id="CybotCookiebotDialogBody">'
            f'<h2 id="CybotCookiebotDialogBodyContentTitle">{title}</h2>'
            f'<div id="CybotCookiebotDialogBodyContentText"><p>{text}</p></div>'
            f'<a id="CybotCookiebotDialogBodyButtonDecline" href="#">{no}</a> '
            f'<a id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll" href="#">{yes}</a>'
            '</div></div>')
    # a bare banner: no vendor ids, no telling class, only inline style
    return ('<div style="position:fixed;bottom:0;left:0;right:0;background:#222;color:#fff;'
            f'padding:12px;z-index:999"><p>{text}</p>'
            f'<p><a href="#" style="color:#fc0">{yes}</a></p></div>')


def ticker(site: Site) -> str:
    if not site["ticker"]:
        return ""
    items = " • ".join(e(t) for t in site["ticker"])
    label = e(site["ticker_label"])
    one = f'<div class="scroll-item"><p><strong>{label}</strong> {items}</p></div>'
    return f'<div class="pasek-wiadomosci" aria-hidden="true">{one * 3}</div>'


def menu(site: Site, old: bool) -> str:
    if old:
        cells = " | ".join(f'<a href="{u}">{e(t)}</a>' for u, t in site["menu"])
        return f'<div class="horni-lista"><div class="odkazy">{cells}</div></div>'
    links = "".join(f'<li><a href="{u}">{e(t)}</a></li>' for u, t in site["menu"])
    return f'<nav class="main-nav" aria-label="menu"><ul>{links}</ul></nav>'


def footer(site: Site, old: bool) -> str:
    lines = "".join(f"<p>{e(t)}</p>" for t in site["footer"])
    if old:
        return f'<div class="paticka">{lines}</div>'
    return f'<footer class="site-footer">{lines}</footer>'


def head(title: str, lang: str, charset: str, extra: str) -> str:
    meta = ('<meta charset="utf-8">' if charset == "utf-8"
            else f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">')
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n{meta}\n<title>{e(title)}</title>\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<link rel="stylesheet" href="/static/style.css">\n{extra}{ANALYTICS}</head>\n')


def most_read(site: Site, lang: str) -> str:
    dead = site.get("dead_links", {})
    items = "".join(f'<li><a href="{dead.get(t, "/")}">{e(t)}</a></li>' for t in site["most_read"])
    return (f'<div class="box most-read"><h3>{e(LABELS[lang]["most_read"])}</h3>'
            f"<ol>{items}</ol></div>")


def page(site: Site, lang: str, title: str, main: str, banner_kind: str, *, charset: str = "utf-8",
         extra_head: str = "", crumbs: str = "") -> str:
    """A whole page: the Czech site has an old div layout, the others HTML5 landmarks."""
    old = site["lang"] == "cs"
    name = e(site["name"])
    aside = most_read(site, lang)
    if old:
        top = f'<div id="top"><a class="logo" href="/">{name}</a></div>'
        middle = f'<div id="obsah">{crumbs}{main}</div><div id="pravy-sloupec">{aside}</div>'
    else:
        top = f'<header class="site-header"><a class="logo" href="/">{name}</a></header>'
        middle = f'<main id="content">{crumbs}{main}</main><aside class="sidebar">{aside}</aside>'
    body = (f'<body class="lang-{lang}">\n{banner(banner_kind, lang)}\n{top}\n{menu(site, old)}\n'
            f"{ticker(site)}\n{middle}\n{footer(site, old)}\n"
            '<script src="/static/app.js"></script>\n</body>\n</html>\n')
    return head(f'{title}{site["sep"]}{site["name"]}', lang, charset, extra_head) + body


# ---------------------------------------------------------------- articles

def ad_slot(lang: str) -> str:
    """An advertisement inside the article body, as portals insert them after a paragraph."""
    return (f'<div class="adslot" data-slot="in-article"><span class="ad-label">{AD_LABEL[lang]}'
            '</span><script>window.adq=window.adq||[];adq.push({slot:"in-article"});</script>'
            '<noscript><a href="/reklama/">Reklama / Advertising</a></noscript></div>')


def render_body(body: str, caption: str | None, lang: str) -> str:
    out = []
    for i, p in enumerate(paragraphs(body)):
        if i == 3:
            out.append(ad_slot(lang))
        text = e(strip(p)[0])
        if p.startswith("## "):
            out.append(f"<h2>{text[3:]}</h2>")
        elif i == 0:
            out.append(f'<p class="lead"><strong>{text}</strong></p>')
            if caption:
                img = f"/img/foto-{zlib.crc32(caption.encode()) % 9999}.jpg"
                out.append(f'<figure class="photo"><img src="{img}" alt="">'
                           f"<figcaption>{e(caption)}</figcaption></figure>")
        else:
            out.append(f"<p>{text}</p>")
    return "\n".join(out)


def dateline(a: Article) -> str:
    form, lang = a["date_form"], a["lang"]
    if form == "time":
        shown = numeric_date(a["date"], a.get("time"))
        out = f'<time datetime="{iso(a)}" class="published">{shown}</time>'
    elif form in ("text", "text_dotted"):
        out = f'<span class="data">{human_date(a["date"], lang, form)}</span>'
    else:  # json-ld / meta: a visible date too, the machine-readable one in the head
        out = f'<span class="data">{numeric_date(a["date"], a.get("time"))}</span>'
    if a.get("updated"):
        label = e(LABELS[lang]["updated"])
        out += f' <span class="updated">{label} {numeric_date(a["updated"], "08:12")}</span>'
    if a.get("author"):
        name = f'<span class="author-name">{e(a["author"])}</span>'
        out += f' <span class="autor">{e(LABELS[lang]["byline"])} {name}</span>'
    return f'<div class="meta">{out}</div>'


def article_head(a: Article) -> str:
    out = [f'<link rel="canonical" href="{a["path"]}">',
           f'<meta name="description" content="{e(lead_of(a))}">',
           f'<meta property="og:title" content="{e(a["title"])}">',
           '<meta property="og:type" content="article">']
    if a["date_form"] == "meta":
        out.append(f'<meta property="article:published_time" content="{iso(a)}">')
        if a.get("author"):
            out.append(f'<meta name="author" content="{e(a["author"])}">')
    if a["date_form"] == "jsonld":
        ld: dict[str, Any] = {"@context": "https://schema.org", "@type": "NewsArticle",
                              "headline": a["title"], "datePublished": iso(a),
                              "inLanguage": a["lang"]}
        if a.get("author"):
            ld["author"] = {"@type": "Person", "name": a["author"]}
        blob = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
        out.append(f'<script type="application/ld+json">{blob}</script>')
    return "\n".join(out) + "\n"


def related(a: Article, others: list[Article]) -> str:
    picks = [o for o in others if o["path"] != a["path"]][:3]
    items = "".join(f'<li><a href="{o["path"]}">{e(o["title"])}</a> '
                    f'<span class="data">{numeric_date(o["date"])}</span></li>' for o in picks)
    label = e(LABELS[a["lang"]]["related"])
    return f'<div class="related-box"><h3>{label}</h3><ul>{items}</ul></div>'


def article_tail(a: Article) -> str:
    share, lab = SHARE[a["lang"]], LABELS[a["lang"]]
    src = f'<p class="zrodlo source">{e(a["source_line"])}</p>' if a.get("source_line") else ""
    return (f'{src}<div class="share-buttons">'
            f'<a href="https://www.facebook.com/sharer/sharer.php?u={a["path"]}">{e(share[0])}</a> '
            f'<a href="https://twitter.com/intent/tweet?url={a["path"]}">{e(share[1])}</a> '
            f'<a href="mailto:?subject={e(a["title"])}">{e(share[2])}</a></div>'
            f'<a class="comments-count" href="#komentarze">{e(lab["comments"])} '
            f'({a.get("comments", 0)})</a>')


def article_html(site: Site, a: Article, others: list[Article]) -> str:
    lab = LABELS[a["lang"]]
    crumbs = (f'<div class="breadcrumbs"><a href="/">{e(lab["home"])}</a> › '
              f'<a href="{a["listing"]}">{e(a["section"])}</a> › '
              f'<span>{e(a["title"])}</span></div>')
    body = render_body(a["body"], a.get("caption"), a["lang"])
    inner = f'<h1>{e(a["title"])}</h1>\n{dateline(a)}\n{body}\n{article_tail(a)}'
    old = site["lang"] == "cs"
    main = f'<div class="clanek">{inner}</div>' if old else f"<article>{inner}</article>"
    return page(site, a["lang"], a["title"], main + related(a, others), a["banner"],
                charset=a.get("encoding", "utf-8"), extra_head=article_head(a), crumbs=crumbs)


# ---------------------------------------------------------------- listings and other pages

def teaser(a: Article) -> str:
    return (f'<div class="teaser"><h2><a href="{a["path"]}">{e(a["title"])}</a></h2>'
            f'<span class="data">{numeric_date(a["date"])}</span><p>{e(first_sentence(a))}</p>'
            f'<a class="more" href="{a["path"]}">»</a></div>')


def pager(base: str, pattern: str, n: int, cur: int, lang: str) -> str:
    def url(i: int) -> str:
        return base if i == 1 else base + pattern.format(i)

    lab = LABELS[lang]
    links = [f'<a href="{url(i)}">{i}</a>' if i != cur else f"<span>{i}</span>"
             for i in range(1, n + 1)]
    if cur > 1:
        links.insert(0, f'<a rel="prev" href="{url(cur - 1)}">‹ {e(lab["prev"])}</a>')
    if cur < n:
        links.append(f'<a rel="next" href="{url(cur + 1)}">{e(lab["next"])} ›</a>')
    return f'<div class="pagination">{" ".join(links)}</div>'


def listing(site: Site, arts: list[Article], base: str, pattern: str, per: int, heading: str,
            lang: str, banner_kind: str) -> dict[str, str]:
    """Paginated listing pages, newest first: ``base``, ``base + pattern.format(2)``, …"""
    arts = sorted(arts, key=lambda a: a["date"], reverse=True)
    chunks = [arts[i:i + per] for i in range(0, len(arts), per)]
    out = {}
    for i, chunk in enumerate(chunks, 1):
        path = base if i == 1 else base + pattern.format(i)
        title = heading if i == 1 else f'{heading} – {LABELS[lang]["page"]} {i}'
        main = (f"<h1>{e(title)}</h1>" + "".join(teaser(a) for a in chunk)
                + pager(base, pattern, len(chunks), i, lang))
        out[path] = page(site, lang, title, main, banner_kind)
    return out


def gallery(site: Site, g: dict[str, Any]) -> str:
    """A photo gallery: an article-like URL, a headline and a date, but only captions."""
    lang = site["lang"]
    photos = "".join(f'<figure><img src="/img/galeria-{i}.jpg" alt=""><figcaption>{e(c)}'
                     "</figcaption></figure>" for i, c in enumerate(g["captions"], 1))
    main = (f'<article class="galeria"><h1>{e(g["title"])}</h1><div class="meta">'
            f'<span class="data">{numeric_date(g["date"])}</span></div>'
            f'<p class="lead">{e(g["intro"])}</p>{photos}{article_tail({**g, "lang": lang})}'
            "</article>")
    return page(site, lang, g["title"], main, g["banner"])


def simple_page(site: Site, lang: str, title: str, paras: list[str], banner_kind: str,
                extra: str = "") -> str:
    main = f"<h1>{e(title)}</h1>" + "".join(f"<p>{e(p)}</p>" for p in paras) + extra
    return page(site, lang, title, main, banner_kind)


def robots(disallow: list[str]) -> str:
    lines = ["# robots.txt", "User-agent: *", *(f"Disallow: {d}" for d in disallow),
             "", "User-agent: BadBot", "Disallow: /", ""]
    return "\n".join(lines)


def sitemap(arts: list[Article]) -> str:
    """Root-relative <loc>s: any port works (the crawler joins them with the sitemap's URL)."""
    urls = "".join(f"<url><loc>{a['path']}</loc><lastmod>{a['date']}</lastmod></url>\n"
                   for a in sorted(arts, key=lambda a: a["path"]))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n")


def rss(site: Site, arts: list[Article]) -> str:
    """RSS 2.0 with root-relative <link>s (see sitemap)."""
    items = ""
    for a in sorted(arts, key=lambda a: a["date"], reverse=True):
        when = datetime.fromisoformat(iso(a)).strftime("%a, %d %b %Y %H:%M:%S %z")
        items += (f"<item><title>{e(a['title'])}</title><link>{a['path']}</link>"
                  f"<guid isPermaLink=\"false\">{a['path']}</guid><pubDate>{when}</pubDate>"
                  f"<description>{e(lead_of(a))}</description></item>\n")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
            f"<title>{e(site['name'])}</title><link>/</link>"
            f"<description>{e(site['footer'][0])}</description>\n"
            f"<language>{site['lang']}</language>\n{items}</channel></rss>\n")
