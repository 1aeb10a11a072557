"""SemEval-2015 Task 4 (TimeLine) timelines: the file format and the task's metric.

A timeline file starts with the target entity, then one line per event cluster:
``position<TAB>date<TAB>docid-sentence-word[<TAB>more mentions of the same event]``.
Position 0 holds events that could not be ordered; ``XXXX-XX-XX`` is an unknown date.

The metric (Minard et al. 2015, after UzZaman & Allen 2011, TempEval-3) turns each timeline
into a graph of TLINKs and scores temporal awareness:

* events on the same line or at the same position are ``SIMULTANEOUS``;
* each event is ``SIMULTANEOUS`` with a time node for its date (unknown dates get none);
* every event of a position is ``BEFORE`` every event of the next position;
* events at position 0 are left out.

Relations are added in that order; one contradicting what is already derived (the same date
at two positions) is kept aside as *violated*, as the TempEval-3 time graph does. The reduced
graph keeps the input relations not implied by the others, plus the violated ones.
Precision = reduced(system) relations that hold in closure(gold) / |reduced(system)|;
recall = reduced(gold) relations that hold in closure(system) / |reduced(gold)|; the task
figure is the micro average over all timelines (sums of matches and totals), then F1.
Differences from the official script are listed in docs/semeval.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from dateline.errors import DatelineError

__all__ = [
    "BEFORE",
    "SIMULTANEOUS",
    "Relation",
    "Score",
    "TimeGraph",
    "Timeline",
    "TimelineEntry",
    "anchor_node",
    "evaluate",
    "format_timeline",
    "micro",
    "parse_timeline",
    "read_timelines",
    "score_timeline",
    "timeline_filename",
    "timeline_relations",
]

SIMULTANEOUS = "SIMULTANEOUS"
BEFORE = "BEFORE"
_DATE = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2}|XX))?(?:-(\d{2}|XX))?$")


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One line: a position, a date (``XXXX-XX-XX`` when unknown) and co-referring mentions."""

    position: int
    date: str
    events: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Timeline:
    """The timeline of one target entity."""

    entity: str
    entries: tuple[TimelineEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class Relation:
    """A TLINK between two nodes (``e:`` events, ``t:`` dates)."""

    rel: str
    source: str
    target: str


@dataclass(frozen=True, slots=True)
class Score:
    """Matched and total relations of one comparison; add them up for the micro average."""

    precision_matched: int = 0
    system_total: int = 0
    recall_matched: int = 0
    gold_total: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.precision_matched + other.precision_matched,
            self.system_total + other.system_total,
            self.recall_matched + other.recall_matched,
            self.gold_total + other.gold_total,
        )

    @property
    def precision(self) -> float:
        return self.precision_matched / self.system_total if self.system_total else 0.0

    @property
    def recall(self) -> float:
        return self.recall_matched / self.gold_total if self.gold_total else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def timeline_filename(entity: str) -> str:
    """The task's file name for an entity: lower case, spaces to underscores, ``.txt``."""
    return "_".join(entity.strip().lower().split()) + ".txt"


def parse_timeline(text: str, *, origin: str = "timeline") -> Timeline:
    """A timeline file's text; lines that are not ``position<TAB>date<TAB>event...`` fail."""
    lines = [line.rstrip("\r") for line in text.split("\n")]
    if not lines or not lines[0].strip():
        raise DatelineError(f"{origin}: the first line must name the target entity")
    entries: list[TimelineEntry] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = [f.strip() for f in line.split("\t") if f.strip()]
        if len(fields) < 3 or not fields[0].isdigit():
            raise DatelineError(f"{origin}:{number}: expected position, date and event ids")
        entries.append(TimelineEntry(int(fields[0]), fields[1], tuple(fields[2:])))
    return Timeline(lines[0].strip(), tuple(entries))


def format_timeline(timeline: Timeline) -> str:
    """The file text, exactly as the task's scorer reads it."""
    rows = [timeline.entity]
    rows.extend(
        "\t".join([str(entry.position), entry.date, *entry.events]) for entry in timeline.entries
    )
    return "\n".join(rows) + "\n"


def read_timelines(directory: Path) -> dict[str, Timeline]:
    """Every ``*.txt`` timeline of a directory, by file name."""
    if not directory.is_dir():
        raise DatelineError(f"{directory}: not a directory")
    return {
        path.name: parse_timeline(path.read_text(encoding="utf-8"), origin=str(path))
        for path in sorted(directory.glob("*.txt"))
    }


def anchor_node(date: str) -> str | None:
    """The time node of a date: ``2009``, ``2009-XX`` and ``2009-XX-XX`` are one node.

    Unknown (all-``X``) or malformed dates give no node.
    """
    match = _DATE.match(date.strip().upper())
    if match is None or match.group(1) == "XXXX":
        return None
    parts = [match.group(1), match.group(2) or "XX", match.group(3) or "XX"]
    return "t:" + "-".join(parts)


