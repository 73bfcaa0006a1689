"""Who may see and do what. Every lookup of an organisation's data goes through a helper
here that answers 404 for anyone who is not a member, so another organisation's objects
look exactly like objects that do not exist. Deleted (soft-deleted) organisations and
assessments are hidden here like objects that do not exist. ``require_lead`` is the
one check of the lead's role, for views and services alike.

A lived-experience panel member is not a member of the organisation: they reach only
their own seat on the panels they joined (``panel_seat_for``), never anything through
``assessment_for_user``.

Every refusal here is logged (logger ``coprod_grid.access``, WARNING) with the user's id,
the kind and id of what was asked for and the reason, never the data itself, so that
someone probing other organisations' ids shows up as a person, not as broken links. A
404's reason is "not a member": the one query cannot tell another organisation's object
from one that is deleted or never existed, and need not.
"""

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.http import Http404

from .models import Assessment, Membership, Organisation
from .panel.models import Panel, PanelMember

logger = logging.getLogger("coprod_grid.access")

NOT_A_MEMBER = "not a member"
NOT_THE_LEAD = "not the lead"
NOT_THEIR_SEAT = "not their seat"


def log_refusal(*, user_id: int | None, kind: str, object_id: int, reason: str) -> None:
    """One line per refusal, its fields also as the record's attributes for a structured
    handler. Only ids and a fixed reason: no title, name or answer is ever logged."""
    logger.warning(
        "Access refused: user_id=%s %s_id=%s reason=%s",
        user_id,
        kind,
        object_id,
        reason,
        extra={
            "user_id": user_id,
            "object_kind": kind,
            "object_id": object_id,
            "reason": reason,
        },
    )


@dataclass(frozen=True)
class AssessmentAccess:
    assessment: Assessment
    membership: Membership

    @property
    def is_lead(self) -> bool:
        return self.membership.is_lead


def membership_for(*, user: AbstractBaseUser, organisation_id: int) -> Membership:
    try:
        return Membership.objects.select_related("organisation").get(
            # organisation__pk, not organisation_id: a lookup on the primary key answers
            # "no such row" for an id beyond the database's integers instead of crashing.
            user=user,
            organisation__pk=organisation_id,
            organisation__deleted_at__isnull=True,
        )
    except Membership.DoesNotExist:
        log_refusal(
            user_id=user.pk, kind="organisation", object_id=organisation_id, reason=NOT_A_MEMBER
        )
        raise Http404("No such organisation") from None


@dataclass(frozen=True)
class _Table:
    """One model's columns in the access query, and how each value is read back as
    the ORM reads it (the database's converters and the field's own)."""

    model: type[Model]
    alias: str
    attnames: tuple[str, ...]
    # Each column's expression and its converters, called as the ORM calls them.
    converters: tuple[tuple[Any, tuple], ...]

    def columns(self, quote) -> str:
        return ", ".join(
            f"{self.alias}.{quote(field.column)}" for field in self.model._meta.concrete_fields
        )

    @property
    def pk_index(self) -> int:
        return self.attnames.index(self.model._meta.pk.attname)

    def instance(self, values: Sequence, db: str, connection) -> Model:
        read = []
        for value, (column, converters) in zip(values, self.converters, strict=True):
            for converter in converters:
                value = converter(value, column, connection)
            read.append(value)
        return self.model.from_db(db, self.attnames, read)


def _table(model: type[Model], alias: str, connection) -> _Table:
    fields = model._meta.concrete_fields
    converters = []
    for field in fields:
        column = field.get_col(alias)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        converters.append((column, tuple(found)))
    return _Table(model, alias, tuple(f.attname for f in fields), tuple(converters))


_PEOPLE = ("created_by", "updated_by", "submitted_by")


@functools.cache
def _access_query(alias: str) -> tuple[str, tuple[_Table, ...]]:
    """The access query, written once a process. The people who changed the assessment
    come in one join (a row for each of them, at most three) instead of a join each: a
    PostgreSQL plan of eight joined tables took far longer to find than to run, and the
    ORM took longer still to build and read it."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    tables = (
        _table(Assessment, "a", connection),
        _table(Organisation, "o", connection),
        _table(Membership, "m", connection),
        _table(get_user_model(), "u", connection),
        _table(Panel, "p", connection),
    )
    assessment, organisation, membership, user, panel = (t.model._meta for t in tables)

    def column(meta, name: str) -> str:
        return quote(meta.get_field(name).column)

    people = ", ".join(f"a.{column(assessment, name)}" for name in _PEOPLE)
    sql = (
        f"SELECT {', '.join(table.columns(quote) for table in tables)}"
        f" FROM {quote(assessment.db_table)} a"
        f" JOIN {quote(organisation.db_table)} o"
        f" ON o.{quote(organisation.pk.column)} = a.{column(assessment, 'organisation')}"
        f" JOIN {quote(membership.db_table)} m"
        f" ON m.{column(membership, 'organisation')} = a.{column(assessment, 'organisation')}"
        f" LEFT JOIN {quote(user.db_table)} u ON u.{quote(user.pk.column)} IN ({people})"
        f" LEFT JOIN {quote(panel.db_table)} p"
        f" ON p.{column(panel, 'assessment')} = a.{quote(assessment.pk.column)}"
        f" WHERE a.{quote(assessment.pk.column)} = %s"
        f" AND a.{column(assessment, 'deleted_at')} IS NULL"
        f" AND o.{column(organisation, 'deleted_at')} IS NULL"
        f" AND m.{column(membership, 'user')} = %s"
    )
    return sql, tables


def _in_range(assessment_id: int, connection) -> bool:
    """Whether the id fits the database's integers (the ORM's pk lookup answers "no such
    row" for one that does not, without asking)."""
    low, high = connection.ops.integer_field_range(Assessment._meta.pk.get_internal_type())
    return (low is None or assessment_id >= low) and (high is None or assessment_id <= high)


