"""Font discovery: which installed font every PDF embeds, and why the others are skipped."""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import reportlab
from click.testing import CliRunner
from enforcement_pdf import fonts
from pypdf import PdfReader

from enforcement.cli import cli
from enforcement.errors import NoticeError
from enforcement.io import load
from enforcement.models import Agency, Case
from enforcement.notices import BatchItem, render_notice, render_notices
from enforcement.plugins import PluginManager

from .conftest import EXAMPLE, pdf_text

VERA = str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")  # Latin-only TrueType


def _installed(outlines: str) -> str | None:
    """An installed Chinese font file with these outlines (TrueType: usable), if any."""
    for face in fonts.candidates():
        if face.index != 0:
            continue
        if outlines == "TrueType" and face.usable:
            return face.path
        if outlines == "CFF" and face.outlines == "CFF" and "CJK" in (face.family or ""):
            return face.path
    return None


TRUETYPE_CJK = _installed("TrueType")
CFF_CJK = _installed("CFF")
needs_truetype = pytest.mark.skipif(
    TRUETYPE_CJK is None, reason="no Chinese TrueType font installed (fonts-wqy-zenhei)"
)
needs_both = pytest.mark.skipif(
    TRUETYPE_CJK is None or CFF_CJK is None,
    reason="needs a Chinese TrueType font and Noto CJK installed (.ci/run installs both)",
)


def _sfnt(version: bytes, tags: list[bytes]) -> bytes:
    """A minimal font file: a header and a table directory naming ``tags``."""
    header = version + struct.pack(">HHHH", len(tags), 16, 0, 0)
    start = 12 + 16 * len(tags)
    records = b"".join(struct.pack(">4sIII", tag, 0, start, 0) for tag in tags)
    return header + records + bytes(16)