def timeline_relations(timeline: Timeline) -> list[Relation]:
    """The TLINKs of a timeline, in the order they are added to its graph."""
    by_position: dict[int, list[tuple[str, str]]] = {}
    for entry in timeline.entries:
        if entry.position == 0:
            continue
        for event in entry.events:
            by_position.setdefault(entry.position, []).append(("e:" + event, entry.date))
    positions = sorted(by_position)
    relations: list[Relation] = []
    for position in positions:
        nodes = list(dict.fromkeys(node for node, _ in by_position[position]))
        relations.extend(Relation(SIMULTANEOUS, nodes[0], other) for other in nodes[1:])
    for position in positions:
        for node, date in by_position[position]:
            anchor = anchor_node(date)
            if anchor is not None:
                relations.append(Relation(SIMULTANEOUS, node, anchor))
    for earlier, later in pairwise(positions):
        for a in dict.fromkeys(node for node, _ in by_position[earlier]):
            for b in dict.fromkeys(node for node, _ in by_position[later]):
                relations.append(Relation(BEFORE, a, b))
    return relations


@dataclass
class TimeGraph:
    """Nodes in classes of simultaneous nodes, with ``BEFORE`` edges between the classes."""

    parent: dict[str, str] = field(default_factory=dict)
    after: dict[str, set[str]] = field(default_factory=dict)  # class -> classes after it
    accepted: list[Relation] = field(default_factory=list)
    violated: list[Relation] = field(default_factory=list)
    literal: set[tuple[str, str, str]] = field(default_factory=set)

    @classmethod
    def build(cls, relations: Iterable[Relation]) -> TimeGraph:
        graph = cls()
        for relation in relations:
            graph.add(relation)
        return graph

    def find(self, node: str) -> str:
        root = node
        while self.parent.setdefault(root, root) != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def _reaches(self, a: str, b: str) -> bool:
        """Whether class ``a`` is before class ``b``."""
        seen = {a}
        stack = [a]
        while stack:
            for nxt in self.after.get(stack.pop(), ()):
                if nxt == b:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    def add(self, relation: Relation) -> None:
        a, b = self.find(relation.source), self.find(relation.target)
        self.literal.add((relation.rel, relation.source, relation.target))
        reverse = "AFTER" if relation.rel == BEFORE else relation.rel
        self.literal.add((reverse, relation.target, relation.source))
        if relation.rel == SIMULTANEOUS:
            if a == b:
                self.accepted.append(relation)
                return
            if self._reaches(a, b) or self._reaches(b, a):
                self.violated.append(relation)
                return
            self.parent[b] = a
            self.after.setdefault(a, set()).update(self.after.pop(b, set()))
            for targets in self.after.values():
                if b in targets:
                    targets.discard(b)
                    targets.add(a)
            self.after[a].discard(a)
        else:
            if a == b or self._reaches(b, a):
                self.violated.append(relation)
                return
            self.after.setdefault(a, set()).add(b)
        self.accepted.append(relation)

    def holds(self, relation: Relation) -> bool:
        """Whether the relation is in this graph's closure (or literally among its input)."""
        if (relation.rel, relation.source, relation.target) in self.literal:
            return True
        if relation.source not in self.parent or relation.target not in self.parent:
            return False
        a, b = self.find(relation.source), self.find(relation.target)
        if relation.rel == SIMULTANEOUS:
            return a == b
        return a != b and self._reaches(a, b)

    def reduced(self) -> list[Relation]:
        """The accepted relations not implied by the others, then the violated ones."""
        kept: list[Relation] = []
        forest: dict[str, str] = {}

        def root(node: str) -> str:
            while forest.setdefault(node, node) != node:
                node = forest[node]
            return node

        for relation in self.accepted:
            if relation.rel != SIMULTANEOUS:
                continue
            a, b = root(relation.source), root(relation.target)
            if a != b:
                forest[b] = a
                kept.append(relation)
        edges: dict[tuple[str, str], Relation] = {}
        for relation in self.accepted:
            if relation.rel == BEFORE:
                key = (self.find(relation.source), self.find(relation.target))
                edges.setdefault(key, relation)
        for (a, b), relation in edges.items():
            others = {n for n in self.after.get(a, ()) if n != b}
            if not any(n == b or self._reaches(n, b) for n in others):
                kept.append(relation)
        return kept + self.violated


def score_timeline(gold: Timeline | None, system: Timeline | None) -> Score:
    """Temporal-awareness counts of one system timeline against its gold timeline."""
    gold_graph = TimeGraph.build(timeline_relations(gold) if gold else [])
    system_graph = TimeGraph.build(timeline_relations(system) if system else [])
    gold_reduced = gold_graph.reduced()
    system_reduced = system_graph.reduced()
    return Score(
        precision_matched=sum(gold_graph.holds(r) for r in system_reduced),
        system_total=len(system_reduced),
        recall_matched=sum(system_graph.holds(r) for r in gold_reduced),
        gold_total=len(gold_reduced),
    )


def evaluate(
    gold: Mapping[str, Timeline], system: Mapping[str, Timeline]
) -> tuple[Score, dict[str, Score]]:
    """Micro-averaged counts over the gold timelines, and each timeline's own counts.

    Timelines are paired by file name; a missing system timeline scores nothing.
    """
    per: dict[str, Score] = {
        name: score_timeline(tl, system.get(name)) for name, tl in gold.items()
    }
    return micro(per.values()), per


def micro(scores: Iterable[Score]) -> Score:
    """Sum of the counts: the micro average."""
    total = Score()
    for score in scores:
        total = total + score
    return total
