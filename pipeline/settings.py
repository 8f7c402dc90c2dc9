"""One typed settings object, loaded from the config folder.

Precedence (lowest first): built-in defaults < ``settings.yaml`` < environment
(``CLUSTERWATCH_*``) < command-line options. Secrets come only from the environment.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from pipeline.registry import Member, Registry

DEFAULT_STORE = "sqlite:///data/clusterwatch.db"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_NESTED = re.compile(r"^([A-Za-z_][\w\[\]\.]*): (.+)$", re.S)


class ConfigError(Exception):
    """A configuration problem: names the file, the field and what is wrong (exit 2)."""

    def __init__(self, file: str | Path, field: str, problem: str) -> None:
        self.file, self.field, self.problem = str(file), field, problem
        super().__init__(f"{file}: {field}: {problem}" if field else f"{file}: {problem}")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError("must be lowercase letters, digits and '-'")
    return value


SlugId = Annotated[str, AfterValidator(_check_id)]


def _check_regexes(values: list[str]) -> list[str]:
    for i, pat in enumerate(values):
        try:
            re.compile(pat)
        except re.error as exc:
            raise ValueError(f"item {i}: bad regular expression {pat!r}: {exc}") from None
    return values


class SourceConfig(_Model):
    id: SlugId
    name: str = ""
    start_urls: list[str] = Field(default_factory=list)
    allowed_domains: list[str] = Field(default_factory=list)
    sitemaps: list[str] = Field(default_factory=list)
    feeds: list[str] = Field(default_factory=list)
    follow: list[str] = Field(default_factory=list)
    articles: list[str] = Field(default_factory=list)
    language: str | None = None
    max_pages: int = Field(default=500, ge=1)
    delay: float | None = Field(default=None, ge=0)
    concurrency: int | None = Field(default=None, ge=1)
    max_depth: int | None = Field(default=None, ge=0)
    enabled: bool = True
    # per-site quirks, declared next to the source (extraction hints: CSS selectors)
    quirks: dict[str, Any] = Field(default_factory=dict)

    @field_validator("follow", "articles")
    @classmethod
    def _regexes(cls, v: list[str]) -> list[str]:
        return _check_regexes(v)

    @field_validator("start_urls", "sitemaps", "feeds")
    @classmethod
    def _urls(cls, v: list[str]) -> list[str]:
        for i, url in enumerate(v):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError(f"item {i}: not an http(s) URL: {url!r}")
        return v

    @model_validator(mode="after")
    def _has_entry(self) -> SourceConfig:
        if not (self.start_urls or self.sitemaps or self.feeds):
            raise ValueError("needs at least one of start_urls, sitemaps, feeds")
        if not self.articles:
            raise ValueError("articles: at least one regex of article URLs is required")
        return self

    @property
    def hosts(self) -> list[str]:
        """Allowed hosts: ``allowed_domains`` or the hosts of every configured URL."""
        if self.allowed_domains:
            return list(self.allowed_domains)
        urls = [*self.start_urls, *self.sitemaps, *self.feeds]
        return sorted({urlsplit(u).hostname or "" for u in urls} - {""})


def _check_unique_ids(ids: list[str], where: str) -> None:
    """Raise ``where[i].id: duplicate id`` for the first id seen twice."""
    seen: set[str] = set()
    for i, item_id in enumerate(ids):
        if item_id in seen:
            raise ValueError(f"{where}[{i}].id: duplicate id {item_id!r}")
        seen.add(item_id)


class SourcesFile(_Model):
    sources: list[SourceConfig]

    @model_validator(mode="after")
    def _unique(self) -> SourcesFile:
        _check_unique_ids([s.id for s in self.sources], "sources")
        return self


class MemberConfig(_Model):
    id: SlugId
    name: str
    aliases: list[str] = Field(default_factory=list)
    country: str = ""
    kind: str = ""
    clusters: list[str] = Field(default_factory=list)
    note: str = ""
    not_names: list[str] = Field(default_factory=list, alias="not")
    ambiguous: list[str] = Field(default_factory=list)
    # names (name or aliases) that also denote a territory: the sense is decided by context
    territory: list[str] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _ambiguous_are_aliases(self) -> MemberConfig:
        for a in self.ambiguous:
            if a not in self.aliases:
                raise ValueError(f"ambiguous: {a!r} is not one of the aliases")
        for t in self.territory:
            if t != self.name and t not in self.aliases:
                raise ValueError(f"territory: {t!r} is not the name or one of the aliases")
        return self

    def to_member(self) -> Member:
        return Member(self.id, self.name, tuple(self.aliases), self.country, self.kind,
                      tuple(self.clusters), self.note, tuple(self.not_names), tuple(self.ambiguous),
                      tuple(self.territory))


class MembersFile(_Model):
    members: list[MemberConfig]

    @model_validator(mode="after")
    def _unique(self) -> MembersFile:
        _check_unique_ids([m.id for m in self.members], "members")
        return self


class CrawlSettings(_Model):
    user_agent: str = "clusterwatch/0.1 (+https://github.com/clusterwatch/clusterwatch)"
    contact_url: str = "https://github.com/clusterwatch/clusterwatch"
    delay: float = Field(default=1.0, ge=0)
    concurrency_per_host: int = Field(default=2, ge=1)
    concurrency: int = Field(default=8, ge=1)
    timeout: float = Field(default=30.0, gt=0)
    max_page_bytes: int = Field(default=5_000_000, ge=1024)
    max_depth: int = Field(default=8, ge=0)
    retries: int = Field(default=2, ge=0)
    autothrottle: bool = True
    obey_robots: bool = True
    archive: bool = True  # keep raw responses in WARC files


class ServerSettings(_Model):
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    page_size: int = Field(default=20, ge=1, le=200)
    # when bound beyond loopback, a token is required: taken from this environment variable
    token_env: str = "CLUSTERWATCH_TOKEN"


class ElasticSettings(_Model):
    index_prefix: str = "clusterwatch"
    shards: int = Field(default=1, ge=1)
    replicas: int = Field(default=0, ge=0)
    ca_file: str | None = None
    verify_certs: bool = True
    timeout: float = Field(default=30.0, gt=0)


class PipelineSettings(_Model):
    languages: list[str] = Field(default_factory=lambda: ["pl", "cs", "de", "en"])
    # optional: lang -> spaCy NER model ("builtin:LANG" = the model shipped for LANG, an
    # installed package or a model folder)
    ner_models: dict[str, str] = Field(default_factory=dict)


class NightlySettings(_Model):
    webhook_url: str | None = None
    silent_days: int = Field(default=7, ge=1)
    fill_rate_drop: float = Field(default=0.3, gt=0, le=1)
    health_window: int = Field(default=50, ge=5)


class RetentionSettings(_Model):
    archive_days: int | None = Field(default=None, ge=1)  # None: keep forever
    revisions: int | None = Field(default=None, ge=1)  # per document; None: keep all


class Settings(_Model):
    store: str = DEFAULT_STORE
    data_dir: str = "data"
    # the member registry, relative to the config folder (several configs can share one registry)
    members_file: str = "members.yaml"
    crawl: CrawlSettings = CrawlSettings()
    server: ServerSettings = ServerSettings()
    elasticsearch: ElasticSettings = ElasticSettings()
    pipeline: PipelineSettings = PipelineSettings()
    nightly: NightlySettings = NightlySettings()
    retention: RetentionSettings = RetentionSettings()
    log_format: str = Field(default="text", pattern="^(text|json)$")


@dataclass
class AppConfig:
    """Everything loaded from one config folder."""

    dir: Path
    settings: Settings
    sources: list[SourceConfig]
    registry: Registry

    def source(self, source_id: str) -> SourceConfig:
        for s in self.sources:
            if s.id == source_id:
                return s
        raise ConfigError(self.dir / "sources.yaml", "sources", f"no source with id {source_id!r}")

    def check_members(self, ids: list[str], where: str) -> None:
        known = set(self.registry.ids())
        for mid in ids:
            if mid not in known:
                members = self.dir / self.settings.members_file
                raise ConfigError(members, where, f"unknown member {mid!r}")


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "", "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, "", f"cannot read: {exc}") from None
    try:
        return yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(path, "", f"not valid YAML: {exc}") from None


def _field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _validate(model: type[_Model], data: Any, path: Path) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        msg = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key (a typo?)"
        where = _field_path(tuple(err["loc"]))
        nested = _NESTED.match(msg)
        if nested:  # a model-level check names its own field: "sources[2].id: duplicate id"
            where = f"{where}.{nested[1]}" if where else nested[1]
            msg = nested[2]
        raise ConfigError(path, where, msg) from None


def _apply_env(data: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    """CLUSTERWATCH_STORE, _DATA_DIR, _<SECTION>__<KEY> (e.g. _CRAWL__DELAY) override the file."""
    data = dict(data)
    for key, value in env.items():
        if not key.startswith("CLUSTERWATCH_") or key in ("CLUSTERWATCH_CONFIG",):
            continue
        name = key.removeprefix("CLUSTERWATCH_").lower()
        if name in ("store", "data_dir", "log_format"):
            data[name] = value
        elif "__" in name:
            section, sub = name.split("__", 1)
            if section in Settings.model_fields:
                data[section] = {**(data.get(section) or {}), sub: value}
    return data


def load_settings(config_dir: Path, env: dict[str, str] | None = None,
                  overrides: dict[str, Any] | None = None) -> Settings:
    path = config_dir / "settings.yaml"
    data = _read_yaml(path) if path.exists() else {}
    if not isinstance(data, dict):
        raise ConfigError(path, "", "must be a mapping of settings")
    data = _apply_env(data, dict(os.environ) if env is None else env)
    data.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return _validate(Settings, data, path)  # type: ignore[no-any-return]


def load_sources(path: Path) -> list[SourceConfig]:
    return list(_validate(SourcesFile, _read_yaml(path), path).sources)


def load_registry(path: Path) -> Registry:
    parsed: MembersFile = _validate(MembersFile, _read_yaml(path), path)
    return Registry([m.to_member() for m in parsed.members])


def load_config(config_dir: str | Path, store: str | None = None,
                env: dict[str, str] | None = None) -> AppConfig:
    """Load and validate the config folder. Raises ConfigError."""
    d = Path(config_dir)
    if not d.is_dir():
        raise ConfigError(d, "", "config folder not found (see --config, CLUSTERWATCH_CONFIG)")
    settings = load_settings(d, env, {"store": store})
    sources = load_sources(d / "sources.yaml")
    return AppConfig(d, settings, sources, load_registry(d / settings.members_file))
