"""PDF rendering with WeasyPrint, fetching nothing but our own static files.

WeasyPrint's own fetcher follows any URL a document names: ``http://169.254.169.254/``,
``file:///etc/passwd``. User text in the report is escaped, so it cannot name a URL, but
the fetcher is the second lock on the door: it serves ``data:`` URLs and files under the
static folder, and refuses everything else (logged at WARNING). A refusal raises an
ordinary exception, which WeasyPrint catches and logs, so the page renders without the
resource rather than failing.

Every document is printed with one stylesheet, ``static/css/report.css``, which the
templates do not link: the renderer parses it once per thread with that thread's fonts
(:func:`print_engine`) and hands it to each render, ready-made.
"""

from __future__ import annotations

import logging
import mimetypes
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request, url2pathname

from django.conf import settings
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse, path2url

from .collector import collection_paused

logger = logging.getLogger(__name__)


def static_dir() -> Path:
    """The project's static folder (``static/``), the one place the report reads from."""
    return (Path(settings.BASE_DIR) / "static").resolve()


def static_base_url() -> str:
    """A ``file://`` URL of the static folder, ending in a slash, for relative links
    like ``css/report.css``."""
    return path2url(static_dir()).rstrip("/") + "/"


class URLRefused(ValueError):
    """The report asked for something that is not one of our static files."""


class StaticOnlyURLFetcher(URLFetcher):
    """Serve ``data:`` URLs and regular files under the static folder; refuse all else.

    Never calls the network or opens a path outside the static folder: the path is
    resolved (symlinks and ``..`` included) and must lie inside the resolved folder.
    """

    def __init__(self, root: Path | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.root = (root or static_dir()).resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            # Decoded in memory by urllib's DataHandler alone: no opener, no I/O.
            response = DataHandler().data_open(Request(url))
            return URLFetcherResponse(url, body=response.read(), headers=dict(response.headers))
        if scheme == "file":
            path = self._static_path(url)
            if path is not None:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    path2url(path), body=path.read_bytes(), headers={"Content-Type": content_type}
                )
        self.refused.append(url)
        logger.warning("PDF rendering refused to fetch %s", url[:200])
        raise URLRefused(f"Refused to fetch {url[:200]}")

    def _static_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(url2pathname(unquote(parts.path))).resolve()
        except (OSError, ValueError):
            return None
        if path.is_relative_to(self.root) and path.is_file():
            return path
        return None


# Every document's print stylesheet, parsed by the renderer: the templates link none.
PRINT_STYLESHEET = "css/report.css"


@dataclass(frozen=True)
class PrintEngine:
    """The font configuration and the parsed print stylesheet that every render in one
    thread reuses: parsing the stylesheet and gathering the system's fonts cost tens of
    milliseconds a render otherwise.

    One per thread, not per process: a ``FontConfiguration`` holds a Pango font map and
    caches Pango layouts, and Pango's objects may not be used by two threads at once
    (gunicorn's gthread workers render in several). WeasyPrint registers a stylesheet's
    ``@font-face`` rules in the configuration it is parsed with, so the two go together.
    """

    font_config: FontConfiguration
    stylesheet: CSS
    stylesheet_version: tuple[int, int]


_engines = threading.local()


def _file_version(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def print_engine() -> PrintEngine:
    """This thread's :class:`PrintEngine`, made again only when the stylesheet changes
    (``runserver`` does not restart for an edit to a CSS file)."""
    version = _file_version(static_dir() / PRINT_STYLESHEET)
    engine = getattr(_engines, "engine", None)
    if engine is None or engine.stylesheet_version != version:
        font_config = FontConfiguration()
        stylesheet = CSS(
            url=static_base_url() + PRINT_STYLESHEET,
            url_fetcher=StaticOnlyURLFetcher(),
            font_config=font_config,
        )
        engine = _engines.engine = PrintEngine(font_config, stylesheet, version)
    return engine


def layout_pdf(html: str, base_url: str | None = None, **options) -> Document:
    """Lay out an HTML string with the print stylesheet, through
    :class:`StaticOnlyURLFetcher`: WeasyPrint's document, its pages ready to write.

    ``base_url`` defaults to the static folder, so relative links find our static files.
    ``options`` are WeasyPrint's (``pdf_variant`` and so on); ``stylesheets`` replaces
    the print stylesheet.
    """
    fetcher = options.pop("url_fetcher", None) or StaticOnlyURLFetcher()
    engine = print_engine()
    options.setdefault("stylesheets", [engine.stylesheet])
    with collection_paused():
        source = HTML(string=html, base_url=base_url or static_base_url(), url_fetcher=fetcher)
        return source.render(font_config=engine.font_config, **options)


def render_pdf_with_pages(html: str, base_url: str | None = None, **options) -> tuple[bytes, int]:
    """Render an HTML string to PDF (see :func:`layout_pdf`): the bytes and the number
    of pages."""
    # What HTML.write_pdf does, keeping the laid-out document to count its pages; one
    # pause of the collector over both, so the layout's objects are scanned only once.
    # The document is let go inside the pause, so that the collection ending it frees the
    # layout instead of promoting it.
    with collection_paused():
        document = layout_pdf(html, base_url, **options)
        options.pop("url_fetcher", None)  # an option of the layout, not of the writing
        pdf, pages = document.write_pdf(**options), len(document.pages)
        del document
    return pdf, pages


def render_pdf(html: str, base_url: str | None = None, **options) -> bytes:
    """Render an HTML string to PDF bytes; see :func:`render_pdf_with_pages`."""
    return render_pdf_with_pages(html, base_url, **options)[0]
