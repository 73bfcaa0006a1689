"""The cyclic garbage collector is paused over a render and frees the render's cycles
when the last paused render ends (assessments/reports/collector.py)."""

import gc
import threading

import pytest

from assessments.reports.collector import collection_paused
from assessments.reports.pdf import render_pdf_with_pages

HTML = (
    "<!DOCTYPE html><html lang='en-GB'><head><title>Collector</title></head><body>"
    + "".join(f"<h2>Section {n}</h2><p>Some text to lay out, {n}.</p>" for n in range(40))
    + "</body></html>"
)


@pytest.fixture(autouse=True)
def collector_on():
    """Each test starts with the collector running, as a process does."""
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:  # pragma: no cover - the test runner's own choice
        gc.disable()


def test_the_collector_is_off_inside_and_on_after():
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_comes_back_after_an_error():
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("the render failed")
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off():
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_renders_in_two_threads_share_one_pause():
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def first():
        with collection_paused():
            first_in.set()
            second_in.wait(5)
        seen["after first"] = gc.isenabled()
        first_out.set()

    def second():
        first_in.wait(5)
        with collection_paused():
            second_in.set()
            first_out.wait(5)
            seen["inside second, first ended"] = gc.isenabled()
        seen["after second"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert seen == {
        "after first": False,
        "inside second, first ended": False,
        "after second": True,
    }


@pytest.fixture
def no_automatic_collections():
    """The collector on, but never starting by itself: only explicit collections run."""
    threshold = gc.get_threshold()
    gc.set_threshold(10**9)
    yield
    gc.set_threshold(*threshold)


def test_a_render_leaves_no_cycles_behind(no_automatic_collections):
    render_pdf_with_pages(HTML)  # the first render also makes the thread's print engine
    gc.collect()

    render_pdf_with_pages(HTML)

    # Without the pause's own collection a render of this page leaves thousands.
    assert gc.collect() < 100


def test_a_render_makes_cycles_that_only_the_collection_frees(no_automatic_collections):
    render_pdf_with_pages(HTML)
    gc.collect()

    with collection_paused():
        render_pdf_with_pages(HTML)  # nested: its pause ends inside this one
        left = gc.collect()

    assert left > 1000
