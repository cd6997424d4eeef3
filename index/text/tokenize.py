"""Chinese word segmentation for BM25: jieba with the domain's terms, traditional folded to simplified."""

from __future__ import annotations

import logging
import re
from functools import cached_property
from importlib import resources

import jieba

from index.text.normalize import simplified

log = logging.getLogger(__name__)

# Question words and particles carry no evidence for ranking.
STOPWORDS = frozenset(
    "的 了 和 与 及 是 在 有 为 对 等 中 其 其中 我 我们 我局 本局 多少 几 几个 什么 哪些 哪个 怎么 如何 是否 吗 呢 吧 啊 "
    "请问 一下 一共 共 总共 年 个 上 去年 今年 报告 里 说 情况 方面 进行 这 那 之 以 并 或 被 把 给 从 到 也 都 还 "
    "what how much many the a an of in is are was were did do does to for and".split()
)
_WORD = re.compile(r"[\w.%]+")


class Segmenter:
    """Tokens for BM25: jieba search-mode words (long terms and their parts), lower-cased, no stopwords."""

    @cached_property
    def _jieba(self) -> jieba.Tokenizer:
        jieba.setLogLevel(logging.WARNING)  # its prefix-dict banner is not our log
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        with resources.as_file(resources.files("index") / "data" / "userdict.txt") as path:
            tokenizer.load_userdict(str(path))
        return tokenizer

    def tokens(self, text: str) -> list[str]:
        words = self._jieba.cut_for_search(text)
        return [w.lower() for w in words if _WORD.fullmatch(w) and w.lower() not in STOPWORDS]

    def words(self, text: str) -> list[str]:
        """jieba's precise cut (主要职责, not also its fragments 要职 …), lower-cased, no stopwords: the
        words a question asks about, each counted once."""
        return [w.lower() for w in self._jieba.cut(text) if _WORD.fullmatch(w) and w.lower() not in STOPWORDS]

    def simplified(self, text: str) -> str:
        """Queries may come in traditional characters; reports are simplified."""
        return simplified(text)

    def query_tokens(self, text: str) -> list[str]:
        return self.tokens(self.simplified(text))


def load_segmenter() -> Segmenter:
    return Segmenter()
