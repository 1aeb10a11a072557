"""Commands that only read a store start without loading the NLP stack (about a second)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("spacy", "thinc")


@pytest.mark.parametrize(
    "modules",
    ["dateline", "dateline.cli", "dateline.api", "dateline.web"],
)
def test_query_side_does_not_import_spacy(modules: str) -> None:
    probe = f"import sys, {modules}\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "", f"importing {modules} loads {done.stdout.strip()}"


def test_the_probe_sees_spacy_when_it_is_loaded() -> None:
    """The check above can fail: the NLP pipeline module does load spaCy."""
    probe = "import sys, dateline.nlp.pipeline\nprint('spacy' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "True"
