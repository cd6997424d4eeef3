"""How much of a question's wording a text holds: the share of the question's words it contains, each
word weighted by its rarity in the archive (食堂 or 调减 count far more than 管理 or 资金).

Shared by the passage line (does this passage answer?) and the figure features (does this figure's
label say what the question asks?), so both read a question's words the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache

from qa.lookup import bigrams
from qa.records import Question

SPREAD_WORD_CREDIT = 0.8  # a question word whose characters a text holds in order, a few apart


def word_share(question: Question, text: str, *, rarity: tuple[float, ...] | None = None) -> float:
    """The rarity-weighted share of the question's words (Question.words) the text holds: a word held
    whole counts 1, its characters in order with up to three between (超…预算 in 超过预算) count
    SPREAD_WORD_CREDIT, else the share of its character pairs the text holds. A word the lexicon maps to
    a report term (争资 → 向上争取资金) is held when the term is. 0 for a question without words.
    `rarity`: other weights for the words than `question.word_rarity` (passages use `passage_rarity`)."""
    weights = question.word_rarity if rarity is None else rarity
    total = sum(weights)
    if not question.words or not total:
        return 0.0
    text = text.lower()
    mapped = [variant for variant, term in zip(question.variants, question.terms, strict=True) if term in text]

    def held(word: str) -> float:
        if word in text or any(word in variant for variant in mapped):
            return 1.0
        if held_in_order(word, text):
            return SPREAD_WORD_CREDIT
        asked = bigrams(word)  # the text's pairs are read (cached) only for a word held by neither rule
        return len(asked & bigrams(text)) / len(asked) if asked else 0.0

    return sum(r * held(w) for w, r in zip(question.words, weights, strict=True)) / total


_HAN_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")


def han_pairs(text: str) -> frozenset[str]:
    """Pairs of adjacent Chinese characters."""
    return frozenset(text[i:i + 2] for i in range(len(text) - 1) if _HAN_PAIR.fullmatch(text[i:i + 2]))


def held_in_order(word: str, text: str) -> bool:
    """The word's characters in the text in order, at most three apart (超…预算 in 超过预算, 棚改 in 棚户区改造)."""
    return bool(word) and _spread(word).search(text) is not None


# Per word, not per text: every candidate figure of a question is weighed against the same words.
@lru_cache(maxsize=20_000)
def _spread(word: str) -> re.Pattern[str]:
    return re.compile(".{0,3}".join(map(re.escape, word)))


def not_even_spelt(question: Question, unsaid: tuple[str, ...], evidence: str) -> tuple[str, ...]:
    """Of the words a figure's evidence leaves unsaid, those it does not say even in another spelling
    (上级资金 of 向上争取资金) or with its characters in order (年初…预算 in 年初总收支预算情况)."""
    spellings = dict(zip(question.words, question.word_spellings, strict=False))
    return tuple(w for w in unsaid if not held_in_order(w, evidence)
                 and not any(spelling in evidence for spelling in spellings.get(w, ())))
