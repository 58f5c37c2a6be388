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
