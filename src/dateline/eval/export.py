"""``dateline export --format semeval2015-timeline``: CAT documents in, task timelines out."""

from __future__ import annotations

from pathlib import Path

from dateline.errors import DatelineError

__all__ = ["SEMEVAL_FORMAT", "export_semeval_timelines", "read_targets"]

SEMEVAL_FORMAT = "semeval2015-timeline"


def read_targets(path: Path) -> list[str]:
    """Target entities, one a line (blank lines skipped, duplicates once)."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark is not a name
    except (OSError, UnicodeDecodeError) as exc:
        raise DatelineError(f"{path}: cannot read the target entities ({exc})") from None
    targets = list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))
    if not targets:
        raise DatelineError(f"{path}: no target entities (expected one a line)")
    return targets


def export_semeval_timelines(
    entities: Path, cat_dir: Path, out_dir: Path
) -> tuple[list[Path], list[tuple[str, str]]]:
    """Write one timeline file per target entity; returns the files and rejected documents."""
    from dateline.eval.semeval_timeline import format_timeline, timeline_filename
    from dateline.eval.timeline_task import build_timelines
    from dateline.io.cat import read_cat_dir

    targets = read_targets(entities)
    documents, rejected = read_cat_dir(cat_dir)
    if not documents:
        raise DatelineError(f"{cat_dir}: no readable CAT XML documents (*.xml)")
    if out_dir.exists() and not out_dir.is_dir():
        raise DatelineError(f"{out_dir}: exists and is not a directory")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for timeline in build_timelines(documents, targets):
        path = out_dir / timeline_filename(timeline.entity)
        path.write_text(format_timeline(timeline), encoding="utf-8")
        written.append(path)
    return written, rejected
