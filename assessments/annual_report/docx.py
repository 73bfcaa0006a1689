"""The annual report's draft as an editable Word document, written with python-docx.

It presents the same ``AnnualReportDraft`` as the page, in Word's own styles (Title,
Heading 1 and 2, List Bullet, Table Grid) so that pasting it into the annual report's
template restyles it. Every piece of text is added as a run's text: lxml escapes what
XML must, so a lead's "<script>" is a word on the page, never markup. Characters XML 1.0
cannot hold at all (control characters a pasted text may bring) are left out, as
nothing could show them.
"""

from __future__ import annotations

import re
from copy import deepcopy
from io import BytesIO

import docx
from django.core.cache import cache
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml.etree import SubElement

from coprod_grid.caching import content_key, row_key

from ..impact.cache import LIVE_TIMEOUT, live_key
from ..models import Assessment
from ..results.results import answers_of, chosen_service_areas
from .draft import (
    SOURCES_HEADING,
    AnnualReportDraft,
    Block,
    Paragraph,
    Section,
    annual_report_draft,
)

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SOURCES_COLUMNS = ("Figure", "Where it comes from")


def _text(value: object) -> str:
    return _NOT_XML.sub("", str(value))


# python-docx adds a run's text a character at a time (looking for tabs and line breaks)
# and finds where each new element goes among every kind of child it could have: most
# of the document's time. The body is written here as the same XML, element by element;
# text with a tab or a line break still goes through python-docx, which knows how Word
# writes them.
_SPECIAL = re.compile("[\t\r\n]")
_R, _RPR, _B, _T = qn("w:r"), qn("w:rPr"), qn("w:b"), qn("w:t")
_PPR, _PSTYLE, _VAL = qn("w:pPr"), qn("w:pStyle"), qn("w:val")
_TC, _P, _SPACE = qn("w:tc"), qn("w:p"), qn("xml:space")


def _add_run(p: BaseOxmlElement, text: str, *, bold: bool = False) -> None:
    """A run as ``Paragraph.add_run(text)`` writes it, bold as ``run.bold = True``."""
    r = SubElement(p, _R)
    if bold:
        SubElement(SubElement(r, _RPR), _B)
    if not text:
        return
    if _SPECIAL.search(text):
        r.text = text
        return
    t = SubElement(r, _T)
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_SPACE, "preserve")


def _write_paragraph(p: BaseOxmlElement, paragraph: Paragraph) -> None:
    for text, figure in paragraph.pieces:
        _add_run(p, _text(text), bold=figure is not None)


class _Styled:
    """Paragraphs in the template's styles, each style looked up once by name.

    python-docx resolves a style name on every ``add_paragraph(style=...)`` by reading
    the whole styles part (about 1.5 ms a paragraph: most of a long draft's time), so the
    paragraph's style id is set directly instead, the same XML Word writes."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._ids: dict[str, str] = {}
        self._end = document.element.body.sectPr  # the body's last child: all goes before

    def style_id(self, name: str) -> str:
        if name not in self._ids:
            self._ids[name] = self.document.styles[name].style_id
        return self._ids[name]

    def paragraph(self, style: str = "", text: str = "", *, bold: bool = False) -> BaseOxmlElement:
        """A ``<w:p>`` at the end of the body, as ``add_paragraph`` and ``add_run`` write
        it."""
        p = OxmlElement("w:p")
        if style:
            SubElement(SubElement(p, _PPR), _PSTYLE).set(_VAL, self.style_id(style))
        if text:
            _add_run(p, _text(text), bold=bold)
        self._end.addprevious(p)
        return p

    def heading(self, text: str, level: int) -> BaseOxmlElement:
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
    header = table._tbl.tr_lst[0]
    # Every row is the empty header row's copy, as ``add_row`` makes it: cells of the
    # grid's widths, each with one empty paragraph.
    empty = deepcopy(header)
    for tc, heading in zip(header.iterchildren(_TC), SOURCES_COLUMNS, strict=True):
        _add_run(tc.find(_P), heading, bold=True)
    for figure in figures:
        tr = deepcopy(empty)
        table._tbl.append(tr)
        for tc, text in zip(tr.iterchildren(_TC), (figure.text, figure.source), strict=True):
            _add_run(tc.find(_P), _text(text))


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


def cached_annual_report_docx(assessment: Assessment) -> bytes:
    """``annual_report_docx`` of the assessment's draft, cached by what the draft is made
    from: the ledger, the projects and their phases, the actions, the answers and the
    catalogue are all in the key of the evidence of impact (``impact.cache.live_key``,
    one query); the rest is the assessment's own row, its service areas (a draft's: a
    submitted assessment's cannot change) and the organisation's name. A draft's answers
    are read once, for the key and the draft."""
    answers = areas = None
    if not assessment.is_submitted:
        answers = answers_of(assessment)
        areas = sorted(chosen_service_areas(assessment))
    key = content_key(
        "annual-report-docx",
        live_key(assessment, answers=answers),
        row_key(assessment),
        assessment.organisation.name,
        areas,
    )
    body = cache.get(key)
    if body is None:
        body = annual_report_docx(annual_report_draft(assessment, answers=answers))
        cache.set(key, body, LIVE_TIMEOUT)
    return body
