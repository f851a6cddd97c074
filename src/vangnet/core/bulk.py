"""Inserting many new model instances in one statement, without the per-batch SQL compilation of bulk_create.

SQLite allows 999 parameters a statement, so bulk_create compiles a new INSERT for every few
dozen rows of a wide table; executemany compiles one. The instances get no primary key back:
the caller reads the rows again when it needs them.
"""

from collections.abc import Sequence

from django.db import connection
from django.db.models import Model


def voeg_in(model: type[Model], objecten: Sequence[Model]) -> None:
    """INSERT the (unsaved) ``objecten`` of ``model`` with their field defaults and auto_now(_add) values."""
    if not objecten:
        return
    velden = [f for f in model._meta.concrete_fields if not f.primary_key]
    tabel = connection.ops.quote_name(model._meta.db_table)
    kolommen = ", ".join(connection.ops.quote_name(f.column) for f in velden)
    sql = f"INSERT INTO {tabel} ({kolommen}) VALUES ({', '.join(['%s'] * len(velden))})"  # noqa: S608
    rijen = [tuple(f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in velden) for obj in objecten]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rijen)
