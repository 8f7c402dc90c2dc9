"""End to end on the bundled sample portal: crawl it over HTTP with the real engine, add an
alert on a member, run the alerts: one digest (real SMTP) with that member's articles. Then one
new article appears on the portal; ``nightly`` crawls it and runs the alerts: the next digest
holds only that article."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
import yaml

from clusterwatch.devserver import SiteServer
from tests.alerts.conftest import Inbox
from tests.alerts.test_cli_alerts import CODE, _env
from tests.e2e.test_crawl_e2e import DEMO_CONFIG, SITES, _config

pytestmark = pytest.mark.slow

MEMBER = "grupa-azoty-zak"
PUBLIC = "https://cw.example.org"
OLD = "/wiadomosci/2016/01/14/grupa-azoty-zak-zbuduje-nowa-oczyszczalnie-sciekow.html"
NEW = "/wiadomosci/2016/12/01/grupa-azoty-zak-otwiera-laboratorium-katalizatorow.html"
NEW_TITLE = "Grupa Azoty ZAK otwiera laboratorium katalizatorów"
NEW_PARAGRAPHS = [
    "W piątek Grupa Azoty ZAK otworzyła w Kędzierzynie-Koźlu nowe laboratorium badań "
    "katalizatorów, w którym pracę znajdzie dwunastu chemików z regionu.",
    "Laboratorium powstało w dawnym budynku warsztatów mechanicznych, który przez ostatnie "
    "półtora roku przebudowywała firma budowlana z Opola.",
    "Kierownik pracowni Anna Wróbel zapowiada, że pierwsze testy dotyczyć będą katalizatorów "
    "stosowanych przy produkcji amoniaku i kwasu azotowego.",
    "Spółka chce współpracować z uczelniami: rozmowy z Politechniką Opolską o wspólnych "
    "projektach doktoranckich trwają od wiosny.",
    "Koszt inwestycji wyniósł około ośmiu milionów złotych, z czego część pokryła dotacja "
    "z programu wspierającego innowacje w przemyśle chemicznym.",
    "W przyszłym roku laboratorium ma uzyskać akredytację, co pozwoli wykonywać badania także "
    "na zlecenie innych firm z Kędzierzyńsko-Kozielskiego Parku Przemysłowego.",
    "Mieszkańcy będą mogli zwiedzić pracownię podczas dni otwartych zakładów w czerwcu.",
]


def _new_article(site: Path) -> None:
    """A new article on the served copy of the Polish site, listed in its sitemap."""
    page = (site / OLD.lstrip("/")).read_text(encoding="utf-8")
    old_title = "Grupa Azoty ZAK zbuduje nową oczyszczalnię ścieków przemysłowych"
    page = page.replace(old_title, NEW_TITLE).replace(OLD, NEW)
    page = page.replace("2016-01-14", "2016-12-01").replace("14.01.2016", "01.12.2016")
    head, article = page.split("<article>", 1)
    article, tail = article.split("</article>", 1)
    paragraphs = iter(NEW_PARAGRAPHS)
    article = re.sub(r"<p( class=\"lead\")?>.*?</p>",
                     lambda m: f"<p>{next(paragraphs, '')}</p>", article, flags=re.S)
    target = site / NEW.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"{head}<article>{article}</article>{tail}", encoding="utf-8")
    sitemap = site / "sitemap.xml"
    entry = f"<url><loc>{NEW}</loc><lastmod>2016-12-01</lastmod></url>\n</urlset>"
    sitemap.write_text(sitemap.read_text(encoding="utf-8").replace("</urlset>", entry),
                       encoding="utf-8")


def _doc_ids(msg: EmailMessage) -> list[str]:
    body = msg.get_body(("plain",))
    assert body is not None
    return re.findall(re.escape(PUBLIC) + r"/documents/([A-Za-z0-9_-]+)", body.get_content())


@pytest.fixture
def portal(tmp_path: Path, inbox: Inbox) -> Iterator[tuple[SiteServer, Path, Path]]:
    if not (SITES.is_dir() and DEMO_CONFIG.is_dir()):
        pytest.skip("the bundled sample portal (demo/sites, config/demo) is not there")
    sites = tmp_path / "sites"
    shutil.copytree(SITES, sites, ignore=shutil.ignore_patterns("_src"))
    with SiteServer(sites) as server:
        config = _config(tmp_path, server)
        settings = yaml.safe_load((config / "settings.yaml").read_text(encoding="utf-8"))
        settings["smtp"] = {"host": inbox.host, "port": inbox.port, "security": "none"}
        settings["server"] = {**settings.get("server", {}), "public_url": PUBLIC}
        (config / "settings.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
        yield server, config, sites


def _cli(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-c", CODE, "--config", str(config), *args],
                          env=_env(), capture_output=True, text=True, timeout=600, check=False)
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    return proc


def test_digests_follow_the_crawls(portal: tuple[SiteServer, Path, Path], inbox: Inbox) -> None:
    _, config, sites = portal
    first = _cli(config, "crawl")
    assert first.returncode in (0, 1), first.stderr[-2000:]  # the sample's dead link: partial
    docs = [json.loads(x) for x in _cli(config, "export").stdout.splitlines() if x.strip()]
    mentioning = {d["id"]: d for d in docs
                  if any(m["id"] == MEMBER and m["count"] > 0 for m in d["members"])}
    stories = {d.get("story_id") or d["id"] for d in mentioning.values()}
    assert len(stories) >= 3
    added = _cli(config, "alerts", "add", "ZAK", "--member", MEMBER, "--email", "pr@example.org")
    assert added.returncode == 0, added.stderr
    sent = _cli(config, "alerts", "run", "--json")
    assert sent.returncode == 0, sent.stderr
    assert json.loads(sent.stdout)["alerts"][0]["outcome"] == "sent"
    (msg,) = inbox.messages()
    assert msg["Subject"] == f"ZAK: nowe artykuły ({len(stories)})"
    linked = _doc_ids(msg)
    assert len(linked) == len(set(linked)) == len(stories)
    assert set(linked) <= set(mentioning)
    assert {mentioning[i].get("story_id") or i for i in linked} == stories

    _new_article(sites / "kurier-kk")
    nightly = _cli(config, "nightly", "--json")
    report = json.loads(nightly.stdout)
    assert report["alerts"]["sent"] == 1, report["alerts"]
    assert len(inbox.envelopes) == 2
    second = inbox.messages()[1]
    assert second["Subject"] == "ZAK: nowe artykuły (1)"
    body = second.get_body(("plain",))
    assert body is not None and NEW_TITLE in body.get_content()
    (new_id,) = _doc_ids(second)
    assert new_id not in mentioning
    again = _cli(config, "alerts", "run", "--json")
    assert json.loads(again.stdout)["alerts"][0]["outcome"] == "nothing_new"
    assert len(inbox.envelopes) == 2
