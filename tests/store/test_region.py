"""A region's roll-up (``summarize_region``) equals the sum of its agencies, on both engines."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from enforcement import Store, summarize, summarize_region
from enforcement.cli import cli
from enforcement.errors import EnforcementError
from enforcement.summary import RegionSummary

from .test_aggregation import county, revoke

NOT_ADDED = {
    # shares, rates and medians are worked out from the added-up counts, not added
    "training_share",
    "fully_recorded_share",
    "av_share",
    "median_review_working_days",
    "rate",
    # the same for every agency
    "format",
    "year",
    "as_of",
    "training_requirement",
    "provisional_calendar",
    "agency_id",
    "agency_name",
    # 万元 rounded to 2 places: the total is rounded once from the added-up yuan
    "forfeiture_wan",
}


def assert_sums(total: Any, parts: list[Any], path: str = "$") -> None:
    """Every count and amount of ``total`` is the sum of the same one in ``parts``."""
    if isinstance(total, dict):
        # a mapping of counts may leave out its zeros (decisions_by_heaviest_penalty)
        assert all(set(p) <= set(total) for p in parts), path
        for key, value in total.items():
            if key not in NOT_ADDED:
                assert_sums(value, [p.get(key, 0) for p in parts], f"{path}.{key}")
    elif isinstance(total, list):
        for i, value in enumerate(total):
            assert_sums(value, [p[i] for p in parts], f"{path}[{i}]")
    elif isinstance(total, bool) or total is None:
        pytest.fail(f"{path}: unexpected {total!r}")
    elif isinstance(total, int):
        assert total == sum(parts), path
    elif isinstance(total, str):
        assert Decimal(total) == sum(Decimal(p) for p in parts), path
    else:
        pytest.fail(f"{path}: unexpected {total!r}")


@pytest.fixture
def county_store(store: Store) -> Store:
    data = county()
    store.import_dataset(data)
    revoke(store, next(c for c in data.cases if c.decision and c.decision.penalties))
    return store


def test_a_city_adds_up_its_agencies(county_store: Store) -> None:
    result = summarize_region(county_store, region="120100", year=2020)
    assert isinstance(result, RegionSummary)
    assert [s.agency_id for s in result.agencies] == ["xc", "hb", "nk"]
    data = result.to_data()
    assert_sums(data["total"], data["agencies"])
    assert result.total.tables.forfeiture_yuan == sum(
        (s.tables.forfeiture_yuan for s in result.agencies), Decimal(0)
    )
    assert result.total.cases.total > 0
    assert result.total.cases.decisions > 0
    # each agency's figures are its own summary, and the whole region is every agency
    for part in result.agencies:
        assert part == summarize(county_store, year=2020, agency_id=part.agency_id)
    everything = summarize(county_store, year=2020)
    assert data["total"] == everything.to_data()


def test_the_roll_up_names_the_log_heads_it_read(county_store: Store) -> None:
    result = summarize_region(county_store, region="120000", year=2020)
    heads = {h.agency_id: (h.size, h.root) for h in result.logs}
    assert heads == {
        a: (size, top.hex())
        for a in ("xc", "hb", "nk")
        for size, top in [county_store.tree_head(a)]
    }
    assert result.to_data()["logs"][0] == {
        "agency_id": "xc",
        "tree_size": heads["xc"][0],
        "root_hash": heads["xc"][1],
        "checkpoint": None,
    }


@pytest.mark.parametrize(
    ("region", "agencies"),
    [
        ("120116", ["xc"]),
        ("120101", ["hb"]),
        ("120100", ["xc", "hb", "nk"]),
        ("１２００００", ["xc", "hb", "nk"]),
    ],
)
def test_county_city_and_province(county_store: Store, region: str, agencies: list[str]) -> None:
    result = summarize_region(county_store, region=region, year=2019)
    assert [s.agency_id for s in result.agencies] == agencies
    data = result.to_data()
    assert_sums(data["total"], data["agencies"])


@pytest.mark.parametrize(
    ("region", "message"),
    [
        ("330000", "no agency of region 330000"),
        ("1201", "region: expected a six-digit"),
        ("991126", "province code"),
    ],
)
def test_bad_or_empty_regions_are_clear_errors(
    county_store: Store, region: str, message: str
) -> None:
    with pytest.raises(EnforcementError, match=message):
        summarize_region(county_store, region=region, year=2020)


def test_the_command_rolls_up_a_region(
    county_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    url = county_store.opened_with
    assert url is not None
    runner = CliRunner()
    result = runner.invoke(
        cli,
        ["summary", "--db", url, "--region", "120100", "--year", "2020", "--json", "-"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "enforcement-region-summary/1"
    assert [a["agency_id"] for a in data["agencies"]] == ["xc", "hb", "nk"]
    assert_sums(data["total"], data["agencies"])
    assert data == {
        **summarize_region(county_store, region="120100", year=2020).to_data(),
        "sections": data["sections"],
    }
    result = runner.invoke(
        cli, ["summary", "--db", url, "--region", "120116", "--year", "2020", "-o", "r.pdf"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert ": 2020, 天津市滨海新区新城镇人民政府: 160 cases" in lines[0]
    assert ": 2020, region 120116 (1 agency): 160 cases" in lines[1]
    size, top = county_store.tree_head("xc")
    assert lines[2] == f"  log of xc: tree size {size}, root {top.hex()}"
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "12010"], "region: expected a six-digit"),
        (["--region", "450000"], "no agency of region 450000"),
        (["--region", "120100", "--agency", "xc"], "give --agency or --region, not both"),
    ],
)
def test_the_command_refuses_clearly(county_store: Store, args: list[str], message: str) -> None:
    url = county_store.opened_with
    assert url is not None
    result = CliRunner().invoke(cli, ["summary", "--db", url, "--year", "2020", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_parent_may_be_an_agency_already_in_the_store(store: Store) -> None:
    from enforcement.errors import ValidationError
    from enforcement.models import Agency

    store.add_agency(Agency(id="city", name="天津市城市管理委员会", region="１２０１００"))
    store.add_agency(Agency(id="town", name="新城镇人民政府", region="120116", parent="city"))
    assert [(a.id, a.region, a.parent) for a in store.agencies()] == [
        ("city", "120100", None),
        ("town", "120116", "city"),
    ]
    with pytest.raises(ValidationError) as info:
        store.add_agency(Agency(id="lost", name="某机关", parent="nowhere"))
    assert info.value.errors == [("$.agencies[0].parent", "no agency with id 'nowhere'")]
    assert store.agency_ids_in_region("1201") == ["city", "town"]
    assert store.verify().intact


def test_the_roll_up_names_the_checkpoints_it_was_built_on(
    county_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from enforcement.transparency.keys import generate_agency_key, load_signing_key

    from .test_store import entry

    [xc] = [a for a in county_store.agencies() if a.id == "xc"]
    key, _cert = generate_agency_key(xc, tmp_path / "keys")
    text = county_store.checkpoint(load_signing_key(key), "xc")
    result = summarize_region(county_store, region="120100", year=2020, checkpoints=[text])
    assert [h.checkpoint for h in result.logs] == [text, None, None]
    assert result.to_data()["logs"][0]["checkpoint"] == text
    (tmp_path / "xc.checkpoint").write_text(text, encoding="utf-8")
    url = county_store.opened_with
    assert url is not None
    monkeypatch.chdir(tmp_path)
    args = ["summary", "--db", url, "--region", "120100", "--year", "2020"]
    cli_result = CliRunner().invoke(cli, [*args, "--checkpoint", "xc.checkpoint", "--json", "-"])
    assert cli_result.exit_code == 0, cli_result.output
    assert json.loads(cli_result.stdout)["logs"][0]["checkpoint"] == text  # whole, unredacted
    # a later append: the roll-up is no longer of that checkpoint, and says so
    county_store.append_record(next(county_store.cases(agency_id="xc")).id, entry("LATER-1"))
    with pytest.raises(EnforcementError, match="checkpoint of xc is of tree size"):
        summarize_region(county_store, region="120100", year=2020, checkpoints=[text])
    cli_result = CliRunner().invoke(cli, [*args, "--checkpoint", "xc.checkpoint"])
    assert cli_result.exit_code == 2
    assert "the roll-up is not of that checkpoint" in cli_result.output
    # a checkpoint of an agency outside the region
    with pytest.raises(EnforcementError, match="not of an agency of the region"):
        summarize_region(
            county_store,
            region="120116",
            year=2020,
            checkpoints=[county_store.checkpoint(load_signing_key(key), "hb")],
        )
    without_region = ["summary", "--db", url, "--year", "2020", "--checkpoint", "xc.checkpoint"]
    cli_result = CliRunner().invoke(cli, without_region)
    assert cli_result.exit_code == 2
    assert "--checkpoint names the logs of a roll-up: give --region" in cli_result.output
