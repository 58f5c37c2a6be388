"""Government-information disclosure requests (政府信息公开申请, OGI 第五十条) from a TOML file.

The file holds one table per year; the four figures the annual report states::

    [2020]
    carried_over = 16      # 上年度结转
    received = 71          # 本年度收到
    answered = 64          # 已答复
    carried_forward = 7    # 结转下年度继续办理

Requests that are neither answered nor carried forward (withdrawn, say) are
shown as a difference to be explained, not hidden.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from enforcement.errors import ReportError
from enforcement.reports import SectionTable, SummarySection

ENV_VAR = "ENFORCEMENT_DISCLOSURE"
DEFAULT_FILE = "disclosure.toml"
FIGURES = ("carried_over", "received", "answered", "carried_forward")

_LABELS = {
    "zh": ("上年度结转", "本年度收到", "已答复", "结转下年度"),
    "en": ("Carried over", "Received", "Answered", "Carried forward"),
}


def find_disclosure_file() -> Path | None:
    """``$ENFORCEMENT_DISCLOSURE``, else ``disclosure.toml`` in the current directory, if any.

    A path named by the variable must exist; the default file may be absent.
    """
    named = os.environ.get(ENV_VAR)
    if named:
        path = Path(named)
        if not path.is_file():
            raise ReportError(ENV_VAR, f"no disclosure file at {named}")
        return path
    default = Path(DEFAULT_FILE)
    return default if default.is_file() else None


def read_disclosure(path: Path, year: int) -> dict[str, int] | None:
    """The four figures of ``year`` in the file, or ``None`` when it has no table for the year.

    Raises :class:`~enforcement.errors.ReportError` naming the file and key at fault.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ReportError(str(path), f"unreadable disclosure file: {exc}") from None
    table = data.get(str(year))
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ReportError(f"{path}: [{year}]", "expected a table of the four figures")
    figures: dict[str, int] = {}
    for key in FIGURES:
        value = table.get(key)
        if type(value) is not int or value < 0:
            raise ReportError(
                f"{path}: [{year}].{key}", f"expected a non-negative integer, got {value!r}"
            )
        figures[key] = value
    unknown = sorted(set(table) - set(FIGURES))
    if unknown:
        raise ReportError(f"{path}: [{year}].{unknown[0]}", "unknown key")
    return figures


def disclosure_section(path: Path, year: int, lang: str) -> SummarySection | None:
    """The report section of ``year``'s disclosure requests, or ``None`` without figures."""
    figures = read_disclosure(path, year)
    if figures is None:
        return None
    old, new, answered, forward = (figures[k] for k in FIGURES)
    unexplained = old + new - answered - forward
    if lang == "zh":
        title = "政府信息公开申请办理情况"
        text = [
            f"办理上年度结转政府信息公开申请{old}件，本年度收到政府信息公开申请{new}件，"
            f"已答复{answered}件，结转下年度继续办理{forward}件。"
        ]
        if unexplained:
            text.append(
                f"上年度结转与本年度收到合计{old + new}件，已答复与结转下年度合计"
                f"{answered + forward}件，相差{unexplained}件，请在报告中说明。"
            )
    else:
        title = "Government information disclosure requests"
        text = [
            f"{old} requests carried over from last year, {new} received, {answered} answered, "
            f"{forward} carried forward to next year."
        ]
        if unexplained:
            text.append(
                f"{old + new} requests to handle, {answered + forward} answered or carried "
                f"forward: {unexplained} to be explained."
            )
    return SummarySection(
        key="disclosure_requests",
        title=title,
        paragraphs=text,
        table=SectionTable(
            columns=_LABELS["zh" if lang == "zh" else "en"],
            rows=[list(map(str, (old, new, answered, forward)))],
        ),
        data={**figures, "unexplained": unexplained},
    )
