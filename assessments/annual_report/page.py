"""The draft as its HTML page shows it: each paragraph already written as HTML, its
figures in bold, every piece of text escaped by ``format_html``. A template loop over a
paragraph's pieces, for every paragraph of the draft, was most of the page's rendering.
The Word document reads the draft itself (``docx.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .draft import AnnualReportDraft, Figure, Paragraph


@dataclass(frozen=True)
class PageBlock:
    heading: str
    paragraphs: tuple[SafeString, ...]
    items: tuple[SafeString, ...]


@dataclass(frozen=True)
class PageSection:
    title: str
    slug: str
    blocks: tuple[PageBlock, ...]
    figures: tuple[Figure, ...]


def paragraph_html(paragraph: Paragraph) -> SafeString:
    return mark_safe(  # every piece escaped here
        "".join(
            format_html("<strong data-figure>{}</strong>", text)
            if figure
            else conditional_escape(text)
            for text, figure in paragraph.pieces
        )
    )


def page_sections(draft: AnnualReportDraft) -> list[PageSection]:
    return [
        PageSection(
            title=section.title,
            slug=section.slug,
            blocks=tuple(
                PageBlock(
                    heading=block.heading,
                    paragraphs=tuple(map(paragraph_html, block.paragraphs)),
                    items=tuple(map(paragraph_html, block.items)),
                )
                for block in section.blocks
            ),
            figures=section.figures,
        )
        for section in draft.sections
    ]
