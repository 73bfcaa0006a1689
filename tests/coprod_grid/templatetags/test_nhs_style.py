import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from coprod_grid.templatetags.nhs_style import nhs_date, nhs_datetime, nhs_time

LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [
        (20, 21, "8:21pm"),
        (9, 0, "9am"),
        (9, 5, "9:05am"),
        (12, 0, "midday"),
        (12, 30, "12:30pm"),
        (0, 0, "midnight"),
        (0, 15, "12:15am"),
        (23, 59, "11:59pm"),
    ],
)
def test_times_in_nhs_style(hour, minute, expected):
    assert nhs_time(datetime.time(hour, minute)) == expected


def test_an_aware_time_is_shown_in_the_service_time_zone():
    # 19:21 UTC in June is 8:21pm in London (BST); in December it is 7:21pm.
    assert nhs_time(datetime.datetime(2026, 6, 1, 19, 21, tzinfo=UTC)) == "8:21pm"
    assert nhs_time(datetime.datetime(2026, 12, 1, 19, 21, tzinfo=UTC)) == "7:21pm"


def test_dates_and_both_together():
    moment = datetime.datetime(2026, 12, 1, 20, 21, tzinfo=LONDON)
    assert nhs_date(moment) == "1 December 2026"
    assert nhs_date(datetime.date(2027, 3, 31)) == "31 March 2027"
    assert nhs_datetime(moment) == "8:21pm on 1 December 2026"
    # Late on the 1st in UTC is already the 2nd in London's summer.
    assert nhs_date(datetime.datetime(2026, 6, 1, 23, 30, tzinfo=UTC)) == "2 June 2026"


def test_nothing_shows_nothing():
    assert nhs_time(None) == nhs_date(None) == nhs_datetime(None) == ""


def test_every_template_has_them_without_loading():
    moment = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=LONDON)
    rendered = Template("{{ at|nhs_datetime }}").render(Context({"at": moment}))
    assert rendered == "midday on 1 December 2026"
