"""``enforcement law-report``: template, exit statuses, outputs that never touch inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from enforcement.cli import cli
from enforcement.lawreport import TEMPLATE

from .conftest import ROOT
from .test_document import _content, pdf_text
from .test_sections import MINIMAL, _without


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def sections(tmp_path: Path) -> Path:
    path = tmp_path / "sections.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


def test_the_template_is_written(tmp_path: Path) -> None:
    target = tmp_path / "sections.toml"
    code, out, _ = run("law-report", "--template", "-o", target)
    assert code == 0
    assert target.read_text(encoding="utf-8") == TEMPLATE
    assert out == f"wrote {target}\n"


def test_the_template_does_not_replace_a_file_without_force(tmp_path: Path) -> None:
    target = tmp_path / "sections.toml"
    target.write_text("mine", encoding="utf-8")
    code, _, err = run("law-report", "--template", "-o", target)
    assert code == 2
    assert "--force" in err
    assert target.read_text(encoding="utf-8") == "mine"
    assert run("law-report", "--template", "-o", target, "--force")[0] == 0
    assert target.read_text(encoding="utf-8") == TEMPLATE


def test_the_template_round_trips_into_a_report(records_file: Path, tmp_path: Path) -> None:
    template = tmp_path / "sections.toml"
    run("law-report", "--template", "-o", template)
    pdf, md = tmp_path / "r.pdf", tmp_path / "r.md"
    code, out, err = run(
        "law-report",
        records_file,
        "--year",
        "2020",
        "--input",
        template,
        "-o",
        pdf,
        "--markdown",
        md,
    )
    assert (code, err) == (0, "")
    assert out == f"wrote {pdf}\nwrote {md}\n"
    assert _content(pdf_text(pdf.read_bytes())) == _content(md.read_text(encoding="utf-8"))
    assert "（二）严格规范公正文明执法" in md.read_text(encoding="utf-8")


def test_a_missing_part_exits_2_naming_it_and_writes_nothing(
    records_file: Path, tmp_path: Path
) -> None:
    sections = tmp_path / "sections.toml"
    sections.write_text(_without("leadership"), encoding="utf-8")
    pdf = tmp_path / "r.pdf"
    code, _, err = run("law-report", records_file, "--year", "2020", "--input", sections, "-o", pdf)
    assert code == 2
    assert err.count("\n") == 1
    assert "[leadership]" in err
    assert "三、党政主要负责人履行推进法治建设第一责任人职责情况" in err
    assert "Traceback" not in err
    assert not pdf.exists()


def test_a_contradiction_exits_1_and_still_writes_the_marked_report(
    records_file: Path, tmp_path: Path
) -> None:
    sections = tmp_path / "sections.toml"
    sections.write_text(MINIMAL.replace("举措。", "全年持证执法人员九十人。"), encoding="utf-8")
    pdf = tmp_path / "r.pdf"
    code, _, err = run("law-report", records_file, "--year", "2020", "--input", sections, "-o", pdf)
    assert code == 1
    assert "measures.text" in err
    assert "持证执法人员九十人" in err
    assert "持证执法人员九十人【与执法记录不符：记录为80人】" in _content(
        pdf_text(pdf.read_bytes())
    )


def test_a_persons_id_number_in_the_agencys_text_is_masked(
    records_file: Path, tmp_path: Path
) -> None:
    sections = tmp_path / "sections.toml"
    sections.write_text(
        MINIMAL.replace("举措。", "约谈当事人（身份证号120116199001010037）。"), encoding="utf-8"
    )
    pdf = tmp_path / "r.pdf"
    code, _, _ = run("law-report", records_file, "--year", "2020", "--input", sections, "-o", pdf)
    assert code == 0
    assert "120116199001010037" not in _content(pdf_text(pdf.read_bytes()))


def test_an_uncertain_name_in_the_agencys_text_refuses_the_report(
    records_file: Path, tmp_path: Path
) -> None:
    sections = tmp_path / "sections.toml"
    sections.write_text(MINIMAL.replace("举措。", "证人热依拉协助调查。"), encoding="utf-8")
    pdf = tmp_path / "r.pdf"
    code, _, err = run("law-report", records_file, "--year", "2020", "--input", sections, "-o", pdf)
    assert code == 1
    assert "measures" in err
    assert "热依拉" not in err
    assert not pdf.exists()


def test_the_figures_are_those_of_summary(
    records_file: Path, sections: Path, tmp_path: Path
) -> None:
    md = tmp_path / "r.md"
    run(
        "law-report", records_file, "--year", "2020", "--input", sections,
        "-o", tmp_path / "r.pdf", "--markdown", md,
    )  # fmt: skip
    code, out, _ = run("summary", records_file, "--year", "2020", "--agency", "xc", "--json", "-")
    assert code == 0
    data = json.loads(out)
    text = md.read_text(encoding="utf-8")
    assert f"全年立案办理行政执法案件{data['cases']['total']}件" in text
    assert f"作出行政执法决定{data['cases']['decisions']}件" in text
    assert f"年末持有效行政执法证件{data['officers']['active_at_year_end']}人" in text
    assert f"应公示的行政执法决定{data['publication']['due']}件" in text
    assert f"作出重大执法决定{data['review']['major_decisions']}件" in text


@pytest.mark.parametrize("which", ["input", "records"])
def test_an_output_onto_an_input_is_refused(records_file: Path, sections: Path, which: str) -> None:
    target = sections if which == "input" else records_file
    before = target.read_bytes()
    code, _, err = run(
        "law-report", records_file, "--year", "2020", "--input", sections, "-o", target
    )
    assert code == 2
    assert "is the input" in err
    assert target.read_bytes() == before


def test_the_markdown_onto_an_input_is_refused(records_file: Path, sections: Path) -> None:
    before = sections.read_bytes()
    code, _, _ = run(
        "law-report", records_file, "--year", "2020", "--input", sections,
        "-o", sections.with_suffix(".pdf"), "--markdown", sections,
    )  # fmt: skip
    assert code == 2
    assert sections.read_bytes() == before


def test_the_pdf_and_the_markdown_cannot_be_one_file(
    records_file: Path, sections: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.out"
    code, _, err = run(
        "law-report", records_file, "--year", "2020", "--input", sections,
        "-o", out, "--markdown", out,
    )  # fmt: skip
    assert code == 2
    assert "same file" in err


def test_a_report_needs_year_and_input(records_file: Path, tmp_path: Path) -> None:
    code, _, err = run("law-report", records_file, "-o", tmp_path / "r.pdf")
    assert code == 2
    assert "--year" in err


def test_an_unreadable_input_exits_2(records_file: Path, tmp_path: Path) -> None:
    code, _, err = run(
        "law-report", records_file, "--year", "2020", "--input", tmp_path / "none.toml",
        "-o", tmp_path / "r.pdf",
    )  # fmt: skip
    assert code == 2
    assert "cannot read" in err


def test_a_report_dated_after_1_april_is_noted(records_file: Path, tmp_path: Path) -> None:
    sections = tmp_path / "sections.toml"
    sections.write_text("date = 2021-05-14\n" + MINIMAL, encoding="utf-8")
    code, _, err = run(
        "law-report", records_file, "--year", "2020", "--input", sections,
        "-o", tmp_path / "r.pdf",
    )  # fmt: skip
    assert code == 0
    assert "after 2021-04-01" in err


@pytest.fixture
def store_url(dataset: object, tmp_path: Path) -> str:
    import enforcement
    from enforcement.models import Dataset

    assert isinstance(dataset, Dataset)
    url = f"sqlite:///{tmp_path / 'town.db'}"
    with enforcement.open_store(url) as store:
        store.import_dataset(dataset)
    return url


def test_a_store_gives_the_same_report_as_the_file(
    records_file: Path, sections: Path, store_url: str, tmp_path: Path
) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    run(
        "law-report", records_file, "--year", "2020", "--input", sections,
        "-o", tmp_path / "a.pdf", "--markdown", a,
    )  # fmt: skip
    code, _, err = run(
        "law-report", "--db", store_url, "--year", "2020", "--input", sections,
        "-o", tmp_path / "b.pdf", "--markdown", b,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8")


def test_an_output_onto_the_store_is_refused(sections: Path, store_url: str) -> None:
    database = Path(store_url.removeprefix("sqlite:///"))
    before = database.read_bytes()
    code, _, err = run(
        "law-report", "--db", store_url, "--year", "2020", "--input", sections, "-o", database
    )
    assert code == 2
    assert "is the input" in err
    assert database.read_bytes() == before


def test_several_agencies_need_agency(sections: Path, tmp_path: Path) -> None:
    import attrs

    import enforcement
    from enforcement.models import Agency

    dataset = enforcement.load(ROOT / "examples" / "cases.json")
    other = Agency(id="other", name="另一执法主体")
    records = tmp_path / "two.json"
    enforcement.dump(attrs.evolve(dataset, agencies=(*dataset.agencies, other)), records)
    code, _, err = run(
        "law-report", records, "--year", "2020", "--input", sections, "-o", tmp_path / "r.pdf"
    )
    assert code == 2
    assert "--agency" in err
    ok, _, _ = run(
        "law-report", records, "--year", "2020", "--input", sections, "--agency", "xc",
        "-o", tmp_path / "r.pdf",
    )  # fmt: skip
    assert ok == 0


def test_the_report_is_signed_by_the_agencys_key_when_given(
    records_file: Path, sections: Path, tmp_path: Path
) -> None:
    from enforcement.models import Agency
    from enforcement.signing import check_pdf_signature
    from enforcement.transparency.keys import generate_agency_key, load_certificate

    agency = Agency(id="xc", name="天津市滨海新区新城镇人民政府", credit_code="11120116MB1754117U")
    key, cert = generate_agency_key(agency, tmp_path / "keys")
    other_key, other_cert = generate_agency_key(agency, tmp_path / "other")
    pdf = tmp_path / "r.pdf"
    code, _, err = run(
        "law-report", records_file, "--year", "2020", "--input", sections, "-o", pdf,
        "--sign", key, "--cert", cert, "--signed-at", "2021-03-20T09:00:00+08:00",
    )  # fmt: skip
    assert code == 0, err
    check = check_pdf_signature(pdf.read_bytes(), load_certificate(cert))
    assert check.valid
    assert check.by_certificate
    assert not check_pdf_signature(pdf.read_bytes(), load_certificate(other_cert)).by_certificate
    assert other_key != key
