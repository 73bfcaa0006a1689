"""Writing hundreds of thousands of rows fast, for the national data generator."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, models

from assessments.codesign.models import CoDesignProject, ProjectPhase
from assessments.ledger.models import LedgerEntry
from assessments.models import Action, Answer, Assessment, Membership, Organisation, SectionState

BATCH = 2000


def fast_insert(model: type[models.Model], names: list[str], rows: list[tuple]) -> None:
    """Insert ``rows`` (tuples of Python values, in the order of ``names``; lists as
    tuples) with ``executemany``, preparing each distinct value once.

    Building 200,000 model instances and letting ``bulk_create`` prepare every value of
    every row through its field took four fifths of the generator's time; here a value
    seen before (an assessment id, a timestamp, a set of stages) is prepared once. Only
    for rows whose primary keys are not needed back.
    """
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    caches: list[dict] = [{} for _ in fields]

    def prepared(index: int, value):
        cache = caches[index]
        if value not in cache:
            python = list(value) if isinstance(value, tuple) else value
            cache[value] = fields[index].get_db_prep_save(python, connection)
        return cache[value]

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one stream instead of a statement per row.
            columns = ", ".join(quote(field.column) for field in fields)
            table = quote(model._meta.db_table)
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([prepared(i, value) for i, value in enumerate(row)])
            return
        for start in range(0, len(rows), 5 * BATCH):
            cursor.executemany(
                sql,
                [
                    [prepared(i, value) for i, value in enumerate(row)]
                    for row in rows[start : start + 5 * BATCH]
                ],
            )


@contextmanager
def explicit_timestamps() -> Iterator[None]:
    """Let ``bulk_create`` keep the (past) timestamps we give instead of "now"."""
    fields = [
        field
        for model in (
            Organisation,
            Membership,
            Assessment,
            Answer,
            SectionState,
            Action,
            LedgerEntry,
            CoDesignProject,
            ProjectPhase,
        )
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add
