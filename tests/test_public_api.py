"""The public API is exactly what ``__all__`` says, and every listed name exists."""

from __future__ import annotations

import importlib
import pkgutil

import dateline


def test_all_names_exist_once() -> None:
    for name in dateline.__all__:
        assert hasattr(dateline, name), name
    assert len(set(dateline.__all__)) == len(dateline.__all__)


def test_no_private_names_exported() -> None:
    assert all(not n.startswith("_") or n == "__version__" for n in dateline.__all__)


def test_every_module_declares_all() -> None:
    """Each module says what it exports, so nothing becomes public by accident."""
    missing = []
    for info in pkgutil.walk_packages(dateline.__path__, prefix="dateline."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        if (
            not info.ispkg
            and not hasattr(module, "__all__")
            and info.name != "dateline.nlp.components"
        ):
            missing.append(info.name)
    assert not missing, missing


def test_api_entry_points() -> None:
    assert callable(dateline.connect) and callable(dateline.extract)
    assert dateline.sample_corpus().is_dir()
    assert len(list(dateline.sample_corpus().glob("*.txt"))) >= 40
