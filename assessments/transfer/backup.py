"""Back up everything to one gzip'd JSON file, and restore it into an empty database.

The file is Django's JSON fixture format (a list of ``{"model", "pk", "fields"}``), so
``loaddata`` could read it too, written a model at a time in a fixed order: accounts, the
catalogue, organisations and assessments, then every history table. Primary keys are
kept, so every reference (and every historical row's) stays right. Users' permissions
and groups are written with natural keys (``codename``, app, model) because
``migrate`` creates permissions with ids that may differ from one database to another.
Datetimes keep their microseconds (Django's encoder would round them to milliseconds,
which would change submission times and the order of history).
"""

import gzip
import json
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, time
from itertools import islice
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from coprod_grid.models import CatalogueVersion, catalogue_changed

APP_LABELS = ("coprod_grid", "assessments", "panel")  # in the order of their references
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


def backup(path: str | Path) -> Counter:
    """Write the back-up; returns the number of rows written per model."""
    counts: Counter = Counter()
    encoder = ExactJSONEncoder(ensure_ascii=False, sort_keys=True)
    # One read transaction: a consistent picture even while people keep saving.
    with transaction.atomic(), gzip.open(path, "wt", encoding="utf-8") as out:
        out.write("[")
        first = True
        for model in backed_up_models():
            for row in _rows(model):
                out.write("\n" if first else ",\n")
                out.write(encoder.encode(row))
                first = False
                counts[model._meta.label] += 1
        out.write("\n]\n")
    return counts


def database_is_empty() -> bool:
    """True after ``migrate`` on a new database: no users, nothing in our apps.
    (Content types and permissions, which ``migrate`` creates, do not count.)"""
    return not any(model._base_manager.exists() for model in backed_up_models())


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
