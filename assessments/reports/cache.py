"""The cache of rendered PDFs: the database-backed "reports" cache shared by every
process and server, keyed by a digest of the report's HTML.

Whatever changes on the report, from an action's status to the date on the cover,
changes the key, so a cached PDF is always the PDF the HTML would make, for drafts as
for submitted assessments; the renderer's code, stylesheet and WeasyPrint's version are
in the release's ``KEY_PREFIX`` (``settings.RELEASE`` digests ``uv.lock`` too). Laying
out a report is seconds of CPU; hashing its HTML is well under a millisecond.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import BaseCache, caches

from coprod_grid.caching import content_key

PDF_TIMEOUT = 24 * 60 * 60


def _primitive(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def render_pdf(html: str, render: Callable[..., bytes], **options: Any) -> bytes:
    """``render(html, **options)`` (``pdf.render_pdf``), cached by the HTML's digest and
    the renderer's name. Options that are not plain values (a custom URL fetcher, say)
    bypass the cache."""
    if not all(_primitive(value) for value in options.values()):
        return render(html, **options)
    renderer = f"{render.__module__}.{render.__qualname__}"
    key = content_key("report-pdf", renderer, html, options)
    pdf = report_cache().get(key)
    if pdf is None:
        pdf = render(html, **options)
        report_cache().set(key, pdf, PDF_TIMEOUT)
    return pdf


def report_cache() -> BaseCache:
    """Where rendered PDFs are kept: shared by every process (settings.CACHES)."""
    return caches["reports"]
