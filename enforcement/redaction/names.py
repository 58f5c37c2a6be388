"""Personal names that are not on record, found with jieba's segmentation and name tags.

jieba (PyPI ``jieba``, MIT) ships its dictionary in the package and works
offline. Its dictionary tags words as person names (``nr``, ``nrfg``, ``nrt``)
and its HMM finds new words the dictionary lacks, which in a 违法事实 sentence
are mostly names. Running jieba's full part-of-speech HMM (``jieba.posseg``)
costs five times the segmentation for nothing more than a tag on those new
words, so this recognizer segments with the HMM and reads the tags from the
part-of-speech dictionary itself:

- a dictionary person name of 2 or 3 characters that starts with a common
  surname and is not a frequent word is a name (``person_name``, 0.85): the
  dictionary tags many common words as names (许可, 文明, 胡萝卜), so frequent
  ones and names without a surname are not taken;
- a new word (not in the dictionary) of 2 or 3 Chinese characters starting
  with a common surname, or 4 with a compound surname, is a name
  (``person_name``, 0.7);
- after a word for a person (当事人, 证人, 举报人, 负责人...), a surname and what follows up
  to three characters (four with a compound surname) is a name (``person_name``, 0.8);
  so is one after a name and a word that joins names in a list (当事人张三、李四和王五:
  ``、``, 和, 及, 与), which a name jieba's dictionary calls a frequent word (李四)
  would otherwise slip through;
- a name followed by 路, 街, 村, 镇... is a place (海泰大道, 古林街道), not a person;
- right after a word for a person, a word the dictionary lacks or tags a
  name that does not start with a common surname (热依拉, 帕提古丽) is uncertain
  (``person_name_uncertain``, 0.4): publication stops until it is masked in
  the record, or allowed by a reviewed allow-list;
- a name with a middle dot in any variant (``阿不都热合曼·买买提``) is a name
  (``dotted_name``, 0.8).

Words containing ``某`` (a masked name) are never names. Officers' names,
organisations' names and legal representatives are public and suppressed by
the redactor, not here.
"""

from __future__ import annotations

import bisect
import logging
import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from enforcement.redaction.folding import NAME_DOTS, Normalised, is_cjk
from enforcement.redaction.masks import COMPOUND_SURNAMES, SURNAMES
from enforcement.redaction.recognizers import Recognizer, Span

log = logging.getLogger(__name__)

_lock = threading.Lock()
_state: dict[str, Any] = {}

# Words jieba tags as names that are, in enforcement records, something else.
_COMMON = 100
"""jieba's dictionary tags many common words as names (许可, 文明); a frequent one is not a name."""

_NOT_NAMES = frozenset(["当事人", "执法", "综合", "万元", "高于", "于是", "张贴", "文明"])


def _jieba() -> tuple[Any, frozenset[str], dict[str, int]]:
    """jieba's tokenizer, the dictionary's words tagged as person names, and its frequencies.

    Only the name tags are kept, read from the dictionary file as
    ``jieba.posseg`` reads it (the last line of a word wins), without
    importing ``jieba.posseg``: that builds a tag table of all 349,046 words
    at import and another for each tokenizer, about 64 MB the recognizer does
    not need. Every word of the dictionary has a frequency above 0, so a word
    is in the dictionary exactly when its frequency is.
    """
    with _lock:
        if not _state:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            names: set[str] = set()
            with tokenizer.get_dict_file() as lines:
                for raw in lines:
                    line = raw.strip().decode("utf-8")
                    if not line:
                        continue
                    word, _, tag = line.split(" ")
                    if tag.startswith("nr"):
                        names.add(word)
                    else:
                        names.discard(word)
            _state["t"] = (tokenizer, frozenset(names), tokenizer.FREQ)
            log.debug("jieba dictionary loaded: %d names", len(names))
        result: tuple[Any, frozenset[str], dict[str, int]] = _state["t"]
        return result


def _has_surname(word: str) -> bool:
    return word[:1] in SURNAMES or word[:2] in COMPOUND_SURNAMES


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    tokenizer, _tags, _freq = _jieba()
    return tuple(tokenizer.tokenize(text, HMM=True))


_WINDOW = 256
_OVERLAP = 8


