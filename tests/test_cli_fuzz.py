"""The command line under fuzzing: mutated documents and arguments never produce a traceback.

Hypothesis mutates a small valid document (a value replaced by an odd one, a key removed or
added, the text cut short or a byte changed) and picks a command and its arguments. The only
outcomes allowed are exit 0 or 1 with normal output, or exit 2 with every line on standard error
an ``error:`` line (or click's usage lines before one). The budget is the active hypothesis
profile's (small in CI).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enforcement.cli import cli

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cases.json"


def _base() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["cases"] = data["cases"][:4]
    return data


BASE = _base()
CASE_IDS = [c["id"] for c in BASE["cases"]]

odd_strings = st.sampled_from(
    [
        "",
        " ",
        "\x1b[2J",
        "\ud800",
        "a\u202eb",
        "\u200b",
        "2021-02-30",
        "0001-01-01",
        "9999-12-31",
        "9" * 400,
        "50000.001",
        "-1",
        "NaN",
        "1e400",
        "xc",
        "XC2020-00001",
        "新城镇",
    ]
) | st.text(max_size=12)
odd_numbers = st.sampled_from([0, -1, 10**30, 1.5, 1e308, -0.0]) | st.integers()
odd_values = st.recursive(
    st.none() | st.booleans() | odd_numbers | odd_strings,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(odd_strings, inner, max_size=3),
    max_leaves=6,
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*path, i))
    return out


PATHS = [p for p in _paths(BASE) if p]


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> None:
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _remove(data: Any, path: tuple[Any, ...]) -> None:
    node = data
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    """A document close to valid: a few structural changes, then perhaps a textual one."""
    data = json.loads(json.dumps(BASE))
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(PATHS))
        try:
            if draw(st.booleans()):
                _replace(data, path, draw(odd_values))
            else:
                _remove(data, path)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier change removed or replaced the parent
    text = json.dumps(data, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    edit = draw(st.sampled_from(["none", "none", "cut", "byte", "deep", "dup"]))
    if edit == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif edit == "byte":
        at = draw(st.integers(0, len(text) - 1))
        text = text[:at] + bytes([draw(st.integers(0, 255))]) + text[at + 1 :]
    elif edit == "deep":
        depth = draw(st.sampled_from([70, 1_000, 50_000]))
        text = text.replace(
            b'"title": ', b'"title": ' + b"[" * depth + b"]" * depth + b', "t": ', 1
        )
    elif edit == "dup":
        text = text.replace(b'"title": ', b'"title": "x", "title": ', 1)
    return text


dates = st.sampled_from(["2021-03-31", "2021-02-30", "0001-01-01", "9999-12-31", "x", "2020-1-1"])
years = st.sampled_from(["2020", "9999", "-5", "12345678901234567890", "0"])


@st.composite
def commands(draw: st.DrawFn) -> list[str]:
    case_id = draw(st.sampled_from([*CASE_IDS, "nope", "\x1b[31m"]))
    options = {
        "validate": [["validate", "doc.json"], ["validate", "--format", "json", "doc.json"]],
        "check": [
            ["check", "doc.json", "--on", draw(dates)],
            ["check", "doc.json", "--format", "json"],
        ],
        "import": [["db", "import", "doc.json", "--db", "sqlite:///t.db"]],
        "notice": [
            ["notice", "doc.json", case_id, "-o", "n.pdf"],
            ["notice", "doc.json", case_id, "-o", draw(st.sampled_from(["doc.json", "x/n.pdf"]))],
            ["notice", "doc.json", case_id, "--published-on", draw(dates)],
        ],
        "summary": [["summary", "doc.json", "--year", draw(years), "--json", "s.json"]],
        "roster": [
            ["roster", "doc.json", "--agency", draw(st.sampled_from(["xc", "nope"])), "-o", "r.pdf"]
        ],
    }
    if draw(st.integers(0, 3)) == 0:  # any command, any tokens
        command = draw(st.sampled_from(COMMANDS))
        tokens = draw(st.lists(st.sampled_from(TOKENS) | odd_strings, max_size=6))
        return [*command, *tokens]
    return draw(st.sampled_from(draw(st.sampled_from(list(options.values())))))


COMMANDS = [
    ["validate"],
    ["check"],
    ["db", "import"],
    ["db", "export"],
    ["db", "verify"],
    ["notice"],
    ["notice", "verify"],
    ["notices"],
    ["roster"],
    ["summary"],
    ["schema"],
    ["plugins"],
]
TOKENS = [
    "doc.json",
    "-",
    "n.pdf",
    "--db",
    "sqlite:///t.db",
    "sqlite:///doc.json",
    "--on",
    "--year",
    "--format",
    "json",
    "--select",
    "--ignore",
    "--policy",
    "--lang",
    "en",
    "-o",
    "--json",
    "--out-dir",
    "--workers",
    "0",
    "--agency",
    "xc",
    "--kind",
    "withdrawal",
    "--published-on",
    "--manifest",
    "--max-bytes",
    "1",
    "--force",
    "--low-fine-line",
    "--font",
    "--narrative",
    "--allow-minor",
    *CASE_IDS,
]


@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(document=documents(), args=commands())
def test_no_input_and_no_argument_gives_a_traceback(document: bytes, args: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            Path("doc.json").write_bytes(document)
            result = CliRunner().invoke(cli, args, env={"ENFORCEMENT_DB": None})
        finally:
            os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        result.exception,
        result.output,
    )
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert lines, result.output
        usage = ("Usage:", "Try ", " ")
        assert all(line.startswith(("error: ", *usage)) for line in lines), result.stderr
        assert lines[-1].startswith("error: "), result.stderr
