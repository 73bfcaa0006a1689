"""A pytest plugin printing the NHS.UK conformance tally at the end of any run that
included ``test_conformance.py``.

Under xdist (``make test`` runs ``pytest -n auto``) only the workers collect tests, so a
hook in this folder's ``conftest.py`` never reaches the controlling process, which is the
one that prints the summary. ``tests/conftest.py`` imports this hook too, so it runs there;
and since the controller has no results of its own, the hook simply renders the examples
again (well under a second). A flag keeps it to one tally when both conftests load it.
"""

import pytest

CONFORMANCE_TESTS = "tests/coprod_grid/nhsuk/test_conformance.py"
_printed = pytest.StashKey[bool]()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    # Imported here: this module may load before Django's settings are configured.
    from . import conformance

    if config.stash.get(_printed, False):
        return
    ran = any(
        getattr(report, "nodeid", "").startswith(CONFORMANCE_TESTS)
        for reports in terminalreporter.stats.values()
        for report in reports
    )
    if not ran or conformance.fixtures_missing_reason():
        return
    config.stash[_printed] = True
    terminalreporter.section("NHS.UK frontend conformance")
    for line in conformance.tally_lines():
        terminalreporter.write_line(line)
