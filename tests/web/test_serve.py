"""`clusterwatch serve` as a real process: it answers on 127.0.0.1 and stops cleanly."""

from __future__ import annotations

import signal
import subprocess
import time

import httpx

from tests.web.conftest import WebFixture, free_port


def test_serve_process_answers_and_stops(cli_env: dict[str, str], python: str,
                                         web_data: WebFixture) -> None:
    port = free_port()
    env = {**cli_env, "CLUSTERWATCH_STORE": web_data.config.settings.store}
    cmd = [python, "-c", "import sys; from clusterwatch.cli import main; sys.exit(main())",
           "--config", str(web_data.config.dir), "serve", "--port", str(port),
           "--nightly", "03:30"]
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/search?q=azoty", timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "serve did not answer within 60 s"
                time.sleep(0.3)
        assert r.status_code == 200 and r.json()["total"] == 5
        assert "content-security-policy" in r.headers
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "serving on http://127.0.0.1:" in err
    assert "Traceback" not in err and "--nightly ignored" not in err