def _chinese_runs(compact: str) -> Iterable[tuple[int, str, int]]:
    """Runs of Chinese characters, cut into windows of 256 (jieba's HMM is quadratic in the
    length of what it is given): ``(offset, text, limit)``, where only tokens starting before
    ``limit`` belong to this window; the next window overlaps it by 8 characters."""
    for match in re.finditer(r"[\u4e00-\u9fff]{2,}", compact):
        run, base = match.group(0), match.start()
        for at in range(0, len(run), _WINDOW):
            last = at + _WINDOW >= len(run)
            yield base + at, run[at : at + _WINDOW + _OVERLAP], len(run) - at if last else _WINDOW


_FUNCTION = frozenset(
    "对如在于因未已将被把向从与和及的是为无不也均经自所其该本此即并仍又还曾应可能称"
)
_CUES = frozenset(
    [
        "当事人",
        "证人",
        "举报人",
        "投诉人",
        "经营者",
        "负责人",
        "驾驶员",
        "车主",
        "户主",
        "村民",
        "居民",
    ]
)
_CUE_WORDS = tuple(_CUES)

_PLACE_SUFFIX = frozenset("路街道村镇里桥区县市省厂店园场湖山河江巷弄苑庄屯湾港")


def _place_follows(run: str, end: int) -> bool:
    return run[end : end + 1] in _PLACE_SUFFIX or run[end : end + 2] == "大道"


def _after_cue(
    tokens: tuple[tuple[str, int, int], ...], at: int, names: frozenset[str], freq: dict[str, int]
) -> tuple[int, int] | None:
    """The name right after a word for a person (当事人侯国德在...), if it starts with a surname."""
    first, start, end = tokens[at]
    if not _has_surname(first) or not all(is_cjk(c) for c in first):
        return None
    if (
        len(first) >= 2
        and (freq.get(first) or 0) >= _COMMON
        and first not in names
        and first not in COMPOUND_SURNAMES  # 欧阳 alone is a surname: a given name follows
    ):
        return None  # 利用, 王国: a common word, not a surname and a given name
    if first in _FUNCTION and at + 1 < len(tokens):
        following = tokens[at + 1][0]
        if (freq.get(following) or 0) >= _COMMON and following not in names:
            return None  # 当事人于当日: 于 is a preposition here, not a surname
    limit = 4 if first[:2] in COMPOUND_SURNAMES else 3
    for word, _s, e in tokens[at + 1 :]:
        if e - start > limit or not all(is_cjk(c) for c in word) or word[0] in _STOP:
            break
        end = e
    return (start, end) if end - start >= 2 else None


def _rare_after_cue(
    tokens: tuple[tuple[str, int, int], ...], at: int, names: frozenset[str], freq: dict[str, int]
) -> tuple[int, int] | None:
    """Rare words right after a word for a person that do not start with a surname (热依拉,
    帕提古丽): maybe a name, maybe not. Publication stops until a person decides."""
    first, start, end = tokens[at]
    if (
        not all(is_cjk(c) for c in first)
        or first[0] in _FUNCTION
        or first[0] in _STOP
        or ((freq.get(first) or 0) > 0 and first not in names)  # a dictionary word, not a name
    ):
        return None
    for word, _s, e in tokens[at + 1 :]:
        if (
            e - start > 5
            or not all(is_cjk(c) for c in word)
            or word[0] in _STOP
            or word[0] in _FUNCTION
            or (freq.get(word) or 0) >= _COMMON
        ):
            break
        end = e
    return (start, end) if end - start >= 2 else None


_JOINERS = frozenset("、和及与")
"""What joins names in a list (当事人张三、李四和王五): what follows one is read as a name is
after a word for a person."""


