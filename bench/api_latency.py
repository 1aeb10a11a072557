"""Latency of the timeline and search endpoints, measured over loopback from this process.

For each corpus (the bundled sample, and a store built from the first N Reuters-21578
stories with a body), the script ingests into a fresh SQLite file with the CLI, starts
``python -m dateline serve`` as a separate process (real uvicorn, 127.0.0.1), and then, from
this process, sends ``GET /api/entities/{id}/timeline`` (for the most mentioned entities)
and ``GET /api/search?q=...`` (a fixed list of words) with 1 and with 16 concurrent clients
(threads, one keep-alive connection each). Every configuration is bounded: at most
``--requests`` timed requests and ``--max-seconds`` seconds, after a few warm-up requests.
p50 and p95 come from the same run. The section between the ``api-latency`` markers in
``docs/benchmarks.md`` is rewritten; the rest of the file is kept.

Usage (from the repository root)::

    .venv/bin/python bench/api_latency.py [--limit 2000] [--requests 400] [--max-seconds 60]
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
from throughput import (
    REUTERS_DIR,
    ROOT,
    BenchError,
    git_revision,
    load_stories,
    machine,
    reproduce,
    write_jsonl,
    write_section,
)

START_MARK = "<!-- api-latency:start -->"
END_MARK = "<!-- api-latency:end -->"
CLIENTS = (1, 16)
WARMUP = 10
SAMPLE_WORDS = ("resigned", "council", "robot", "season", "charged", "stadium", "chief", "park")
REUTERS_WORDS = ("oil", "bank", "profit", "dividend", "shares", "trade", "wheat", "prices")


@dataclass(frozen=True)
class Result:
    corpus: str
    endpoint: str
    clients: int
    latencies: tuple[float, ...]  # seconds, one per timed request
    errors: int
    seconds: float

    def percentile(self, p: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1]


def run(command: Sequence[str], what: str) -> None:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchError(f"{what} failed ({done.returncode}): {shlex.join(command)}\n{done.stderr}")


def ingest(paths: Sequence[Path], db: Path, workers: int) -> None:
    command = [sys.executable, "-m", "dateline", "ingest", *map(str, paths), "--db", str(db)]
    run([*command, "--workers", str(workers), "--no-progress"], f"ingest into {db.name}")


class Server:
    """``python -m dateline serve`` in its own process, stopped on exit."""

    def __init__(self, db: Path, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "dateline", "serve", "--db", str(db), "--port", str(port)]
        self.proc = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def __enter__(self) -> Server:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(
                    f"server exited: {self.proc.stderr.read() if self.proc.stderr else ''}"
                )
            try:
                if httpx.get(self.base + "/health", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.2)
        raise BenchError("server did not start within 60 s")

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def load_average() -> str:
    """The 1-minute load average: other work on the machine shows up in these latencies."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "unknown"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def load(
    base: str, paths: Sequence[str], *, clients: int, requests: int, seconds: float
) -> tuple[list[float], int, float]:
    """Send ``requests`` GETs (cycling over ``paths``) from ``clients`` threads; time each."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    cycle = itertools.cycle(paths)
    remaining = requests
    stop_at = time.monotonic() + seconds

    def next_path() -> str | None:
        nonlocal remaining
        with lock:
            if remaining <= 0 or time.monotonic() > stop_at:
                return None
            remaining -= 1
            return next(cycle)

    def worker() -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=30) as client:
            for path in paths[: WARMUP // max(1, clients) + 1]:
                client.get(path)
            while (path := next_path()) is not None:
                started = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if response.status_code != 200:
                        errors += 1

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - started


def measure(
    corpus: str, db: Path, words: Sequence[str], args: argparse.Namespace
) -> tuple[list[Result], dict[str, int]]:
    results: list[Result] = []
    with Server(db, free_port()) as server:
        counts = httpx.get(server.base + "/health").json()["counts"]
        top = httpx.get(server.base + "/api/entities", params={"limit": 20}).json()["items"]
        targets = {
            "timeline": [f"/api/entities/{e['id']}/timeline" for e in top],
            "timeline page": [f"/api/entities/{e['id']}/timeline?limit=50" for e in top],
            "search": [f"/api/search?q={w}" for w in words],
        }
        for endpoint, paths in targets.items():
            for clients in CLIENTS:
                latencies, errors, seconds = load(
                    server.base,
                    paths,
                    clients=clients,
                    requests=args.requests,
                    seconds=args.max_seconds,
                )
                result = Result(corpus, endpoint, clients, tuple(latencies), errors, seconds)
                p50, p95 = result.percentile(50) * 1000, result.percentile(95) * 1000
                print(
                    f"{corpus:8} {endpoint:13} {clients:2} clients: {len(latencies)} requests, "
                    f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, {errors} errors",
                    flush=True,
                )
                results.append(result)
    return results, counts


def render(
    results: Sequence[Result],
    counts: dict[str, dict[str, int]],
    args: argparse.Namespace,
    revision: str,
    command: str,
) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        START_MARK,
        "## API latency",
        "",
        f"Measured {now} by `bench/api_latency.py`: `python -m dateline serve` (uvicorn, one "
        "process) on 127.0.0.1, requests sent from the benchmark process with 1 and 16 "
        "concurrent clients (threads, one keep-alive connection each). Each row is at most "
        f"{args.requests} timed requests or {args.max_seconds:g} s after warm-up; the timeline "
        "rows cycle over the 20 most mentioned entities (`timeline`: the whole timeline, "
        "`timeline page`: its first 50 items), the search rows over a fixed list of "
        "words. Timelines are materialised on first use (query/materialised.py), so the first "
        "request for an entity after ingest pays for combining and clustering. Client and server "
        "share the machine's cores, so the 16-client rows include "
        "queueing for the CPU; a load average (below) well above the core count means other "
        "work shared the CPU too, and the figures are pessimistic.",
        "",
        "| Corpus | Articles | Endpoint | Clients | Requests | p50 (ms) | p95 (ms) | Requests/s "
        "| Errors |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        p50, p95 = r.percentile(50) * 1000, r.percentile(95) * 1000
        lines.append(
            f"| {r.corpus} | {counts[r.corpus]['articles']:,} | {r.endpoint} | {r.clients} | "
            f"{len(r.latencies):,} | {p50:.1f} | {p95:.1f} | "
            f"{len(r.latencies) / r.seconds:.0f} | {r.errors} |"
        )
    lines += ["", "Machine:", ""]
    lines += [f"- {k}: {v}" for k, v in machine().items()]
    lines.append(
        "- Load average (1 min) at the start and end of the timed part: "
        f"{args.load}, {load_average()}"
    )
    lines += [
        f"- dateline: {revision}",
        "",
        *reproduce(
            command, needs="the Reuters rows need `../shared/data/reuters-21578`", end_mark=END_MARK
        ),
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--limit", type=int, default=2000, help="Reuters stories (default 2000)")
    parser.add_argument("--requests", type=int, default=400, help="timed requests per row")
    parser.add_argument("--max-seconds", type=float, default=60, help="time cap per row")
    parser.add_argument("--workers", type=int, default=2, help="ingest worker processes")
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument(
        "--workdir", type=Path, default=None, help="keep the built databases here for reruns"
    )
    args = parser.parse_args(argv)
    output: Path = args.output if args.output.is_absolute() else ROOT / args.output
    revision = git_revision()
    import dateline

    results: list[Result] = []
    counts: dict[str, dict[str, int]] = {}
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
    place = (
        contextlib.nullcontext(str(args.workdir))
        if args.workdir is not None
        else tempfile.TemporaryDirectory(prefix="dateline-api-bench-")
    )
    with place as tmp:
        work = Path(tmp)
        # build both stores first (ingest skips what a kept --workdir already holds)
        sample_db = work / "sample.db"
        print("ingesting the sample corpus", flush=True)
        ingest([dateline.sample_corpus()], sample_db, workers=1)
        if not REUTERS_DIR.is_dir():
            raise BenchError(f"Reuters-21578 not found at {REUTERS_DIR}; nothing was measured")
        stories = load_stories(REUTERS_DIR, args.limit)
        jsonl = work / "reuters.jsonl"
        write_jsonl(stories, jsonl)
        reuters_db = work / "reuters.db"
        print(f"ingesting {len(stories):,} Reuters stories (a few minutes)", flush=True)
        started = time.perf_counter()
        ingest([jsonl], reuters_db, workers=args.workers)
        print(f"ingested in {time.perf_counter() - started:.0f} s", flush=True)
        args.load = load_average()  # the timed part starts here
        found, counts["sample"] = measure("sample", sample_db, SAMPLE_WORDS, args)
        results += found
        name = f"reuters-{args.limit}"
        found, counts[name] = measure(name, reuters_db, REUTERS_WORDS, args)
        results += found
    command = shlex.join(
        [
            ".venv/bin/python",
            "bench/api_latency.py",
            "--limit",
            str(args.limit),
            "--requests",
            str(args.requests),
            "--max-seconds",
            f"{args.max_seconds:g}",
        ]
    )
    write_section(
        output,
        render(results, counts, args, revision, command),
        start_mark=START_MARK,
        end_mark=END_MARK,
    )
    print(f"wrote {output}", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
