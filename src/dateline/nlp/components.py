"""Import every dateline component so its factory is registered with spaCy."""

from dateline.nlp import (  # noqa: F401
    attribution_facts,
    coref,
    entities,
    events,
    quotes,
    stance,
    structure,
    timex,
)
