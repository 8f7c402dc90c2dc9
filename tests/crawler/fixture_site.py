"""The crawler's fixture sites served on 127.0.0.1 and a config folder pointing at them."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from clusterwatch.devserver import SiteServer

SITES = Path(__file__).resolve().parent / "sites"
MEMBERS = {"members": [
    {"id": "grupa-azoty-zak", "name": "Grupa Azoty ZAK", "aliases": ["Azoty ZAK", "ZAK"],
     "country": "PL", "kind": "company"},
    {"id": "politechnika-opolska", "name": "Politechnika Opolska", "country": "PL",
     "kind": "university"},
]}


@dataclass
class FixtureSites:
    root: Path  # the copy being served (tests may rewrite its files between crawls)
    server: SiteServer  # gazeta and kopia
    offhost: SiteServer  # obcy: a host no source allows

    def url(self, site: str) -> str:
        return (self.offhost if site == "obcy" else self.server).url(site)

    def stop(self) -> None:
        self.server.stop()
        self.offhost.stop()


def serve_fixture(tmp: Path) -> FixtureSites:
    """Copy the sites to ``tmp``, serve ``obcy`` first so the off-host redirect can name it."""
    root = tmp / "sites"
    shutil.copytree(SITES / "gazeta", root / "main" / "gazeta")
    shutil.copytree(SITES / "kopia", root / "main" / "kopia")
    shutil.copytree(SITES / "obcy", root / "other" / "obcy")
    offhost = SiteServer(root / "other").start()
    headers = root / "main" / "gazeta" / "_headers.yaml"
    headers.write_text(headers.read_text(encoding="utf-8").replace(
        "OBCY_URL", offhost.url("obcy")), encoding="utf-8")
    return FixtureSites(root / "main", SiteServer(root / "main").start(), offhost)


def write_config(folder: Path, sites: FixtureSites, data_dir: Path, store: str,
                 dead_url: str | None = None) -> Path:
    """sources.yaml, members.yaml, settings.yaml for a fast crawl of the fixture sites."""
    folder.mkdir(parents=True, exist_ok=True)
    gazeta, kopia = sites.url("gazeta"), sites.url("kopia")
    sources = [
        {"id": "gazeta", "name": "Gazeta Nadodrzańska", "start_urls": [f"{gazeta}/"],
         "sitemaps": [f"{gazeta}/sitemap_index.xml"],
         "follow": ["/lista/", "/kalendarz/", "/strony/"],
         "articles": ["/artykul/", "/prywatne/"], "language": "pl", "delay": 0},
        {"id": "kopia", "name": "Kurier Opolski", "start_urls": [],
         "feeds": [f"{kopia}/feed.rss", f"{kopia}/atom.xml"],
         "articles": ["/wiadomosci/", "/ukryte/"], "language": "pl", "delay": 0},
    ]
    if dead_url:
        sources.append({"id": "martwy", "start_urls": [dead_url], "articles": ["/news/"]})
    settings = {"store": store, "data_dir": str(data_dir),
                "crawl": {"delay": 0, "timeout": 2.5, "retries": 1, "concurrency_per_host": 4,
                          "max_page_bytes": 200_000,
                          "user_agent": "clusterwatch-test/1.0",
                          "contact_url": "https://example.org/clusterwatch-contact"}}
    for name, data in (("sources.yaml", {"sources": sources}), ("members.yaml", MEMBERS),
                       ("settings.yaml", settings)):
        (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder
