"""Numbers in the agency's own words that contradict the records.

A clerk who types "全年作出行政处罚决定15件" when the records hold 12 penalty
decisions has made the report disagree with the statistics. :func:`find_contradictions`
looks for the phrasings of :data:`PATTERNS` (each a keyword, optional words such
as 共/共计/合计, a number and its unit), keeps those that state a total of the
year (:func:`is_year_total`), reads the number (Arabic, full-width or Chinese:
``12``, ``１２``, ``十二``; money also as ``80.37万元``) and compares it with the
figure of the records it names. Approximations (``100余件``, ``20多人``)
are not compared. A figure the records do not hold (disclosure requests without
the plugin that supplies them) is not compared either.

:func:`mark_contradictions` writes a visible marker after each contradicting
number, so the rendered report shows where it is wrong.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal

from attrs import frozen

from enforcement.lawreport.figures import RecordFigure
from enforcement.lawreport.numbers import CHINESE_NUMERAL_CHARS, normalize_width, read_number

_TOTAL_WORDS = "共计|合计|总计|累计|共"
_FILL = r"(?:\s*(?P<fill>" + _TOTAL_WORDS + r"|计|达|为)?\s*)"
_NUMBER = (
    r"(?P<n>[0-9][0-9,]*(?:\.[0-9]+)?(?:万|亿)?|[" + CHINESE_NUMERAL_CHARS + r"万亿]+)"
    r"(?P<approx>余|多)?\s*"
)


@frozen
class Pattern:
    """A phrasing the check recognises: ``regex`` (with the number) and the figure it states."""

    figure: str
    example: str
    regex: re.Pattern[str]


def _p(figure: str, example: str, keyword: str, unit: str = "件") -> Pattern:
    # "执法人员80人次" counts attendances, not people: a unit followed by 次 is another unit.
    regex = keyword + _FILL + _NUMBER + f"(?P<unit>{unit})(?!次)"
    return Pattern(figure, example, re.compile(regex))


PATTERNS: tuple[Pattern, ...] = (
    _p(
        "certified",
        "持证执法人员80人",
        r"(?:持(?:有效|有)?(?:行政)?执法证(?:件)?(?:的)?(?:执法人员)?|持证(?:行政)?执法人员)",
        "人",
    ),
    _p("trained", "达到培训学时要求的执法人员80人", r"达到(?:培训)?学时要求(?:的执法人员)?", "人"),
    _p("officers", "行政执法人员80人", r"(?:行政)?执法人员", "人"),
    _p("penalty_decisions", "作出行政处罚决定12件", r"行政处罚决定(?:书)?"),
    _p("penalty_decisions", "作出行政处罚12件", r"(?:作出|下达)行政处罚"),
    _p("penalty_cases", "行政处罚案件28件", r"行政处罚案件"),
    _p("major_decisions", "重大执法决定8件", r"重大(?:行政)?执法决定"),
    _p("decisions", "作出行政执法决定48件", r"(?:行政)?执法决定"),
    _p("cases", "立案60件", r"(?:立案|办理(?:行政)?执法案件)"),
    _p("reviewed", "经法制审核8件", r"法制审核(?:同意)?"),
    _p("due", "应公示的决定47件", r"应(?:予)?公示(?:的)?(?:行政)?(?:执法)?(?:决定)?", "件|条"),
    _p("on_time", "按期公示47件", r"(?:按期|按时|及时)公示", "件|条"),
    _p("missing", "逾期未公示1件", r"逾期未公示", "件|条"),
    _p("late", "逾期公示1件", r"逾期公示", "件|条"),
    _p("withdrawn", "撤下公示信息1件", r"撤下(?:已公示|的公示)?(?:公示)?(?:信息)?", "件|条"),
    _p("published", "公示行政执法决定47件", r"公示(?:行政)?(?:执法)?(?:决定)?(?:信息)?", "件|条"),
    _p("revoked", "决定被撤销1件", r"被撤销(?:的决定)?"),
    _p("hearings", "举行听证5件", r"听证", "件|次|场"),
    _p("fines_and_confiscations", "罚没金额92.12万元", r"罚没(?:款|金额)?", "元"),
    _p("fines", "罚款803,700元", r"罚款(?:金额)?", "元"),
    _p(
        "disclosure_carried_forward",
        "结转下年度继续办理7件",
        r"结转下(?:一)?年度(?:继续办理)?",
    ),
    _p(
        "disclosure_carried_over",
        "上年度结转政府信息公开申请16件",
        r"(?:上年度)?结转(?:的)?政府信息公开申请",
    ),
    _p(
        "disclosure_received",
        "收到政府信息公开申请71件",
        r"收到(?:政府信息公开|信息公开)?申请",
    ),
    _p("disclosure_answered", "已答复64件", r"已(?:经)?答复"),
)
"""Every phrasing the check recognises (``docs/law-report.md`` lists them). Where several
match, the one starting first wins, then the longest, then the first listed."""


@frozen
class Contradiction:
    """A number typed in the agency's text that differs from the records.

    ``where`` names the part (``measures.sections[3].text``), ``start``/``end``
    the span of the phrase in that text, ``typed`` the phrase as typed.
    """

    where: str
    start: int
    end: int
    typed: str
    figure: RecordFigure

    @property
    def stated(self) -> str:
        """The records' figure as the report states it."""
        value = self.figure.value
        if self.figure.unit == "元":
            return f"{value:,.2f}元"
        return f"{value:,}{self.figure.unit}"

    def marker(self) -> str:
        """The visible marker written after the phrase (it matches :data:`MARKER`)."""
        return f"【与执法记录不符：记录为{self.stated}】"


