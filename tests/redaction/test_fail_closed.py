"""The residual scan, the refusal, the allow-list and the manifest (issue 10, items 1, 4-6)."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import enforcement
from enforcement.cli import cli
from enforcement.errors import NoticeError, PublicationRefusedError
from enforcement.io import dump
from enforcement.models import Dataset, Officer
from enforcement.notices import Text, build_notice_document, render_document
from enforcement.redaction import AllowList, redact_case, redactor_for
from enforcement.sources import DatasetSource

from .cases import AGENCY, ID_NUMBER, NAME, case, pdf_text

UNCERTAIN = "证人热依拉在场。"  # an unknown word after 证人, without a common surname


def test_an_uncertain_match_refuses_publication_listing_field_and_reason() -> None:
    with pytest.raises(PublicationRefusedError) as caught:
        enforcement.render_notice(case(UNCERTAIN), agency=AGENCY)
    (refusal,) = caught.value.refusals
    assert refusal.field == "decision.facts"
    assert (refusal.offset, refusal.length) == (2, 3)
    assert refusal.rule == "person_name_uncertain"
    assert "热依拉" not in str(caught.value)  # the refusal never repeats the text


def test_an_allow_list_publishes_the_span_and_the_manifest_records_it() -> None:
    allow = AllowList.parse("# reviewed: a shop sign, not a person\nperson_name_uncertain 热依拉\n")
    data = enforcement.render_notice(case(UNCERTAIN), agency=AGENCY, allow=allow)
    assert "热依拉" in pdf_text(data)
    redacted = redact_case(case(UNCERTAIN), allow=allow)
    (entry,) = redacted.manifest.allowed()
    assert entry.field == "decision.facts"
    assert entry.sha256 == hashlib.sha256("热依拉".encode()).hexdigest()
    assert redacted.manifest.allow_list == "allow-list"


def test_an_allow_list_never_unmasks_a_recorded_natural_persons_data() -> None:
    allow = AllowList.parse(f"* {NAME}\n* {ID_NUMBER}\n")
    redacted = redact_case(case(f"当事人{NAME}，身份证{ID_NUMBER}。"), allow=allow)
    assert redacted.facts == "当事人王某某，身份证120116********0035。"


def test_a_malformed_allow_list_line_is_named() -> None:
    with pytest.raises(NoticeError, match=r"allow\.txt:2"):
        AllowList.parse("# ok\nperson_name\n", "allow.txt")


def test_the_manifest_records_offset_length_and_digest_never_the_text() -> None:
    facts = f"当事人{NAME}占道。"
    redacted = redact_case(case(facts))
    entries = [e for e in redacted.manifest.entries if e.field == "decision.facts"]
    assert [(e.rule, e.offset, e.length) for e in entries] == [("known_name", 3, 3)]
    assert entries[0].sha256 == hashlib.sha256(NAME.encode()).hexdigest()
    assert NAME not in json.dumps(redacted.manifest.to_data(), ensure_ascii=False)


def test_format_characters_are_removed_from_free_text_and_each_removal_recorded() -> None:
    facts = "当事人\u202e于当日\u200d占道\ufeff经营。"
    redacted = redact_case(case(facts))
    assert redacted.facts == "当事人于当日占道经营。"
    removed = [e for e in redacted.manifest.entries if e.rule == "format_character"]
    assert [e.offset for e in removed] == [3, 7, 10]
    assert removed[0].sha256 == hashlib.sha256("\u202e".encode()).hexdigest()


def test_a_block_a_plugin_adds_is_redacted_by_the_final_pass() -> None:
    class Leaky:
        @enforcement.hookimpl
        def enforcement_notice_document(self, document, case):  # type: ignore[no-untyped-def]
            document.blocks.append(Text("备注", f"经办：{NAME}，电话13812345678"))

    pm = enforcement.make_plugin_manager(plugins=[Leaky()])
    c = case()
    document = build_notice_document(c, agency=AGENCY, plugin_manager=pm)
    text = pdf_text(render_document(document, case=c, plugin_manager=pm))
    assert NAME not in text
    assert "13812345678" not in text
    last = len(document.blocks) - 1
    assert document.manifest.count("known_name", f"document.blocks[{last}].text") == 1


def test_a_plugin_block_that_cannot_be_proved_safe_stops_the_render() -> None:
    class Uncertain:
        @enforcement.hookimpl
        def enforcement_notice_document(self, document, case):  # type: ignore[no-untyped-def]
            document.blocks.append(Text("备注", "编号1234567890123"))

    pm = enforcement.make_plugin_manager(plugins=[Uncertain()])
    c = case()
    document = build_notice_document(c, agency=AGENCY, plugin_manager=pm)
    with pytest.raises(PublicationRefusedError, match="long_number"):
        render_document(document, case=c, plugin_manager=pm)


def test_officers_names_in_a_roster_are_public_and_not_refused(tmp_path: Path) -> None:
    from enforcement.models import Certificate

    officer = Officer(
        id="o1",
        name="热依拉",
        agency_id="xc",
        certificates=(
            Certificate(
                number="12010020240001",
                issuer="天津市人民政府",
                domains=("城市管理",),
                valid_from=date(2019, 1, 1),
                valid_until=date(2024, 12, 31),
            ),
        ),
    )
    data = enforcement.render_roster(AGENCY, [officer], date(2020, 6, 30))
    assert "热依拉" in pdf_text(data)


def test_the_notice_command_exits_1_listing_each_span(tmp_path: Path) -> None:
    source = tmp_path / "cases.json"
    dump(Dataset(agencies=(AGENCY,), cases=(case(UNCERTAIN),)), source)
    result = CliRunner().invoke(
        cli, ["notice", str(source), "R2020-001", "-o", str(tmp_path / "x.pdf")]
    )
    assert result.exit_code == 1
    assert "decision.facts [2:5] person_name_uncertain" in result.output
    allow = tmp_path / "allow.txt"
    allow.write_text("* 热依拉\n", encoding="utf-8")
    out = tmp_path / "n.pdf"
    result = CliRunner().invoke(
        cli, ["notice", str(source), "R2020-001", "-o", str(out), "--allow", str(allow)]
    )
    assert result.exit_code == 0, result.output


def test_check_public_masks_a_partys_name_in_a_finding() -> None:
    from enforcement.checks import Finding, Severity
    from enforcement.cli.check import public_findings

    finding = Finding(
        code="X001",
        severity=Severity.ERROR,
        path="$.cases[0]",
        message=f"当事人{NAME}的身份证号{ID_NUMBER}有误",
        source="-",
        case_id="R2020-001",
    )
    (public,) = public_findings([finding], [case()])
    assert public.message == "当事人王某某的身份证号120116********0035有误"


def test_redactor_for_no_case_still_masks_what_the_detectors_find() -> None:
    text = redactor_for(None).publish("联系人手机13912345678", "narrative").text
    assert text == "联系人手机139********"


def test_a_narrative_naming_a_citizen_is_masked_in_the_annual_report() -> None:
    from enforcement.reports import Narrative, render_summary, summary_data
    from enforcement.summary import summarize

    result = summarize(DatasetSource(Dataset(agencies=(AGENCY,), cases=(case(),))), year=2020)
    narrative = Narrative.parse("## 工作成效\n\n群众张建华（电话13912345678）来信表扬。\n")
    text = pdf_text(render_summary(result, narrative=narrative))
    assert "张建华" not in text
    assert "13912345678" not in text
    assert "张某某" in text
    assert summary_data(result)["agency_name"] == result.agency_name


def test_a_plugin_section_that_cannot_be_proved_safe_stops_the_data_file() -> None:
    from enforcement.reports import SummarySection, summary_data
    from enforcement.summary import summarize

    result = summarize(DatasetSource(Dataset(agencies=(AGENCY,), cases=(case(),))), year=2020)
    section = SummarySection(key="x", title="来信", paragraphs=("举报人热依拉来信。",))
    with pytest.raises(PublicationRefusedError, match=r"\$\.sections\[0\]\.paragraphs\[0\]"):
        summary_data(result, [section])


def test_a_notice_rendered_with_an_allow_list_verifies_with_it(tmp_path: Path) -> None:
    source = tmp_path / "cases.json"
    dump(Dataset(agencies=(AGENCY,), cases=(case(UNCERTAIN),)), source)
    allow = tmp_path / "allow.txt"
    allow.write_text("* 热依拉\n", encoding="utf-8")
    out = tmp_path / "n.pdf"
    runner = CliRunner()
    rendered = runner.invoke(
        cli, ["notice", str(source), "R2020-001", "-o", str(out), "--allow", str(allow)]
    )
    assert rendered.exit_code == 0, rendered.output
    verified = runner.invoke(
        cli, ["notice", "verify", str(out), str(source), "--allow", str(allow)]
    )
    assert verified.exit_code == 0, verified.output


def test_the_notices_command_writes_the_others_and_exits_1_on_a_refusal(tmp_path: Path) -> None:
    import attrs

    clean = case()
    refused = attrs.evolve(case(UNCERTAIN), id="R2020-002")
    source = tmp_path / "cases.json"
    dump(Dataset(agencies=(AGENCY,), cases=(clean, refused)), source)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["notices", str(source), "--out-dir", str(out)])
    assert result.exit_code == 1
    assert "skipped R2020-002" in result.output
    assert (out / "R2020-001-decision.pdf").exists()
    assert not (out / "R2020-002-decision.pdf").exists()


@pytest.mark.parametrize(
    "amount", ["人民币捌仟元整", "人民币伍拾元整", "罚款五百元整", "罚款壹佰圆整", "陆佰柒拾元"]
)
def test_an_amount_in_words_is_not_taken_for_a_name(amount: str) -> None:
    # 元 is a surname, and 元整 a word jieba does not know; after a numeral it is money.
    assert redactor_for().publish(amount, "decision.penalties[0].description").text == amount
