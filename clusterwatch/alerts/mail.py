"""The digest as an e-mail (multipart: text and HTML), sent by SMTP or written to the outbox.

SMTP uses the standard library: STARTTLS or TLS with certificate checks, a login only from the
environment (``smtp.user_env``/``smtp.password_env``). Without ``smtp.host``, messages are
written to ``DATA_DIR/outbox`` as ``.eml`` files. Headers are built by ``email`` with the SMTP
policy, from one-line text: nothing crawled can start a header of its own.
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
from collections.abc import Mapping
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path
from typing import Protocol

from clusterwatch.alerts.render import Rendered
from clusterwatch.alerts.text import one_line
from pipeline.settings import SmtpSettings

log = logging.getLogger(__name__)

OUTBOX = "outbox"


class DeliveryError(RuntimeError):
    """The message was not accepted (nothing was delivered); the message says why."""


class Sender(Protocol):
    channel: str

    def deliver(self, message: EmailMessage) -> None:
        """Hand the message on; raise DeliveryError when it was refused."""


def build_message(rendered: Rendered, message_id: str, sender: str, recipients: list[str],
                  when: datetime) -> EmailMessage:
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = one_line(rendered.subject)
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<{message_id}@{sender.rpartition('@')[2]}>"
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(rendered.text)
    msg.add_alternative(rendered.html, subtype="html")
    return msg


class OutboxSender:
    """Writes each message to ``folder`` as ``<time>-<id>.eml`` (atomically)."""

    channel = "outbox"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def deliver(self, message: EmailMessage) -> None:
        ident = str(message["Message-ID"]).strip("<>").split("@", 1)[0]
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        path = self.folder / f"{stamp}-{ident}.eml"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(message.as_bytes(policy=SMTP))
            tmp.replace(path)
        except OSError as exc:
            raise DeliveryError(f"cannot write {path}: {exc}") from None
        log.info("alert digest written to %s", path)


class SmtpSender:
    channel = "smtp"

    def __init__(self, settings: SmtpSettings, env: Mapping[str, str] | None = None) -> None:
        if not settings.host:
            raise ValueError("smtp.host is not set")
        if settings.ca_file and not Path(settings.ca_file).is_file():
            raise ValueError(f"smtp.ca_file: no such file {settings.ca_file!r}")
        self.settings = settings
        env = os.environ if env is None else env
        self.user = env.get(settings.user_env, "").strip()
        self.password = env.get(settings.password_env, "")

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        host = s.host or ""
        context = ssl.create_default_context(cafile=s.ca_file)  # certificates are checked
        if s.security == "tls":
            return smtplib.SMTP_SSL(host, s.port, timeout=s.timeout, context=context)
        conn = smtplib.SMTP(host, s.port, timeout=s.timeout)
        if s.security == "starttls":
            conn.starttls(context=context)
        return conn

    def deliver(self, message: EmailMessage) -> None:
        where = f"{self.settings.host}:{self.settings.port}"
        try:
            with self._connect() as conn:
                if self.user:
                    conn.login(self.user, self.password)
                refused = conn.send_message(message)
        except smtplib.SMTPAuthenticationError:
            raise DeliveryError(f"SMTP login refused by {where} (check "
                                f"{self.settings.user_env}/{self.settings.password_env})"
                                ) from None
        except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
            raise DeliveryError(f"SMTP {where}: {one_line(str(exc), 300)}") from None
        if refused:
            log.warning("SMTP %s refused recipient(s): %s", where, ", ".join(sorted(refused)))


def make_sender(settings: SmtpSettings, data_dir: str) -> Sender:
    if settings.host:
        return SmtpSender(settings)
    return OutboxSender(Path(data_dir) / OUTBOX)
