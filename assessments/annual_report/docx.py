"""The annual report's draft as an editable Word document, written with python-docx.

It presents the same ``AnnualReportDraft`` as the page, in Word's own styles (Title,
Heading 1 and 2, List Bullet, Table Grid) so that pasting it into the annual report's
template restyles it. Every piece of text is added as a run: python-docx escapes what
XML must, so a lead's "<script>" is a word on the page, never markup. Characters XML 1.0
cannot hold at all (control characters a pasted text may bring) are left out, as
nothing could show them.
"""

from __future__ import annotations

import re
from io import BytesIO

import docx
from docx.document import Document
from docx.text.paragraph import Paragraph as WordParagraph

from .draft import SOURCES_HEADING, AnnualReportDraft, Block, Paragraph, Section

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SOURCES_COLUMNS = ("Figure", "Where it comes from")


def _text(value: object) -> str:
    return _NOT_XML.sub("", str(value))


def _write_paragraph(word: WordParagraph, paragraph: Paragraph) -> None:
    for text, figure in paragraph.pieces:
        run = word.add_run(_text(text))
        if figure is not None:
            run.bold = True


class _Styled:
    """Paragraphs in the template's styles, each style looked up once by name.

    python-docx resolves a style name on every ``add_paragraph(style=...)`` by reading
    the whole styles part (about 1.5 ms a paragraph: most of a long draft's time), so the
    paragraph's style id is set directly instead, the same XML Word writes."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._ids: dict[str, str] = {}

    def style_id(self, name: str) -> str:
        if name not in self._ids:
            self._ids[name] = self.document.styles[name].style_id
        return self._ids[name]

    def paragraph(self, style: str = "", text: str = "", *, bold: bool = False) -> WordParagraph:
        word = self.document.add_paragraph()
        if style:
            word._p.style = self.style_id(style)
        if text:
            run = word.add_run(_text(text))
            if bold:
                run.bold = True
        return word

    def heading(self, text: str, level: int) -> WordParagraph:
        return self.paragraph("Title" if level == 0 else f"Heading {level}", text)


def _write_block(styled: _Styled, block: Block) -> None:
    if block.heading:
        styled.heading(block.heading, 2)
    for paragraph in block.paragraphs:
        _write_paragraph(styled.paragraph(), paragraph)
    for item in block.items:
        _write_paragraph(styled.paragraph("List Bullet"), item)


def _write_sources(styled: _Styled, section: Section) -> None:
    figures = section.figures
    if not figures:
        return
    styled.heading(SOURCES_HEADING, 2)
    table = styled.document.add_table(rows=1, cols=len(SOURCES_COLUMNS))
    table._tbl.tblPr.style = styled.style_id("Table Grid")
    for cell, heading in zip(table.rows[0].cells, SOURCES_COLUMNS, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    for figure in figures:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(_text(figure.text))
        cells[1].paragraphs[0].add_run(_text(figure.source))


def annual_report_docx(draft: AnnualReportDraft) -> bytes:
    document = docx.Document()
    properties = document.core_properties
    # Set every property Word shows, from the draft alone: the template's own say
    # "python-docx", 2013, and the same draft always describes itself the same way.
    properties.title = _text(draft.title)
    properties.subject = "Involvement section of the annual report: draft"
    properties.author = _text(draft.organisation)
    properties.last_modified_by = _text(draft.organisation)
    properties.keywords = "draft"
    properties.comments = " ".join(draft.notice)
    properties.category = ""
    properties.language = "en-GB"
    properties.created = draft.as_of
    properties.modified = draft.as_of
    properties.last_printed = draft.as_of
    properties.revision = 1

    styled = _Styled(document)
    styled.heading(draft.title, 0)
    styled.paragraph("Subtitle", draft.organisation)
    for line in draft.notice:
        styled.paragraph("Intense Quote", line, bold=True)
    for section in draft.sections:
        styled.heading(section.title, 1)
        for block in section.blocks:
            _write_block(styled, block)
        _write_sources(styled, section)

    out = BytesIO()
    document.save(out)
    return out.getvalue()
