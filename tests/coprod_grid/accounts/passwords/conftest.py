import pytest

#: The line settings.py is to carry: a reset link works for an hour.
ONE_HOUR = 3600


@pytest.fixture(autouse=True)
def _reset_links_work_for_an_hour(settings):
    settings.PASSWORD_RESET_TIMEOUT = ONE_HOUR
