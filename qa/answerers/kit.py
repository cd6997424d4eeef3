"""What every answerer may use: the library as read after the last ingest, and the stages' services
(retrieval, ranking, verification) for the sub-questions an answer needs."""

from __future__ import annotations

from dataclasses import dataclass

from qa.bounded_cache import BoundedCache
from qa.rank import FigureRanker
from qa.records import FigureHit, Passage, Turn
from qa.retrieve import Retriever
from qa.scope import Library
from qa.verify import Verifier

SHOWN_PASSAGES = 5
NEAR_HITS = 20  # the candidates near the best looked through (other values of its metric, a year's counterpart)


# A report's claimed answer to one metric (qa/answerers/across.py), per index generation: a meeting asks
# across the same departments about the same few metrics in several phrasings.
ClaimKey = tuple[str, str, str, str, int | None]
CACHED_CLAIMS = 20000


@dataclass(frozen=True)
class Kit:
    library: Library
    retriever: Retriever
    ranker: FigureRanker
    verifier: Verifier
    claims: BoundedCache[ClaimKey, tuple[FigureHit, ...]]  # the assistant's, kept across questions


def shown(turn: Turn) -> tuple[Passage, ...]:
    """The passages an answer shows beside itself, best first."""
    return turn.passages[:SHOWN_PASSAGES]
