"""The documentation is executable and complete.

Every ```python block of the README and of docs/*.md runs, in order per file, in one
namespace, with the current directory a temporary one holding ``cases.json`` (a copy of
examples/cases.json). Every ``$ enforcement ...`` line of a ```console block runs as a
command and must exit 0, or the code given by a trailing ``# exit N`` comment. Lines shown
under a command are its expected standard output, exactly; a line ``...`` stands for any
number of lines.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

import enforcement.hookspecs
from enforcement.models import Dataset

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
FENCE = re.compile(r"^```(\w[\w-]*)?[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)
EXIT = re.compile(r"\s+#\s*exit\s+(\d+)\s*$")


def blocks(path: Path) -> list[tuple[str, str, int]]:
    text = path.read_text(encoding="utf-8")
    out = []
    for match in FENCE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        out.append((match.group(1) or "", match.group(2), line))
    return out


def shown_outputs(block: str) -> dict[str, list[str]]:
    """Each ``$`` line of a console block, with the lines shown under it."""
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in block.splitlines():
        if line.startswith("$ "):
            current = out.setdefault(line, [])
        elif current is not None:
            current.append(line)
    return out


def output_matches(shown: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` lines match ``shown``, where a ``...`` line matches any run of lines."""
    if not shown:
        return not actual
    head, rest = shown[0], shown[1:]
    if head == "...":
        return any(output_matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == head and output_matches(rest, actual[1:])


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_code_blocks_run(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from enforcement.cli import cli

    shutil.copy(ROOT / "examples" / "cases.json", tmp_path / "cases.json")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ENFORCEMENT_DB", raising=False)
    namespace: dict[str, object] = {"__name__": f"docs:{path.name}"}
    runner = CliRunner()
    for language, code, line in blocks(path):
        where = f"{path.relative_to(ROOT)}:{line}"
        if language == "python":
            try:
                exec(compile(code, where, "exec"), namespace)
            except Exception as exc:
                raise AssertionError(
                    f"python block at {where} failed: {type(exc).__name__}: {exc}"
                ) from exc
        elif language == "console":
            outputs = shown_outputs(code)
            for shown_line in code.splitlines():
                if not shown_line.startswith("$ enforcement"):
                    continue
                command = shown_line
                expected = 0
                found = EXIT.search(command)
                if found:
                    expected = int(found.group(1))
                    command = command[: found.start()]
                args = shlex.split(command[2:])[1:]
                result = runner.invoke(cli, args, catch_exceptions=False)
                assert result.exit_code == expected, (
                    f"{where}: `{command[2:]}` exited {result.exit_code}, expected {expected}:\n{result.output}"
                )
                shown = outputs[shown_line]
                if shown:
                    assert output_matches(shown, result.stdout.splitlines()), (
                        f"{where}: `{command[2:]}` printed:\n{result.stdout}\nbut the docs show:\n"
                        + "\n".join(shown)
                    )


def test_every_hook_is_documented() -> None:
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    hooks = [name for name in dir(enforcement.hookspecs) if name.startswith("enforcement_")]
    assert hooks, "no hookspecs found"
    missing = [h for h in hooks if f"### `{h}(" not in text]
    assert missing == [], f"hooks missing from docs/plugins.md: {missing}"


def _format_classes() -> list[type]:
    import typing

    seen: list[type] = []

    def walk(cls: type) -> None:
        if cls in seen:
            return
        seen.append(cls)
        for tp in typing.get_type_hints(cls).values():
            for inner in _types(tp):
                if isinstance(inner, type) and attrs.has(inner):
                    walk(inner)

    walk(Dataset)
    return seen[1:]


def _types(tp: object) -> list[object]:
    import typing

    return [tp, *(t for a in typing.get_args(tp) for t in _types(a))]


def test_every_format_field_is_documented() -> None:
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    classes = _format_classes()
    assert {c.__name__ for c in classes} >= {
        "Agency",
        "Case",
        "RecordEntry",
        "Attachment",
        "Penalty",
        "CertificateEvent",
    }
    for cls in classes:
        heading = f"### {cls.__name__}\n"
        assert heading in text, f"docs/format.md has no section for {cls.__name__}"
        section = text.split(heading, 1)[1].split("\n### ", 1)[0]
        for field in attrs.fields(cls):
            assert f"`{field.name}`" in section, f"{cls.__name__}.{field.name} is not documented"
