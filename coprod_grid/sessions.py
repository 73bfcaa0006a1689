"""Sessions that end after a working day of inactivity, without a write on every request.

Django's ``SESSION_SAVE_EVERY_REQUEST`` would slide the expiry by saving the session on
every request: a database write (and, on PostgreSQL, a commit flushed to disk) on every
page view, costing more than many of the pages themselves. Instead the session is saved
when it was last saved more than ``SESSION_REFRESH_SECONDS`` ago, so a session ends
between ``SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS`` and ``SESSION_COOKIE_AGE`` after
its user's last request.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REFRESHED_AT = "_refreshed_at"


def session_needs_refresh(refreshed_at: object, now: float, interval: int) -> bool:
    """Whether a session last saved at ``refreshed_at`` (seconds since the epoch, or
    anything else for "unknown") should be saved again at ``now``."""
    if not isinstance(refreshed_at, int | float):
        return True
    # A clock that went backwards also refreshes, rather than trusting a future time.
    return not 0 <= now - refreshed_at < interval


def session_saved_at_sign_in(sender: object, request: HttpRequest, **_kwargs: object) -> None:
    """Signing in saves the session anyway: note the time, so that the next request has
    no reason to save it again (a ``user_logged_in`` receiver)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[REFRESHED_AT] = int(time.time())


class SlidingSessionMiddleware:
    """Push a signed-in session's expiry back at most once per refresh interval.

    Goes after ``SessionMiddleware``, so that it marks the session before that middleware
    decides, on the way out, whether to save it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None:
            return response
        refreshed_at = session.get(REFRESHED_AT)
        # Loading forgets a key the database does not know (expired, or flushed by signing
        # out): there is nothing to keep alive, and setting a value would create a session.
        if session.session_key is None:
            return response
        now = time.time()
        if session_needs_refresh(refreshed_at, now, settings.SESSION_REFRESH_SECONDS):
            session[REFRESHED_AT] = int(now)
        return response
