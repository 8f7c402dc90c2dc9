"""Unattended logging: JSON lines, our INFO lines raised without a terminal, progress as lines."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from clusterwatch.ops.logs import APP_LOGGERS, setup_logging, unattended_info
from clusterwatch.ops.progress import Progress


@pytest.fixture(autouse=True)
def _restore_levels() -> Iterator[None]:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, {n: logging.getLogger(n).level for n in APP_LOGGERS})
    yield
    root.handlers[:], root.level = saved[0], saved[1]
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)


def test_json_lines_with_our_info_lines_when_unattended(capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    setup_logging(0, json_lines=True)
    assert unattended_info(0, io.StringIO())  # a StringIO is not a terminal
    logging.getLogger("clusterwatch.ops.nightly").info("crawling %d source(s)", 2)
    logging.getLogger("scrapy.core").info("third-party chatter")
    lines = [json.loads(x) for x in capsys.readouterr().err.splitlines()]
    assert [(x["level"], x["logger"], x["message"]) for x in lines] == [
        ("INFO", "clusterwatch.ops.nightly", "crawling 2 source(s)")]


def test_verbose_or_terminal_leaves_levels_alone() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    before = logging.getLogger("clusterwatch").level
    assert not unattended_info(1, io.StringIO())
    assert not unattended_info(0, Tty())
    assert logging.getLogger("clusterwatch").level == before


def test_progress_without_terminal_logs_counts(caplog: pytest.LogCaptureFixture) -> None:
    stream = io.StringIO()
    with caplog.at_level(logging.INFO, logger="clusterwatch.ops.progress"), \
            Progress("reprocess", total=3, stream=stream, every=0.0) as p:
        for _ in range(3):
            p.advance()
    assert stream.getvalue() == ""  # no bar drawn into a log file
    msgs = [r.getMessage() for r in caplog.records]
    assert msgs[0].startswith("reprocess: 1/3 (") and msgs[-1].startswith("reprocess: finished 3/3")


def test_progress_bar_on_a_terminal_shows_rate_and_time_left() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    with Progress("ingest", total=4, stream=stream) as p:
        p.advance(2)
        p._draw(p._start + 2.0)  # two done in two seconds: two more take two seconds
        drawn = stream.getvalue().rsplit("\r", 1)[-1]
    assert drawn.startswith("ingest: [###############...............] 2/4 (1.0/s, 2s left)")
    assert stream.getvalue().endswith("\n")
