"""One typed settings object, loaded from the config folder.

Precedence (lowest first): built-in defaults < ``settings.yaml`` < environment
(``CLUSTERWATCH_*``) < command-line options. Secrets come only from the environment.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
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

log = logging.getLogger(__name__)
DEFAULT_STORE = "sqlite:///data/clusterwatch.db"
DEFAULT_LANGUAGES: tuple[str, ...] = ("pl", "cs", "de", "en")  # the languages of the contract
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_NESTED = re.compile(r"^([A-Za-z_][\w\[\]\.]*): (.+)$", re.S)
# upper bounds of configuration values (a crawl must end; a typo must not take the machine)
MAX_DELAY = 600.0  # seconds between two requests to one host
MAX_TIMEOUT = 3600.0  # seconds
MAX_URLS = 1000  # entries of one list of a source
MAX_TEXT = 500
MAX_PATH = 4096


CONFIG_ENV = "CLUSTERWATCH_CONFIG"  # the config folder when --config is not given


def environment() -> Mapping[str, str]:
    """The process environment: the one place it is read (settings, secrets, the config
    folder), so every variable the program answers to is found from here."""
    return os.environ


def default_config_dir() -> str:
    """``$CLUSTERWATCH_CONFIG``, else ``./config``."""
    return environment().get(CONFIG_ENV, "config")


def secret(variable: str) -> str:
    """A secret (a token, a password) named by its environment variable; "" when unset.
    Secrets never come from files."""
    return environment().get(variable, "")


class ConfigError(Exception):
    """A configuration problem: names the file, the field and what is wrong (exit 2)."""

    def __init__(self, file: str | Path, field: str, problem: str) -> None:
        self.file, self.field, self.problem = str(file), field, problem
        super().__init__(f"{file}: {field}: {problem}" if field else f"{file}: {problem}")


class _Model(BaseModel):
    # strict: no ``true`` for a number, no ``1`` for a boolean; finite numbers only (no .inf)
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


def _is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and (
            parts.port is None or parts.port > 0)
    except ValueError:  # a bad port or bracketed host
        return False


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


def _check_urls(values: list[str]) -> list[str]:
    for i, url in enumerate(values):
        if not _is_http_url(url):
            raise ValueError(f"item {i}: not an http(s) URL: {url!r}")
    return values


class SourceExamples(_Model):
    """Real URLs of the portal and what the source's patterns must make of them
    (checked offline by ``clusterwatch sources check``)."""

    articles: list[str] = Field(default_factory=list)  # must be classified as articles
    not_articles: list[str] = Field(default_factory=list)  # must not be
    listings: list[str] = Field(default_factory=list)  # must be followed as listings
    ignored: list[str] = Field(default_factory=list)  # must be neither articles nor listings

    @field_validator("articles", "not_articles", "listings", "ignored")
    @classmethod
    def _urls(cls, v: list[str]) -> list[str]:
        return _check_urls(v)


class SourceConfig(_Model):
    id: SlugId
    name: str = Field(default="", max_length=MAX_TEXT)
    start_urls: list[str] = Field(default_factory=list, max_length=MAX_URLS)
    allowed_domains: list[str] = Field(default_factory=list, max_length=MAX_URLS)
    sitemaps: list[str] = Field(default_factory=list, max_length=MAX_URLS)
    feeds: list[str] = Field(default_factory=list, max_length=MAX_URLS)
    follow: list[str] = Field(default_factory=list, max_length=MAX_URLS)
    articles: list[str] = Field(default_factory=list, max_length=MAX_URLS)
    # links to document files (PDF, DOCX, ODT) to fetch and read, e.g. '/files/.*\\.pdf$'
    documents: list[str] = Field(default_factory=list, max_length=MAX_URLS)
    language: str | None = Field(default=None, max_length=16)
    max_pages: int = Field(default=500, ge=1, le=1_000_000)
    delay: float | None = Field(default=None, ge=0, le=MAX_DELAY)
    concurrency: int | None = Field(default=None, ge=1, le=64)
    max_depth: int | None = Field(default=None, ge=0, le=100)
    enabled: bool = True

    @model_validator(mode="before")
    @classmethod
    def _deprecated(cls, data: Any) -> Any:
        """``quirks`` was never read by any stage: still accepted, with a warning, and dropped."""
        if isinstance(data, dict) and "quirks" in data:
            data = {k: v for k, v in data.items() if k != "quirks"}
            log.warning("sources.yaml: source %r: 'quirks' is deprecated and ignored (no stage "
                        "reads it); remove it", data.get("id"))
        return data

    examples: SourceExamples = SourceExamples()

    @field_validator("follow", "articles", "documents")
    @classmethod
    def _regexes(cls, v: list[str]) -> list[str]:
        return _check_regexes(v)

    @field_validator("start_urls", "sitemaps", "feeds")
    @classmethod
    def _urls(cls, v: list[str]) -> list[str]:
        return _check_urls(v)

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
    user_agent: str = Field(default="clusterwatch/0.1 (+https://github.com/clusterwatch/"
                            "clusterwatch)", min_length=1, max_length=MAX_TEXT)
    contact_url: str = Field(default="https://github.com/clusterwatch/clusterwatch",
                             max_length=MAX_TEXT)
    delay: float = Field(default=1.0, ge=0, le=MAX_DELAY)
    concurrency_per_host: int = Field(default=2, ge=1, le=64)
    concurrency: int = Field(default=8, ge=1, le=256)
    timeout: float = Field(default=30.0, gt=0, le=MAX_TIMEOUT)
    max_page_bytes: int = Field(default=5_000_000, ge=1024, le=500_000_000)
    max_document_bytes: int = Field(default=20 * 1024 * 1024, ge=1024,
                                    le=2_000_000_000)  # PDF, DOCX, ODT files
    max_depth: int = Field(default=8, ge=0, le=100)
    retries: int = Field(default=2, ge=0, le=10)
    autothrottle: bool = True
    obey_robots: bool = True
    archive: bool = True  # keep raw responses in WARC files


class ServerSettings(_Model):
    host: str = Field(default="127.0.0.1", min_length=1, max_length=255)
    port: int = Field(default=8000, ge=1, le=65535)
    page_size: int = Field(default=20, ge=1, le=200)
    # when bound beyond loopback, a token is required: taken from this environment variable
    token_env: str = Field(default="CLUSTERWATCH_TOKEN", pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")
    # where readers reach the UI (links in alert e-mails and feeds); None: no links
    public_url: str | None = None

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        parts = urlsplit(v.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {v!r}")
        return v.strip().rstrip("/")


class ElasticSettings(_Model):
    index_prefix: str = Field(default="clusterwatch", min_length=1, max_length=100)
    shards: int = Field(default=1, ge=1, le=1024)
    replicas: int = Field(default=0, ge=0, le=100)
    ca_file: str | None = Field(default=None, max_length=MAX_PATH)
    verify_certs: bool = True
    timeout: float = Field(default=30.0, gt=0, le=MAX_TIMEOUT)


class PipelineSettings(_Model):
    languages: list[str] = Field(default_factory=lambda: list(DEFAULT_LANGUAGES),
                                 max_length=20)
    # optional: lang -> spaCy NER model ("builtin:LANG" = the model shipped for LANG, an
    # installed package or a model folder)
    ner_models: dict[str, str] = Field(default_factory=dict)


class NightlySettings(_Model):
    webhook_url: str | None = Field(default=None, max_length=2000)
    webhook_timeout: float = Field(default=10.0, gt=0, le=60)  # seconds, in total
    silent_days: int = Field(default=7, ge=1, le=3650)
    fill_rate_drop: float = Field(default=0.3, gt=0, le=1)
    health_window: int = Field(default=50, ge=5, le=10_000)
    # runs in a row in which listings answered but no URL matched `articles`: flagged
    unmatched_runs: int = Field(default=3, ge=1, le=1000)

    @field_validator("webhook_url")
    @classmethod
    def _http_url(cls, v: str | None) -> str | None:
        if v is not None and not _is_http_url(v):
            raise ValueError(f"not an http(s) URL: {v[:80]!r}")
        return v


class RetentionSettings(_Model):
    archive_days: int | None = Field(default=None, ge=1, le=36_500)  # None: keep forever
    revisions: int | None = Field(default=None, ge=1, le=10_000)  # per document; None: all


_ADDRESS = re.compile(r"^[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+$")


def check_address(value: str) -> str:
    """A bare e-mail address (no display name, no control characters): safe in a header."""
    if not _ADDRESS.match(value) or len(value) > 254:
        raise ValueError(f"not an e-mail address: {value[:80]!r}")
    return value


class SmtpSettings(_Model):
    """Where alert digests are sent. No host: they are written to DATA_DIR/outbox instead."""

    host: str | None = None
    port: int = Field(default=587, ge=1, le=65535)
    security: str = Field(default="starttls", pattern="^(starttls|tls|none)$")
    ca_file: str | None = None  # extra CA certificates to trust (a private mail server)
    from_address: Annotated[str, AfterValidator(check_address)] = "clusterwatch@localhost"
    # the login, from the environment only (no variable set: no login)
    user_env: str = "CLUSTERWATCH_SMTP_USER"
    password_env: str = "CLUSTERWATCH_SMTP_PASSWORD"
    timeout: float = Field(default=30.0, gt=0)


def _check_zone(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r} (e.g. Europe/Warsaw, UTC)") from None
    return value


class AlertsSettings(_Model):
    timezone: Annotated[str, AfterValidator(_check_zone)] = "UTC"  # of daily/weekly hours
    max_articles: int = Field(default=50, ge=1, le=500)  # per digest; the rest are counted
    first_days: int = Field(default=7, ge=1, le=365)  # a new alert's first digest looks back
    spike_weeks: int = Field(default=8, ge=2, le=52)  # a member's baseline
    spike_sigma: float = Field(default=2.0, gt=0)
    spike_min: int = Field(default=3, ge=1)
    language: str = Field(default="pl", pattern="^[a-z]{2}$")  # of e-mails and feeds


class Settings(_Model):
    store: str = Field(default=DEFAULT_STORE, min_length=1, max_length=MAX_PATH)
    data_dir: str = Field(default="data", min_length=1, max_length=MAX_PATH)
    # the member registry, relative to the config folder (several configs can share one registry)
    members_file: str = Field(default="members.yaml", min_length=1, max_length=MAX_PATH)
    crawl: CrawlSettings = CrawlSettings()
    server: ServerSettings = ServerSettings()
    elasticsearch: ElasticSettings = ElasticSettings()
    pipeline: PipelineSettings = PipelineSettings()
    nightly: NightlySettings = NightlySettings()
    retention: RetentionSettings = RetentionSettings()
    smtp: SmtpSettings = SmtpSettings()
    alerts: AlertsSettings = AlertsSettings()
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


class _UniqueKeyLoader(yaml.SafeLoader):
    """Safe YAML that refuses a key written twice in one mapping (YAML would keep the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)  # type: ignore[no-untyped-call]
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: the mapping constructor reports it
                continue
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


