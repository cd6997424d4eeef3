"""The domain lexicon: people's words for report terms, and words for table-row organisations."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from index.text.vocabulary import SIBLING_SETS


@dataclass(frozen=True)
class Lexicon:
    """Synonyms (variant -> report terms) and entity classes (class -> question words, label words)."""

    synonyms: tuple[tuple[str, str], ...]  # (variant, term), longest variant first
    entity_words: dict[str, tuple[str, ...]]
    entity_labels: dict[str, tuple[str, ...]]

    def terms_for(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(report terms, matched variants) for the words of `text`."""
        terms: list[str] = []
        variants: list[str] = []
        for variant, term in self.synonyms:
            if variant in text and term not in terms:
                terms.append(term)
                variants.append(variant)
        return tuple(terms), tuple(variants)

    def spellings(self, term: str) -> tuple[str, ...]:
        """The words a report may write a term in (人员编制: 编制, 定编, 编制数); a qualifier sibling is a
        part, never a spelling of the whole (退休 of 离退休人员)."""
        return tuple(v for v, t in self.synonyms if t == term and not is_sibling_member(v))

    def entity_class(self, text: str) -> str | None:
        best: tuple[int, str] | None = None
        for name, words in self.entity_words.items():
            for word in words:
                if word in text and (best is None or len(word) > best[0]):
                    best = (len(word), name)
        return best[1] if best else None

    def label_class(self, label: str | None) -> str | None:
        """Which class a row label belongs to (`局机关及二级机构汇总` -> total, `科技事务中心` -> unit)."""
        if not label:
            return None
        for name in ("total", "main", "unit"):
            if any(word in label for word in self.entity_labels.get(name, ())):
                return name
        return None


@cache  # the sets are constants; variants are filtered with it on every question
def is_sibling_member(word: str) -> bool:
    """Is the word one of the qualifier siblings' spellings (退休, 事业, 年初 …)? Not a word that also names
    what a set qualifies (编制: a kind of 行政 / 事业 编制 as well as the sibling of 实有): as a variant of
    人员编制 it says the same thing."""
    kinds = {kind for siblings in SIBLING_SETS for kind in siblings.when}
    return word not in kinds and any(word == spelling for siblings in SIBLING_SETS
                                     for member in siblings.members for spelling in member)


def _rows(name: str) -> list[list[str]]:
    text = (resources.files("qa") / "data" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def load_lexicon() -> Lexicon:
    synonyms: list[tuple[str, str]] = []
    for row in _rows("synonyms.tsv"):
        term, variants = row[0], row[1].split("|") if len(row) > 1 else []
        synonyms.extend((v, term) for v in [term, *variants] if v)
    synonyms.sort(key=lambda pair: len(pair[0]), reverse=True)
    words: dict[str, tuple[str, ...]] = {}
    labels: dict[str, tuple[str, ...]] = {}
    for row in _rows("entities.tsv"):
        words[row[0]] = tuple(row[1].split("|"))
        labels[row[0]] = tuple(row[2].split("|")) if len(row) > 2 else ()
    return Lexicon(tuple(synonyms), words, labels)
