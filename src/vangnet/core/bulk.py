"""Fast inserts of many rows inside the current transaction: COPY on PostgreSQL, executemany on SQLite.

``BulkWriter`` writes ready rows (the hub's deliveries); ``voeg_in`` inserts new model instances
without the per-batch SQL compilation of bulk_create (SQLite allows 999 parameters a statement, so
bulk_create compiles a new INSERT for every few dozen rows of a wide table). The instances get no
primary key back: the caller reads the rows again when it needs them. ``werk_bij`` stores changed fields
of many saved instances in one executemany.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Field, Model

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
    waarden = [_DatabaseWaarde(veld) for veld in velden]
    rijen = [tuple(waarde(obj) for waarde in waarden) for obj in objecten]
    BulkWriter(model, [f.column for f in velden]).write(rijen, len(rijen))


def werk_bij(objecten: Sequence[Model], velden: Sequence[str]) -> None:
    """Store ``velden`` of the (saved) ``objecten`` in one executemany. Django's bulk_update builds a CASE
    per field over every object, which costs more than the change itself for a few dozen rows."""
    if not objecten or not velden:
        return
    meta = objecten[0]._meta
    kolommen = [kolom for kolom in map(meta.get_field, velden) if isinstance(kolom, Field)]
    naam = connection.ops.quote_name
    toewijzingen = ", ".join(f"{naam(kolom.column)} = %s" for kolom in kolommen)
    sql = f"UPDATE {naam(meta.db_table)} SET {toewijzingen} WHERE {naam(meta.pk.column)} = %s"  # noqa: S608
    rijen = [[kolom.get_db_prep_save(getattr(obj, kolom.attname), connection) for kolom in kolommen] + [obj.pk]
             for obj in objecten]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.executemany(sql, rijen)


class _DatabaseWaarde:
    """A field's value of an object for the database, each distinct value converted once: the rows of one
    insert share most of their dates, names and foreign keys, and Django's conversion is a chain of calls."""

    def __init__(self, veld: "Field[Any, Any]") -> None:
        self.veld = veld
        self.omgezet: dict[tuple[type, Any], Any] = {}
        self.automatisch = getattr(veld, "auto_now", False) or getattr(veld, "auto_now_add", False)
        self.moment: Any = None
        """auto_now(_add): the first object's moment, for the whole insert (not a new one for every row)."""

    def __call__(self, obj: Model) -> Any:
        if self.moment is not None:
            return self.moment
        waarde = self.veld.pre_save(obj, add=True)
        if self.automatisch:
            self.moment = self.veld.get_db_prep_save(waarde, connection)
            return self.moment
        sleutel = (type(waarde), waarde)
        try:
            return self.omgezet[sleutel]
        except KeyError:
            omgezet = self.omgezet[sleutel] = self.veld.get_db_prep_save(waarde, connection)
            return omgezet
        except TypeError:  # not hashable
            return self.veld.get_db_prep_save(waarde, connection)
