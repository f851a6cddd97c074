"""Fast inserts of many rows inside the current transaction: COPY on PostgreSQL, executemany on SQLite.

``BulkWriter`` writes ready rows (the hub's deliveries); ``voeg_in`` inserts new model instances
without the per-batch SQL compilation of bulk_create (SQLite allows 999 parameters a statement, so
bulk_create compiles a new INSERT for every few dozen rows of a wide table). The instances get no
primary key back: the caller reads the rows again when it needs them.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Model

Rows = list[tuple[Any, ...]]


def uses_copy() -> bool:
    return connection.vendor == "postgresql"


class BulkWriter:
    """Writes complete rows (executemany) or ready COPY text for one table, counting what it wrote."""

    def __init__(self, model: type[Model], columns: Sequence[str]) -> None:
        table = connection.ops.quote_name(model._meta.db_table)
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        self.copy_sql = f"COPY {table} ({quoted}) FROM STDIN"
        self.insert_sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
        self.written = 0

    def write(self, rows: Rows | bytes, count: int) -> None:
        if not count:
            return
        with connection.cursor() as cursor:
            if isinstance(rows, bytes):
                with cursor.cursor.copy(self.copy_sql) as copy:
                    copy.write(rows)
            else:
                cursor.executemany(self.insert_sql, rows)
        self.written += count


def voeg_in(model: type[Model], objecten: Sequence[Model]) -> None:
    """INSERT the (unsaved) ``objecten`` of ``model`` with their field defaults and auto_now(_add) values."""
    velden = [f for f in model._meta.concrete_fields if not f.primary_key]
    rijen = [tuple(f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in velden) for obj in objecten]
    BulkWriter(model, [f.column for f in velden]).write(rijen, len(rijen))
