import time

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from coprod_grid.accounts.two_factor.devices import (
    totp_device_confirmed,
    two_factor_add,
    two_factor_required,
)

# The NHS.UK conformance tally's hook, registered here so that it prints under xdist too:
# only this conftest reaches the process that writes the summary.
from tests.coprod_grid.nhsuk.tally import pytest_terminal_summary  # noqa: F401
from tests.factories import COMMISSIONER, LEAD, make_member, make_organisation


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the Grid catalogue, as a fresh install does."""
    with django_db_blocker.unblock():
        call_command("loaddata", "catalogue", verbosity=0)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks run as they are enqueued, so ``django.core.mail.outbox`` holds a
    message as soon as ``send_message`` returns. Tests of the worker itself set
    ``settings.TASKS`` back to the database backend."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": settings.TASK_QUEUES,
        }
    }


@pytest.fixture(autouse=True)
def _reports_not_rendered_ahead(settings):
    """A save does not render its organisation's PDFs in the background: with tasks run
    at once, every save in a test would lay out two PDFs. The tests of rendering ahead
    turn it on (tests/assessments/reports/test_render_ahead.py)."""
    settings.REPORTS_RENDER_AHEAD = False


class VerifiedClient(Client):
    """pytest-django's ``client``, whose ``force_login`` also marks the session as having
    given a second factor (``django_otp.DEVICE_ID_SESSION_KEY``), as the code step does.

    ``force_login`` already skips the password; skipping the code is the same kind of
    shortcut, so the site's tests of what a signed-in lead may do need not each type a
    code. Someone who must use two-factor sign-in and has no app gets one first (their
    ``AccountEvent`` list then starts with "Two-factor sign-in set up"). Tests of the
    sign-in steps themselves use a plain ``django.test.Client``."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        device = totp_device_confirmed(user=user)
        if device is None and two_factor_required(user):
            device, _ = two_factor_add(user=user)
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


@pytest.fixture
def client() -> VerifiedClient:
    return VerifiedClient()


def authenticator_code(device: TOTPDevice) -> str:
    """The code the person's authenticator app shows now, as they would type it.

    django-otp accepts the code of the current 30-second step or either neighbour, but
    only one later than the last it accepted, so signing in twice within a step takes the
    next step's code; if even that is spent, wait for the clock."""
    device.refresh_from_db()
    while True:
        now = (int(time.time()) - device.t0) // device.step + device.drift
        step = max(now, device.last_t + 1)
        if step <= now + device.tolerance:
            return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"
        time.sleep(1)


@pytest.fixture
def organisation():
    return make_organisation()


@pytest.fixture
def lead(organisation):
    return make_member(organisation, LEAD)


@pytest.fixture
def commissioner(organisation):
    return make_member(organisation, COMMISSIONER)
