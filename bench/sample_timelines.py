"""How much of the sample corpus's expected timelines dateline gets right.

Ingests the bundled sample corpus (46 fictional articles) into a fresh database and scores
it against the expectations transcribed from docs/sample-corpus.md (tests/sample_expected.py):
expected events found per recurring entity, roles with the right interval, duplicate pairs
clustered, conflicts kept. Rewrites the section between the ``sample-timelines`` markers in
``docs/benchmarks.md``, every miss listed.

Usage (from the repository root)::

    .venv/bin/python bench/sample_timelines.py [--output docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests")]

from sample_expected import FACTS, Score, score  # noqa: E402
from throughput import git_revision, write_section  # noqa: E402

import dateline  # noqa: E402

START_MARK = "<!-- sample-timelines:start -->"
END_MARK = "<!-- sample-timelines:end -->"


def render(result: Score, *, revision: str, command: str) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    share = result.events_found / result.events_expected
    lines = [
        START_MARK,
        "## Sample corpus timelines",
        "",
        f"Measured {when} by `bench/sample_timelines.py` (dateline {revision}): the 46 sample "
        "articles ingested into a fresh database, each recurring entity's timeline scored "
        "against the expectations written with the corpus (`docs/sample-corpus.md`, "
        "transcribed in `tests/sample_expected.py`). An event counts when an item has the "
        "expected TIMEX3 value and the expected words; a role when its start and end agree "
        "with the document's (overlapping calendar ranges, open ends open).",
        "",
        "| Entity | Expected events found |",
        "|---|---:|",
    ]
    for name, (found, total) in result.events.items():
        lines.append(f"| {name} | {found} / {total} |")
    lines += [
        f"| **all** | **{result.events_found} / {result.events_expected} ({share:.0%})** |",
        "",
        f"- Roles with the right interval: {result.facts_found} / {len(FACTS)}.",
        "- Duplicate pairs clustered into one event with both reports: "
        + ", ".join(f"{k} {'yes' if v else 'no'}" for k, v in result.duplicates.items())
        + ".",
        "- Conflicts kept with both values: "
        + ", ".join(f"{k} {'yes' if v else 'no'}" for k, v in result.conflicts.items())
        + ".",
        "",
        "Missed events:",
        "",
    ]
    lines += [
        f"- {name}: {value} {' / '.join(words)}" for name, value, words in result.missed_events
    ]
    lines += ["", "Missed roles (and what was found instead):", ""]
    for person, org, starts, end, seen in result.missed_facts:
        found = "; ".join(seen) or "nothing"
        lines.append(f"- {person} at {org}, {' or '.join(starts)} → {end or 'open'}: {found}")
    lines += ["", "Reproduce:", "", "```sh", command, "```", END_MARK]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    output: Path = args.output if args.output.is_absolute() else ROOT / args.output
    revision = git_revision()
    with (
        tempfile.TemporaryDirectory(prefix="dateline-sample-") as tmp,
        dateline.connect(Path(tmp) / "sample.db") as dl,
    ):
        dl.ingest([dateline.sample_corpus()])
        result = score(dl)
    command = ".venv/bin/python bench/sample_timelines.py --output docs/benchmarks.md"
    write_section(
        output,
        render(result, revision=revision, command=command),
        start_mark=START_MARK,
        end_mark=END_MARK,
    )
    print(
        f"events {result.events_found}/{result.events_expected}, roles "
        f"{result.facts_found}/{len(FACTS)}, duplicates {result.duplicates}, "
        f"conflicts {result.conflicts}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
