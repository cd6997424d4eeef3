"""Section-aware chunks: inside one section, whole sentences, tables as whole rows, stable ids."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from index.extract.chunks import PATH_SEPARATOR, build_chunks
from index.records import Heading, Paragraph, ParsedReport


def _body(chunk_text: str) -> str:
    return chunk_text.split("\n", 1)[1]


def test_chunks_start_with_their_section_path(seed: ParsedReport) -> None:
    for chunk in seed.chunks:
        title = chunk.text.split("\n", 1)[0]
        assert title == (PATH_SEPARATOR.join(chunk.section) or seed.meta.title)


def test_chunks_stay_inside_their_section(seed: ParsedReport) -> None:
    sections = {s.path: s for s in seed.sections}
    for chunk in seed.chunks:
        if chunk.section:
            section = sections[chunk.section]
            assert section.start <= chunk.start and chunk.end <= section.end


def test_text_chunks_respect_the_size_limit(seed: ParsedReport) -> None:
    for chunk in seed.chunks:
        if chunk.kind == "text":
            assert len(_body(chunk.text)) <= 600


def test_table_chunks_hold_whole_rendered_rows(seed: ParsedReport) -> None:
    income = next(c for c in seed.chunks if c.kind == "table" and "年度收入情况" in c.text)
    assert "局机关：收入合计 874.61 万元，上年结转 162.13 万元，公共财政拨款 675.42 万元" in income.text


def test_chunk_ids_are_stable_and_unique(seed: ParsedReport, seed_path) -> None:  # type: ignore[no-untyped-def]
    from index.pipeline import parse_report
    from index.settings import Settings

    again = parse_report(seed_path, seed_path.read_bytes(), Settings())
    assert [c.id for c in again.chunks] == [c.id for c in seed.chunks]
    assert len({c.id for c in seed.chunks}) == len(seed.chunks)


def test_problems_and_measures_are_retrievable_passages(seed: ParsedReport) -> None:
    texts = [c.text for c in seed.chunks]
    assert any("存在的主要问题" in t.split("\n")[0] and "年初未作预算安排" in t for t in texts)
    assert any("进一步严控三公经费支出" in t for t in texts)


_sentence = st.builds(
    lambda words, number, end: f"{words}{number}万元{end}",
    st.text(alphabet="预算支出项目资金管理绩效评价科技局", min_size=1, max_size=80),
    st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False, allow_infinity=False).map(str),
    st.sampled_from(["。", "；", "，", ""]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_sentence, min_size=1, max_size=40))
def test_chunks_rejoin_to_the_section_text_and_never_split_a_number(sentences: list[str]) -> None:
    text = "".join(sentences)
    blocks = (Heading("一、概况", 0, 4), Paragraph(text, tuple(range(5, 5 + len(text)))))
    chunks = build_chunks(blocks, [("一、概况",), ("一、概况",)], report_id="r", report_title=None, max_chars=120)
    bodies = [_body(c.text) for c in chunks]
    assert "".join(bodies).replace("\n", "") == text.replace("\n", "")
    numbers = set(re.findall(r"\d+(?:\.\d+)?万元", text))
    found = {n for body in bodies for n in re.findall(r"\d+(?:\.\d+)?万元", body)}
    assert numbers == found
