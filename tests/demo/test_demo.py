"""``enforcement demo``: a sample year, end to end, with nothing installed but the library."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import enforcement
from enforcement.cli import cli
from enforcement.demo import AS_OF, run_demo


def test_demo_builds_checks_publishes_and_summarises(tmp_path: Path) -> None:
    lines: list[str] = []
    steps: set[str] = set()
    result = run_demo(
        tmp_path / "demo",
        cases=80,
        officers=16,
        echo=lines.append,
        progress=lambda step, done, total: steps.add(step),
    )
    assert {"import", "verify", "notices"} <= steps
    assert len(lines) == 7  # the last: the PDFs and the checkpoint signed

    ds = enforcement.load(result.dataset)
    assert len(ds.cases) == result.cases == 80
    with enforcement.open_store(result.store_url) as store:
        assert store.dataset() == ds
        assert store.verify().intact
        assert store.head_digest() == result.head_digest
        summary = enforcement.summarize(store, year=2020, agency_id="xc", on=AS_OF)

    # The year has something true to show: findings, late notices, a revocation, reviews.
    findings = json.loads(result.findings.read_text(encoding="utf-8"))["findings"]
    assert result.errors > 0
    assert len(findings) == result.errors + result.warnings
    assert summary.cases.revoked == 1
    assert summary.review.major_decisions > 0
    assert summary.publication.late + summary.publication.missing > 0
    published = json.loads(result.summary_json.read_text(encoding="utf-8"))
    assert published == {**summary.to_data(), "sections": []}
    assert result.summary_pdf.read_bytes().startswith(b"%PDF")

    index = json.loads((result.notices / "index.json").read_text(encoding="utf-8"))["notices"]
    assert len(index) == result.notices_written > 0
    for entry in index[:5]:
        assert (result.notices / entry["file"]).read_bytes().startswith(b"%PDF")
    assert result.roster.read_bytes().startswith(b"%PDF")


def test_demo_can_run_again_in_the_same_place(tmp_path: Path) -> None:
    first = run_demo(tmp_path, cases=20, officers=12)
    second = run_demo(tmp_path, cases=20, officers=12)
    # The same records; not the same head: every log entry carries a fresh random salt.
    assert (first.cases, first.records) == (second.cases, second.records)
    assert first.findings_by_code == second.findings_by_code


def test_demo_command_prints_where_everything_is(tmp_path: Path) -> None:
    out = tmp_path / "d"
    result = CliRunner().invoke(cli, ["demo", "-o", str(out), "--cases", "30"])
    assert result.exit_code == 0, result.output
    assert f"everything is in {out}/:" in result.output
    assert "public notices" in result.output
    assert (out / "town.db").exists()


def test_demo_signs_what_it_renders_and_checkpoints_the_log(tmp_path: Path) -> None:
    from enforcement.notices.verify import check_notice
    from enforcement.store import open_store
    from enforcement.store.audit import check_checkpoint
    from enforcement.transparency.checkpoint import parse_checkpoint
    from enforcement.transparency.keys import load_certificate
    from enforcement.transparency.tiles import read_leaves

    result = run_demo(tmp_path, cases=20, officers=12)
    cert = load_certificate(result.certificate)
    signed = parse_checkpoint(result.checkpoint.read_bytes())
    notice = next(iter(sorted(result.notices.glob("*.pdf"))))
    with open_store(result.store_url, create=False) as store:
        report = store.verify()
        leaves = read_leaves(result.checkpoint.parent, signed.checkpoint.size)
        assert check_checkpoint(store, report, signed, certificate=cert, tile_leaves=leaves).ok
        assert check_notice(notice.read_bytes(), store, certificate=cert, checkpoint=signed).ok
