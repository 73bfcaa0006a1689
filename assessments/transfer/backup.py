"""Back up everything to one gzip'd JSON file, and restore it into an empty database.

The file is Django's JSON fixture format (a list of ``{"model", "pk", "fields"}``), so
``loaddata`` could read it too, written a model at a time in a fixed order: accounts, the
catalogue, organisations and assessments, then every history table. Primary keys are
kept, so every reference (and every historical row's) stays right. Users' permissions
and groups are written with natural keys (``codename``, app, model) because
``migrate`` creates permissions with ids that may differ from one database to another.
Datetimes keep their microseconds (Django's encoder would round them to milliseconds,
which would change submission times and the order of history).

The whole file is one snapshot of the database (see ``_snapshot``), and ``backup`` checks
its own output before it reports success: every reference a restore enforces must point
at a row in the same file (``verify_references``). It writes to ``<path>.incomplete``
and renames that to ``path`` only once the check passes; on any failure the incomplete
file is removed and a back-up already at ``path`` is left as it was.
"""

import gzip
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, time
from itertools import islice
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import serializers
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from coprod_grid.models import CatalogueVersion, catalogue_changed

# Every app of ours that holds data, in the order of their references (a test checks
# that none is missed).
APP_LABELS = ("coprod_grid", "assessments", "panel", "peers", "codesign", "ledger", "costs")


def made_by_migrate() -> tuple[type[models.Model], ...]:
    """Rows a new database already has after ``migrate``: the default cost rates (a data
    migration writes them). The back-up holds them too, perhaps edited by staff, so a
    restore replaces them, and they do not make a new database count as used."""
    from assessments.costs.models import ExpertRate, StaffRole, UnitCost

    return (StaffRole, ExpertRate, UnitCost)


BATCH = 500


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def backed_up_models() -> list[type[models.Model]]:
    """Every model the back-up holds, in the order it is written and restored. Not the
    catalogue's version token: it only tells processes to read the catalogue again,
    migrate writes one, and a restore writes a new one."""
    ours = [
        model
        for label in APP_LABELS
        for model in apps.get_app_config(label).get_models()
        if model is not CatalogueVersion
    ]
    live = [model for model in ours if not model.__name__.startswith("Historical")]
    history = [model for model in ours if model.__name__.startswith("Historical")]
    return [Group, get_user_model(), *live, *history]


def _rows(model: type[models.Model]) -> Iterator[dict]:
    natural = model in (Group, get_user_model())
    queryset = model._base_manager.order_by("pk")
    m2m = [field.name for field in model._meta.many_to_many]
    if m2m:
        queryset = queryset.prefetch_related(*m2m)
    serializer = serializers.get_serializer("python")()
    iterator = queryset.iterator(chunk_size=BATCH)
    while batch := list(islice(iterator, BATCH)):
        yield from serializer.serialize(batch, use_natural_foreign_keys=natural)


# References ``verify_references`` does not check, and why.
UNCHECKED_REFERENCES = {
    # Outside the back-up: ``migrate`` creates permissions (with ids that differ between
    # databases), so groups' and users' permissions are written by natural key
    # (codename, app, model) and the restore looks each one up; a missing one fails there.
    Permission: "created by migrate, written by natural key, resolved by the restore",
}
# Besides those, history's copies of foreign keys (``db_constraint=False``, like
# ``HistoricalAction.assessment``) are not checked: history outlives the rows it
# describes, so such a value may name a row deleted long ago, and the restore does not
# enforce them either. Every reference the database enforces is checked.

# Natural keys as the back-up writes them (``use_natural_foreign_keys`` for these models).
_NATURAL_KEYS = {Group: ("name",), get_user_model(): (get_user_model().USERNAME_FIELD,)}


def _checked_references(model: type[models.Model]) -> list[models.Field]:
    """The model's foreign keys (its primary key too, when that is one, like a panel's
    assessment), one-to-ones and many-to-manys that the restore will enforce."""
    fields = []
    for field in model._meta.get_fields():
        if not (field.is_relation and field.concrete):
            continue
        if field.related_model in UNCHECKED_REFERENCES:
            continue
        if field.many_to_many or getattr(field, "db_constraint", False):
            fields.append(field)
    return fields


class ReferenceCheck:
    """Collects the rows of a back-up (or the row dicts it is made of) one at a time, and
    then says whether every checked reference points at a row that is in it."""

    def __init__(self) -> None:
        self.pks: dict[type[models.Model], set] = defaultdict(set)
        self.natural: dict[type[models.Model], set] = defaultdict(set)
        # (model, field name) -> {referenced value: first row's pk that refers to it}
        self.references: dict[tuple[type[models.Model], str], dict] = defaultdict(dict)
        self._fields: dict[type[models.Model], list[models.Field]] = {}

    def add(self, row: dict) -> None:
        model = apps.get_model(row["model"])
        self.pks[model].add(row["pk"])
        if model in _NATURAL_KEYS:
            key = tuple(row["fields"][name] for name in _NATURAL_KEYS[model])
            self.natural[model].add(key)
        if model not in self._fields:
            self._fields[model] = _checked_references(model)
        for field in self._fields[model]:
            if field.primary_key:  # not in "fields": the row's pk is the reference
                values = [row["pk"]]
            elif field.many_to_many:
                values = row["fields"].get(field.name, [])
            else:
                values = [row["fields"].get(field.name)]
            seen = self.references[model, field.name]
            for value in values:
                if value is not None:
                    seen.setdefault(tuple(value) if isinstance(value, list) else value, row["pk"])

    def missing(self) -> list[str]:
        """One line per (model, field) whose references name rows not in the back-up."""
        problems = []
        for (model, name), seen in self.references.items():
            target = model._meta.get_field(name).related_model
            present = self.pks[target] | self.natural[target]
            absent = sorted((v for v in seen if v not in present), key=repr)
            if absent:
                shown = ", ".join(repr(value) for value in absent[:20])
                more = f" and {len(absent) - 20} more" if len(absent) > 20 else ""
                problems.append(
                    f"{model._meta.label}.{name} refers to {target._meta.label} "
                    f"{shown}{more}, not in the back-up"
                )
        return problems