MARKER = re.compile(r"【与执法记录不符：记录为[^】]*】")
"""A marker in the text (renderers may colour it)."""


def _agrees(typed: str, value: Decimal) -> bool:
    number = read_number(typed)
    if number == value:
        return True
    text = normalize_width(typed).replace(",", "")
    if text.endswith("万") and text[:1].isdigit():
        # 80.37万元: the records' figure rounded to the decimals typed.
        places = len(text[:-1].split(".")[1]) if "." in text else 0
        in_wan = (value / 10_000).quantize(Decimal(1).scaleb(-places))
        return in_wan * 10_000 == number
    return False


_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
_YEAR_WORDS = re.compile(r"全年|本年度|年度内|年内|" + _TOTAL_WORDS)


def is_year_total(
    plain: str, match: re.Match[str], year: int | None, sentence_start: int = 0
) -> bool:
    """Whether the phrase ``match`` states a total of the year: it says 共/共计/合计/总计/累计
    itself, or its sentence (from ``sentence_start``) says 全年, 本年度, 年内, 共… or the year
    (``2020年``). A count without such words ("在专项行动中作出行政处罚决定3件") may be a
    part, and is not compared."""
    if match.group("fill") and re.fullmatch(_TOTAL_WORDS, match.group("fill")):
        return True
    sentence = plain[sentence_start : match.start()]
    if _YEAR_WORDS.search(sentence):
        return True
    return year is not None and f"{year}年" in sentence


def find_contradictions(
    text: str,
    figures: Mapping[str, RecordFigure],
    *,
    where: str,
    year: int | None = None,
) -> tuple[Contradiction, ...]:
    """The contradicting numbers of ``text`` (the agency's words in part ``where``) among the
    year's totals (:func:`is_year_total`; ``year`` is the report's)."""
    plain = normalize_width(text)
    # Every phrasing's matches, then the leftmost-longest that do not overlap: "应公示的行政执法
    # 决定47件" is a figure of notices due, not of decisions, though both phrasings match.
    candidates = [
        (match.start(), -(match.end() - match.start()), order, match)
        for order, pattern in enumerate(PATTERNS)
        for match in pattern.regex.finditer(plain)
    ]
    # Where each sentence starts (bisected per match: a long text stays linear).
    ends = [0, *(m.end() for m in _SENTENCE_END.finditer(plain))]
    found: list[Contradiction] = []
    end_of_last = 0
    for start, _length, order, match in sorted(candidates, key=lambda c: c[:3]):
        if start < end_of_last:
            continue
        end_of_last = match.end()
        figure = figures.get(PATTERNS[order].figure)
        if figure is None or match.group("approx"):
            continue
        sentence_start = ends[bisect.bisect_right(ends, start) - 1]
        if not is_year_total(plain, match, year, sentence_start):
            continue
        try:
            agrees = _agrees(match.group("n"), figure.value)
        except ValueError:
            continue  # "百万" alone, a stray 万: not a number we can read
        if not agrees:
            found.append(
                Contradiction(where, start, match.end(), text[start : match.end()], figure)
            )
    return tuple(sorted(found, key=lambda c: c.start))


def mark_contradictions(text: str, found: Sequence[Contradiction]) -> str:
    """``text`` with each contradiction's marker after its phrase."""
    out: list[str] = []
    last = 0
    for item in sorted(found, key=lambda c: c.start):
        out.append(text[last : item.end])
        out.append(item.marker())
        last = item.end
    out.append(text[last:])
    return "".join(out)


__all__ = [
    "MARKER",
    "PATTERNS",
    "Contradiction",
    "Pattern",
    "find_contradictions",
    "mark_contradictions",
]
