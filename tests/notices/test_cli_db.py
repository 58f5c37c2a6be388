"""The notice commands read a store (--db) exactly as they read the file it was imported from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import enforcement
from enforcement.cli import cli

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "cases.json"


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'town.db'}"
    with enforcement.open_store(url) as store:
        store.import_dataset(enforcement.load(EXAMPLE))
    return url


def first_decided_case() -> str:
    ds = enforcement.load(EXAMPLE)
    return next(c.id for c in ds.cases if c.decision is not None and c.notices)


def test_notice_from_a_store_is_the_same_pdf(tmp_path: Path, store_url: str) -> None:
    case_id = first_decided_case()
    runner = CliRunner()
    a, b = tmp_path / "file.pdf", tmp_path / "db.pdf"
    r1 = runner.invoke(cli, ["notice", str(EXAMPLE), case_id, "-o", str(a)])
    r2 = runner.invoke(cli, ["notice", case_id, "--db", store_url, "-o", str(b)])
    assert r1.exit_code == 0, r1.output
    assert r2.exit_code == 0, r2.output
    assert a.read_bytes() == b.read_bytes()
    verified = runner.invoke(cli, ["notice", "verify", str(b), "--db", store_url])
    assert verified.exit_code == 0, verified.output
    assert f"matches case {case_id}" in verified.output


def test_notices_batch_from_a_store(tmp_path: Path, store_url: str) -> None:
    runner = CliRunner()
    from_file = runner.invoke(
        cli, ["notices", str(EXAMPLE), "--year", "2020", "--out-dir", str(tmp_path / "f")]
    )
    from_db = runner.invoke(
        cli, ["notices", "--db", store_url, "--year", "2020", "--out-dir", str(tmp_path / "d")]
    )
    assert from_file.exit_code == 0, from_file.output
    assert from_db.exit_code == 0, from_db.output
    index_f = json.loads((tmp_path / "f" / "index.json").read_text(encoding="utf-8"))
    index_d = json.loads((tmp_path / "d" / "index.json").read_text(encoding="utf-8"))
    assert index_f["notices"] == index_d["notices"]
    assert index_d["generated_from"] == store_url
    assert len(index_d["notices"]) > 10


def test_roster_from_a_store(tmp_path: Path, store_url: str) -> None:
    out = tmp_path / "roster.pdf"
    result = CliRunner().invoke(
        cli, ["roster", "--db", store_url, "--agency", "xc", "--on", "2020-06-30", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


def test_unknown_case_in_a_store(store_url: str) -> None:
    result = CliRunner().invoke(cli, ["notice", "NOPE", "--db", store_url])
    assert result.exit_code == 1
    assert "no case 'NOPE'" in result.output


def test_too_many_arguments_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["notice", "a.json", "C1", "extra"])
    assert result.exit_code == 2
    assert "expected [FILE] CASE_ID" in result.output


def test_verify_against_a_dataset_or_a_store_needs_no_agency_look_up(
    tmp_path: Path, store_url: str
) -> None:
    ds = enforcement.load(EXAMPLE)
    case = ds.case(first_decided_case())
    assert case is not None
    pdf = enforcement.render_notice(case, agency=ds.agency(case.agency_id))
    assert enforcement.verify_notice(pdf, ds).matches
    with enforcement.open_store(store_url) as store:
        assert enforcement.verify_notice(pdf, store).matches
    # A bare list of cases cannot supply the agency's name, which the digest covers.
    assert not enforcement.verify_notice(pdf, list(ds.cases)).matches
    assert enforcement.verify_notice(pdf, list(ds.cases), agency_of=ds.agency).matches


def test_batch_rendering_reports_progress(tmp_path: Path) -> None:
    from enforcement.notices import BatchItem, due_notice_kinds, render_notices

    ds = enforcement.load(EXAMPLE)
    items = [
        BatchItem(c, kind, ds.agency(c.agency_id))
        for c in ds.cases[:6]
        for kind in due_notice_kinds(c)
    ]
    seen: list[tuple[int, int]] = []
    results = list(
        render_notices(items, tmp_path, progress=lambda done, total: seen.append((done, total)))
    )
    assert len(results) == len(items) > 0
    assert seen == [(i, len(items)) for i in range(1, len(items) + 1)]
