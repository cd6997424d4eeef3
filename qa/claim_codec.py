"""A claimed figure as stored text and back (`reportqa prepare`'s claims across departments, the store's
prepared_claims): every field as it was, so an answer read from a stored claim is the answer ranking
would give."""

from __future__ import annotations

import json
from dataclasses import asdict

from index.records import Figure
from qa.records import FigureHit


def claim_text(hit: FigureHit | None) -> str:
    """The claim as JSON; `null` when the report claims nothing on the metric."""
    return json.dumps(None if hit is None else asdict(hit), ensure_ascii=False)


def claim_from_text(text: str) -> FigureHit | None:
    data = json.loads(text)
    if data is None:
        return None
    figure = data["figure"]
    return FigureHit(**{**data, "figure": Figure(**{**figure, "section": tuple(figure["section"])}),
                        "unsaid": tuple(data["unsaid"])})
