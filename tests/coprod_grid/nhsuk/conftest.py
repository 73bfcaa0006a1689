"""Prints the NHS.UK conformance tally when this folder is run on its own; see
``tally.py`` for how it also prints under xdist."""

from .tally import pytest_terminal_summary  # noqa: F401 - a pytest hook
