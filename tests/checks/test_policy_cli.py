"""Policy loading (TOML and Python) and the ``enforcement check`` command."""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

import enforcement
from enforcement.cli import cli
from enforcement.errors import PolicyError
from enforcement.models import PenaltyKind
from tests.checks._builders import dataset, penalty_case, with_decision

EXAMPLE = Path(__file__).parents[2] / "examples" / "cases.json"


def test_policy_defaults_are_the_national_or_typical_values() -> None:
    policy = enforcement.Policy()
    assert (policy.min_officers, policy.decision_days, policy.service_working_days) == (2, 90, 7)
    assert (policy.simplified_fine_person, policy.simplified_fine_organisation) == (
        Decimal(200),
        Decimal(3000),
    )
    assert (policy.major_fine_person, policy.major_fine_organisation) == (
        Decimal(10_000),
        Decimal(100_000),
    )
    assert (policy.fast_publication_working_days, policy.publication_working_days) == (7, 20)
    assert policy.withdrawal_working_days == 3


def test_policy_from_toml_converts_money_and_enums() -> None:
    policy = enforcement.Policy.from_toml(
        'major_fine_person = "20000.50"\nmajor_penalty_kinds = ["closure"]\nreview_working_days = 10'
    )
    assert policy.major_fine_person == Decimal("20000.50")
    assert policy.major_penalty_kinds == (PenaltyKind.CLOSURE,)
    assert policy.review_working_days == 10


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        ("training_hourz = 3", "training_hourz", "unknown setting"),
        ('decision_days = "90"', "decision_days", "expected an integer"),
        ("decision_days = -1", "decision_days", "must not be negative"),
        ('major_fine_person = "lots"', "major_fine_person", "expected an amount"),
        ("one_officer_simplified = 1", "one_officer_simplified", "expected true or false"),
        ('major_penalty_kinds = ["jail"]', "major_penalty_kinds", "'jail' is not one of"),
        ("major_penalty_kinds = 3", "major_penalty_kinds", "expected a list"),
        ("= 3", None, "not valid TOML"),
    ],
)
def test_policy_errors_name_the_key(text: str, key: str | None, message: str) -> None:
    with pytest.raises(PolicyError, match=message) as info:
        enforcement.Policy.from_toml(text, source="tianjin.toml")
    assert info.value.key == key
    assert str(info.value).startswith("tianjin.toml: ")


def test_policy_in_python_rejects_negative_periods() -> None:
    with pytest.raises(PolicyError, match="service_working_days"):
        enforcement.Policy(service_working_days=-1)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(EXAMPLE, tmp_path / "cases.json")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ENFORCEMENT_DISABLE_PLUGIN_AUTOLOAD", "1")
    return tmp_path


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_exit_1_with_errors_and_text_lines_per_finding(workdir: Path) -> None:
    code, out, _ = _run("cases.json", "--on", "2021-01-31")
    assert code == 1
    assert "PRO002 error [XC2020-00004]" in out
    assert "due 2020-03-13, actual 2020-03-20" in out


def test_cli_exit_0_when_only_warnings_remain(workdir: Path) -> None:
    code, out, _ = _run("cases.json", "--on", "2021-01-31", "--select", "OFF004,OFF005")
    assert code == 0
    assert "OFF004 warning" in out


def test_cli_json_select_ignore_and_english(workdir: Path) -> None:
    code, out, _ = _run(
        "cases.json",
        "--on",
        "2021-01-31",
        "--format",
        "json",
        "--select",
        "OFF,PUB",
        "--ignore",
        "OFF005",
        "--lang",
        "en",
    )
    data = json.loads(out)
    assert code == 1
    assert data["on"] == "2021-01-31"
    found = {f["code"] for f in data["findings"]}
    assert found
    assert all(c[:3] in ("OFF", "PUB") for c in found)
    assert "OFF005" not in found
    expected = enforcement.check(
        enforcement.load(workdir / "cases.json"),
        on=date(2021, 1, 31),
        select=("OFF", "PUB"),
        ignore=("OFF005",),
        lang="en",
    )
    assert data["findings"] == [f.to_data() for f in expected]


def test_cli_policy_file_changes_the_outcome(workdir: Path) -> None:
    (workdir / "lenient.toml").write_text("one_officer_simplified = true\n", encoding="utf-8")
    strict = json.loads(
        _run("cases.json", "--on", "2021-01-31", "--select", "OFF001", "--format", "json")[1]
    )
    lenient = json.loads(
        _run(
            "cases.json",
            "--on",
            "2021-01-31",
            "--select",
            "OFF001",
            "--format",
            "json",
            "--policy",
            "lenient.toml",
        )[1]
    )
    assert strict["summary"]["errors"] > 0
    assert lenient["summary"]["errors"] == 0


@pytest.mark.parametrize(
    ("setup", "args", "needle"),
    [
        (None, ("missing.json",), "cannot read missing.json"),
        ("not json", ("bad.json",), "not valid JSON"),
        ('{"format": "enforcement/1", "cases": [{}]}', ("bad.json",), "$.cases[0]"),
        (None, ("cases.json", "--policy", "nope.toml"), "cannot read"),
        ("[x", ("cases.json", "--policy", "bad.json"), "not valid TOML"),
        (None, ("cases.json", "--select", "NOPE"), "no rule code starts with 'NOPE'"),
    ],
)
def test_cli_unusable_input_exits_2_with_a_message(
    workdir: Path, setup: str | None, args: tuple[str, ...], needle: str
) -> None:
    if setup is not None:
        (workdir / "bad.json").write_text(setup, encoding="utf-8")
    code, out, err = _run(*args, "--on", "2021-01-31")
    assert code == 2
    assert needle in err
    assert "Traceback" not in err + out


def test_cli_clean_data_exits_0(workdir: Path) -> None:
    enforcement.dump(dataset(with_decision(penalty_case())), workdir / "clean.json")
    code, out, _ = _run("clean.json", "--on", "2025-04-01", "--lang", "en")
    assert (code, out.strip()) == (0, "clean.json: 0 errors, 0 warnings")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("training_hours = " + "9" * 5001 + "\n", "not usable TOML"),
        ("x = " + "[" * 5000 + "]" * 5000 + "\n", "not usable TOML"),
        ("training_hours = \n", "not valid TOML"),
    ],
    ids=["a 5001-digit integer", "arrays nested 5000 deep", "a missing value"],
)
def test_a_hostile_policy_file_is_one_error_line_exit_2(
    tmp_path: Path, text: str, reason: str
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(EXAMPLE), "--policy", str(policy)])
    assert result.exit_code == 2
    assert reason in result.output
    assert "Traceback" not in result.output


def test_a_policy_file_larger_than_a_mebibyte_is_refused_unread(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("# " + "x" * (1 << 20) + "\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="larger than"):
        enforcement.Policy.load(policy)
