"""The cache of rendered PDFs: the database-backed "reports" cache shared by every
process and server, keyed by a digest of the report's HTML.

Whatever changes on the report, from an action's status to the date on the cover,
changes the key, so a cached PDF is always the PDF the HTML would make, for drafts as
for submitted assessments; the renderer's code, stylesheet and WeasyPrint's version are
in the release's ``KEY_PREFIX`` (``settings.RELEASE`` digests ``uv.lock`` too). Laying
out a report is seconds of CPU; hashing its HTML is well under a millisecond.

One content is rendered once at a time, across every process and server: before
rendering, a process takes a lock in the same cache, keyed by the content's digest
(``cache.add`` is atomic on the database cache: an INSERT the primary key decides). One
that finds the lock held waits for the holder's PDF, polling the cache, rather than
render the same report again. The holder deletes the lock after writing the PDF (only if
the lock is still its own); a crashed holder's lock expires after ``LOCK_TIMEOUT``.

A render's time is bounded by its input, not by a timer: a thread cannot be stopped
mid-layout, and a subprocess per report is heavy. The bound is the limit on a plan's
actions (``actions.services.MAX_ACTIONS``): the largest plan, 100 actions of 1,000
characters, renders in about 5 s of CPU at print sizes (116 pages), far inside the 30 s
worker timeout. Since issue 19 most renders happen in the background, ahead of the
download (``ahead.py``): a download finds the PDF stored, or waits for the worker's.
"""

from __future__ import annotations

import datetime
import enum
import secrets
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import BaseCache, caches
from django.db import DatabaseError
from django.utils import timezone

from coprod_grid.caching import content_key

PDF_TIMEOUT = 7 * 24 * 60 * 60  # rendered ahead, a report waits days for its reader
LOCK_TIMEOUT = 60  # seconds: far longer than the largest render (about 5 s)
WAIT_TIMEOUT = 25.0  # seconds a request waits for another's render: inside gunicorn's 30 s
POLL_INTERVAL = 0.2  # seconds between looks at the cache while waiting


class RenderInProgress(Exception):
    """Another process has been rendering this report for longer than a request waits."""


def _primitive(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


class Outcome(enum.StrEnum):
    """How a download got its PDF: what the load test counts (``X-Report-Render``)."""

    STORED = "stored"  # it was in the cache: rendered ahead, or by an earlier download
    WAITED = "waited"  # another process was rendering it: this one waited for its PDF
    RENDERED = "rendered"  # nobody had: this process rendered it


def render_pdf(html: str, render: Callable[..., bytes], **options: Any) -> bytes:
    """``render(html, **options)`` (``pdf.render_pdf``), cached by the HTML's digest and
    the renderer's name. Options that are not plain values (a custom URL fetcher, say)
    bypass the cache."""
    return render_pdf_with_outcome(html, render, **options)[0]


def pdf_key(html: str, render: Callable[..., bytes], options: dict[str, Any]) -> str:
    renderer = f"{render.__module__}.{render.__qualname__}"
    return content_key("report-pdf", renderer, html, options)


def render_pdf_with_outcome(
    html: str, render: Callable[..., bytes], **options: Any
) -> tuple[bytes, Outcome]:
    """:func:`render_pdf`, and how the PDF was come by."""
    if not all(_primitive(value) for value in options.values()):
        return render(html, **options), Outcome.RENDERED
    key = pdf_key(html, render, options)
    cache = report_cache()
    pdf = cache.get(key)
    if pdf is not None:
        return pdf, Outcome.STORED
    lock_key, token = f"{key}:lock", secrets.token_hex(16)
    deadline = time.monotonic() + WAIT_TIMEOUT
    while not cache.add(lock_key, token, LOCK_TIMEOUT):
        # Someone else is rendering this content: wait for their PDF.
        if time.monotonic() >= deadline:
            raise RenderInProgress(key)
        time.sleep(POLL_INTERVAL)
        try:
            pdf = cache.get(key)
        except DatabaseError:
            continue  # a busy table is a reason to look again, not to fail the download
        if pdf is not None:
            return pdf, Outcome.WAITED
    try:
        # The lock is ours; the PDF may have been written between our look and the add.
        pdf = cache.get(key)
        if pdf is not None:
            return pdf, Outcome.WAITED
        pdf = render(html, **options)
        cache.set(key, pdf, PDF_TIMEOUT)
        return pdf, Outcome.RENDERED
    finally:
        # Not atomic, but a lock outlives any render by far: it is still ours.
        if cache.get(lock_key) == token:
            cache.delete(lock_key)


def content_day(html: str) -> datetime.date:
    """The day this content (a report's undated HTML) was first made into a PDF: today,
    the first time it is asked. Kept without expiry, apart from the PDF, so a report
    re-rendered after its PDF has expired keeps its date."""
    key = content_key("report-day", html)
    cache = report_cache()
    today = timezone.localdate()
    if cache.add(key, today, None):
        return today
    return cache.get(key) or today


def report_cache() -> BaseCache:
    """Where rendered PDFs are kept: shared by every process (settings.CACHES)."""
    return caches["reports"]
