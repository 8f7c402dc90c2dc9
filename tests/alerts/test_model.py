"""When alerts are due (daily, weekly, in a time zone, caught up after a missed night), input
checks, and the spike rule on a real store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from clusterwatch.alerts.model import (
    AlertInput,
    AlertInputError,
    build_alert,
    is_due,
    last_scheduled,
    window_start,
)
from clusterwatch.alerts.spikes import SpikeRule, member_spikes
from index.alerts import Alert, Frequency
from tests.alerts.conftest import World

UTC = ZoneInfo("UTC")
WARSAW = ZoneInfo("Europe/Warsaw")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def test_daily_is_due_once_after_its_hour_in_its_zone() -> None:
    alert = Alert(id="a", name="a", every=Frequency.DAILY, at="07:00")
    # 07:00 in Warsaw in March (UTC+1) is 06:00 UTC
    assert last_scheduled(alert, at("2024-03-05T06:30"), WARSAW) == at("2024-03-05T06:00")
    assert last_scheduled(alert, at("2024-03-05T05:30"), WARSAW) == at("2024-03-04T06:00")
    alert.window_end = at("2024-03-05T06:30")
    assert not is_due(alert, at("2024-03-05T20:00"), WARSAW)
    assert is_due(alert, at("2024-03-06T06:01"), WARSAW)
    assert is_due(alert, at("2024-03-09T06:01"), WARSAW)  # missed nights: due, window from then


def test_weekly_on_its_weekday() -> None:
    alert = Alert(id="a", name="a", every=Frequency.WEEKLY, at="08:00", weekday="fri")
    # 2024-03-08 is a Friday
    assert last_scheduled(alert, at("2024-03-08T09:00"), UTC) == at("2024-03-08T08:00")
    assert last_scheduled(alert, at("2024-03-08T07:00"), UTC) == at("2024-03-01T08:00")
    assert last_scheduled(alert, at("2024-03-12T07:00"), UTC) == at("2024-03-08T08:00")
    alert.window_end = at("2024-03-08T08:30")
    assert not is_due(alert, at("2024-03-14T23:00"), UTC)
    assert is_due(alert, at("2024-03-15T08:00"), UTC)


def test_run_alerts_are_always_due_unless_paused() -> None:
    alert = Alert(id="a", name="a", window_end=at("2024-03-05T06:00"))
    assert is_due(alert, at("2024-03-05T06:01"), UTC)
    alert.paused = True
    assert not is_due(alert, at("2024-03-05T06:01"), UTC)


def test_the_first_window_looks_back_from_creation() -> None:
    alert = Alert(id="a", name="a", created=at("2024-03-05T06:00"))
    assert window_start(alert, 7) == at("2024-02-27T06:00")
    alert.window_end = at("2024-03-06T06:00")
    assert window_start(alert, 7) == alert.window_end


@pytest.mark.parametrize(("change", "field_name"), [
    ({"name": " \r\n "}, "name"),
    ({"query": "", "members": []}, "query"),
    ({"members": ["nobody"]}, "member"),
    ({"langs": ["Polish"]}, "lang"),
    ({"emails": []}, "email"),
    ({"emails": ["a@b.org>\r\nBcc: c@d.org"]}, "email"),
    ({"every": "hourly"}, "every"),
    ({"at": "7:00"}, "at"),
    ({"weekday": "xyz"}, "weekday"),
])
def test_bad_input_names_the_field(change: dict[str, object], field_name: str) -> None:
    raw = AlertInput(name="A", query="q", members=["azoty"], emails=["a@example.org"])
    for key, value in change.items():
        setattr(raw, key, value)
    with pytest.raises(AlertInputError) as err:
        build_alert(raw, {"azoty"})
    assert err.value.field == field_name


def test_names_and_queries_lose_control_characters() -> None:
    alert = build_alert(AlertInput(name="A\r\nB\x00", query="x\ty", emails=["a@example.org"]),
                        set())
    assert alert.name == "A B" and alert.query == "x y" and len(alert.id) == 12


def test_spike_needs_mean_plus_two_sd_and_a_minimum(world_factory: Callable[..., World]) -> None:
    world = world_factory(None)
    today = date(2024, 3, 5)
    n = 0

    def add(day: date, count: int) -> None:
        nonlocal n
        for _ in range(count):
            n += 1
            world.add(f"https://alpha.example/s{n}", f"Azoty {n}", f"Tekst {n} o ZAK.",
                      members={"azoty": 1}, published=day.isoformat())

    for k in range(1, 57):  # baseline: 1 article every other day (mean 0.5, sd 0.5)
        if k % 2 == 0:
            add(today - timedelta(days=k), 1)
    rule = SpikeRule(weeks=8, sigma=2.0, minimum=3)
    add(today, 2)
    spikes = member_spikes(world.store, "azoty", "Azoty", today, rule)
    assert [s.period for s in spikes] == ["week"]  # today 2 < minimum; the week 5 > 3.1 + 2 * 0.9
    assert spikes[0].count == 5 and spikes[0].mean == pytest.approx(3.125)
    add(today, 1)
    (day,) = [s for s in member_spikes(world.store, "azoty", "Azoty", today, rule)
              if s.period == "day"]
    assert day.count == 3 and day.mean == pytest.approx(0.5) and day.sd == pytest.approx(0.5)


@pytest.mark.parametrize(("settings", "field_name", "problem"), [
    ("smtp: {security: ssl}", "smtp.security", "should match pattern"),
    ("smtp: {from_address: 'x@y.org\\r\\nBcc: z@w.org'}", "smtp.from_address",
     "not an e-mail address"),
    ("alerts: {timezone: Mars/Olympus}", "alerts.timezone", "unknown time zone"),
    ("server: {public_url: 'javascript:alert(1)'}", "server.public_url", "not an http(s) URL"),
])
def test_bad_alert_settings_name_the_file_and_field(tmp_path: Path, settings: str,
                                                    field_name: str, problem: str) -> None:
    from pipeline.settings import ConfigError, load_settings

    (tmp_path / "settings.yaml").write_text(settings + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(tmp_path, env={})
    assert err.value.field == field_name and problem in err.value.problem
    assert str(tmp_path / "settings.yaml") in str(err.value)


def test_smtp_settings_from_the_environment(tmp_path: Path) -> None:
    from pipeline.settings import load_settings

    s = load_settings(tmp_path, env={"CLUSTERWATCH_SMTP__HOST": "mail.example.org",
                                     "CLUSTERWATCH_SMTP__PORT": "465",
                                     "CLUSTERWATCH_SMTP_PASSWORD": "not-a-setting"})
    assert s.smtp.host == "mail.example.org" and s.smtp.port == 465
    assert s.smtp.password_env == "CLUSTERWATCH_SMTP_PASSWORD"
