"""Recording a change to how an account signs in (``AccountEvent``)."""

from django.contrib.auth.models import AbstractBaseUser

from .models import AccountEvent


def account_event_record(
    *, user: AbstractBaseUser, kind: AccountEvent.Kind, actor: AbstractBaseUser | None = None
) -> AccountEvent:
    """``actor`` is who made the change; by default the person themself."""
    return AccountEvent.objects.create(user=user, kind=kind, actor=actor or user)


def account_events_recent(*, user: AbstractBaseUser, limit: int = 10) -> list[AccountEvent]:
    return list(AccountEvent.objects.filter(user=user).select_related("actor")[:limit])
