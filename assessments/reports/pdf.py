"""PDF rendering with WeasyPrint, fetching nothing but our own static files.

WeasyPrint's own fetcher follows any URL a document names: ``http://169.254.169.254/``,
``file:///etc/passwd``. User text in the report is escaped, so it cannot name a URL, but
the fetcher is the second lock on the door: it serves ``data:`` URLs and files under the
static folder, and refuses everything else (logged at WARNING). A refusal raises an
ordinary exception, which WeasyPrint catches and logs, so the page renders without the
resource rather than failing.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request, url2pathname

from django.conf import settings
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse, path2url

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


def render_pdf_with_pages(html: str, base_url: str | None = None, **options) -> tuple[bytes, int]:
    """Render an HTML string to PDF through :class:`StaticOnlyURLFetcher`: the bytes and
    the number of pages.

    ``base_url`` defaults to the static folder, so ``<link href="css/report.css">``
    finds the print stylesheet. ``options`` are WeasyPrint's (``pdf_variant`` and so on).
    """
    fetcher = options.pop("url_fetcher", None) or StaticOnlyURLFetcher()
    source = HTML(string=html, base_url=base_url or static_base_url(), url_fetcher=fetcher)
    # What HTML.write_pdf does, keeping the laid-out document to count its pages.
    document = source.render(**options)
    return document.write_pdf(**options), len(document.pages)


def render_pdf(html: str, base_url: str | None = None, **options) -> bytes:
    """Render an HTML string to PDF bytes; see :func:`render_pdf_with_pages`."""
    return render_pdf_with_pages(html, base_url, **options)[0]
