"""The name recognizer: jieba's person-name tags, read as jieba.posseg reads them, and names
after a word for a person."""

from __future__ import annotations

import pytest

from enforcement.redaction.case import default_detectors
from enforcement.redaction.engine import Redactor
from enforcement.redaction.names import _jieba


def test_the_kept_names_are_exactly_the_dictionarys_nr_words() -> None:
    import jieba.posseg

    tokenizer, names, freq = _jieba()
    tags = jieba.posseg.POSTokenizer(tokenizer).word_tag_tab
    assert names == {word for word, tag in tags.items() if tag.startswith("nr")}
    # A word is in the dictionary exactly when it has a frequency (what the recognizer asks).
    assert {word for word in tags if (freq.get(word) or 0) > 0} == set(tags)
    assert not any(freq[word] > 0 for word in list(freq)[:200_000] if word not in tags)


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("当事人欧阳娜娜在现场", "当事人欧阳某某在现场"),
        ("当事人 欧阳 娜娜在现场", "当事人 欧阳某某在现场"),  # a clerk's spaces
        ("当事人\u3000欧阳\u3000娜娜在现场", "当事人\u3000欧阳某某在现场"),  # full-width ones
        ("投诉人欧阳建国称", "投诉人欧阳某某称"),
    ],
)
def test_a_name_with_a_compound_surname_after_a_cue_is_masked(text: str, published: str) -> None:
    """欧阳 is also a frequent word of the dictionary: after 当事人 it is a surname all the same
    (the name was published as it stood until 2026-11-30)."""
    redactor = Redactor(default_detectors(), builtins=True)
    assert redactor.publish(text, "facts").text == published


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("当事人张三、李四、王五在场", "当事人张某某、李某某、王某某在场"),
        ("当事人张三和李四在场", "当事人张某某和李某某在场"),
        ("证人王五及李四称", "证人王某某及李某某称"),
        ("当事人张三、 李四在场", "当事人张某某、 李某某在场"),  # a clerk's space after 、
        ("当事人张三与执法人员核对", "当事人张某某与执法人员核对"),  # 执法人员 is no name
    ],
)
def test_every_name_of_a_list_after_a_cue_is_masked(text: str, published: str) -> None:
    """李四 is a frequent word of jieba's dictionary, not a name: after 当事人 it is masked, and
    it was published as it stood when it came second in a list (until 2026-11-30)."""
    redactor = Redactor(default_detectors(), builtins=True)
    assert redactor.publish(text, "facts").text == published


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("当事人尹国于2020年1月12日", "当事人尹某某于2020年1月12日"),  # 于 was masked with the name
        ("当事人赵振和称", "当事人赵某某称"),  # jieba's 赵振和称: the given name's 和 stays masked
    ],
)
def test_a_word_after_a_name_is_not_masked_with_it(text: str, published: str) -> None:
    redactor = Redactor(default_detectors(), builtins=True)
    assert redactor.publish(text, "facts").text == published
