"""``dateline serve`` as a real process: binds loopback, serves pages and API, read-only."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from dateline.cli import app


def test_serve_runs_a_real_server(sample_db: Path) -> None:
    """``--port 0`` takes a free port and prints it, so nothing races for a port."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "dateline", "serve", "--db", str(sample_db), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().decode()  # printed once the port is bound
        found = re.search(r"on http://127\.0\.0\.1:(\d+)/ \(read-only\)", line)
        assert found and int(found[1]) > 0, line + proc.communicate(timeout=20)[1].decode()
        base = f"http://127.0.0.1:{found[1]}"
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
        proc.communicate(timeout=20)


def test_the_cli_loads_without_fastapi_and_settings_hide_the_token() -> None:
    code = (
        "import sys, dateline.cli; sys.exit('fastapi' in sys.modules or 'uvicorn' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
    from dateline.api import Settings

    assert "secret-token-0123456789" not in repr(Settings(token="secret-token-0123456789"))


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
