"""One report is rendered once at a time, across processes (issue 14, finding 6): a
second request for a PDF being rendered waits for it instead of rendering it again."""

import threading
import time
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from assessments.reports import cache
from assessments.reports import context as reports
from coprod_grid.caching import content_key
from coprod_grid.models import Activity
from tests.factories import submitted_assessment


def unique_html() -> str:
    return f"<html><body>Report {uuid.uuid4()}</body></html>"


def lock_key(html: str, render) -> str:
    renderer = f"{render.__module__}.{render.__qualname__}"
    return content_key("report-pdf", renderer, html, {}) + ":lock"


def slow_renderer(seconds: float = 1.0):
    """A renderer that counts its calls (``render.calls``); each takes ``seconds``."""
    counting = threading.Lock()

    def render(html: str, **options) -> bytes:
        with counting:
            render.calls += 1
        time.sleep(seconds)
        return b"%PDF-" + html.encode()

    render.calls = 0
    return render


def slow_render(html, **options):  # a named function, so its lock key is predictable
    raise AssertionError("not called in these tests")


@pytest.fixture(scope="module", autouse=True)
def _catalogue_back_afterwards(django_db_blocker):
    """A transactional test ends by emptying the database; put the catalogue back."""
    yield
    with django_db_blocker.unblock():
        if not Activity.objects.exists():
            call_command("loaddata", "catalogue", verbosity=0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="The test database on SQLite is in memory with a shared cache, whose table "
    "locks refuse a concurrent connection at once instead of waiting (a file database, as "
    "deployed, waits its turn): threads there would test SQLite's test mode, not the lock",
)
@pytest.mark.parametrize("count", [2, 4])
def test_simultaneous_requests_for_one_uncached_pdf_render_it_once(count):
    html, render = unique_html(), slow_renderer(seconds=1.0)
    results: dict[int, bytes] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(count, timeout=30)

    def ask(number: int) -> None:
        try:
            barrier.wait()
            results[number] = cache.render_pdf(html, render)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(n,), daemon=True) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert render.calls == 1
    assert set(results.values()) == {b"%PDF-" + html.encode()} and len(results) == count
    assert cache.report_cache().get(lock_key(html, render)) is None


@pytest.mark.django_db
def test_the_lock_is_released_after_the_render():
    html = unique_html()
    render = slow_renderer(seconds=0)
    assert cache.render_pdf(html, render) == b"%PDF-" + html.encode()
    assert render.calls == 1
    assert cache.report_cache().get(lock_key(html, render)) is None


@pytest.mark.django_db
def test_a_failed_render_releases_the_lock_for_the_next_request():
    html = unique_html()

    def broken(html, **options):
        raise RuntimeError("layout failed")

    with pytest.raises(RuntimeError):
        cache.render_pdf(html, broken)
    assert cache.report_cache().get(lock_key(html, broken)) is None
    # The next request renders rather than wait for a render nobody is doing.
    assert cache.render_pdf(html, lambda html, **options: b"%PDF-next") == b"%PDF-next"


@pytest.mark.django_db
def test_a_waiter_takes_the_holder_s_pdf_without_rendering(monkeypatch):
    html = unique_html()
    key = lock_key(html, slow_render)
    cache.report_cache().add(key, "someone-else", 60)
    pdf_key = key.removesuffix(":lock")
    # The holder finishes while we wait: the PDF appears on the first look.
    monkeypatch.setattr(
        cache.time, "sleep", lambda seconds: cache.report_cache().set(pdf_key, b"%PDF-theirs")
    )
    assert cache.render_pdf(html, slow_render) == b"%PDF-theirs"
    # Their lock is theirs to release.
    assert cache.report_cache().get(key) == "someone-else"


@pytest.mark.django_db
def test_a_render_in_progress_too_long_is_refused_not_repeated(monkeypatch):
    html = unique_html()
    cache.report_cache().add(lock_key(html, slow_render), "someone-else", 60)
    monkeypatch.setattr(cache, "WAIT_TIMEOUT", 0.3)
    started = time.monotonic()
    with pytest.raises(cache.RenderInProgress):
        cache.render_pdf(html, slow_render)
    assert 0.3 <= time.monotonic() - started < 5


@pytest.mark.django_db
def test_a_crashed_holder_s_lock_expires():
    html = unique_html()
    render = slow_renderer(seconds=0)
    cache.report_cache().add(lock_key(html, render), "crashed", 1)
    time.sleep(1.1)
    assert cache.render_pdf(html, render) == b"%PDF-" + html.encode()
    assert render.calls == 1


@pytest.mark.django_db
def test_the_download_asks_to_try_again_while_another_render_runs(client, lead, monkeypatch):
    def busy(html, render, **options):
        raise cache.RenderInProgress("report-pdf:x")

    monkeypatch.setattr(reports.cache, "render_pdf_with_outcome", busy)
    assessment = submitted_assessment(lead.organisations.first(), lead)
    client.force_login(lead)
    response = client.get(reverse("assessments:report-pdf", args=[assessment.pk]))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "still being prepared" in response.content.decode()
