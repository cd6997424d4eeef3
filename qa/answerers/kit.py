"""What every answerer may use: the library as read after the last ingest, and the stages' services
(retrieval, ranking, verification) for the sub-questions an answer needs."""

from __future__ import annotations

from dataclasses import dataclass

from qa.rank import FigureRanker
from qa.records import Passage, Turn
from qa.retrieve import Retriever
from qa.scope import Library
from qa.verify import Verifier

SHOWN_PASSAGES = 5
NEAR_HITS = 20  # the candidates near the best looked through (other values of its metric, a year's counterpart)


@dataclass(frozen=True)
class Kit:
    library: Library
    retriever: Retriever
    ranker: FigureRanker
    verifier: Verifier


def shown(turn: Turn) -> tuple[Passage, ...]:
    """The passages an answer shows beside itself, best first."""
    return turn.passages[:SHOWN_PASSAGES]