def detect_names(view: Normalised) -> Iterable[Span]:
    """Names in the compact view (see the module)."""
    _tokenizer, names, freq = _jieba()
    compact = view.compact
    name_end = -1  # where the last name found ends, in the compact view
    for base, run, limit in _chinese_runs(compact):
        tokens = _tokens(run)
        for index, (word, start, end) in enumerate(tokens):
            if start >= limit:
                break
            at = base + start
            # After a word for a person, however jieba cut it (投诉人 comes as 投诉 + 人), or
            # after a name and a word that joins it to the next (张三、李四; 张三和李四).
            cue = (index > 0 and run.endswith(_CUE_WORDS, 0, start)) or (
                name_end == at - 1 and compact[at - 1 : at] in _JOINERS
            )
            if cue:
                found = _after_cue(tokens, index, names, freq)
                if found is not None and "某" not in run[found[0] : found[1]]:
                    first, last = found
                    if (
                        last - first > 2
                        and run[last - 1] in _STOP
                        and (last == len(run) or run[last] in SURNAMES)
                    ):
                        # jieba's 王五及 in 王五及李四, 尹某于 before a date: the name and a word
                        # after it (a name ending so, 赵振和称, keeps its last character masked)
                        last -= 1
                    name_end = base + last
                    yield Span("person_name", "name", base + first, name_end, 0.8)
                    continue
                rare = _rare_after_cue(tokens, index, names, freq)
                if rare is not None and "某" not in run[rare[0] : rare[1]]:
                    yield Span(
                        "person_name_uncertain",
                        "name",
                        base + rare[0],
                        base + rare[1],
                        0.4,
                        reason="a rare word after a word for a person, without a common surname",
                    )
                    continue
            if len(word) < 2 or "某" in word or word in _NOT_NAMES:
                continue
            if _in_amount(word, run, start):
                continue  # 伍拾元整, 五百元整: an amount in words, not the surnames 伍 and 元
            count = freq.get(word) or 0
            if word in names:
                if (
                    _has_surname(word)
                    and len(word) <= 3
                    and count < _COMMON
                    and not _place_follows(run, end)
                ):
                    name_end = base + end
                    yield Span("person_name", "name", base + start, name_end, 0.85)
            elif count == 0 and all(is_cjk(c) for c in word):
                stem = word.rstrip(_STOP) or word
                if _has_surname(stem) and (len(stem) <= 3 or stem[:2] in COMPOUND_SURNAMES):
                    if not _place_follows(run, end):
                        name_end = base + start + len(stem)
                        yield Span("person_name", "name", base + start, name_end, 0.7)
                elif cue and len(word) <= 5 and word[0] not in _FUNCTION:
                    yield Span(
                        "person_name_uncertain",
                        "name",
                        base + start,
                        base + end,
                        0.4,
                        reason="an unknown word after a word for a person, without a common surname",
                    )


_STOP = "于在的与和及等是系为将因从向对被把称"
_NUMERALS = frozenset("零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億")
_CURRENCY = frozenset("元圆角分")


def _in_amount(word: str, run: str, start: int) -> bool:
    """Whether ``word`` is part of an amount written in words (人民币伍拾元整)."""
    if all(c in _NUMERALS or c in _CURRENCY or c == "整" for c in word):
        return True
    return word[0] in _CURRENCY and start > 0 and run[start - 1] in _NUMERALS


_PREFIXES = (
    "当事人",
    "经营者",
    "负责人",
    "驾驶员",
    "举报人",
    "投诉人",
    "证人",
    "户主",
    "村民",
    "居民",
    "司机",
    "员工",
    "人员",
)
_DOTTED = re.compile(
    r"[\u4e00-\u9fff]{1,10}(?:\s*["
    + re.escape("".join(NAME_DOTS))
    + r".．]\s*[\u4e00-\u9fff]{1,10})+"
)


def detect_dotted_names(view: Normalised) -> Iterable[Span]:
    """Names with a middle dot (any variant), found in the original text."""
    for match in _DOTTED.finditer(view.original):
        start, end = match.start(), match.end()
        text = match.group(0)
        for prefix in _PREFIXES:
            at = text.rfind(prefix)
            if at >= 0 and at + len(prefix) < len(text):
                cut = at + len(prefix)
                start, text = start + cut, text[cut:]
                break
        while text and text[-1] in _STOP:
            end -= 1
            text = text[:-1]
        first = re.search(r"[\u4e00-\u9fff]", text)
        if first is None:
            continue
        a = bisect.bisect_left(view.offsets, start)
        b = bisect.bisect_left(view.offsets, end)
        if b > a:
            yield Span("dotted_name", "name", a, b, 0.8)


PERSON_NAME = Recognizer(
    "person_name",
    "personal names not on record (jieba's name tags and new words with a common surname)",
    0.7,
    detect_names,
)
DOTTED_NAME = Recognizer(
    "dotted_name",
    "names written with a middle dot in any variant (阿不都热合曼·买买提)",
    0.8,
    detect_dotted_names,
)
