"""The labelled corpus of 违法事实 sentences: well-formed, and the detectors' recall on it."""

from __future__ import annotations

import pytest

from benchmarks.redaction import evaluate, load


def test_the_corpus_has_200_sentences_whose_labels_point_into_the_text() -> None:
    sentences = load()
    assert len(sentences) >= 200
    for sentence in sentences:
        for start, end, kind in sentence["labels"]:
            assert 0 <= start < end <= len(sentence["text"])
            assert kind in {
                "name",
                "id_number",
                "phone",
                "bank_account",
                "email",
                "licence_plate",
                "address",
            }


@pytest.fixture(scope="module")
def results() -> dict[str, dict[str, float]]:
    return evaluate(load())


@pytest.mark.parametrize("kind", ["id_number", "phone", "bank_account", "email", "licence_plate"])
def test_every_number_plate_and_address_of_mail_in_the_corpus_is_found(
    results: dict[str, dict[str, float]], kind: str
) -> None:
    assert results[f"kind:{kind}"]["recall"] == 1.0


def test_names_not_on_record_are_found_in_19_sentences_of_20(
    results: dict[str, dict[str, float]],
) -> None:
    assert results["kind:name"]["recall"] >= 0.95
    assert results["person_name"]["precision"] >= 0.95


def test_public_names_in_the_corpus_are_never_flagged() -> None:
    from enforcement.redaction import redactor_for
    from enforcement.redaction.folding import normalise

    for sentence in load():
        view = normalise(sentence["text"])
        spans = redactor_for(None, public=sentence["public"]).detect(view)
        for name in sentence["public"]:
            at = sentence["text"].find(name)
            assert not any(
                view.span(s.start, s.end)[0] < at + len(name) and at < view.span(s.start, s.end)[1]
                for s in spans
            )
