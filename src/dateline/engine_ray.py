"""The Ray engine: extraction spread over the actors of a Ray cluster.

Each actor loads the spaCy pipeline once and turns chunks of articles into ``Extraction``
records; the driver (the ``dateline ingest`` process) stays the single writer, so content-hash
dedupe, runs, rejections, progress and resume are exactly those of local ingest
(``dateline.ingest.ingest_articles`` calls ``extract_with_ray`` instead of the local pool).

Extraction is a pure function of the article, so a chunk held by an actor that dies is simply
sent again (to the restarted actor or another one); the driver yields each chunk once, in input
order, so nothing is lost, nothing is stored twice and entities resolve in the same order as
a local ingest. Ray is an optional extra (``pip install 'dateline[ray]'``).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from dateline.errors import DatelineError
from dateline.model import Article, Extraction

__all__ = ["MAX_ATTEMPTS", "RayStats", "check_address", "extract_with_ray", "require_ray"]

#: times a chunk is sent before the run stops (a chunk that kills every actor it meets)
MAX_ATTEMPTS = 4
#: chunks queued per actor, so an actor never waits for the driver between chunks
_PER_ACTOR = 2
#: object store of a local cluster started by dateline: chunks and extractions are small
_OBJECT_STORE_BYTES = 256 * 2**20

INSTALL_HINT = "the Ray engine needs Ray: pip install 'dateline[ray]'"


def require_ray() -> Any:
    """The ``ray`` module, or a one-line error saying how to install it."""
    try:
        import ray
    except ImportError:
        raise DatelineError(INSTALL_HINT) from None
    return ray


@dataclass(slots=True)
class RayStats:
    """What the last Ray extraction did: chunks sent, and chunks sent again after a death."""

    chunks: int = 0
    retried: int = 0
    actor_pids: list[int] = field(default_factory=list)


def _extractor_class(ray: Any) -> Any:
    """The actor class, defined once ``ray`` is imported (it is optional)."""

    class Extractor:
        """One pipeline per actor, loaded when the actor starts (again after a restart)."""

        def __init__(self, quote_tagger: bool | None = None) -> None:
            from dateline.nlp.pipeline import load_pipeline

            self.nlp = load_pipeline(quote_tagger=quote_tagger)

        @ray.method(max_task_retries=-1)  # type: ignore[untyped-decorator]  # waits for a restart
        def pid(self) -> int:
            return os.getpid()

        def extract(self, articles: Sequence[Article], batch_size: int) -> list[Extraction]:
            from dateline.nlp.extract import extraction_from_doc
            from dateline.nlp.pipeline import process

            pairs = process(articles, nlp=self.nlp, batch_size=batch_size)
            return [extraction_from_doc(a, doc) for a, doc in pairs]

    # restarted by Ray when its process dies; the driver re-sends what it held
    return ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=0)(Extractor)


def check_address(address: str) -> None:
    """Fail fast on an address nobody listens on: Ray itself retries for minutes."""
    import socket
    from urllib.parse import urlsplit

    if address in ("auto", "local"):
        return
    parts = urlsplit(address if "://" in address else f"ray://{address}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host = port = None
    if not host or port is None:
        raise DatelineError(f"--address {address!r}: use HOST:PORT or ray://HOST:PORT")
    try:
        with socket.create_connection((host, port), timeout=5):
            pass
    except OSError as exc:
        raise DatelineError(f"cannot reach the Ray cluster at {address}: {exc}") from None


def _connect(ray: Any, *, address: str | None, workers: int) -> bool:
    """Join ``address`` (or the session already open); start a local cluster when none.

    Returns whether this call started Ray (then the caller shuts it down).
    """
    if address is not None:
        check_address(address)
    if ray.is_initialized():
        return False
    import logging

    common: dict[str, Any] = {
        "logging_level": logging.WARNING,
        "log_to_driver": False,
        "configure_logging": True,
    }
    from dateline.nlp.quotes import TAGGER_ENV, tagger_enabled

    if tagger_enabled():  # actors of a remote cluster do not see this process's environment
        common["runtime_env"] = {"env_vars": {TAGGER_ENV: "1"}}
    try:
        if address is not None:
            ray.init(address=address, **common)
        else:
            ray.init(
                address="local",  # a new cluster, even when RAY_ADDRESS or `ray start` has one
                num_cpus=max(workers, os.cpu_count() or 1),
                include_dashboard=False,
                object_store_memory=_OBJECT_STORE_BYTES,
                **common,
            )
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = address or "a local cluster"
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatelineError(f"could not start Ray on {where}: {first}") from None
    return True


def extract_with_ray(
    articles: Iterable[Article],
    *,
    workers: int = 2,
    batch_size: int = 64,
    address: str | None = None,
    stats: RayStats | None = None,
    expected: int | None = None,
    quote_tagger: bool | None = None,
) -> Generator[Extraction, None, None]:
    """Extractions in input order, computed by ``workers`` Ray actors.

    ``address`` is a Ray cluster (``ray://host:10001`` or ``host:6379``); without one a
    session already open in this process is used, else a local cluster is started and shut
    down afterwards. ``stats`` (optional) is filled in as chunks are sent and retried.
    ``articles`` is pulled lazily, a chunk at a time, as actors become free (as with local
    workers: ``dateline.ingest.extract_articles``); ``expected`` sizes the chunks.
    ``quote_tagger`` is passed to each actor's pipeline (``None``: the actors follow
    ``DATELINE_QUOTE_TAGGER`` as set in this process).
    """
    from dateline.ingest import article_chunks

    ray = require_ray()
    if isinstance(articles, Sized) and expected is None:
        expected = len(articles)
    workers = max(1, workers)
    chunks = article_chunks(articles, expected=expected, workers=workers, batch_size=batch_size)
    first = next(chunks, None)
    if first is None:
        return
    record = stats if stats is not None else RayStats()
    started = _connect(ray, address=address, workers=workers)
    actors: list[Any] = []
    try:
        total_cpus = float(ray.cluster_resources().get("CPU", 0))
        if total_cpus < workers:
            raise DatelineError(
                f"the Ray cluster has {total_cpus:g} CPUs; --workers {workers} needs {workers}"
            )
        extractor = _extractor_class(ray)
        actors = [extractor.remote(quote_tagger) for _ in range(workers)]
        record.actor_pids[:] = ray.get([actor.pid.remote() for actor in actors])
        yield from _run(ray, actors, chain([first], chunks), batch_size=batch_size, stats=record)
    finally:
        for actor in actors:
            ray.kill(actor, no_restart=True)
        if started:
            ray.shutdown()


def _run(
    ray: Any,
    actors: list[Any],
    source: Iterator[Sequence[Article]],
    *,
    batch_size: int,
    stats: RayStats,
) -> Generator[Extraction, None, None]:
    """Keep every live actor busy, re-send the chunks of a dead one, yield chunks in order.

    Chunks are pulled from ``source`` only when an actor can take one. An actor whose task
    failed is probed (``pid``, retried by Ray until the actor is back) and gets no work
    until the probe answers, so its chunks go to the actors still alive.
    """
    chunks: list[Sequence[Article]] = []  # pulled so far; a yielded chunk is let go
    exhausted = False
    todo: deque[int] = deque()
    attempts: list[int] = []
    pending: dict[Any, tuple[int, int]] = {}  # object ref -> (chunk, actor)
    probes: dict[Any, int] = {}  # object ref -> actor being restarted
    load = [0] * len(actors)
    alive = [True] * len(actors)
    done: dict[int, list[Extraction]] = {}
    following = 0
    while following < len(chunks) or not exhausted:
        while True:
            free = [k for k in range(len(actors)) if alive[k] and load[k] < _PER_ACTOR]
            if not free:
                break
            if not todo:
                if exhausted or (chunk := next(source, None)) is None:
                    exhausted = True
                    break
                chunks.append(chunk)
                attempts.append(0)
                todo.append(len(chunks) - 1)
            # bounded: results wait in ``done`` only while an earlier chunk is still out
            if len(done) < 2 * _PER_ACTOR * len(actors):
                index = todo.popleft()
            elif following in todo:
                todo.remove(following)
                index = following
            else:
                break
            actor = min(free, key=load.__getitem__)
            attempts[index] += 1
            stats.chunks += 1
            pending[actors[actor].extract.remote(chunks[index], batch_size)] = (index, actor)
            load[actor] += 1
        while following in done:
            chunks[following] = ()
            yield from done.pop(following)
            following += 1
        if not pending and not probes:
            continue
        [ready], _ = ray.wait([*pending, *probes], num_returns=1)
        if ready in probes:
            actor = probes.pop(ready)
            try:
                stats.actor_pids[actor] = ray.get(ready)
            except ray.exceptions.RayActorError as exc:
                raise DatelineError(f"a Ray worker did not come back: {exc}") from None
            alive[actor] = True
            continue
        index, actor = pending.pop(ready)
        load[actor] -= 1
        try:
            done[index] = ray.get(ready)
        except ray.exceptions.RayActorError as exc:
            if attempts[index] >= MAX_ATTEMPTS:
                first = chunks[index][0]
                raise DatelineError(
                    f"Ray workers died {attempts[index]} times on the chunk starting with "
                    f"{first.origin or first.id}; stored articles are kept, re-run to resume"
                ) from exc
            stats.retried += 1
            todo.appendleft(index)
            if alive[actor]:
                alive[actor] = False
                probes[actors[actor].pid.remote()] = actor