def verify_references(rows: Iterable[dict]) -> None:
    """Raise ``CommandError`` naming the model, field and missing ids if any reference
    the restore enforces points at a row that is not among ``rows``."""
    check = ReferenceCheck()
    for row in rows:
        check.add(row)
    if problems := check.missing():
        raise CommandError("The back-up is not consistent: " + "; ".join(problems))


@contextmanager
def _snapshot():
    """One read transaction that sees the database as of one moment.

    PostgreSQL: its default, READ COMMITTED, takes a new snapshot for every statement,
    so table after table would each see a different moment (actions whose assessment
    was committed after the assessments were read). REPEATABLE READ keeps the first
    statement's snapshot for the whole transaction, and every committed state satisfies
    the foreign keys, so the file does too. Not SERIALIZABLE READ ONLY DEFERRABLE: that
    adds only protection against anomalies among concurrent SERIALIZABLE transactions,
    and the app writes at READ COMMITTED with row locks, so it would buy nothing but a
    possible wait for a "safe" snapshot. SET TRANSACTION must be the transaction's
    first statement: ``atomic()`` only turns autocommit off (connecting, with its
    session settings, happens before, in autocommit), so nothing has run in it yet.

    Inside a caller's atomic block (a test's, say) the transaction has already begun
    and PostgreSQL refuses SET TRANSACTION after its first query, so the caller's
    transaction is used as it is; the reference check below still guards the output.

    SQLite: one transaction is already one snapshot. With WAL (our settings) a reader
    sees the database as of its first read until the transaction ends, whatever
    writers commit meanwhile; with a rollback journal the reader's shared lock keeps
    writers from committing until it ends. A deferred BEGIN takes the snapshot at the
    first read, before any row is read; our settings' BEGIN IMMEDIATE takes it, with the
    write lock, at BEGIN (so saves wait while a back-up runs on SQLite).
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def backup(path: str | Path) -> Counter:
    """Write the back-up; returns the number of rows written per model. Raises
    ``CommandError`` (and leaves no file) if the output's references do not hold."""
    path = Path(path)
    partial = path.with_name(path.name + ".incomplete")
    counts: Counter = Counter()
    check = ReferenceCheck()
    encoder = ExactJSONEncoder(ensure_ascii=False, sort_keys=True)
    try:
        with _snapshot(), gzip.open(partial, "wt", encoding="utf-8") as out:
            out.write("[")
            first = True
            for model in backed_up_models():
                for row in _rows(model):
                    out.write("\n" if first else ",\n")
                    out.write(encoder.encode(row))
                    first = False
                    counts[model._meta.label] += 1
                    check.add(row)
            out.write("\n]\n")
        if problems := check.missing():
            raise CommandError(
                "The back-up is not consistent, so it was not kept: " + "; ".join(problems)
            )
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return counts


def database_is_empty() -> bool:
    """True after ``migrate`` on a new database: no users, nothing in our apps.
    (Content types and permissions, which ``migrate`` creates, do not count.)"""
    defaults = made_by_migrate()
    return not any(
        model._base_manager.filter(organisation__isnull=False).exists()
        if model in defaults
        else model._base_manager.exists()
        for model in backed_up_models()
    )


def restore(path: str | Path) -> Counter:
    """Load a back-up into an empty database, all or nothing; returns rows per model."""
    if not database_is_empty():
        raise CommandError(
            "The database is not empty. Restore only into a new database after "
            "`python manage.py migrate` (no users, no catalogue, no organisations)."
        )
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        data = json.load(stream)
    counts: Counter = Counter()
    restored = backed_up_models()
    with transaction.atomic(), connection.constraint_checks_disabled():
        for model in made_by_migrate():
            # Raw: a delete through the ORM would record the defaults' removal in the
            # history, which the back-up restores as it was.
            model._base_manager.all()._raw_delete(connection.alias)
        deferred = []
        for item in serializers.deserialize("python", data, handle_forward_references=True):
            # Saving is raw, which history ignores, but setting many-to-many fields is
            # not: without this each assessment would gain a history row on restore.
            item.object.skip_history_when_saving = True
            item.save()
            counts[item.object._meta.label] += 1
            if item.deferred_fields:
                deferred.append(item)
        for item in deferred:
            item.save_deferred_fields()
        connection.check_constraints(table_names=[model._meta.db_table for model in restored])
        # Every process that kept the catalogue in memory must read the restored one.
        catalogue_changed()
    # New rows must not collide with restored ids (PostgreSQL's sequences; SQLite needs
    # nothing, its counters follow the rows).
    statements = connection.ops.sequence_reset_sql(no_style(), restored)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    return counts
