"""Every CLI command has --help, and every command and option is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from dateline.cli import app

ROOT = Path(__file__).resolve().parents[1]
COMMAND = typer.main.get_command(app)
NAMES = sorted(getattr(COMMAND, "commands", {}))


def test_there_are_commands() -> None:
    assert {
        "ingest",
        "timeline",
        "extract",
        "entities",
        "show",
        "search",
        "export",
        "runs",
        "demo",
    } <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_help(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


@pytest.mark.parametrize("name", NAMES)
def test_command_documented(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    cli_doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"dateline {name}" in readme, f"README.md does not show `dateline {name}`"
    assert f"## `dateline {name}`" in cli_doc, f"docs/cli.md has no section for {name}"
    section = cli_doc.split(f"## `dateline {name}`", 1)[1].split("\n## ", 1)[0]
    command = COMMAND.commands[name]  # type: ignore[attr-defined]
    for param in command.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--") and opt != "--help":
                assert f"`{opt}" in section, f"docs/cli.md: `dateline {name}` lacks {opt}"
    # and the docs name no option the command does not have
    known = {o for p in command.params for o in [*p.opts, *getattr(p, "secondary_opts", [])]}
    for documented in re.findall(r"`(--[a-z][a-z-]*)", section):
        assert documented in known, f"docs/cli.md documents {documented} for {name}"


SUBCOMMANDS = sorted(
    (group, name)
    for group, command in getattr(COMMAND, "commands", {}).items()
    for name in getattr(command, "commands", {})
)


@pytest.mark.parametrize(("group", "name"), SUBCOMMANDS)
def test_subcommand_documented(group: str, name: str) -> None:
    """Sub-commands (``dateline eval timex``) get their own section listing their options."""
    cli_doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    heading = f"## `dateline {group} {name}`"
    assert heading in cli_doc, f"docs/cli.md has no section for {group} {name}"
    section = cli_doc.split(heading, 1)[1].split("\n## ", 1)[0]
    command = COMMAND.commands[group].commands[name]  # type: ignore[attr-defined]
    known = {o for p in command.params for o in [*p.opts, *getattr(p, "secondary_opts", [])]}
    for opt in known:
        if opt.startswith("--") and opt != "--help":
            assert f"`{opt}" in section, f"docs/cli.md: `dateline {group} {name}` lacks {opt}"
    for documented in re.findall(r"`(--[a-z][a-z-]*)", section):
        assert documented in known, f"docs/cli.md documents {documented} for {group} {name}"
