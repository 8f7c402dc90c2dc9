"""Render the sample portal (demo/sites/<site>/) and demo/expected.yaml from articles/*.md.

Run: ``python demo/sites/_src/build.py`` (needs PyYAML). Each article is a Markdown-ish file with
YAML front matter; member mentions are marked ``{{member-id|surface form}}`` in title and body.
The marks are stripped from the pages and counted into expected.yaml, so the ground truth
cannot drift from the text. Folders starting with "_" are never served by the devserver.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import documents as files
import render as r
import yaml
from chrome import AD_LABEL, COOKIE, SITES

HERE = Path(__file__).resolve().parent
STYLE = """\
body{font-family:sans-serif;max-width:70em;margin:auto;padding:0 1em;color:#222}
.main-nav ul,.horni-lista{list-style:none;display:flex;gap:1.5em;padding:.5em;background:#eef}
.pasek-wiadomosci{white-space:nowrap;overflow:hidden;background:#fee;font-size:.9em}
.pasek-wiadomosci .scroll-item{display:inline-block;padding-right:3em}
.pasek-wiadomosci p{margin:.3em 0}
#content,#obsah{float:left;width:68%}.sidebar,#pravy-sloupec{float:right;width:28%}
.site-footer,.paticka{clear:both;border-top:1px solid #ccc;font-size:.85em;color:#666}
.meta,.breadcrumbs,figcaption,.data{color:#666;font-size:.9em}
.adslot{border:1px dashed #ccc;padding:2em;text-align:center;color:#999;font-size:.8em}
"""
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parents[1]
DATE_SOURCE = {"jsonld": "json-ld", "meta": "meta", "time": "time", "text": "text",
               "text_dotted": "text"}
LEGACY_HEADER = {  # how the server announces a legacy page: in the header, or not at all
    "iso-8859-2": "text/html; charset=iso-8859-2",
    "windows-1250": "text/html",
}
MIN_WORDS, MAX_WORDS = 150, 400


def load_article(path: Path, site: str) -> r.Article:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    a: r.Article = yaml.safe_load(front)
    if a.get("body_from"):
        body = load_raw_body(HERE / "articles" / a["body_from"])
    a.update(site=site, body=body, file=f"{site}/{path.name}")
    a.setdefault("author", None)
    a["title_marked"] = a["title"]
    a["title"], a["title_counts"] = r.strip(a["title"])
    text, _ = r.strip(a["body"])
    a["counts"] = r.strip(a["title_marked"] + "\n\n" + a["body"])[1]
    a["words"] = len(text.replace("## ", "").split())
    a.setdefault("persons", [])
    for name in a["persons"]:
        if name not in text:
            raise SystemExit(f"{path}: person {name!r} is not in the text")
    if not MIN_WORDS <= a["words"] <= MAX_WORDS:
        raise SystemExit(f"{path}: {a['words']} words, want {MIN_WORDS}-{MAX_WORDS}")
    return a


def load_raw_body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


def load_articles() -> dict[str, list[r.Article]]:
    out = {}
    for sid in SITES:
        arts = [load_article(p, sid) for p in sorted((HERE / "articles" / sid).glob("*.md"))]
        listings = SITES[sid]["listings"]
        for a in arts:
            a["listing"] = next(base for base, _, _, _, lang, _ in listings
                                if lang in (None, a["lang"]))
        out[sid] = arts
    return out


def site_pages(sid: str, arts: list[r.Article]) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """HTML pages of one site by URL path, and the non-article pages' kinds."""
    site = SITES[sid]
    pages = {a["path"]: r.article_html(site, a, arts) for a in arts}
    kinds: dict[str, dict[str, str]] = {}
    for base, pattern, per, heading, lang, banner in site["listings"]:
        chosen = [a for a in arts if lang in (None, a["lang"])]
        group = r.listing(site, chosen, base, pattern, per, heading, lang or site["lang"], banner)
        pages.update(group)
        kinds.update({p: {"kind": "listing"} for p in group})
    member, base, heading, banner = site["tag"]
    tagged = [a for a in arts if member in a["counts"]]
    group = r.listing(site, tagged, base, "strona/{}/", 10, heading, site["lang"], banner)
    for old, new in site.get("redirects", {}).items():  # the tag page still links old URLs
        group = {p: t.replace(f'href="{new}"', f'href="{old}"') for p, t in group.items()}
    pages.update(group)
    kinds.update({p: {"kind": "tag"} for p in group})
    add_galleries(site, pages, kinds)
    title, intro, banner = site["home"]
    newest = sorted(arts, key=lambda a: a["date"])[-3:]
    feed_link = '<p><a href="/rss.xml">RSS</a></p>' if site["feed"] else ""
    pages["/"] = r.simple_page(site, site["lang"], title, [intro], banner,
                               "".join(r.teaser(a) for a in reversed(newest)) + feed_link)
    kinds["/"] = {"kind": "home"}
    for path, (kind, title, paras, banner) in site["pages"].items():
        pages[path] = r.simple_page(site, site["lang"], title, paras, banner)
        if not any(path.startswith(d) for d in site["disallow"]):
            kinds[path] = {"kind": kind}
    return pages, kinds


def add_galleries(site: r.Site, pages: dict[str, str], kinds: dict[str, dict[str, str]]) -> None:
    """Gallery pages, teased on the first page of the site's first listing."""
    first = site["listings"][0][0]
    for g in site.get("galleries", []):
        pages[g["path"]] = r.gallery(site, g)
        kinds[g["path"]] = {"kind": "gallery"}
        teaser = (f'<div class="teaser"><h2><a href="{g["path"]}">{r.e(g["title"])}</a></h2>'
                  f'<span class="data">{r.numeric_date(g["date"])}</span></div>')
        pages[first] = pages[first].replace('<div class="pagination">',
                                            teaser + '<div class="pagination">', 1)


def write_site(root: Path, sid: str, pages: dict[str, str], arts: list[r.Article]) -> None:
    site, d = SITES[sid], root / sid
    encodings = {a["path"]: a.get("encoding", "utf-8") for a in arts}
    headers: dict[str, dict[str, Any]] = {}
    for path, text in pages.items():
        f = d / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        f.parent.mkdir(parents=True, exist_ok=True)
        enc = encodings.get(path, "utf-8")
        f.write_bytes(text.encode(enc, errors="xmlcharrefreplace"))  # &#8222; as old CMSs did
        if enc != "utf-8":
            headers[path] = {"content_type": LEGACY_HEADER[enc]}
    (d / "robots.txt").write_text(r.robots(site["disallow"]), encoding="utf-8")
    if site["sitemap"]:
        (d / "sitemap.xml").write_text(r.sitemap(arts), encoding="utf-8")
        headers["/sitemap.xml"] = {"content_type": "application/xml; charset=utf-8"}
    for old, new in site.get("redirects", {}).items():
        headers[old] = {"status": 301, "location": new}
    if site["feed"]:
        (d / "rss.xml").write_text(r.rss(site, arts), encoding="utf-8")
        headers["/rss.xml"] = {"content_type": "application/rss+xml; charset=utf-8"}
    static = d / "static"
    static.mkdir(exist_ok=True)
    (static / "style.css").write_text(STYLE, encoding="utf-8")
    for name in ("app.js", "gtm.js"):
        (static / name).write_text("/* inert in the sample portal */\n", encoding="utf-8")
    note = ("# Response overrides for clusterwatch/devserver.py (content_type, status, location).\n"
            "# Generated by _src/build.py.\n")
    (d / "_headers.yaml").write_text(note + yaml.safe_dump(headers, sort_keys=True),
                                     encoding="utf-8")


def expected_article(a: r.Article) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "path": a["path"], "site": a["site"], "language": a["lang"], "title": a["title"],
        "published": a["date"], "author": a["author"], "members": a["counts"],
        "persons": a["persons"],
        "is_article": True, "encoding": a.get("encoding", "utf-8"),
        "date_source": DATE_SOURCE[a["date_form"]], "words": a["words"],
        "first_sentence": r.first_sentence(a), "caption": a.get("caption"),
        "source_line": a.get("source_line"), "source_file": a["file"],
        "text": r.clean_text(a),
    }
    for key, name in (("title_counts", "members_in_title"), ("updated", "updated"),
                      ("syndicated_from", "duplicate_of"), ("hostile", "hostile")):
        if a.get(key):
            entry[name] = a[key]
    return entry


def expected_site(sid: str, arts: list[r.Article]) -> dict[str, Any]:
    site = SITES[sid]
    return {
        "name": site["name"], "port": site["port"],
        "languages": sorted({a["lang"] for a in arts}),
        "robots_disallow": site["disallow"],
        "sitemap": "/sitemap.xml" if site["sitemap"] else None,
        "feed": "/rss.xml" if site["feed"] else None,
        "ticker": (f'{site["ticker_label"]} ' + " • ".join(site["ticker"])
                   if site["ticker"] else None),
        "boilerplate": [COOKIE[site["lang"]][1], site["footer"][1], site["most_read"][0],
                        AD_LABEL[site["lang"]]],
    }


class _Dumper(yaml.SafeDumper):
    """Multi-line strings (article texts) as literal blocks, readable in a diff."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)

HEADER = """\
# Ground truth for the bundled sample portal. GENERATED by demo/sites/_src/build.py: edit the
# articles there and rebuild; never edit this file by hand.
# members: mentions of registry members in the article's title + main text, counted as written
#   (inflected forms and compounds count; look-alikes such as Grupa Azoty Police or Grupa Azoty
#   S.A. do not; names in menus, tickers, captions, source lines, related boxes, banners don't).
# published: the publication date (never the 'updated' date, never a related item's date).
# persons: the (invented) people named in the main text, as written there (bylines excluded).
# text: the main text an extractor should return (lead, paragraphs, subheadings; no caption,
#   no source line), paragraphs separated by a blank line.
# non_articles: pages a crawler reaches that are not articles (a gallery's URL looks like an
#   article's); disallowed: robots.txt forbids them; redirects: old URLs answering 301 to an
#   article (one document, not two); broken: linked article URLs answering 404 (logged, skipped).
# documents: PDF/DOCX files linked from a listing (the scan is read by OCR when Tesseract is
#   installed); members: the registry members their text names.
"""


def main() -> None:
    sites_dir = OUT / "sites"
    expected: dict[str, Any] = {"sites": {}, "articles": [], "non_articles": [], "disallowed": [],
                                "redirects": [], "broken": [], "documents": []}
    for sid, arts in load_articles().items():
        if (sites_dir / sid).exists():  # only the generated folders; _src stays
            shutil.rmtree(sites_dir / sid)
        pages, kinds = site_pages(sid, arts)
        if sid == files.SITE:  # document files linked from the first listing page
            pages[files.LISTING] = pages[files.LISTING].replace(
                '<div class="pagination">', files.links_box() + '<div class="pagination">', 1)
        write_site(sites_dir, sid, pages, arts)
        if sid == files.SITE:
            expected["documents"] += files.write_documents(sites_dir / sid)
        expected["sites"][sid] = expected_site(sid, arts)
        expected["articles"] += [expected_article(a) for a in sorted(arts, key=lambda a: a["path"])]
        expected["non_articles"] += [{"path": p, "site": sid, "is_article": False, **k}
                                     for p, k in sorted(kinds.items())]
        expected["disallowed"] += [{"path": p, "site": sid} for p in sorted(pages)
                                   if any(p.startswith(d) for d in SITES[sid]["disallow"])]
        expected["redirects"] += [{"path": old, "site": sid, "status": 301, "location": new}
                                  for old, new in SITES[sid].get("redirects", {}).items()]
        expected["broken"] += [{"path": p, "site": sid, "status": 404}
                               for p in SITES[sid].get("dead_links", {}).values()]
    text = yaml.dump(expected, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    (OUT / "expected.yaml").write_text(HEADER + text, encoding="utf-8")
    langs: dict[str, int] = {}
    for a in expected["articles"]:
        langs[a["language"]] = langs.get(a["language"], 0) + 1
    sys.stdout.write(f"{len(expected['articles'])} articles {langs} -> {OUT}\n")


if __name__ == "__main__":
    main()
