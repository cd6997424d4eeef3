"""Is the question's qualifier replaced, in the figure's own label, by another? 城镇 of 城镇自来水普及率
where the figure is `农村自来水普及率93.4%`, 小微 of 小微企业 where it is `授予中小企业合同金额`, 专用 of
专用设备 where it is `通用设备`: the figure is the sibling's, and the report states nothing of the one
asked. The genre's sibling sets (index/text/vocabulary.SIBLING_SETS) name the qualifiers every report
shares; this reads a report's own, from where the question's word stands in the figure's label."""

from __future__ import annotations

import re
from dataclasses import replace

from index.records import Figure
from qa.accounts import SAME_MEASURE_WORDS, own_item
from qa.evidence import figure_evidence, unquoted, unsaid_words
from qa.features import figure_label
from qa.records import Question
from qa.wordshare import not_even_spelt

_CJK = re.compile(r"[\u4e00-\u9fff]+")
# A value's unit before the shared word (`…6.42万元减少0.56万元`) is no qualifier in its place.
_UNIT_CHARS = frozenset("元万亿")
# A count or a quantifier before a noun (两个专项, 各乡镇, 全省发生) says how many or how much of it,
# not which kind.
_COUNTING = frozenset("一二两三四五六七八九十几多每各全")


def swapped_modifier(question: Question, figure: Figure, owner: str, searched: tuple[str, ...]) -> str | None:
    """Why the figure answers a sibling of what was asked, or None. A word of the question its evidence
    leaves unsaid (in no spelling) stands right before a word the figure's own label says, and the label
    has another word of the same length in that place: asked 城镇|自来水, the label 农村|自来水 (the
    qualifier may begin a word of the question: 专用|设备 of 专用设备). Read in what the search found of the
    report (`searched`: its passages and candidates' sentences): not when the report writes the asked
    qualifier with the same word (`_writes_with`); when it writes it elsewhere, only where it stands as the
    label's word's sibling (`_written_as_siblings`) — otherwise it is the asker's wording of something the
    report states (护工学员 of a 护工培训 report's 参训学员). And only when the label goes on as the question
    does (农村自来水普及率, not 国家基本公共卫生 for 承担基本公卫). Counts and quantifiers (两个, 全省), words of when (上年, 年初),
    phase words on either side (实际在职 for 实有在职: the side checks read those) and a unit before the
    shared word are no qualifiers."""
    label = unquoted(" ".join(filter(None, (figure_label(figure), own_item(figure)))))
    # The figure's own item, not its sentence's other items: 新建 of `新建泵站6座，整治塘坝38口` is 泵站's.
    own = replace(figure, quote=own_item(figure))
    evidence = figure_evidence(own, owner)
    text = question.content
    for word in not_even_spelt(question, unsaid_words(question, own, owner), evidence):
        # A word of when (上年, 年初) is the period checks' (qa/accounts), not a qualifier of what.
        if ("年" in word or word in SAME_MEASURE_WORDS or any(word in place for place in question.places)
                or word in (question.entity_text or "")):
            continue
        at = text.find(word)
        if at < 0:
            continue
        after = text[at + len(word):]
        pairs = [(word[:i], word[i:]) for i in range(2, len(word) - 1)]
        pairs += [(word, following) for following in question.words if after.startswith(following)]
        for asked, head in pairs:
            if head not in label or asked[0] in _COUNTING or _writes_with(searched, asked, head):
                continue
            written = any(asked in text_ for text_ in searched)
            asked_end = at + len(asked + head)  # both kinds of pair begin where the word does
            for start in (m.start() for m in re.finditer(re.escape(head), label)):
                other = label[max(0, start - len(asked)):start]
                if (len(other) == len(asked) and _CJK.fullmatch(other) and other not in text
                        and not _UNIT_CHARS.intersection(other) and other not in SAME_MEASURE_WORDS
                        and _goes_on_alike(text[asked_end:], label[start + len(head):])
                        and (not written or _written_as_siblings(searched, figure, asked, other))):
                    return f"问题问“{asked}{head}”，该数字是“{other}{head}”的，报告未载明“{asked}{head}”"
    return None


def _writes_with(searched: tuple[str, ...], asked: str, head: str) -> bool:
    """Does the report write the asked qualifier right before the word it qualifies? Then the question words
    what the report states (水利发展资金 of a report writing 中央水利发展资金). Written only with other words
    (新建 of 新建泵站, 农村 of 农村低保) it says nothing of this one: 新建塘坝 asked where the report 整治塘坝 is
    still the sibling's."""
    return any(asked + head in text for text in searched)


_ITEM_OPENS = r"(?:^|(?<=[，,；;、：:。\n|]))\s*"


def _written_as_siblings(searched: tuple[str, ...], figure: Figure, asked: str, other: str) -> bool:
    """Does the report write the asked word where it writes the label's, as another of its kind? Both
    before one same word (`城市低保1204人、农村低保8622人`: 农村 and 城市 are siblings, so 农村社区 is no
    城市社区), or each opening an item of the figure's own sentence (`新建泵站6座，整治塘坝38口`). A word the
    report writes in no such place is the asker's wording (护工学员 of a 护工培训 report's 参训学员)."""
    followers = {m.group(1) for text in searched for m in re.finditer(re.escape(asked) + r"([\u4e00-\u9fff]{2})", text)}
    if any(other + follower in text for follower in followers for text in searched):
        return True
    opens = re.compile(_ITEM_OPENS + re.escape(asked))
    return own_item(figure).strip().startswith(other) and bool(opens.search(figure.quote))


def _goes_on_alike(asked_rest: str, label_rest: str) -> bool:
    """Do the question and the label go on alike after the shared word, as far as both go on in Chinese
    characters (up to two): 普及率 after 自来水 in both; 公卫 against 公共 is another phrase."""
    asked, own = (re.match(r"[\u4e00-\u9fff]{0,2}", rest).group() for rest in (asked_rest, label_rest))
    shared = min(len(asked), len(own))
    return asked[:shared] == own[:shared]
