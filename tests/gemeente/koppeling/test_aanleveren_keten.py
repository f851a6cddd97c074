"""End to end over HTTP (pytest-django's live_server): the gemeente delivers its register to the hub's API,
the hub accepts it, and the hub's LKS-toets then finds the gemeente for a registered person."""

from datetime import date, timedelta

import httpx
import pytest

from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vangnet.domain.bsn import synthetic_bsn
from vangnet.gemeente.koppeling.aanleveren import lever_register_aan
from vangnet.gemeente.koppeling.constants import LeveringStatus
from vangnet.gemeente.koppeling.hubclient import HubClient
from vangnet.gemeente.koppeling.models import DkdLevering, GemeenteKoppeling
from vangnet.gemeente.register.constants import Kanaal
from vangnet.hub.models import DkdAanlevering, DkdPersoon
from vangnet.organisations.services import create_api_key


@pytest.fixture
def koppeling(live_server, transactional_db, gemeente_a):
    sleutel = create_api_key(gemeente_a, "gemeente-systeem", ["dkd_aanleveren", "lks_reintegratie_ophalen"])
    return GemeenteKoppeling.objects.create(gemeente=gemeente_a, hub_url=live_server.url, api_sleutel=sleutel.plain_key)


@pytest.fixture
def uwv_sleutel(uwv):
    return create_api_key(uwv, "uwv-test", ["lks_toets"]).plain_key


def lks_toets(live_server, sleutel: str, bsn: str, datum: date) -> dict:
    antwoord = httpx.post(
        f"{live_server.url}/api/v1/lks-toetsen",
        json={"bsn": bsn, "datum_einde_arbeidsverhouding": datum.isoformat()},
        headers={"X-Api-Key": sleutel},
    )
    assert antwoord.status_code == 200, antwoord.text
    return antwoord.json()


def test_the_hub_accepts_the_register_and_its_lks_toets_answers_ja(
    live_server, koppeling, gemeente_a, werkgever, maak_persoon, uwv_sleutel, capsys
):
    vandaag = timezone.localdate()
    maak_persoon(gemeente_a, werkgever, 1, perioden=((vandaag - timedelta(days=400), None),), voorletters="JP")
    maak_persoon(gemeente_a, werkgever, 2, perioden=((date(2015, 1, 1), date(2016, 12, 31)),))
    assert lks_toets(live_server, uwv_sleutel, synthetic_bsn(1), vandaag)["lks_betaald"] == "nee"

    call_command("gemeente-dkd-aanleveren", "--organisatie", "GM0344")
    uit = capsys.readouterr().out
    levering = DkdLevering.objects.get()
    assert (levering.status, levering.http_status, levering.volgnummer) == (LeveringStatus.GEACCEPTEERD, 201, 1)
    assert (levering.aantal_personen, levering.aantal_geaccepteerd, levering.aantal_afgekeurd) == (2, 2, 0)
    aanlevering = DkdAanlevering.objects.get()
    assert (levering.hub_aanlevering, levering.hub_status) == (aanlevering.uuid, "verwerkt")
    assert levering.bestand_sha256 == aanlevering.bestand_sha256
    assert "Hub: 201 geaccepteerd door de hub" in uit and "2 personen geaccepteerd, 0 afgekeurd" in uit
    terugmelding = f"{live_server.url}/api/v1/dkd/aanleveringen/{aanlevering.uuid}/terugmelding"
    assert levering.terugmelding_url == terugmelding and f"Terugmelding: {terugmelding}" in uit
    assert sorted(DkdPersoon.objects.values_list("bsn", flat=True)) == [synthetic_bsn(1), synthetic_bsn(2)]

    toets = lks_toets(live_server, uwv_sleutel, synthetic_bsn(1), vandaag)
    assert toets["lks_betaald"] == "ja"
    assert toets["gemeente"] == {"code": "GM0344", "naam": "Utrecht"}
    assert lks_toets(live_server, uwv_sleutel, synthetic_bsn(2), vandaag)["lks_betaald"] == "nee"

    # The next delivery takes the next volgnummer and replaces the set at the hub.
    call_command("gemeente-dkd-aanleveren", "--organisatie", "GM0344")
    assert DkdLevering.objects.first().volgnummer == 2
    assert DkdAanlevering.objects.filter(status="verwerkt").count() == 2


def test_a_volgnummer_used_at_the_hub_is_never_reused(live_server, koppeling, gemeente_a, werkgever, maak_persoon):
    maak_persoon(gemeente_a, werkgever, 1)
    call_command("gemeente-dkd-aanleveren", "--organisatie", "GM0344")
    # Someone delivered by hand with a higher volgnummer; the local counter knows nothing of it.
    DkdAanlevering.objects.filter(volgnummer=1).update(volgnummer=40)
    call_command("gemeente-dkd-aanleveren", "--organisatie", "GM0344")
    assert DkdLevering.objects.first().volgnummer == 41
    assert DkdLevering.objects.first().status == LeveringStatus.GEACCEPTEERD


