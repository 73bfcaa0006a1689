"""The documents printed from one report context and one print stylesheet.

Each document is a template over :func:`~assessments.reports.context.report_context`
(plus whatever its ``extra_context`` adds from that context: no queries of its own), a
file name and a page limit that the tests hold it to. The full report is everything; the
Board report (issue 19) is the short paper a Board reads, with the full report as its
appendix. The download views, the background renderer and ``bench_report`` all go
through :data:`DOCUMENTS`, so a document added here is rendered ahead, benchmarked and
checked like the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .board import board_context


@dataclass(frozen=True)
class Document:
    slug: str
    name: str  # as a sentence names it: "the full report"
    template: str
    filename_suffix: str  # <ODS code>-<period>-<suffix>.pdf
    max_pages: int | None = None  # None: as long as the assessment needs
    # Adds what only this document shows, computed from the shared report context.
    extra_context: Callable[[dict], dict] | None = None


FULL_REPORT = Document(
    slug="full",
    name="the full report",
    template="reports/report.html",
    filename_suffix="co-production-report",
)

BOARD_REPORT = Document(
    slug="board",
    name="the Board report",
    template="reports/board.html",
    filename_suffix="board-report",
    max_pages=6,
    extra_context=board_context,
)

DOCUMENTS: dict[str, Document] = {
    FULL_REPORT.slug: FULL_REPORT,
    BOARD_REPORT.slug: BOARD_REPORT,
}
