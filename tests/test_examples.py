"""examples/import_records.py: an application's rows imported, published and checked."""

from __future__ import annotations

import runpy
from datetime import date
from pathlib import Path

import pytest

import enforcement

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "examples" / "import_records.py"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], Path, str]:
    namespace = runpy.run_path(str(SCRIPT))
    out = tmp_path_factory.mktemp("import") / "out"
    main = namespace["main"]
    assert callable(main)
    assert main([str(out)]) == 0
    return namespace, out, f"sqlite:///{out / 'town.db'}"


def test_usage_without_an_output_directory() -> None:
    main = runpy.run_path(str(SCRIPT))["main"]
    assert callable(main)
    assert main([]) == 2


def test_the_store_holds_the_rows_and_verifies(run: tuple[dict[str, object], Path, str]) -> None:
    _, _, url = run
    with enforcement.open_store(url, create=False) as store:
        report = store.verify()
        assert report.intact
        assert (report.cases, report.records) == (2, 11)
        case = store.case("XCZF2020-0137")
        assert case is not None
        assert case.records[0].stage is enforcement.Stage.FILING
        assert case.decision is not None
        assert case.decision.number == "津新城综执罚〔2020〕37号"
        assert [(n.kind, n.published_on) for n in case.notices] == [
            (enforcement.NoticeKind.DECISION, date(2020, 10, 16))
        ]


def test_the_notices_are_pdfs_that_match_the_store(
    run: tuple[dict[str, object], Path, str],
) -> None:
    _, out, url = run
    pdfs = sorted(p.name for p in (out / "notices").iterdir())
    assert pdfs == ["XCZF2020-0137-decision.pdf", "XCZF2020-0142-decision.pdf"]
    with enforcement.open_store(url, create=False) as store:
        agencies = {a.id: a for a in store.agencies()}
        for name in pdfs:
            data = (out / "notices" / name).read_bytes()
            assert data.startswith(b"%PDF")
            result = enforcement.verify_notice(data, store.case, agency_of=agencies.get)
            assert result.matches, result.message


def test_the_person_is_redacted_in_the_published_notice(
    run: tuple[dict[str, object], Path, str],
) -> None:
    from pypdf import PdfReader

    _, out, _ = run
    reader = PdfReader(out / "notices" / "XCZF2020-0137-decision.pdf")
    text = "".join(page.extract_text() for page in reader.pages)
    assert "李某某" in text
    assert "李志强" not in text
    assert "13602018866" not in text


def test_the_one_late_notice_is_the_only_finding(
    run: tuple[dict[str, object], Path, str],
) -> None:
    namespace, _, url = run
    on = namespace["RUN_DAY"]
    assert isinstance(on, date)
    with enforcement.open_store(url, create=False) as store:
        findings = enforcement.check(store.dataset(), on=on)
    assert [(f.case_id, f.code, f.due, f.actual) for f in findings] == [
        ("XCZF2020-0137", "PUB001", date(2020, 10, 14), date(2020, 10, 16))
    ]
    (late,) = findings
    assert late.path == "$.cases[0].notices[0].published_on"
    assert "2020-10-10国庆节调休上班" in (late.explanation or "")


def test_running_again_starts_from_a_fresh_store(run: tuple[dict[str, object], Path, str]) -> None:
    namespace, out, url = run
    main = namespace["main"]
    assert callable(main)
    assert main([str(out)]) == 0
    with enforcement.open_store(url, create=False) as store:
        assert store.counts().cases == 2
