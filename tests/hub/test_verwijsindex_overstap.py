"""A gemeente switching from verzamelbestand to webservice stays visible, and the monitor shows its verwijsindex."""

import io
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from tests.hub.factories import personen, verzamelbestand

from django.utils import timezone

from vangnet.domain.bsn import synthetic_bsn, synthetic_bsns
from vangnet.hub.constants import Kanaal
from vangnet.hub.dkd import verwijsindex_levering
from vangnet.hub.dkd.ingest import Afzender, lever_aan
from vangnet.hub.dkd.verwijsindex import verwijzingen
from vangnet.hub.models import DkdPersoon

from .test_verwijsindex_levering import patch, put, webservice

MONITOR = "/api/v1/dkd/monitor"


def bronnen(bsn: str) -> list[tuple[int, str]]:
    return [(v.gemeente_id, v.bron) for v in verwijzingen([bsn])]


@pytest.fixture
def batch_a(gemeente_a):
    """Utrecht delivered a verzamelbestand of persons 0, 1 and 2 (three of 20 in the monitor tests)."""
    lever_aan(Afzender(gemeente_a, Kanaal.CLI), io.BytesIO(verzamelbestand("GM0344", 1, personen(3))))
    return gemeente_a


def test_a_person_stays_findable_across_the_switch(batch_a, api_client_for):
    a = batch_a.pk
    blijft, vervalt, nieuw = synthetic_bsn(0), synthetic_bsn(2), synthetic_bsn(10)
    assert bronnen(blijft) == [(a, "batch")]

    webservice(batch_a)  # switched: nothing delivered yet, the batch persons still answer
    client = api_client_for(batch_a, ["dkd_aanleveren"])
    assert bronnen(blijft) == [(a, "batch")]

    assert patch(client, 1, toevoegen=[nieuw]).status_code == 200  # mutations alone do not replace the file
    assert bronnen(blijft) == [(a, "batch")] and bronnen(nieuw) == [(a, "webservice")]

    body = put(client, 2, [blijft, synthetic_bsn(1), nieuw]).json()
    assert (body["batch_vervangen"], body["aantal_voor"], body["aantal_na"]) == (3, 4, 3)
    assert bronnen(blijft) == [(a, "webservice")]  # found all along, now through the webservice
    assert bronnen(vervalt) == []
    assert not DkdPersoon.objects.filter(gemeente_id=a).exists()

    body = put(client, 3, [blijft, nieuw]).json()
    assert (body["batch_vervangen"], body["aantal_voor"], body["aantal_verwijderd"]) == (0, 3, 1)


def test_a_failed_first_replacement_keeps_the_batch_persons(batch_a):
    webservice(batch_a)
    with (
        mock.patch.object(verwijsindex_levering.BulkWriter, "write", side_effect=RuntimeError("verbinding weg")),
        pytest.raises(RuntimeError),
    ):
        verwijsindex_levering.vervang(verwijsindex_levering.Indiener(batch_a, "json"), [synthetic_bsn(0)], volgnummer=1)
    assert DkdPersoon.objects.filter(gemeente_id=batch_a.pk).count() == 3
    assert bronnen(synthetic_bsn(2)) == [(batch_a.pk, "batch")]


# --- the aanlevermonitor --------------------------------------------------------------------------------------


def rij(api_client_for, hub, code: str = "GM0344") -> dict:
    rows = api_client_for(hub, ["beheer"]).get(MONITOR).json()
    return next(r for r in rows if r["gemeentecode"] == code)


def test_the_monitor_row_of_a_webservice_gemeente(gemeente_a, api_client_for, hub):
    webservice(gemeente_a)
    client = api_client_for(gemeente_a, ["dkd_aanleveren"])
    nooit = rij(api_client_for, hub)
    assert (nooit["methode"], nooit["status"]) == ("webservice", "te_laat")
    assert nooit["redenen"] == ["Nog nooit een verwijsindex aangeleverd."]

    put(client, 1, list(synthetic_bsns(20)))
    goed = rij(api_client_for, hub)
    assert (goed["status"], goed["verwijsindex_aantal"], goed["redenen"]) == ("ok", 20, [])
    assert goed["verwijsindex_bijgewerkt_op"] is not None

    put(client, 2, list(synthetic_bsns(8)))  # accepted, but the index lost more than half
    krimp = rij(api_client_for, hub)
    assert (krimp["status"], krimp["verwijsindex_aantal"]) == ("onvolledig", 8)
    assert krimp["redenen"] == ["De verwijsindex kromp van 20 naar 8 BSN's."]

    patch(client, 3, toevoegen=list(synthetic_bsns(5, start=30)))
    assert rij(api_client_for, hub)["status"] == "ok"  # 13 of 20: no longer half or less


def test_the_monitor_counts_the_switch_and_a_removal_as_an_update(gemeente_a, api_client_for, hub):
    lever_aan(Afzender(gemeente_a, Kanaal.CLI), io.BytesIO(verzamelbestand("GM0344", 1, personen(20))))
    webservice(gemeente_a)
    client = api_client_for(gemeente_a, ["dkd_aanleveren"])
    overgestapt = rij(api_client_for, hub)
    assert (overgestapt["status"], overgestapt["verwijsindex_aantal"]) == ("ok", 20)  # the file still counts

    with time_machine.travel(timezone.now() - timedelta(days=20)):
        put(client, 1, list(synthetic_bsns(9)))
    verouderd = rij(api_client_for, hub)
    assert verouderd["verwijsindex_aantal"] == 9  # the file's persons were replaced, not added
    assert verouderd["status"] == "onvolledig"
    assert verouderd["redenen"] == [
        "De verwijsindex is 20 dagen niet bijgewerkt (wekelijks verwacht).",
        "De verwijsindex kromp van 20 naar 9 BSN's.",
    ]

    patch(client, 2, verwijderen=[synthetic_bsn(8)])  # only a removal: still an update of the index
    bijgewerkt = rij(api_client_for, hub)
    assert bijgewerkt["verwijsindex_aantal"] == 8
    assert bijgewerkt["redenen"] == ["De verwijsindex kromp van 20 naar 8 BSN's."]
