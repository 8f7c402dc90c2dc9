"""The typed settings object: precedence, validation messages naming file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.settings import ConfigError, load_config, load_settings

MEMBERS = """\
members:
  - id: acme
    name: Acme Chemia S.A.
    aliases: [Acme, ACM]
    ambiguous: [ACM]
"""
SOURCES = """\
sources:
  - id: portal-one
    start_urls: ["https://portal.example.pl/news/"]
    articles: ['/news/\\d+\\.html$']
"""


def write_config(d: Path, sources: str = SOURCES, members: str = MEMBERS,
                 settings: str = "") -> Path:
    d.mkdir(parents=True, exist_ok=True)
    (d / "sources.yaml").write_text(sources, encoding="utf-8")
    (d / "members.yaml").write_text(members, encoding="utf-8")
    if settings:
        (d / "settings.yaml").write_text(settings, encoding="utf-8")
    return d


def test_loads_a_valid_folder(tmp_path: Path) -> None:
    cfg = load_config(write_config(tmp_path), env={})
    assert [s.id for s in cfg.sources] == ["portal-one"]
    assert cfg.sources[0].hosts == ["portal.example.pl"]
    assert cfg.registry.get("acme") is not None
    assert cfg.registry.members[0].ambiguous == ("ACM",)
    assert cfg.settings.store == "sqlite:///data/clusterwatch.db"


def test_precedence_defaults_file_env_option(tmp_path: Path) -> None:
    d = write_config(tmp_path, settings="store: sqlite:///file.db\ncrawl:\n  delay: 3\n")
    assert load_settings(d, env={}).store == "sqlite:///file.db"
    env = {"CLUSTERWATCH_STORE": "sqlite:///env.db", "CLUSTERWATCH_CRAWL__DELAY": "0.5"}
    s = load_settings(d, env=env)
    assert (s.store, s.crawl.delay) == ("sqlite:///env.db", 0.5)
    assert load_settings(d, env=env, overrides={"store": "sqlite:///cli.db"}).store == "sqlite:///cli.db"


@pytest.mark.parametrize(
    ("sources", "members", "settings", "file", "field", "problem"),
    [
        (SOURCES.replace("articles", "articels"), MEMBERS, "", "sources.yaml",
         "sources[0].articels", "unknown key"),
        (SOURCES.replace("\\d+", "(unclosed"), MEMBERS, "", "sources.yaml",
         "sources[0].articles", "bad regular expression"),
        (SOURCES + SOURCES.split("\n", 1)[1], MEMBERS, "", "sources.yaml", "sources",
         "duplicate id"),
        (SOURCES.replace("portal-one", "Portal One"), MEMBERS, "", "sources.yaml",
         "sources[0].id", "lowercase"),
        (SOURCES.replace("https://", "ftp://"), MEMBERS, "", "sources.yaml",
         "sources[0].start_urls", "not an http(s) URL"),
        (SOURCES, MEMBERS.replace("ambiguous: [ACM]", "ambiguous: [XYZ]"), "",
         "members.yaml", "members[0]", "not one of the aliases"),
        (SOURCES, MEMBERS + MEMBERS.split("\n", 1)[1], "", "members.yaml", "members",
         "duplicate id"),
        (SOURCES, MEMBERS, "crawl:\n  delay: -1\n", "settings.yaml", "crawl.delay", "greater than"),
        (SOURCES, MEMBERS, "crawl: [1, 2\n", "settings.yaml", "", "not valid YAML"),
    ],
)
def test_bad_config_names_file_field_problem(tmp_path: Path, sources: str, members: str,
                                             settings: str, file: str, field: str,
                                             problem: str) -> None:
    d = write_config(tmp_path, sources, members, settings)
    with pytest.raises(ConfigError) as err:
        load_config(d, env={})
    assert err.value.file.endswith(file)
    assert err.value.field.startswith(field)
    assert problem in err.value.problem
    assert file in str(err.value)


def test_missing_folder_and_unknown_member(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config folder not found"):
        load_config(tmp_path / "nope", env={})
    cfg = load_config(write_config(tmp_path), env={})
    with pytest.raises(ConfigError, match="unknown member 'ghost'"):
        cfg.check_members(["acme", "ghost"], "--member")