def test_a_volgnummer_the_hub_has_for_another_file_is_not_taken_for_this_one(
    live_server, koppeling, gemeente_a, werkgever, maak_persoon
):
    maak_persoon(gemeente_a, werkgever, 1)
    call_command("gemeente-dkd-aanleveren", "--organisatie", "GM0344")
    # A manual upload at the hub took volgnummer 2, which the local counter gives out next: the hub
    # answers 200 with that other file's result, and the gemeente renumbers and sends again.
    DkdAanlevering.objects.filter(volgnummer=1).update(volgnummer=2)
    maak_persoon(gemeente_a, werkgever, 2)
    call_command("gemeente-dkd-aanleveren", "--organisatie", "GM0344")
    levering = DkdLevering.objects.first()
    assert (levering.volgnummer, levering.status, levering.aantal_geaccepteerd) == (3, LeveringStatus.GEACCEPTEERD, 2)
    assert DkdAanlevering.objects.get(volgnummer=3).bestand_sha256 == levering.bestand_sha256


def test_a_refusal_of_the_hub_is_recorded_with_its_reason(live_server, koppeling, gemeente_a, werkgever, maak_persoon):
    maak_persoon(gemeente_a, werkgever, 1)
    koppeling.api_sleutel = create_api_key(gemeente_a, "alleen-ophalen", ["lks_reintegratie_ophalen"]).plain_key
    koppeling.save()
    with pytest.raises(CommandError, match="Niet aangeleverd"):
        call_command("gemeente-dkd-aanleveren", "--organisatie", "GM0344")
    levering = DkdLevering.objects.get()
    assert (levering.status, levering.http_status) == (LeveringStatus.GEWEIGERD, 403)
    assert "403" in levering.melding and "machtiging" in levering.melding


def test_an_unreachable_hub_is_recorded(transactional_db, gemeente_a, werkgever, maak_persoon):
    maak_persoon(gemeente_a, werkgever, 1)
    GemeenteKoppeling.objects.create(gemeente=gemeente_a, hub_url="http://127.0.0.1:9", api_sleutel="vn_x_y")
    with pytest.raises(CommandError, match="De hub is niet bereikbaar"):
        call_command("gemeente-dkd-aanleveren", "--organisatie", "GM0344")
    assert DkdLevering.objects.get().status == LeveringStatus.MISLUKT


def test_the_portal_button_delivers_too(live_server, koppeling, gemeente_a, werkgever, maak_persoon, client, make_user):
    maak_persoon(gemeente_a, werkgever, 1)
    client.force_login(make_user(gemeente_a, "lks.beheer", ("dkd_aanleveren",)))
    antwoord = client.post("/gemeente/lks/hub/aanleveren/", follow=True)
    pagina = antwoord.content.decode()
    assert "Aangeleverd met volgnummer 1: 1 personen geaccepteerd, 0 afgekeurd." in pagina
    levering = DkdLevering.objects.get()
    assert (levering.kanaal, levering.door.username, levering.status) == ("portaal", "lks.beheer", "geaccepteerd")
    assert 'data-status="geaccepteerd"' in pagina


def test_a_usual_delivery_takes_few_queries_on_both_sides(transactional_db, gemeente_a, werkgever, maak_persoon):
    """In one process, so the hub's queries count too: the gemeente's file, its volgnummer and record, the
    hub's key check, volgnummer check and replacement of the set. A query more on every delivery is a cost
    at national volume (docs/simulation.md); this budget shows where one crept in."""
    for n in range(1, 4):
        maak_persoon(gemeente_a, werkgever, n)
    sleutel = create_api_key(gemeente_a, "gemeente-systeem", ["dkd_aanleveren"]).plain_key
    transport = httpx.WSGITransport(app=get_wsgi_application())
    with HubClient("http://testserver", sleutel, transport=transport) as client:
        lever_register_aan(gemeente_a, kanaal=Kanaal.API, client=client)  # the first: the key is checked
        with CaptureQueriesContext(connection) as queries:
            levering = lever_register_aan(gemeente_a, kanaal=Kanaal.API, client=client)
    assert (levering.status, levering.volgnummer, levering.aantal_geaccepteerd) == (LeveringStatus.GEACCEPTEERD, 2, 3)
    assert len(queries) <= 19, "\n".join(q["sql"][:150] for q in queries.captured_queries)
