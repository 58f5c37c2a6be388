"""A hypothesis adversary: a party's own data, disguised, in the facts and the title.

The property (issue 10): the text extracted from the rendered PDF contains none of the
party's known personal data in normalised form, or the render was refused.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import enforcement
from enforcement.errors import PublicationRefusedError
from enforcement.redaction.folding import fold

from .cases import ADDRESS, AGENCY, ID_NUMBER, PHONE, case, pdf_text

NAMES = ("王小明", "欧阳娜娜", "阿不都热合曼·买买提")
SEPARATORS = (
    "\u200b",  # zero-width space
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u202e",  # a bidi override
    "\x00",  # NUL
    "\x1b",  # ESC
    " ",
    "\u3000",  # ideographic space
    "\u00a0",
    "\u2002",
    "\u2009",
    "\u200a",
    "\t",
    "-",
    "\u2010",
    "\u2011",
    "\u2012",
    "\u2212",
    "\uff0d",
)
DOTS = ("·", "•", "・", "‧", "･", ".", "．", "")
FULL_WIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789X"}


@st.composite
def disguised(draw: st.DrawFn, value: str, digits: bool = False) -> str:
    """``value`` with separators slipped in and, for numbers, some digits made full-width."""
    out = []
    for i, char in enumerate(value):
        if digits and draw(st.booleans()):
            char = FULL_WIDTH.get(char, char)
        out.append(char)
        if i < len(value) - 1 and draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(SEPARATORS)))
    return "".join(out)


@st.composite
def name_forms(draw: st.DrawFn, name: str) -> str:
    if "·" in name:
        first, last = name.split("·")
        form = draw(st.sampled_from([f"{first}{{dot}}{last}", first, last]))
        form = form.replace("{dot}", draw(st.sampled_from(DOTS)))
    else:
        given = name[2:] if name.startswith("欧阳") else name[1:]
        form = draw(st.sampled_from([name, given]))
    result: str = draw(disguised(form))
    return result


@st.composite
def id_forms(draw: st.DrawFn) -> str:
    legacy = ID_NUMBER[:6] + ID_NUMBER[8:17]
    wrong = ID_NUMBER[:17] + draw(st.sampled_from([d for d in "0123456789X" if d != ID_NUMBER[17]]))
    form = draw(st.sampled_from([ID_NUMBER, legacy, wrong]))
    result: str = draw(disguised(form, digits=True))
    return result


@st.composite
def facts_and_title(draw: st.DrawFn, name: str) -> tuple[str, str]:
    pieces = [
        "当事人" + draw(name_forms(name)) + "于2020年3月2日占道经营",
        "身份证号" + draw(id_forms()),
        "联系电话" + draw(disguised(draw(st.sampled_from([PHONE, "+86" + PHONE])), digits=True)),
        "住所" + draw(disguised(draw(st.sampled_from([ADDRESS, ADDRESS[10:]])), digits=True)),
    ]
    order = draw(st.permutations(pieces))
    title = draw(name_forms(name)) + "占道经营案"
    return "，".join(order) + "。", title


def _forbidden(name: str) -> list[str]:
    if "·" in name:
        names = [p for p in name.split("·") if len(p) >= 2]
    else:
        given = name[2:] if name.startswith("欧阳") else name[1:]
        names = [name, given] if len(given) >= 2 else [name]
    numbers = [ID_NUMBER[:17], ID_NUMBER[:6] + ID_NUMBER[8:17], PHONE, ADDRESS[10:]]
    return [fold(v) for v in (*names, *numbers)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), name=st.sampled_from(NAMES))
def test_no_disguise_gets_a_partys_data_into_the_pdf(data: st.DataObject, name: str) -> None:
    facts, title = data.draw(facts_and_title(name))
    try:
        pdf = enforcement.render_notice(case(facts, title, name=name), agency=AGENCY)
    except PublicationRefusedError:
        return
    text = fold(pdf_text(pdf))
    for value in _forbidden(name):
        assert value not in text
