"""Python's cyclic garbage collector paused while WeasyPrint lays out and writes a PDF.

A render of the full report makes about 150,000 container objects, 130,000 of them in
reference cycles (boxes and their parents, styles and their parents' styles) that only
the cyclic collector frees. Left running, the collector starts every 700 allocations and
keeps promoting the render's live boxes, then scans them again and again in its older
generations, and the whole heap (Django's too) in full collections: a quarter of the
render's time here. Paused, it scans the render's objects once, at the end, in one
collection of the youngest generation, where they all still are.

``gc.disable()`` is process-wide, so renders in several threads (gunicorn's gthread
workers) share one pause, counted: the collector runs again when the last of them ends.
A collector that was already off (a caller's own pause) is left off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_renders = 0
_was_enabled = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off; afterwards, unless another render is
    still paused, turn it back on and collect the youngest generation, which holds
    everything the block made."""
    global _renders, _was_enabled
    with _lock:
        if _renders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _renders += 1
    try:
        yield
    finally:
        with _lock:
            _renders -= 1
            resume = _renders == 0 and _was_enabled
            if resume:
                gc.enable()
        if resume:
            gc.collect(0)