def parse_yaml(text: str) -> Any:
    """YAML as the config files are read: safe, no duplicate keys. Raises yaml.YAMLError."""
    return yaml.load(text, Loader=_UniqueKeyLoader)


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "", "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, "", f"cannot read: {exc}") from None
    try:
        return parse_yaml(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(path, "", f"not valid YAML: {exc}") from None
    except RecursionError:
        raise ConfigError(path, "", "not valid YAML: nested too deeply") from None


def _field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _validate(model: type[_Model], data: Any, path: Path,
              origins: dict[tuple[str, ...], str] | None = None) -> Any:
    """Validate; ``origins`` maps a field's location to where its value came from when that
    is not ``path`` (an environment variable, a command-line option)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        msg = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key (a typo?)"
        loc = tuple(str(p) for p in err["loc"])
        where = _field_path(tuple(err["loc"]))
        nested = _NESTED.match(msg)
        if nested:  # a model-level check names its own field: "sources[2].id: duplicate id"
            where = f"{where}.{nested[1]}" if where else nested[1]
            msg = nested[2]
        origin = next((o for key, o in (origins or {}).items() if loc[:len(key)] == key), None)
        raise ConfigError(origin or path, where, msg) from None


_RAW_STRING_KEYS = ("store", "data_dir", "log_format")


def _env_scalar(section: str, key: str, raw: str) -> Any:
    """An environment value typed like the same value written in settings.yaml (``3`` a
    number, ``true`` a boolean), except for fields that are plain text."""
    field = Settings.model_fields[section].annotation
    sub = getattr(field, "model_fields", {}).get(key)
    if sub is None or sub.annotation in (str, str | None):
        return raw
    try:
        return parse_yaml(raw) if raw.strip() else raw
    except yaml.YAMLError:
        return raw


def _apply_env(data: dict[str, Any], env: dict[str, str]
               ) -> tuple[dict[str, Any], dict[tuple[str, ...], str]]:
    """CLUSTERWATCH_STORE, _DATA_DIR, _<SECTION>__<KEY> (e.g. _CRAWL__DELAY) override the file.
    Also returns which field each variable set, so an error names the variable."""
    data = dict(data)
    origins: dict[tuple[str, ...], str] = {}
    for key, value in sorted(env.items()):
        if not key.startswith("CLUSTERWATCH_") or key in (CONFIG_ENV,):
            continue
        name = key.removeprefix("CLUSTERWATCH_").lower()
        where = f"environment variable {key}"
        if name in _RAW_STRING_KEYS:
            data[name] = value
            origins[(name,)] = where
        elif "__" in name:
            section, sub = name.split("__", 1)
            if section not in Settings.model_fields or section in _RAW_STRING_KEYS:
                raise ConfigError(where, "", f"no settings section {section!r} "
                                  f"(known: {', '.join(_sections())})")
            current = data.get(section)
            data[section] = {**(current if isinstance(current, dict) else {}),
                             sub: _env_scalar(section, sub, value)}
            origins[(section, sub)] = where
    return data, origins


def _sections() -> list[str]:
    return [k for k in Settings.model_fields if k not in _RAW_STRING_KEYS
            and k != "members_file"]


def load_settings(config_dir: Path, env: dict[str, str] | None = None,
                  overrides: dict[str, Any] | None = None) -> Settings:
    path = config_dir / "settings.yaml"
    data = _read_yaml(path) if path.exists() else {}
    if not isinstance(data, dict):
        raise ConfigError(path, "", "must be a mapping of settings")
    data, origins = _apply_env(data, dict(environment()) if env is None else env)
    for key, value in (overrides or {}).items():
        if value is not None:
            data[key] = value
            origins[(key,)] = f"option --{key.replace('_', '-')}"
    return _validate(Settings, data, path, origins)  # type: ignore[no-any-return]


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