@pytest.fixture
def search(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The discovery searches only the folders appended to the list it yields."""
    dirs: list[str] = []
    monkeypatch.setattr(fonts, "FONT_DIRS", dirs)
    monkeypatch.setattr(fonts, "_fontconfig_files", list)
    fonts._reset()
    yield dirs
    fonts._reset()


@pytest.fixture
def cff_file(tmp_path: Path) -> Path:
    path = tmp_path / "cff" / "SomeCJK-Regular.otf"
    path.parent.mkdir()
    path.write_bytes(_sfnt(b"OTTO", [b"CFF ", b"cmap", b"head", b"name"]))
    return path


def _page_fonts(data: bytes) -> list[Any]:
    page = PdfReader(io.BytesIO(data)).pages[0]
    resources: Any = page["/Resources"]
    return [ref.get_object() for ref in resources["/Font"].values()]


@needs_both
def test_on_a_machine_with_both_kinds_the_truetype_font_is_chosen() -> None:
    fonts._reset()
    chosen = fonts.default_font()
    assert chosen is not None
    assert chosen.outlines == "TrueType"
    assert chosen.chinese is True


@needs_both
def test_a_cff_font_sorted_first_is_skipped_for_the_truetype_one(tmp_path: Path) -> None:
    assert CFF_CJK is not None
    assert TRUETYPE_CJK is not None
    first = tmp_path / "aaa-cjk.ttc"  # sorts before the TrueType file, preferred by no pattern
    first.symlink_to(CFF_CJK)
    second = tmp_path / "zzz-cjk.ttc"
    second.symlink_to(TRUETYPE_CJK)
    chosen = fonts.find_font([str(first), str(second)])
    assert chosen is not None
    assert chosen.path == str(second)


@needs_both
def test_noto_cjk_is_listed_as_unusable_because_of_its_cff_outlines() -> None:
    assert CFF_CJK is not None
    faces = fonts.probe_file(CFF_CJK)
    assert faces
    assert all(not face.usable for face in faces)
    assert all(face.outlines == "CFF" for face in faces)
    assert all("PostScript (CFF) outlines" in face.reason for face in faces)


def test_a_folder_with_only_a_cff_font_has_no_usable_font_and_says_why(
    search: list[str], cff_file: Path
) -> None:
    search.append(str(cff_file.parent))
    faces = fonts.candidates()
    assert [face.path for face in faces] == [str(cff_file)]
    assert faces[0].usable is False
    assert faces[0].reason == "PostScript (CFF) outlines, which reportlab cannot embed"
    assert fonts.find_font() is None


def test_cff2_outlines_are_named(tmp_path: Path) -> None:
    path = tmp_path / "v.otf"
    path.write_bytes(_sfnt(b"OTTO", [b"CFF2", b"head"]))
    (face,) = fonts.probe_file(str(path))
    assert face.outlines == "CFF2"
    assert not face.usable


def test_a_latin_truetype_font_is_skipped_for_lack_of_chinese_glyphs() -> None:
    (face,) = fonts.probe_file(VERA)
    assert face.outlines == "TrueType"
    assert face.chinese is False
    assert not face.usable
    assert "中国罚" in face.reason


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a font at all" * 10,
        _sfnt(b"\x00\x01\x00\x00", [b"glyf"])[:20],  # truncated directory
        b"ttcf\x00\x01\x00\x00\xff\xff\xff\xff" + bytes(64),  # a collection of 4 billion faces
    ],
    ids=["empty", "garbage", "truncated", "huge-collection"],
)
def test_a_malformed_font_file_is_reported_not_raised(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bad.ttf"
    path.write_bytes(data)
    faces = fonts.probe_file(str(path))
    assert 1 <= len(faces) <= 256
    assert all(not face.usable and face.reason for face in faces)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_given_as_a_font_is_not_read(tmp_path: Path) -> None:
    pipe = tmp_path / "font.ttf"
    os.mkfifo(pipe)  # opening it for reading would wait for a writer forever
    (face,) = fonts.probe_file(str(pipe))
    assert face.reason == "not a regular file"
    result = CliRunner().invoke(cli, ["fonts", str(pipe)])
    assert result.exit_code == 1
    assert "not a regular file" in result.stdout


def test_discovery_order_prefers_known_fonts_then_regular_weights() -> None:
    paths = [
        "/f/zz/DejaVuSans.ttf",
        "/f/wqy/wqy-zenhei.ttc",
        "/f/noto/NotoSansSC-Bold.ttf",
        "/f/noto/NotoSansSC-Regular.ttf",
        "/w/Fonts/simsun.ttc",
    ]
    assert sorted(paths, key=fonts.choice_key) == [
        "/w/Fonts/simsun.ttc",
        "/f/wqy/wqy-zenhei.ttc",
        "/f/noto/NotoSansSC-Regular.ttf",
        "/f/noto/NotoSansSC-Bold.ttf",
        "/f/zz/DejaVuSans.ttf",
    ]


def test_links_to_the_same_file_are_one_candidate(search: list[str], tmp_path: Path) -> None:
    (tmp_path / "Vera.ttf").write_bytes(Path(VERA).read_bytes())
    (tmp_path / "link.ttf").symlink_to(tmp_path / "Vera.ttf")
    (tmp_path / "readme.txt").write_text("not a font", encoding="utf-8")
    search.append(str(tmp_path))
    assert fonts.font_files() == [str(tmp_path / "Vera.ttf")]


def test_by_default_a_pdf_embeds_a_subset_of_the_font_found(
    case: Case, agency: Agency, pm: PluginManager
) -> None:
    if TRUETYPE_CJK is None:
        pytest.skip("no Chinese TrueType font installed (fonts-wqy-zenhei)")
    fonts._reset()
    data = render_notice(case, agency=agency, plugin_manager=pm)
    page_fonts = _page_fonts(data)
    assert all(f["/Subtype"] != "/Type0" for f in page_fonts)  # no unembedded CID font
    embedded = [f for f in page_fonts if f["/Subtype"] == "/TrueType"]
    assert embedded
    for font in embedded:
        assert "/FontFile2" in font["/FontDescriptor"]
        assert str(font["/BaseFont"])[1:7].isupper()
        assert str(font["/BaseFont"])[7] == "+"  # the subset tag
    assert "王某某" in pdf_text(data)


def test_with_no_usable_font_the_pdf_falls_back_to_stsong_with_a_warning(
    search: list[str],
    case: Case,
    agency: Agency,
    pm: PluginManager,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="enforcement_pdf.fonts"):
        data = render_notice(case, agency=agency, plugin_manager=pm)
    assert [font["/BaseFont"] for font in _page_fonts(data)].count("/STSong-Light") == 1
    assert b"/FontFile2" not in data
    (record,) = [r for r in caplog.records if r.name == "enforcement_pdf.fonts"]
    assert record.levelno == logging.WARNING
    assert "empty boxes" in record.getMessage()
    assert "王某某" in pdf_text(data)


def test_choosing_the_builtin_font_on_purpose_embeds_nothing_and_warns_nothing(
    case: Case, agency: Agency, pm: PluginManager, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="enforcement_pdf.fonts"):
        data = render_notice(case, agency=agency, font=fonts.BUILTIN_FONT, plugin_manager=pm)
    assert b"/FontFile2" not in data
    assert caplog.records == []


def test_the_cli_prints_the_fallback_as_a_warning_line(
    search: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cases = shutil.copy(EXAMPLE, tmp_path / "cases.json")
    result = CliRunner().invoke(cli, ["notice", str(cases), "XC2020-00004", "-o", "n.pdf"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1
    assert "STSong-Light" in warnings[0]
    assert "empty boxes" in warnings[0]


def test_a_font_file_that_cannot_be_embedded_is_refused_naming_fonts_that_work(
    cff_file: Path,
) -> None:
    fonts._reset()
    with pytest.raises(NoticeError) as raised:
        fonts.embeddable_face(cff_file)
    assert raised.value.field == "font"
    assert "PostScript (CFF) outlines" in raised.value.reason
    if TRUETYPE_CJK is not None:
        assert TRUETYPE_CJK in raised.value.reason
    else:
        assert "apt install fonts-wqy-zenhei" in raised.value.reason


def test_a_batch_with_a_font_that_cannot_be_embedded_reports_it_for_each_notice(
    cff_file: Path, tmp_path: Path
) -> None:
    dataset = load(EXAMPLE)
    items = [BatchItem(c, "decision", dataset.agencies[0]) for c in dataset.cases if c.decision]
    results = list(render_notices(items[:3], tmp_path / "out", font=cff_file))
    assert len(results) == 3
    assert all("PostScript (CFF) outlines" in (r.error or "") for r in results)
    assert not list((tmp_path / "out").iterdir())


def test_with_nothing_installed_the_refusal_says_what_to_install(
    search: list[str], cff_file: Path
) -> None:
    with pytest.raises(NoticeError, match="apt install fonts-wqy-zenhei"):
        fonts.embeddable_face(cff_file)


@needs_both
def test_the_cli_refuses_noto_cjk_with_exit_2_and_names_the_truetype_font(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert CFF_CJK is not None
    assert TRUETYPE_CJK is not None
    monkeypatch.chdir(tmp_path)
    cases = shutil.copy(EXAMPLE, tmp_path / "cases.json")
    for command in (
        ["notice", str(cases), "XC2020-00004", "-o", "n.pdf"],
        ["notices", str(cases), "--out-dir", "out"],
        ["roster", str(cases), "--agency", "xc", "-o", "r.pdf"],
    ):
        result = CliRunner().invoke(cli, [*command, "--font", CFF_CJK])
        assert result.exit_code == 2, result.output
        assert "PostScript (CFF) outlines" in result.stderr
        assert f"would work: {TRUETYPE_CJK} (" in result.stderr
        assert f"{TRUETYPE_CJK}#" not in result.stderr  # files, as --font takes them
    assert not (tmp_path / "n.pdf").exists()
    assert not (tmp_path / "out").exists()


@needs_truetype
def test_an_explicit_truetype_font_is_embedded(
    case: Case, agency: Agency, pm: PluginManager
) -> None:
    assert TRUETYPE_CJK is not None
    data = render_notice(case, agency=agency, font=TRUETYPE_CJK, plugin_manager=pm)
    embedded = [f for f in _page_fonts(data) if f["/Subtype"] == "/TrueType"]
    assert embedded
    assert all("/FontFile2" in f["/FontDescriptor"] for f in embedded)


def test_the_fonts_command_lists_each_candidate_with_its_reason(
    search: list[str], cff_file: Path
) -> None:
    search.append(str(cff_file.parent))
    result = CliRunner().invoke(cli, ["fonts"])
    assert result.exit_code == 1  # nothing usable
    assert result.stdout.splitlines() == [
        f"unusable  {cff_file}: PostScript (CFF) outlines, which reportlab cannot embed"
    ]
    assert result.stderr.startswith("warning: no Chinese TrueType font")


@needs_both
def test_the_fonts_command_marks_the_chosen_font() -> None:
    fonts._reset()
    result = CliRunner().invoke(cli, ["fonts"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    chosen = [line for line in lines if line.startswith("chosen ")]
    assert len(chosen) == 1
    assert TRUETYPE_CJK is not None
    assert f"  {TRUETYPE_CJK} (" in chosen[0]
    assert any(line.startswith(f"unusable  {CFF_CJK}") for line in lines)
    assert lines[-1].startswith(f"PDFs embed a subset of {TRUETYPE_CJK}")


def test_the_fonts_command_judges_given_files_as_json(cff_file: Path) -> None:
    result = CliRunner().invoke(cli, ["fonts", "--json", str(cff_file), VERA])
    assert result.exit_code == 1  # neither file is usable
    data = json.loads(result.stdout)
    assert data["chosen"] is None
    assert [c["path"] for c in data["candidates"]] == [str(cff_file), VERA]
    assert [c["outlines"] for c in data["candidates"]] == ["CFF", "TrueType"]
    assert [c["usable"] for c in data["candidates"]] == [False, False]


@needs_truetype
def test_the_fonts_command_exits_0_when_every_given_file_is_usable() -> None:
    assert TRUETYPE_CJK is not None
    result = CliRunner().invoke(cli, ["fonts", TRUETYPE_CJK])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"usable    {TRUETYPE_CJK}")
