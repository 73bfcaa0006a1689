"""Sessions that end after a working day of inactivity, without a write on every request.

Django's ``SESSION_SAVE_EVERY_REQUEST`` would slide the expiry by saving the session on
every request: a database write (and, on PostgreSQL, a commit flushed to disk) on every
page view, costing more than many of the pages themselves. Instead the session is saved
when it was last saved more than ``SESSION_REFRESH_SECONDS`` ago, so a session ends
between ``SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS`` and ``SESSION_COOKIE_AGE`` after
its user's last request.

Beside that sliding expiry, a session has an absolute lifetime: ``SESSION_ABSOLUTE_SECONDS``
after signing in (the time is noted in the session when the person signs in), the session
is flushed at the next request whatever the activity, and the person is treated as signed
out: a page that needs signing in sends them to sign in again, as an expired session does.
A signed-in session from before this rule (no sign-in time) starts its clock at its next
request.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse

REFRESHED_AT = "_refreshed_at"
SIGNED_IN_AT = "_signed_in_at"


def session_needs_refresh(refreshed_at: object, now: float, interval: int) -> bool:
    """Whether a session last saved at ``refreshed_at`` (seconds since the epoch, or
    anything else for "unknown") should be saved again at ``now``."""
    if not isinstance(refreshed_at, int | float):
        return True
    # A clock that went backwards also refreshes, rather than trusting a future time.
    return not 0 <= now - refreshed_at < interval


def session_outlived(signed_in_at: object, now: float, lifetime: int) -> bool:
    """Whether a session signed in at ``signed_in_at`` (seconds since the epoch) has
    passed its absolute ``lifetime`` at ``now``. A time in the future (a clock that went
    back) or anything but a time counts as passed."""
    if not isinstance(signed_in_at, int | float):
        return True
    return not 0 <= now - signed_in_at < lifetime


def session_saved_at_sign_in(sender: object, request: HttpRequest, **_kwargs: object) -> None:
    """Signing in saves the session anyway: note the time, so that the next request has
    no reason to save it again, and so that the session ends ``SESSION_ABSOLUTE_SECONDS``
    later (a ``user_logged_in`` receiver)."""
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[REFRESHED_AT] = now
        session[SIGNED_IN_AT] = now


class SlidingSessionMiddleware:
    """Push a signed-in session's expiry back at most once per refresh interval.

    Goes after ``SessionMiddleware``, so that it marks the session before that middleware
    decides, on the way out, whether to save it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self.end_if_outlived(request)
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

    @staticmethod
    def end_if_outlived(request: HttpRequest) -> None:
        """Before AuthenticationMiddleware reads the session: flush a signed-in session
        past its absolute lifetime, so the request goes on as a signed-out one."""
        session = getattr(request, "session", None)
        # No cookie, no session: nothing to read (and reading would mark it accessed).
        if session is None or session.session_key is None:
            return
        if SESSION_KEY not in session:
            return
        now = time.time()
        signed_in_at = session.get(SIGNED_IN_AT)
        if signed_in_at is None:
            session[SIGNED_IN_AT] = int(now)
        elif session_outlived(signed_in_at, now, settings.SESSION_ABSOLUTE_SECONDS):
            session.flush()
