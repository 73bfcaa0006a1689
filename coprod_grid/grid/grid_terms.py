"""The Co-production Grid in its own terms: its two axes and its four quadrants.

Positions on the Grid are ``(x, y)`` in [0, 1]: ``x`` is activeness (0 passive to 1
active), ``y`` is embeddedness (0 isolated episodes to 1 normal practice). The halves
meet at ``BOUNDARY``. The names here are the ones the Grid, the catalogue and every
drawing of it use; where they are drawn is ``geometry``'s business. Pure Python.
"""

from __future__ import annotations

BOUNDARY = 0.5
TICKS = (0.0, 0.25, 0.5, 0.75, 1.0)

# The axes, in the Grid's terms (catalogue.yaml ``axes``).
X_AXIS_TITLE = "Activeness"
X_LOW_LABEL = "Passive"
X_HIGH_LABEL = "Active"
Y_AXIS_TITLE = "Embeddedness"
Y_LOW_LABEL = "Isolated episodes"
Y_HIGH_LABEL = "Normal practice"
X_AXIS_MEANING = (
    "Whether experts-by-experience are fully engaged in commissioning decisions (active) "
    "or are a source of information and feedback for decisions others make (passive)."
)
Y_AXIS_MEANING = (
    "Whether involvement is central to every element of the commissioning cycle "
    "(embedded, normal practice) or happens in one-off, isolated episodes."
)

# (slug, name, active, embedded): the four quadrants as the Grid names them.
QUADRANTS = (
    ("passive-embedded", "Passive and embedded", False, True),
    ("active-embedded", "Active and embedded", True, True),
    ("passive-isolated", "Passive and isolated", False, False),
    ("active-isolated", "Active and isolated", True, False),
)

# The quadrants' names by slug, for text alternatives, hover text and tables.
QUADRANT_NAMES = {slug: name for slug, name, _, _ in QUADRANTS}


def quadrant_slug_at(x: float, y: float) -> str:
    """The quadrant a Grid position falls in: on the boundary counts as active/embedded.

    Values are compared rounded to 4 decimal places, as the scoring rules do, so that
    0.49999999 from arithmetic does not fall on the wrong side of 0.5.
    """
    active = round(float(x), 4) >= BOUNDARY
    embedded = round(float(y), 4) >= BOUNDARY
    return f"{'active' if active else 'passive'}-{'embedded' if embedded else 'isolated'}"
