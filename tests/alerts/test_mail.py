"""Digests over real SMTP (aiosmtpd on 127.0.0.1), parsed back with the standard ``email``."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest

from clusterwatch.alerts.mail import OutboxSender, SmtpSender, make_sender
from clusterwatch.alerts.model import AlertInput, build_alert
from clusterwatch.alerts.runner import AlertRunner, Outcome
from index.alerts import Alert, SendStatus
from tests.alerts.conftest import HOSTILE, NOW, Inbox, World, free_port, seed


def _smtp(inbox: Inbox) -> dict[str, object]:
    return {"host": inbox.host, "port": inbox.port, "security": "none",
            "from_address": "alerts@cw.example.org"}


def _alert(world: World, **kw: object) -> Alert:
    raw = AlertInput(name="Azoty watch", members=["azoty"],
                     emails=["press@example.org", "boss@example.org"])
    for k, v in kw.items():
        setattr(raw, k, v)
    alert = build_alert(raw, {"azoty", "park"}, created=NOW - timedelta(hours=1))
    world.store.save_alert(alert)
    return alert


def _runner(world: World) -> AlertRunner:
    s = world.config.settings
    return AlertRunner(world.config, world.store, make_sender(s.smtp, s.data_dir))


def _parts(msg: EmailMessage) -> tuple[str, str]:
    text = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def test_one_digest_with_both_bodies_escaped_and_linked(
        world_factory: Callable[..., World], inbox: Inbox) -> None:
    world = world_factory(_smtp(inbox))
    ids = seed(world)
    _alert(world)
    (result,) = _runner(world).run(world.store.alerts(), now=NOW)
    assert result.outcome is Outcome.SENT and result.channel == "smtp"
    assert result.count == 2  # the syndicated story once, the hostile one; not the park
    (msg,) = inbox.messages()
    (mail_from, rcpts, _) = inbox.envelopes[0]
    assert mail_from == "alerts@cw.example.org"
    assert sorted(rcpts) == ["boss@example.org", "press@example.org"]
    assert msg["Subject"] == "Azoty watch: 2 new articles"
    assert msg["To"] == "press@example.org, boss@example.org"
    assert msg["Bcc"] is None  # the hostile title's "\r\nBcc:" never became a header
    assert msg["Message-ID"].endswith("@cw.example.org>")
    text, html = _parts(msg)
    assert text.count("Nowa instalacja w ZAK") == 1 and "also in 2 sources: " in text
    copies = {ids["story"]: "Kurier Alfa", ids["copy1"]: "Beta News",
              ids["copy2"]: "Gamma Post"}
    shown = [i for i in copies if f"https://cw.example.org/documents/{i}" in text]
    assert len(shown) == 1
    others = sorted(name for i, name in copies.items() if i != shown[0])
    assert f"also in 2 sources: {', '.join(others)}" in text
    assert "Spike: Grupa Azoty ZAK mentioned in 4 articles this week" in text
    assert "Park szuka" not in text
    assert "<script>" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; tekst" in html
    assert f'href="https://cw.example.org/documents/{ids["hostile"]}"' in html
    assert 'href="https://alpha.example/evil"' in html
    assert "Grupa Azoty ZAK" in html  # member chips by name
    assert HOSTILE.split("\r")[0].replace("<", "") not in text.replace("<", "x")  # one line


def test_a_second_run_sends_nothing_and_a_new_article_comes_alone(
        world_factory: Callable[..., World], inbox: Inbox) -> None:
    world = world_factory(_smtp(inbox))
    seed(world)
    _alert(world)
    runner = _runner(world)
    runner.run(world.store.alerts(), now=NOW)
    (again,) = runner.run(world.store.alerts(), now=NOW + timedelta(hours=1))
    assert again.outcome is Outcome.NOTHING_NEW and len(inbox.envelopes) == 1
    world.add("https://beta.example/new", "Azoty: kolejna inwestycja", "Nowa hala w ZAK.",
              members={"azoty": 1}, source="beta", hours=26)  # fetched after the first run
    (third,) = runner.run(world.store.alerts(), now=NOW + timedelta(hours=3))
    assert third.outcome is Outcome.SENT and third.count == 1
    text, _ = _parts(inbox.messages()[-1])
    assert "kolejna inwestycja" in text and "Nowa instalacja" not in text
    sends = world.store.alert_sends(world.store.alerts()[0].id)
    assert [s.status for s in sends] == [SendStatus.SENT, SendStatus.SENT, SendStatus.SENT]
    assert [s.count for s in sends] == [1, 0, 2]


def test_a_changed_article_is_not_sent_again(
        world_factory: Callable[..., World], inbox: Inbox) -> None:
    world = world_factory(_smtp(inbox))
    seed(world)
    _alert(world)
    runner = _runner(world)
    runner.run(world.store.alerts(), now=NOW)
    world.add("https://alpha.example/a1", "Nowa instalacja w ZAK (aktualizacja)",
              "Zakłady uruchomiły nową instalację; dodano komentarz.", members={"azoty": 2},
              story_id="st1", hours=27)  # a new version, fetched after the first digest
    (result,) = runner.run(world.store.alerts(), now=NOW + timedelta(hours=5))
    assert result.outcome is Outcome.NOTHING_NEW and len(inbox.envelopes) == 1


def test_smtp_down_gives_the_window_back_and_the_next_run_catches_up(
        world_factory: Callable[..., World], inbox: Inbox) -> None:
    world = world_factory(_smtp(inbox))
    seed(world)
    alert = _alert(world)
    s = world.config.settings
    dead = s.smtp.model_copy(update={"port": free_port(), "timeout": 5.0})
    (failed,) = AlertRunner(world.config, world.store, SmtpSender(dead)).run([alert], now=NOW)
    assert failed.outcome is Outcome.FAILED and "SMTP 127.0.0.1" in failed.error
    stored = world.store.get_alert(alert.id)
    assert stored is not None and stored.window_end is None and stored.last_sent is None
    (ok,) = _runner(world).run(world.store.alerts(), now=NOW + timedelta(days=1))
    assert ok.outcome is Outcome.SENT and ok.count == 2 and len(inbox.envelopes) == 1


def test_without_smtp_the_digest_goes_to_the_outbox(world_factory: Callable[..., World]) -> None:
    world = world_factory(None)
    seed(world)
    _alert(world)
    runner = _runner(world)
    assert isinstance(runner.sender, OutboxSender)
    (result,) = runner.run(world.store.alerts(), now=NOW)
    assert result.outcome is Outcome.SENT and result.channel == "outbox"
    (eml,) = sorted((world.tmp / "data" / "outbox").glob("*.eml"))
    from email import message_from_bytes, policy

    msg = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert isinstance(msg, EmailMessage)
    assert msg["Subject"] == "Azoty watch: 2 new articles"
    assert "Nowa instalacja w ZAK" in _parts(msg)[0]
    assert not list((world.tmp / "data" / "outbox").glob("*.tmp"))


def test_no_links_to_the_ui_without_a_public_url(
        world_factory: Callable[..., World], inbox: Inbox) -> None:
    world = world_factory(_smtp(inbox), public_url=None)
    seed(world)
    _alert(world, query="instalacja", members=[])
    _runner(world).run(world.store.alerts(), now=NOW)
    text, html = _parts(inbox.messages()[0])
    assert "/documents/" not in text and "/documents/" not in html
    assert sum(f'href="{u}"' in html for u in ("https://alpha.example/a1",
                                               "https://beta.example/b1",
                                               "https://gamma.example/g1")) == 1


def test_a_paused_or_not_yet_due_alert_sends_nothing(
        world_factory: Callable[..., World], inbox: Inbox) -> None:
    world = world_factory(_smtp(inbox))
    seed(world)
    _alert(world, paused=True)
    _alert(world, name="Daily", every="daily", at="07:00")
    runner = _runner(world)
    first = {r.alert.name: r.outcome for r in runner.run(world.store.alerts(), now=NOW)}
    assert first == {"Azoty watch": Outcome.NOT_DUE, "Daily": Outcome.SENT}
    later = {r.alert.name: r.outcome for r in
             runner.run(world.store.alerts(), now=NOW + timedelta(hours=2))}  # 08:00 UTC
    assert later["Daily"] is Outcome.NOTHING_NEW  # 07:00 passed since the last window
    again = {r.alert.name: r.outcome for r in
             runner.run(world.store.alerts(), now=NOW + timedelta(hours=3))}
    assert again["Daily"] is Outcome.NOT_DUE


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtp_login_comes_from_the_environment(world_factory: Callable[..., World]) -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    logins: list[tuple[bytes, bytes]] = []

    def authenticator(server: object, session: object, envelope: object, mechanism: str,
                      auth_data: object) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"s3cret", handled=False)

    box = Inbox("127.0.0.1", free_port())
    controller = Controller(box, hostname=box.host, port=box.port, authenticator=authenticator,
                            auth_require_tls=False, auth_required=True,
                            auth_exclude_mechanism=["LOGIN"])  # PLAIN: one attempt per login
    controller.start()
    try:
        world = world_factory(_smtp(box))
        seed(world)
        alert = _alert(world)
        smtp = world.config.settings.smtp
        env = {"CLUSTERWATCH_SMTP_USER": "cw", "CLUSTERWATCH_SMTP_PASSWORD": "wrong"}
        (refused,) = AlertRunner(world.config, world.store, SmtpSender(smtp, env)).run(
            [alert], now=NOW)
        assert refused.outcome is Outcome.FAILED and "login refused" in refused.error
        assert "wrong" not in refused.error and not box.envelopes
        env["CLUSTERWATCH_SMTP_PASSWORD"] = "s3cret"
        (ok,) = AlertRunner(world.config, world.store, SmtpSender(smtp, env)).run(
            world.store.alerts(), now=NOW)
        assert ok.outcome is Outcome.SENT and len(box.envelopes) == 1
        assert logins == [(b"cw", b"wrong"), (b"cw", b"s3cret")]
    finally:
        controller.stop()


def test_a_long_digest_lists_the_newest_and_counts_the_rest(
        world_factory: Callable[..., World], inbox: Inbox) -> None:
    world = world_factory(_smtp(inbox))
    seed(world)
    s = world.config.settings
    world.config.settings = s.model_copy(
        update={"alerts": s.alerts.model_copy(update={"max_articles": 1})})
    _alert(world)
    (result,) = _runner(world).run(world.store.alerts(), now=NOW)
    assert result.count == 2
    msg = inbox.messages()[0]
    assert msg["Subject"] == "Azoty watch: 2 new articles"
    text, html = _parts(msg)
    assert text.count("/documents/") == 1
    assert "1 more articles in the search: https://cw.example.org/search?member=azoty" in text
    assert 'href="https://cw.example.org/search?member=azoty&amp;sort=date"' in html
    (rec,) = world.store.alert_sends(world.store.alerts()[0].id)
    assert rec.count == 2 and len(rec.doc_ids) == 3  # the listed story's copies only


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 made by the openssl command (skip without)."""
    if shutil.which("openssl") is None:
        pytest.skip("TLS tests skipped: the openssl command is not installed")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True,
                   timeout=60)
    return cert, key


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_starttls_and_tls_check_the_certificate(world_factory: Callable[..., World],
                                                tmp_path: Path, security: str) -> None:
    import ssl

    from aiosmtpd.controller import Controller

    cert, key = _certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    box = Inbox("127.0.0.1", free_port())
    if security == "tls":
        controller = Controller(box, hostname=box.host, port=box.port, ssl_context=context)
    else:
        controller = Controller(box, hostname=box.host, port=box.port, tls_context=context,
                                require_starttls=True)
    controller.start()
    try:
        world = world_factory({**_smtp(box), "security": security, "timeout": 10})
        seed(world)
        alert = _alert(world)
        smtp = world.config.settings.smtp
        (untrusted,) = AlertRunner(world.config, world.store, SmtpSender(smtp)).run(
            [alert], now=NOW)
        assert untrusted.outcome is Outcome.FAILED and "CERTIFICATE_VERIFY_FAILED" in (
            untrusted.error) and not box.envelopes
        trusted = smtp.model_copy(update={"ca_file": str(cert)})
        (ok,) = AlertRunner(world.config, world.store, SmtpSender(trusted)).run(
            world.store.alerts(), now=NOW)
        assert ok.outcome is Outcome.SENT and len(box.envelopes) == 1
    finally:
        controller.stop()
