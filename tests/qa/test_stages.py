"""The answer path as stages: the question's text is read once, by the understand stage, and what
every later stage needs of it is in the Question it hands down."""

from __future__ import annotations

from pathlib import Path

import pytest

import qa.understand
from index.settings import Settings
from qa.assistant import load_assistant
from qa.question_parser import clean_question, parse_question
from qa.records import Question
from qa.understand import Understander

pytestmark = [pytest.mark.slow, pytest.mark.model]


@pytest.mark.parametrize("text", [
    "2021年向上争取了多少资金？",  # a figure
    "局机关和事务中心的收入合计加起来是多少？",  # a sum: two sub-questions
    "公务接待费比上年减少了多少万元？",  # a change against the year before
    "存在的主要问题有哪些？",  # a list
])
def test_a_question_s_text_is_parsed_once_by_the_understand_stage(
    seeded_template: Path, monkeypatch: pytest.MonkeyPatch, text: str,
) -> None:
    assistant = load_assistant(Settings.from_env(data=seeded_template))
    parsed: list[str] = []
    understanding = [False]

    def counting_parse(question: str, *args: object, **kwargs: object) -> Question:
        assert understanding[0], f"{question!r} parsed outside the understand stage"
        parsed.append(question)
        return parse_question(question, *args, **kwargs)  # type: ignore[arg-type]

    real_understand = Understander.understand

    def understand(self: Understander, *args: object, **kwargs: object) -> Question:
        understanding[0] = True
        try:
            return real_understand(self, *args, **kwargs)  # type: ignore[arg-type]
        finally:
            understanding[0] = False

    monkeypatch.setattr(qa.understand, "parse_question", counting_parse)
    monkeypatch.setattr(Understander, "understand", understand)
    answer = assistant.ask(text)
    cleaned = clean_question(text)  # NFKC: ？ is read as ?
    assert parsed[0] == cleaned and parsed.count(cleaned) == 1
    question = parse_question(cleaned, assistant.lexicon)
    # The sub-questions of an arithmetic ask are parsed once each, in the same stage, and nothing else.
    assert len(parsed) == 1 + (2 if question.operation and question.operation.kind != "year_change" else
                               1 if question.operation else 0)
    assert answer.question == text
