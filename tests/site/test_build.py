"""The portal's files: what is published, for how long, escaped, redacted, and reproducible."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import attrs
import pytest

from enforcement.errors import SiteError
from enforcement.models import Dataset, PartyKind, PartyRole
from enforcement.notices import verify_notice
from enforcement.site import DIGESTS_PATH, MANIFEST
from tests.site.conftest import BASE_URL, ON, build

TEXT_SUFFIXES = (".html", ".json", ".js", ".css")


def _texts(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in site.rglob("*")
        if p.is_file() and p.suffix in TEXT_SUFFIXES
    }


def _digests(site: Path) -> dict[str, dict[str, object]]:
    data = json.loads((site / DIGESTS_PATH).read_text(encoding="utf-8"))
    return {n["sha256"]: n for n in data["notices"]}


def test_no_personal_data_of_a_person_party_in_any_page(
    demo_dataset: Dataset, demo_site: Path
) -> None:
    # Officers' names are published in full (118号 二(四)), and so are organisations' names,
    # which may contain a person's name by chance.
    officers = {o.name for o in demo_dataset.officers}
    organisations = [
        p.name for c in demo_dataset.cases for p in c.parties if p.kind is PartyKind.ORGANISATION
    ]
    secrets: set[str] = set()
    for case in demo_dataset.cases:
        for party in case.parties:
            if party.kind is PartyKind.PERSON or party.role is not PartyRole.PARTY:
                if party.kind is PartyKind.PERSON and party.name not in officers:
                    secrets.add(party.name)
                secrets.update(v for v in (party.id_number, party.phone, party.address) if v)
            if party.bank_account:
                secrets.add(party.bank_account)
    secrets = {s for s in secrets if not any(s in name for name in organisations)}
    assert secrets
    texts = _texts(demo_site)
    leaks = sorted(
        (secret, name) for name, text in texts.items() for secret in secrets if secret in text
    )
    assert leaks == []


def test_page_shows_the_party_as_redacted_in_its_pdf(
    demo_dataset: Dataset, demo_site: Path
) -> None:
    from pypdf import PdfReader

    case = next(
        c
        for c in demo_dataset.cases
        if (demo_site / "notices" / f"{c.id}-decision.html").exists()
        and any(p.kind is PartyKind.PERSON and p.role is PartyRole.PARTY for p in c.parties)
    )
    person = next(p for p in case.parties if p.kind is PartyKind.PERSON)
    masked = person.name[0] + "某某"
    page = (demo_site / "notices" / f"{case.id}-decision.html").read_text(encoding="utf-8")
    pdf = PdfReader(demo_site / "notices" / f"{case.id}-decision.pdf")
    text = "".join(p.extract_text() for p in pdf.pages)
    assert f"<bdi>{masked}</bdi>" in page
    assert masked in text
    assert person.name not in page


def test_rebuilding_gives_byte_identical_files(demo_dataset: Dataset, tmp_path: Path) -> None:
    first = build(demo_dataset, tmp_path / "a", base_url=BASE_URL)
    second = build(demo_dataset, tmp_path / "b", base_url=BASE_URL)
    assert first == second


def test_rebuild_into_its_own_directory_removes_what_is_no_longer_published(
    demo_dataset: Dataset, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    before = build(demo_dataset, site, on=ON)
    after = build(demo_dataset, site, on=date(2030, 1, 1))
    gone = set(before) - set(after)
    assert gone
    assert not any((site / name).exists() for name in gone)


def test_notice_is_shown_through_the_last_day_of_its_term_and_not_after(
    demo_dataset: Dataset, demo_site: Path, tmp_path: Path
) -> None:
    listed = _digests(demo_site)
    short = min(
        (n for n in listed.values() if n["status"] == "current" and n["kind"] == "decision"),
        key=lambda n: str(n["until"]),
    )
    until = date.fromisoformat(str(short["until"]))
    page = str(short["page"])
    on_last_day = build(demo_dataset, tmp_path / "last", on=until)
    after = build(demo_dataset, tmp_path / "after", on=date.fromordinal(until.toordinal() + 1))
    assert page in on_last_day
    assert page not in after
    assert page.removesuffix(".html") + ".pdf" not in after


def test_notice_not_yet_published_on_the_day_is_not_shown(
    demo_dataset: Dataset, tmp_path: Path
) -> None:
    files = build(demo_dataset, tmp_path / "site", on=date(2020, 1, 1))
    assert not [n for n in files if n.startswith("notices/XC")]
    assert json.loads(files[DIGESTS_PATH])["notices"] == []


def test_every_notice_past_its_term_is_taken_down_but_still_verifiable(
    demo_dataset: Dataset, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    files = build(demo_dataset, site, on=date(2030, 1, 1))
    listed = _digests(site).values()
    fixed = [n for n in listed if n["until"] is not None]
    assert fixed
    assert {n["status"] for n in fixed} == {"expired", "withdrawn"}
    # Only notices without a fixed term (public while a licence holds) stay up.
    shown = {f"notices/{Path(str(n['page'])).name}" for n in listed if n["page"]}
    assert all(n["until"] is None for n in listed if n["page"])
    assert {n for n in files if n.startswith("notices/XC") and n.endswith(".html")} == shown


def test_digest_list_names_every_published_pdf_by_its_file_digest(demo_site: Path) -> None:
    listed = _digests(demo_site)
    pdfs = sorted((demo_site / "notices").glob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        entry = listed[hashlib.sha256(pdf.read_bytes()).hexdigest()]
        assert entry["status"] == "current"
        assert entry["page"] == f"notices/{pdf.stem}.html"


def test_withdrawn_notice_is_replaced_by_its_tombstone(demo_site: Path) -> None:
    withdrawn = [n for n in _digests(demo_site).values() if n["status"] == "withdrawn"]
    assert len(withdrawn) == 1
    entry = withdrawn[0]
    assert entry["page"] is None
    assert entry["withdrawn_on"]
    tombstones = (demo_site / "withdrawals" / "index.html").read_text(encoding="utf-8")
    assert str(entry["number"]) in tombstones
    pages = [p.name for p in (demo_site / "notices").glob("*-withdrawal.html")]
    assert len(pages) == 1
    assert not (demo_site / "notices" / pages[0].replace("withdrawal", "decision")).exists()


def test_pdf_qr_code_leads_to_the_notice_page(
    demo_dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import enforcement_pdf.qr
    import enforcement_pdf.render

    drawn: list[str] = []
    real = enforcement_pdf.qr.draw_qr

    def spy(canvas: object, payload: str, *args: float) -> None:
        drawn.append(payload)
        real(canvas, payload, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(enforcement_pdf.render, "draw_qr", spy)
    build(demo_dataset, tmp_path / "site", on=ON, base_url=BASE_URL)
    assert f"{BASE_URL}/notices/XC2020-00005-decision.html" in drawn
    assert f"{BASE_URL}/roster/index.html" in drawn
    assert all(p.startswith(f"{BASE_URL}/") for p in drawn)


def test_site_pdf_still_verifies_against_its_source(demo_dataset: Dataset, demo_site: Path) -> None:
    pdf = (demo_site / "notices" / "XC2020-00005-decision.pdf").read_bytes()
    assert verify_notice(pdf, demo_dataset).matches


HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>{{ 7*7 }}{% if 1 %}x{% endif %}'
RTL = "\u202eevil\u200b"


def test_hostile_strings_are_shown_as_text(demo_dataset: Dataset, tmp_path: Path) -> None:
    case = next(c for c in demo_dataset.cases if c.id == "XC2020-00005")
    assert case.decision is not None
    hostile = attrs.evolve(case, title=HOSTILE + RTL)
    cases = tuple(hostile if c.id == case.id else c for c in demo_dataset.cases)
    site = tmp_path / "site"
    build(attrs.evolve(demo_dataset, cases=cases), site, on=ON)
    page = (site / "notices" / "XC2020-00005-decision.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    )
    assert "{{ 7*7 }}{% if 1 %}x{% endif %}" in page
    assert "49" not in page.split("案由", 1)[1].split("</dd>", 1)[0]


def test_hostile_party_name_is_shown_as_text_in_the_list(
    demo_dataset: Dataset, tmp_path: Path
) -> None:
    case = next(c for c in demo_dataset.cases if c.id == "XC2020-00005")
    assert case.parties[0].kind is PartyKind.ORGANISATION
    party = attrs.evolve(case.parties[0], name=HOSTILE)
    hostile = attrs.evolve(case, parties=(party, *case.parties[1:]))
    cases = tuple(hostile if c.id == case.id else c for c in demo_dataset.cases)
    site = tmp_path / "site"
    build(attrs.evolve(demo_dataset, cases=cases), site, on=ON)
    listed = (site / "notices" / "index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in listed
    assert 'data-party="&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img' in listed


def test_two_case_ids_that_would_share_a_page_are_refused(
    demo_dataset: Dataset, tmp_path: Path
) -> None:
    case = next(c for c in demo_dataset.cases if c.id == "XC2020-00005")
    twin = attrs.evolve(case, id="XC2020/00005")
    clash = attrs.evolve(case, id="XC2020 00005")
    cases = (*[c for c in demo_dataset.cases if c.id != case.id], twin, clash)
    with pytest.raises(SiteError, match="one page"):
        build(attrs.evolve(demo_dataset, cases=cases), tmp_path / "site", on=ON)


def test_right_to_left_override_never_reaches_the_page(
    demo_dataset: Dataset, tmp_path: Path
) -> None:
    case = next(c for c in demo_dataset.cases if c.id == "XC2020-00005")
    cases = tuple(
        attrs.evolve(c, title="违法" + RTL) if c.id == case.id else c for c in demo_dataset.cases
    )
    site = tmp_path / "site"
    build(attrs.evolve(demo_dataset, cases=cases), site, on=ON)
    page = (site / "notices" / "XC2020-00005-decision.html").read_text(encoding="utf-8")
    # The redaction removes format characters from published text (and records each
    # removal); what is left sits in <bdi>, isolated from the text around it.
    assert "<bdi>违法evil</bdi>" in page
    assert "\u202e" not in page
    assert "\u200b" not in page


def test_pages_are_chinese_and_load_nothing_from_elsewhere(demo_site: Path) -> None:
    for name, text in _texts(demo_site).items():
        if not name.endswith(".html"):
            continue
        assert '<html lang="zh-CN">' in text, name
        assert 'name="viewport"' in text, name
        assert "http://" not in text, name
        assert "https://" not in text.replace(BASE_URL, ""), name


def test_lists_work_without_javascript(demo_site: Path) -> None:
    listed = (demo_site / "notices" / "index.html").read_text(encoding="utf-8")
    pages = sorted((demo_site / "notices").glob("*-decision.html"))
    assert pages
    for page in pages:
        assert f'href="../notices/{page.name}"' in listed


def test_manifest_marks_the_directory_as_the_sites_own(demo_site: Path) -> None:
    manifest = json.loads((demo_site / MANIFEST).read_text(encoding="utf-8"))
    assert (
        manifest["files"]["index.html"]
        == hashlib.sha256((demo_site / "index.html").read_bytes()).hexdigest()
    )


@pytest.mark.parametrize("name", ["site.css", "search.js", "verify.js"])
def test_static_files_are_package_data(demo_site: Path, name: str) -> None:
    assert (demo_site / "static" / name).stat().st_size > 0


def test_tables_page_shows_the_summarys_tables_when_it_has_them(
    demo_dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from enforcement.summary import Summary

    plain = Summary.to_data

    def with_tables(self: Summary) -> dict[str, object]:
        data = plain(self)
        data["tables"] = [
            {"title": "表1 行政处罚<b>", "columns": ["类别", "件数"], "rows": [["罚款", 7]]}
        ]
        return data

    monkeypatch.setattr(Summary, "to_data", with_tables)
    site = tmp_path / "site"
    build(demo_dataset, site, on=ON)
    page = (site / "tables" / "index.html").read_text(encoding="utf-8")
    assert "<caption>表1 行政处罚&lt;b&gt;</caption>" in page
    assert "<td>罚款</td><td>7</td>" in page
    assert "主要数据" not in page


def test_tables_page_names_the_items_of_a_table_given_as_a_mapping(
    demo_dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from enforcement.summary import Summary

    plain = Summary.to_data

    def with_tables(self: Summary) -> dict[str, object]:
        data = plain(self)
        data["tables"] = {"penalty": {"fine": 12, "new_column": 3}}
        return data

    monkeypatch.setattr(Summary, "to_data", with_tables)
    site = tmp_path / "site"
    build(demo_dataset, site, on=ON)
    page = (site / "tables" / "index.html").read_text(encoding="utf-8")
    assert "<caption>行政处罚</caption>" in page
    assert "<td>罚款</td><td>12</td>" in page
    assert "<td>new_column</td><td>3</td>" in page


def test_tables_page_shows_the_summary_figures_otherwise(
    demo_dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from enforcement.summary import Summary

    plain = Summary.to_data

    def without_tables(self: Summary) -> dict[str, object]:
        data = plain(self)
        data.pop("tables", None)
        return data

    monkeypatch.setattr(Summary, "to_data", without_tables)
    demo_site = tmp_path / "site"
    build(demo_dataset, demo_site, on=ON)
    page = (demo_site / "tables" / "index.html").read_text(encoding="utf-8")
    assert "2020年" in page
    assert "主要数据" in page
    assert (demo_site / "tables" / "2020" / "summary.pdf").read_bytes().startswith(b"%PDF")
    data = json.loads((demo_site / "tables" / "2020" / "summary.json").read_text(encoding="utf-8"))
    assert data["year"] == 2020
