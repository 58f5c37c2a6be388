"""``enforcement site``: its output directory, its inputs and its exit statuses."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from enforcement.cli import cli
from enforcement.io import dump
from enforcement.models import Case, Dataset
from enforcement.site import MANIFEST


@pytest.fixture(scope="module")
def cases_file(demo_dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("input") / "cases.json"
    dump(demo_dataset, path)
    return path


def _site(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["site", *args])
    return result.exit_code, result.output


def test_site_writes_the_portal_and_its_manifest(cases_file: Path, tmp_path: Path) -> None:
    code, output = _site(str(cases_file), "-o", str(tmp_path / "site"), "--on", "2021-03-31")
    assert code == 0, output
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / MANIFEST).is_file()
    assert "notices shown" in output


def test_site_refuses_a_non_empty_directory_it_did_not_write(
    cases_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "www"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    code, output = _site(str(cases_file), "-o", str(out), "--on", "2021-03-31")
    assert code == 2
    assert "--force" in output
    assert not (out / "index.html").exists()


def test_site_writes_into_a_foreign_directory_with_force(cases_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "www"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    code, output = _site(str(cases_file), "-o", str(out), "--on", "2021-03-31", "--force")
    assert code == 0, output
    assert (out / "keep.txt").read_text() == "mine"


def test_site_rebuilds_its_own_directory(cases_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert _site(str(cases_file), "-o", str(out), "--on", "2021-03-31")[0] == 0
    code, output = _site(str(cases_file), "-o", str(out), "--on", "2021-03-31")
    assert code == 0, output


def test_site_refuses_an_output_directory_holding_its_input(
    demo_dataset: Dataset, tmp_path: Path
) -> None:
    dump(demo_dataset, tmp_path / "cases.json")
    code, output = _site(str(tmp_path / "cases.json"), "-o", str(tmp_path), "--force")
    assert code == 2
    assert "holds the input" in output


def test_site_refuses_a_base_url_that_is_not_http(cases_file: Path, tmp_path: Path) -> None:
    code, output = _site(
        str(cases_file), "-o", str(tmp_path / "s"), "--base-url", "javascript:alert(1)"
    )
    assert code == 2
    assert "--base-url" in output


def test_site_refuses_a_date_that_is_not_one(cases_file: Path, tmp_path: Path) -> None:
    code, output = _site(str(cases_file), "-o", str(tmp_path / "s"), "--on", "2021-02-30")
    assert code == 2
    assert "--on" in output


def test_site_publishes_checkpoints_as_they_are_with_their_tiles(
    cases_file: Path, tmp_path: Path
) -> None:
    log = tmp_path / "log"
    (log / "tile" / "0").mkdir(parents=True)
    checkpoint = "example.gov.cn/enforcement\n12\nq9l2d3hW1rQ1m8pSx1Pbo2l8sC2ZyX3g0b1Zp0m3vV8=\n"
    (log / "checkpoint").write_text(checkpoint + "<script>\n")
    (log / "tile" / "0" / "000").write_bytes(b"\x00" * 32)
    out = tmp_path / "site"
    code, output = _site(
        str(cases_file),
        "-o",
        str(out),
        "--on",
        "2021-03-31",
        "--checkpoint",
        str(log / "checkpoint"),
    )
    assert code == 0, output
    assert (out / "checkpoints" / "checkpoint").read_text() == checkpoint + "<script>\n"
    assert (out / "checkpoints" / "tile" / "0" / "000").read_bytes() == b"\x00" * 32
    page = (out / "checkpoints" / "index.html").read_text(encoding="utf-8")
    assert "q9l2d3hW1rQ1m8pSx1Pbo2l8sC2ZyX3g0b1Zp0m3vV8=" in page
    assert "&lt;script&gt;" in page


def test_site_refuses_a_checkpoint_named_like_its_own_page(
    cases_file: Path, tmp_path: Path
) -> None:
    checkpoint = tmp_path / "index.html"
    checkpoint.write_text("example.gov.cn/enforcement\n1\nAAAA\n")
    code, output = _site(
        str(cases_file), "-o", str(tmp_path / "site"), "--checkpoint", str(checkpoint)
    )
    assert code == 2
    assert "rename it" in output


def test_site_refuses_to_publish_what_may_be_personal_data_and_writes_nothing(
    demo_dataset: Dataset, tmp_path: Path
) -> None:
    import attrs

    def leaky(case: Case) -> Case:
        if case.decision is None:
            return case
        facts = "证人热依拉在场。" + (case.decision.facts or "")
        return attrs.evolve(case, decision=attrs.evolve(case.decision, facts=facts))

    dataset = attrs.evolve(demo_dataset, cases=tuple(leaky(c) for c in demo_dataset.cases))
    source = tmp_path / "cases.json"
    dump(dataset, source)
    out = tmp_path / "site"
    code, output = _site(str(source), "-o", str(out), "--on", "2021-03-31")
    assert code == 1
    assert "cannot publish the portal" in output
    assert "热依拉" not in output
    assert not out.exists() or not any(out.iterdir())


def test_site_publishes_a_years_law_report_on_the_annual_data_page(
    cases_file: Path, tmp_path: Path
) -> None:
    report = tmp_path / "law-report-2020.pdf"
    report.write_bytes(b"%PDF-1.4\n% a law report\n%%EOF\n")
    out = tmp_path / "site"
    code, output = _site(
        str(cases_file), "-o", str(out), "--on", "2021-04-01", "--law-report", "2020", str(report)
    )
    assert code == 0, output
    assert (out / "tables" / "2020" / "law-report.pdf").read_bytes() == report.read_bytes()
    page = (out / "tables" / "index.html").read_text(encoding="utf-8")
    assert 'href="../tables/2020/law-report.pdf"' in page
    assert "2020年法治政府建设情况报告" in page


def test_site_refuses_a_law_report_that_is_not_a_pdf(cases_file: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    report.write_text("# 报告\n", encoding="utf-8")
    code, output = _site(
        str(cases_file), "-o", str(tmp_path / "site"), "--law-report", "2020", str(report)
    )
    assert code == 2
    assert "not a PDF" in output