def _read_access(user: AbstractBaseUser, assessment_id: int) -> AssessmentAccess | None:
    """The access query's rows as the instances ``select_related`` would give: the
    assessment with its organisation, the three people and its panel (or None, known
    to be none), and the user's membership; None when there is no such row."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not _in_range(assessment_id, connection):
        return None
    sql, tables = _access_query(connection.alias)
    with connection.cursor() as cursor:
        cursor.execute(sql, (assessment_id, user.pk))
        rows = cursor.fetchall()
    if not rows:
        return None
    db = connection.alias
    widths = [len(table.attnames) for table in tables]
    starts = [sum(widths[:index]) for index in range(len(widths))]

    def values(row, index: int) -> Sequence:
        return row[starts[index] : starts[index] + widths[index]]

    first = rows[0]
    assessment_t, organisation_t, membership_t, user_t, panel_t = tables
    assessment = assessment_t.instance(values(first, 0), db, connection)
    organisation = organisation_t.instance(values(first, 1), db, connection)
    membership = membership_t.instance(values(first, 2), db, connection)
    Assessment.organisation.field.set_cached_value(assessment, organisation)
    people = {
        row[starts[3] + user_t.pk_index]: values(row, 3)
        for row in rows
        if row[starts[3] + user_t.pk_index] is not None
    }
    for name in _PEOPLE:
        field = Assessment._meta.get_field(name)
        person_id = getattr(assessment, field.attname)
        person = None
        if person_id is not None:
            person = user_t.instance(people[person_id], db, connection)
        field.set_cached_value(assessment, person)
    panel_field = Panel._meta.get_field("assessment")
    panel = None
    if first[starts[4] + panel_t.pk_index] is not None:
        panel = panel_t.instance(values(first, 4), db, connection)
        panel_field.set_cached_value(panel, assessment)
    panel_field.remote_field.set_cached_value(assessment, panel)
    membership.organisation = organisation
    membership.user = user
    return AssessmentAccess(assessment=assessment, membership=membership)


def assessment_for_user(*, user: AbstractBaseUser, assessment_id: int) -> AssessmentAccess:
    """The assessment (with its organisation, the people who changed it, and its panel
    if it has one) and the user's membership of its organisation, in one query."""
    found = _read_access(user, assessment_id)
    if found is None:
        log_refusal(
            user_id=user.pk, kind="assessment", object_id=assessment_id, reason=NOT_A_MEMBER
        )
        raise Http404("No such assessment")
    return found


def user_memberships(*, user: AbstractBaseUser) -> QuerySet[Membership]:
    return Membership.objects.filter(
        user=user, organisation__deleted_at__isnull=True
    ).select_related("organisation")


def organisation_for_member(*, user: AbstractBaseUser, organisation_id: int) -> Organisation:
    return membership_for(user=user, organisation_id=organisation_id).organisation


def require_lead(*, membership: Membership) -> None:
    if not membership.is_lead:
        log_refusal(
            user_id=membership.user_id,
            kind="organisation",
            object_id=membership.organisation_id,
            reason=NOT_THE_LEAD,
        )
        raise PermissionDenied("Only an involvement lead can do this")


def panel_seat_for(*, user: AbstractBaseUser, member_id: int) -> PanelMember:
    """The user's own seat on the panel of a live assessment, with its assessment and
    organisation, in one query; 404 for anyone else's seat."""
    try:
        return PanelMember.objects.select_related("panel__assessment__organisation").get(
            pk=member_id,
            user=user,
            user__isnull=False,
            panel__assessment__deleted_at__isnull=True,
            panel__assessment__organisation__deleted_at__isnull=True,
        )
    except PanelMember.DoesNotExist:
        log_refusal(
            user_id=user.pk, kind="panel_member", object_id=member_id, reason=NOT_THEIR_SEAT
        )
        raise Http404("No such rating") from None


def panel_seats(*, user: AbstractBaseUser):
    """The user's seats on panels of live assessments, newest assessment first."""
    return (
        PanelMember.objects.filter(
            user=user,
            panel__assessment__deleted_at__isnull=True,
            panel__assessment__organisation__deleted_at__isnull=True,
        )
        .select_related("panel__assessment__organisation")
        .order_by("-panel__assessment__period", "-pk")
    )
