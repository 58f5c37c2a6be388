"""The normalised view: what it folds, what it removes, and how spans map back."""

from __future__ import annotations

import pytest

from enforcement.errors import PublicationRefusedError
from enforcement.redaction import redactor_for
from enforcement.redaction.folding import normalise, strip_format_characters


def test_the_view_folds_width_case_spaces_dashes_dots_and_hidden_characters() -> None:
    view = normalise("１３８\u200b-1234\u30005678 x 阿不都•买买提 a\x00b")
    assert view.compact == "13812345678X阿不都买买提AB"


def test_a_span_of_the_view_maps_back_over_what_was_removed_inside_it() -> None:
    text = "电话1\u200b3 8"
    view = normalise(text)
    start = view.compact.index("138")
    assert view.span(start, start + 3) == (2, len(text))


def test_a_spaced_en_dash_separates_two_dates_instead_of_joining_their_digits() -> None:
    assert "~" in normalise("2019-01-01 – 2024-12-31").compact


def test_tabs_and_line_breaks_are_kept_and_other_controls_removed() -> None:
    text, removed = strip_format_characters("a\tb\nc\x00d\u202ee")
    assert text == "a\tb\ncde"
    assert [offset for offset, _ in removed] == [5, 7]


def test_a_name_in_a_run_of_thousands_of_chinese_characters_is_still_found() -> None:
    # Long runs are cut into overlapping windows for the segmenter; a name on a cut is kept.
    text = "的" * 254 + "证人张建华在场" + "的" * 1000  # the name starts on the first cut
    published = redactor_for(None).publish(text, "facts").text
    assert "张建华" not in published
    assert "张某某" in published


def test_a_hostile_text_of_100000_characters_is_redacted() -> None:
    text = "a." * 20000 + "x@" * 20000 + "1" * 20000
    with pytest.raises(PublicationRefusedError, match="long_number"):
        redactor_for(None).publish(text, "facts")  # the long number is uncertain
