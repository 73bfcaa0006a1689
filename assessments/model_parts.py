"""What every model of the assessments apps is made with: who did something, soft
deletion, the history's user, and checks of known values. The panel's models use them
too, so they live outside ``models.py``."""

from django.conf import settings
from django.db import models
from django.db.models import Q


def optional(to, on_delete) -> models.ForeignKey:
    return models.ForeignKey(to, on_delete=on_delete, null=True, blank=True, related_name="actions")


def known(field: str, values: list[str], name: str) -> models.CheckConstraint:
    """A database check that ``field`` holds one of ``values``."""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": values}), name=name)


def frequency_rules(prefix: str, frequencies: list[str]) -> list[models.CheckConstraint]:
    """The database's rules for every answer of how often (the commissioners', a panel
    member's, an agreed one): a known frequency, and no stages on "Not at the moment"."""
    return [
        models.CheckConstraint(
            condition=~Q(frequency="none") | Q(stages=[]), name=f"{prefix}_no_stages_when_none"
        ),
        known("frequency", frequencies, f"{prefix}_frequency_known"),
    ]


def person(**options) -> models.ForeignKey:
    """Who did something: empty if the account is ever removed; no reverse relation."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", **options
    )


class AliveManager(models.Manager):
    """Rows not (soft) deleted. As the default manager it hides them from related
    managers too; the base manager, which forward relations use, still sees them."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(deleted_at__isnull=True)


def history_user(request=None, instance=None, **kwargs):
    """Who made a change: the signed-in user of the request when there is one, else the
    ``updated_by`` the service set (management commands, imports, background work)."""
    if request is not None and request.user.is_authenticated:
        return request.user
    return getattr(instance, "updated_by", None)


class SoftDeletable(models.Model):
    """Deleting only marks the row: ``objects`` hides it, ``all_objects`` still sees it."""

    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_by = person(blank=True, editable=False)

    objects = AliveManager()
    all_objects = models.Manager()  # noqa: DJ012 (deleted rows too; `objects` stays the default)

    class Meta:
        abstract = True
