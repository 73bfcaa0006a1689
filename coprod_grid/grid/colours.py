"""The Grid chart's colours and font, and the WCAG arithmetic that checks them.

Every point has an outline with at least 3:1 contrast against white (WCAG 1.4.11),
whatever its category colour; ``contrast_ratio`` is how the tests hold the palette to
that. The SVG and the plotly figure both take their colours from here. Pure Python.
"""

from __future__ import annotations

WHITE = "#ffffff"
OUTLINE = "#212b32"  # NHS.UK text colour: 14.7:1 against white
FAINT_OUTLINE = "#768692"  # NHS.UK mid grey: 3.7:1 against white
TEXT = "#212b32"
SECONDARY_TEXT = "#4c6272"  # NHS.UK secondary text: 6.4:1 against white
FRAME = "#4c6272"
GRID_LINE = "#d8dde0"
NEUTRAL = "#aeb7bd"  # the key's swatches for styles, which are not a category
FONT_FAMILY = "Arial, 'Liberation Sans', sans-serif"


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a "#RRGGBB" colour."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, gr, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * gr + 0.0722 * b


def contrast_ratio(first: str, second: str = WHITE) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(first: str, second: str, share: float) -> str:
    """``first`` moved ``share`` of the way to ``second`` (both "#RRGGBB")."""
    start, end = _rgb(first), _rgb(second)
    return "#" + "".join(
        f"{round(p + (q - p) * share):02x}" for p, q in zip(start, end, strict=True)
    )


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white: ``amount`` 1 is the colour, 0 is white."""
    return "#" + "".join(f"{round(255 - (255 - c) * amount):02x}" for c in _rgb(colour))
