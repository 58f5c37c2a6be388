from __future__ import annotations

from pathlib import Path

import pytest

import enforcement
from enforcement.errors import NoticeError
from enforcement.models import Agency
from enforcement.notices import NoticeDocument

from .conftest import pdf_text, person_case


def test_the_pdf_plugin_is_found_through_its_entry_point() -> None:
    pm = enforcement.make_plugin_manager()
    assert pm.get_plugin("enforcement_pdf") is not None
    assert pm.origins["enforcement_pdf"][0] == "enforcement"


def test_without_the_pdf_plugin_rendering_says_what_is_missing() -> None:
    pm = enforcement.make_plugin_manager(autoload=False)
    with pytest.raises(NoticeError, match="enforcement_pdf"):
        enforcement.render_notice(person_case(), plugin_manager=pm)


class Html:
    @enforcement.hookimpl
    def enforcement_notice_renderer(self, kind: str, format: str) -> object:
        return (lambda doc: doc.title.encode()) if format == "html" else None


class Events:
    def __init__(self) -> None:
        self.seen: list[tuple[str | None, int, str | None]] = []

    @enforcement.hookimpl
    def enforcement_notice_document(self, document: NoticeDocument, case: object) -> None:
        document.notes.append("本公示由插件补充说明")

    @enforcement.hookimpl
    def enforcement_notice_rendered(
        self, document: NoticeDocument, data: bytes, path: str | None
    ) -> None:
        self.seen.append((document.case_id, len(data), path))


def test_a_plugin_adds_a_format_adjusts_the_document_and_hears_the_event(
    agency: Agency, tmp_path: Path
) -> None:
    events = Events()
    pm = enforcement.make_plugin_manager(plugins=[Html(), events])
    html = enforcement.render_notice(person_case(), agency=agency, format="html", plugin_manager=pm)
    assert html == "行政处罚决定信息公示".encode()
    out = tmp_path / "n.pdf"
    pdf = enforcement.render_notice(person_case(), agency=agency, out=out, plugin_manager=pm)
    assert "本公示由插件补充说明" in pdf_text(pdf)
    assert events.seen == [("T2020-001", len(html), None), ("T2020-001", len(pdf), str(out))]
