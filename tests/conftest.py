import pytest
from django.core.management import call_command

from tests.factories import COMMISSIONER, LEAD, make_member, make_organisation


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the Grid catalogue, as a fresh install does."""
    with django_db_blocker.unblock():
        call_command("loaddata", "catalogue", verbosity=0)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def organisation():
    return make_organisation()


@pytest.fixture
def lead(organisation):
    return make_member(organisation, LEAD)


@pytest.fixture
def commissioner(organisation):
    return make_member(organisation, COMMISSIONER)
