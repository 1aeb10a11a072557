"""``dateline serve`` as a real process: binds loopback, serves pages and API, read-only."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
from api_support import free_port
from typer.testing import CliRunner

from dateline.cli import app


def test_serve_runs_a_real_server(sample_db: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dateline", "serve", "--db", str(sample_db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(base + "/health", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.communicate()[1].decode()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert health.json()["writable"] is False
        assert "Most mentioned" in httpx.get(base + "/").text
        write = httpx.post(base + "/api/articles", content="date 2024-01-01 x")
        assert write.status_code == 403
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/ (read-only)" in out.decode()


def test_serve_errors_are_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code != 0
    assert "no dateline database" in str(missing.exception)
    short = tmp_path / "token"
    short.write_text("abc\n", encoding="utf-8")
    bad = runner.invoke(app, ["serve", "--db", str(tmp_path / "x.db"), "--token-file", str(short)])
    assert bad.exit_code != 0 and "at least 16" in str(bad.exception)
    assert not (tmp_path / "x.db").exists()
