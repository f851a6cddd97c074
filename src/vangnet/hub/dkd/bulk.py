"""Fast inserts of many rows inside the current transaction: COPY on PostgreSQL, executemany on SQLite."""

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
