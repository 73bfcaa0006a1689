"""The renderer's fonts and parsed print stylesheet are made once per thread and reused.

Parsing report.css and gathering the system's fonts cost tens of milliseconds a render;
:func:`~assessments.reports.pdf.print_engine` keeps them per thread, because WeasyPrint's
font configuration holds Pango objects that two threads may not use at once.
"""

import threading

import pytest

from assessments.reports import context as reports
from assessments.reports import pdf as pdf_module
from assessments.reports.pdf import StaticOnlyURLFetcher, print_engine, render_pdf_with_pages
from tests.factories import answer_all, make_assessment

HTML = (
    "<!DOCTYPE html><html lang='en-GB'><head><title>Engine</title></head>"
    "<body><h1>Report</h1><p>Text.</p></body></html>"
)


def in_new_thread(function):
    """``function()``'s result, run in a thread of its own: a thread without an engine."""
    result, errors = [], []

    def run():
        try:
            result.append(function())
        except BaseException as error:  # pragma: no cover - shown by the assertion
            errors.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert errors == []
    return result[0]


@pytest.fixture
def stylesheet_fetches(monkeypatch):
    """Each time a thread fetches the print stylesheet (once per parse)."""
    fetched: list[str] = []
    real_fetch = StaticOnlyURLFetcher.fetch

    def recording_fetch(self, url, headers=None):
        if url.endswith("/" + pdf_module.PRINT_STYLESHEET):
            fetched.append(threading.current_thread().name)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(pdf_module.StaticOnlyURLFetcher, "fetch", recording_fetch)
    return fetched


def test_the_stylesheet_is_parsed_once_for_two_renders(stylesheet_fetches):
    (first, _), (second, _) = in_new_thread(
        lambda: (render_pdf_with_pages(HTML), render_pdf_with_pages(HTML))
    )

    assert len(stylesheet_fetches) == 1
    assert first.startswith(b"%PDF") and second.startswith(b"%PDF")


def test_a_thread_keeps_its_engine_and_another_thread_gets_its_own():
    def engines():
        return print_engine(), print_engine()

    first, again = in_new_thread(engines)
    other, _ = in_new_thread(engines)

    assert first is again
    assert other is not first
    assert other.font_config is not first.font_config


def test_an_edited_stylesheet_is_parsed_again(monkeypatch, stylesheet_fetches):
    versions = iter([(1, 100), (1, 100), (2, 101)])
    monkeypatch.setattr(pdf_module, "_file_version", lambda path: next(versions))

    def three_engines():
        return print_engine(), print_engine(), print_engine()

    first, same, edited = in_new_thread(three_engines)

    assert same is first
    assert edited is not first
    assert len(stylesheet_fetches) == 2


@pytest.mark.django_db
def test_two_threads_render_the_report_at_once(stylesheet_fetches):
    assessment = make_assessment()
    answer_all(assessment, assessment.created_by)
    html = reports.report_html(reports.report_context(assessment))
    expected_pdf, expected_pages = render_pdf_with_pages(html, **reports.PDF_OPTIONS)
    start = threading.Barrier(2)
    results: list[tuple[bytes, int]] = []
    errors: list[BaseException] = []

    def render():
        try:
            start.wait(timeout=10)
            results.append(render_pdf_with_pages(html, **reports.PDF_OPTIONS))
        except BaseException as error:  # pragma: no cover - shown by the assertion
            errors.append(error)

    threads = [threading.Thread(target=render) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert [pages for _, pages in results] == [expected_pages, expected_pages]
    assert all(pdf.startswith(b"%PDF") and len(pdf) > len(expected_pdf) // 2 for pdf, _ in results)


@pytest.mark.django_db
def test_the_report_is_styled_by_the_renderer_not_a_link(stylesheet_fetches):
    """The template links no stylesheet: the renderer gives it report.css, parsed once."""
    assessment = make_assessment()
    html = reports.report_html(reports.report_context(assessment))

    assert "<link" not in html
    documents = in_new_thread(lambda: (pdf_module.layout_pdf(html), pdf_module.layout_pdf(html)))

    assert len(stylesheet_fetches) == 1
    # Styled: the cover's title is set at the stylesheet's 28pt, not the browser's 2em.
    title_sizes = [
        box.style["font_size"]
        for page in documents[1].pages
        for box in page._page_box.descendants()
        if getattr(box, "element_tag", None) == "h1"
    ]
    assert title_sizes
    assert title_sizes == pytest.approx([28 * 4 / 3] * len(title_sizes))  # 28pt in px
