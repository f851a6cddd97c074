"""After a delivery PostgreSQL plans with statistics of that delivery's rows, not of the one before.

Stale statistics estimate a new aanlevering_id at one row: the duplicate check of the next
delivery becomes a nested loop over all its persons, and missing statistics make the LKS-toets
scan every person instead of using the BSN index (see bench/lks_toets.py).
"""

import io

import pytest
from tests.hub.factories import personen, verzamelbestand

from django.db import connection

from vangnet.hub.constants import Kanaal
from vangnet.hub.dkd.ingest import Afzender, lever_aan


def _aanleveringen_in_statistieken(tabel: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_vals::text FROM pg_stats WHERE tablename = %s AND attname = 'aanlevering_id'", [tabel]
        )
        row = cursor.fetchone()
    return row[0] if row else ""


def test_each_delivery_leaves_statistics_of_its_own_rows(gemeente_a):
    if connection.vendor != "postgresql":
        pytest.skip("statistics for the planner are PostgreSQL's")
    eerste = lever_aan(Afzender(gemeente_a, Kanaal.CLI), io.BytesIO(verzamelbestand("GM0344", 1, personen(40))))
    assert _aanleveringen_in_statistieken("hub_dkdpersoon") == f"{{{eerste.aanlevering.pk}}}"

    tweede = lever_aan(
        Afzender(gemeente_a, Kanaal.CLI), io.BytesIO(verzamelbestand("GM0344", 2, personen(60, start=100)))
    )
    assert tweede.aanlevering.aantal_geaccepteerd == 60
    for tabel in ("hub_dkdpersoon", "hub_dkdvoorziening"):
        assert _aanleveringen_in_statistieken(tabel) == f"{{{tweede.aanlevering.pk}}}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'hub_dkdpersoon'")
        assert cursor.fetchone()[0] == 60
