"""Serve plotly.js from the installed plotly package, not from a copy or a CDN.

The plotly Python package ships the matching plotly.js build. This finder exposes that
one file, and nothing else from the package, as ``vendor/plotly-<version>/plotly.min.js``,
so ``collectstatic``, WhiteNoise and ``{% static %}`` treat it like any other static
file, the version in the path busts caches on upgrade, and the CSP stays ``'self'``.
"""

from __future__ import annotations

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage
from plotly.offline import get_plotlyjs_version

PLOTLY_JS_FILE = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
PLOTLY_JS_PREFIX = f"vendor/plotly-{get_plotlyjs_version()}"
PLOTLY_JS_PATH = f"{PLOTLY_JS_PREFIX}/plotly.min.js"


class PlotlyJsFinder(BaseFinder):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=PLOTLY_JS_FILE.parent)
        # collectstatic and WhiteNoise put a storage's files under its ``prefix``.
        self.storage.prefix = PLOTLY_JS_PREFIX

    def check(self, **kwargs) -> list[Error]:
        if not PLOTLY_JS_FILE.is_file():
            return [Error(f"plotly.js is missing from the plotly package: {PLOTLY_JS_FILE}")]
        return []

    def find(self, path: str, find_all: bool = False, **kwargs):
        # Django 5.2 renamed ``all`` to ``find_all``; accept both.
        find_all = find_all or kwargs.get("all", False)
        if path == PLOTLY_JS_PATH and PLOTLY_JS_FILE.is_file():
            return [str(PLOTLY_JS_FILE)] if find_all else str(PLOTLY_JS_FILE)
        return []  # as Django's own finders answer "not here", whatever find_all says

    def list(self, ignore_patterns):
        if PLOTLY_JS_FILE.is_file():
            yield PLOTLY_JS_FILE.name, self.storage
