"""Stage 1, understand: a question's text becomes the complete `Question` — its slots (qa/question_parser),
a follow-up completed from the previous turn, its words weighed by the archive, the sub-questions an
arithmetic ask needs, and the text its query vector and its BM25 tokens are made of. The text is read
here and nowhere after."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from index.store.rows import ReportRow
from index.text.tokenize import Segmenter
from index.text.vocabulary import YEARS_BACK
from qa.lexicon import Lexicon
from qa.question_parser import FILLER_WORDS, clean_question, parse_question
from qa.records import AcrossAsk, Question
from qa.retrieve import Retriever


@dataclass
class Conversation:
    """One user's dialogue state: the last question's slots, for follow-ups such as 事务中心呢？ Only
    that: the chat shows its own history, and a per-session list of every Answer grew without bound in
    the app's session state (copied on every turn) while nothing read it."""

    last: Question | None = None


def is_follow_up(question: Question, previous: Question | None) -> bool:
    if previous is None:
        return False
    text = question.text.rstrip("？?。 ")
    content = question.content.replace(" ", "").lstrip("那么还有再")
    return len(content) <= 8 and (text.endswith("呢") or text.startswith(("那", "还有", "再")))


def merge_follow_up(question: Question, previous: Question) -> Question:
    """Keep what the follow-up does not say from the previous question (metric, unit, entity, year)."""
    content = question.content.replace("那么", "").replace("那", "").strip()
    named_entity = question.entity_text or question.entity_class
    changes: dict[str, object] = {}
    if not content or named_entity or question.year or question.relative_year:
        changes.update(content=previous.content, terms=previous.terms, variants=previous.variants,
                       unit_family=previous.unit_family, wants=previous.wants, kind=previous.kind)
    else:
        changes.update(content=content, wants=previous.wants)
    if not named_entity:
        changes.update(entity_text=previous.entity_text, entity_class=previous.entity_class)
    year = question.year
    if question.relative_year and YEARS_BACK[question.relative_year] == 1 and previous.year:
        year = previous.year - 1  # 那上一年呢？
    changes["year"] = year if year is not None else previous.year
    changes["department"] = question.department or previous.department
    changes["department_mention"] = question.department_mention if question.department else previous.department_mention
    return replace(question, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Understander:
    """What reading a question needs: the lexicon, the segmenter, the archive's word counts (through the
    retriever's index) and the names the archive holds; and the background of chunks against which a
    passage's words are weighed (the scorer's `passage_background`, fitted with the passage line)."""

    lexicon: Lexicon
    retriever: Retriever
    passage_background: int

    @property
    def segmenter(self) -> Segmenter:
        return self.retriever.segmenter

    def understand(self, text: str, *, entities: tuple[str, ...], departments: tuple[str, ...],
                   previous: Question | None = None, within: ReportRow | None = None,
                   seats: Mapping[str, frozenset[str]] | None = None,
                   known_places: frozenset[str] = frozenset(),
                   aliases: Mapping[str, tuple[str, ...]] | None = None,
                   projects: frozenset[str] = frozenset()) -> Question:
        """The question's slots. Asked of one report (`within`), the department names it may name are that
        report's only: `文化馆…` is then words of that report's item, not 丽水市文化馆 of another report."""
        simplified = self.segmenter.simplified(clean_question(text))  # 爭取資金 -> 争取资金
        names = tuple(n for n in (within.department, within.project) if n) if within else departments
        if within is not None:
            projects = frozenset(p for p in (within.project,) if p and p != within.department)
        question = parse_question(simplified, self.lexicon, entities=entities, departments=names, seats=seats,
                                  known_places=known_places, aliases=aliases, projects=projects)
        if previous is not None and is_follow_up(question, previous):
            question = merge_follow_up(question, previous)
        question = self._with_words(question)
        return replace(self._queried(question, question.search_text or question.text),
                       sides=self._sides(question, entities))

    def _with_words(self, question: Question) -> Question:
        """With its content's words, each weighed by its rarity in the archive."""
        # Single characters (做, 用, 起) are mostly the question's own verbs, not what it is about.
        words = list(dict.fromkeys(w for w in self.segmenter.words(question.content)
                                   if len(w) >= 2 and w not in FILLER_WORDS))
        # Read once here (one lookup of the words' counts): figures are weighed by the archive's
        # rarities, passages by the same against a background of chunks. Over one report (~30 chunks)
        # BM25's rarity weighs the report's own subject (残疾人 in a report on 残疾人事业) as almost
        # nothing and any word the report lacks as everything, so whether a passage answers would depend
        # on how much else the archive holds; over a large archive the background hardly counts.
        rarity, passage = self.retriever.index.rarities(words, backgrounds=(0, self.passage_background))
        return replace(question, words=tuple(words), word_rarity=tuple(rarity[w] for w in words),
                       passage_rarity=tuple(passage[w] for w in words),
                       word_spellings=tuple(self.lexicon.spellings(w) for w in words))

    def _queried(self, question: Question, embedded: str) -> Question:
        """With the text its query vector is made of and the tokens BM25 searches with (its search text's)."""
        searched = clean_question(question.search_text or question.text)
        return replace(question, embed_text=self.segmenter.simplified(clean_question(embedded)),
                       query_tokens=tuple(self.segmenter.query_tokens(searched)))

    def _sides(self, question: Question, entities: tuple[str, ...]) -> tuple[Question, ...]:
        """The sub-questions of an arithmetic ask, read in the question's scope: one for a change against
        a year (any year: the pair is found by place), two for a difference, share or sum."""
        if question.across is not None:
            return (self._across_side(question, question.across, entities),)
        operation = question.operation
        if operation is None:
            return ()
        texts = (operation.first,) if operation.kind == "year_change" else (operation.first, operation.second)
        sides = []
        for text in texts:
            side = parse_question(text, self.lexicon, entities=entities, departments=())
            year = None if operation.kind == "year_change" else side.year or question.year
            side = replace(side, year=year, department=question.department, wants="figure",
                           entity_class=side.entity_class or question.entity_class,
                           entity_text=side.entity_text or question.entity_text)
            sides.append(self._queried(side, text))
        return tuple(sides)

    def _across_side(self, question: Question, ask: AcrossAsk, entities: tuple[str, ...]) -> Question:
        """What each department (or each year, for a series) is asked: the metric as a figure question of
        its own, in the question's year, the department it names kept as its scope (a series)."""
        metric = ask.metric.replace(question.department_mention, "") if question.department_mention else ask.metric
        for place in question.places:  # 岳阳市各单位的…: the place scopes the departments, it is no word of the metric
            metric = metric.replace(place, "")
        text = f"{metric}是多少{ask.threshold_unit if ask.threshold_unit not in (None, '%') else ''}？"
        side = parse_question(text, self.lexicon, entities=entities, departments=())
        # A series asks each year's report for its own year's figure; the others ask the year named.
        year = None if ask.kind == "series" else side.year or question.year
        side = replace(side, year=year, department=question.department, wants="figure")
        return self._with_words(self._queried(side, text))
