"""Fast inserts of many rows inside the current transaction: COPY on PostgreSQL, executemany on SQLite.

Rows are written by a loader thread on the same database connection (and so in the same
transaction), so that parsing the next records overlaps with storing the previous ones:
the database drivers do their work without holding Python's GIL. While a BulkLoader is
open, the calling thread must not use the connection itself.
"""

import threading
from collections.abc import Sequence
from queue import Queue
from types import TracebackType
from typing import Any

from django.db import connection
from django.db.models import Model

BATCH_SIZE = 5_000

Rows = list[tuple[Any, ...]]


class BulkLoader:
    """Owns the loader thread; `writer()` gives a per-table collector that feeds it."""

    def __init__(self) -> None:
        self._queue: Queue[tuple[str, Rows] | None] = Queue(maxsize=8)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="bulk-loader", daemon=True)
        self._postgres = connection.vendor == "postgresql"

    def __enter__(self) -> "BulkLoader":
        connection.ensure_connection()
        self._raw = connection.connection
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None and exc is None:
            raise self._error

    def writer(self, model: type[Model], columns: Sequence[str], batch_size: int = BATCH_SIZE) -> "BulkWriter":
        return BulkWriter(self, model, columns, batch_size)

    def submit(self, sql: str, rows: Rows) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put((sql, rows))

    def copy_sql(self, table: str, columns: Sequence[str]) -> str:
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        if self._postgres:
            return f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
        placeholders = ", ".join(["?"] * len(columns))
        return f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({placeholders})"  # noqa: S608

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is not None:
                continue  # drain: the caller learns of the error on its next submit or on exit
            sql, rows = item
            try:
                self._write(sql, rows)
            except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
                self._error = error

    def _write(self, sql: str, rows: Rows) -> None:
        if self._postgres:
            with self._raw.cursor() as cursor, cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            self._raw.executemany(sql, rows)


class BulkWriter:
    """Collects rows for one table and hands them to the loader in batches; flush() at the end."""

    def __init__(self, loader: BulkLoader, model: type[Model], columns: Sequence[str], batch_size: int) -> None:
        self.loader = loader
        self.sql = loader.copy_sql(model._meta.db_table, columns)
        self.batch_size = batch_size
        self.rows: Rows = []
        self.written = 0

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.loader.submit(self.sql, self.rows)
            self.written += len(self.rows)
            self.rows = []
