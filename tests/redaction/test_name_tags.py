"""The name recognizer keeps only jieba's person-name tags, read as jieba.posseg reads them."""

from __future__ import annotations

from enforcement.redaction.names import _jieba


def test_the_kept_names_are_exactly_the_dictionarys_nr_words() -> None:
    import jieba.posseg

    tokenizer, names, freq = _jieba()
    tags = jieba.posseg.POSTokenizer(tokenizer).word_tag_tab
    assert names == {word for word, tag in tags.items() if tag.startswith("nr")}
    # A word is in the dictionary exactly when it has a frequency (what the recognizer asks).
    assert {word for word in tags if (freq.get(word) or 0) > 0} == set(tags)
    assert not any(freq[word] > 0 for word in list(freq)[:200_000] if word not in tags)
