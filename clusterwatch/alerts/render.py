"""Rendering a digest: plain text and HTML with the project's Jinja2, and the subject line.

Every crawled string reaches the HTML through Jinja2's autoescaping; the text part and the
subject get crawled strings on one line, without control characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from clusterwatch.alerts.digest import Digest
from clusterwatch.alerts.text import one_line
from clusterwatch.web.i18n import Catalog
from clusterwatch.web.render import safe_url

TEMPLATES = Path(__file__).parent / "templates"
MAX_SUBJECT = 150


@dataclass
class Rendered:
    subject: str
    text: str
    html: str


def _env(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                             autoescape=autoescape, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["safe_url"] = safe_url
    env.filters["one_line"] = one_line
    return env


_HTML = _env(True)
_TEXT = _env(False)


def subject(digest: Digest, catalog: Catalog, lang: str) -> str:
    text = catalog.text("mail_subject", lang, name=one_line(digest.alert.name, 80),
                        n=digest.count)
    return one_line(text, MAX_SUBJECT)


def render_digest(digest: Digest, catalog: Catalog, lang: str) -> Rendered:
    def t(key: str, **values: object) -> str:
        return catalog.text(key, lang, **values)

    values = {"d": digest, "t": t, "lang": lang,
              "fdate": lambda v: catalog.format_date(v, lang)}
    return Rendered(subject=subject(digest, catalog, lang),
                    text=_TEXT.get_template("digest.txt").render(values),
                    html=_HTML.get_template("digest.html").render(values))
