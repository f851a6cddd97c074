"""Forwarding a dossier to the woongemeente through the hub; both dossiers show it."""

from datetime import date

import httpx
import pytest
import time_machine
from tests.conftest import PASSWORD
from tests.gemeente.dossiers.bestanden import BSN_1
from tests.gemeente.dossiers.conftest import caller_van

from rest_framework.test import APIClient

from vangnet.gemeente.dossiers.constants import Bron
from vangnet.gemeente.dossiers.doorverwijzing import verwijs_door
from vangnet.gemeente.dossiers.models import Doorverwijzing, Dossier
from vangnet.gemeente.dossiers.services import DossierFout
from vangnet.gemeente.dossiers.signaalintake import importeer_signaalrapport
from vangnet.hub.models import Signaal
from vangnet.hub.signalen.publicatie import publiceer_signaalrapporten
from vangnet.organisations.constants import Product
from vangnet.organisations.services import create_api_key


@pytest.fixture(autouse=True)
def vandaag():
    with time_machine.travel("2026-03-20 10:00 +01:00", tick=False) as reis:
        yield reis


def hub_in_proces(verzoek: httpx.Request) -> httpx.Response:
    """The hub's API, answered by Django's test client in this process."""
    client = APIClient()
    antwoord = client.generic(
        verzoek.method,
        verzoek.url.path,
        verzoek.content,
        content_type=verzoek.headers.get("content-type", ""),
        HTTP_X_API_KEY=verzoek.headers["x-api-key"],
    )
    return httpx.Response(
        antwoord.status_code, content=antwoord.content, headers={"content-type": antwoord["Content-Type"]}
    )


HUB = httpx.MockTransport(hub_in_proces)


@pytest.fixture
def hub_ingesteld(settings, gemeente_a):
    settings.VANGNET_HUB_URL = "https://hub.example/"
    settings.VANGNET_HUB_API_KEY = create_api_key(gemeente_a, "hub", [Product.CASEMANAGEMENT]).plain_key


@pytest.fixture
def km(gemeente_a, make_user):
    return caller_van(make_user(gemeente_a, "km"))


def test_forwarding_reaches_the_woongemeente_in_its_next_report(
    dossier_a, km, gemeente_b, hub_ingesteld, make_user, client, vandaag
):
    verwijzing = verwijs_door(km, dossier_a, gemeente_b, "Woont in Amsterdam.", transport=HUB)
    assert (verwijzing.naar_gemeente, verwijzing.door, verwijzing.reden) == (
        gemeente_b,
        km.gebruiker,
        "Woont in Amsterdam.",
    )
    signaal = Signaal.objects.get()
    assert (signaal.gemeente, signaal.bsn, signaal.datum_eerste_ao_dag) == (gemeente_b, BSN_1, date(2026, 3, 2))

    vandaag.move_to("2026-03-21 06:00 +01:00")
    [rapport] = publiceer_signaalrapporten(date(2026, 3, 21))
    importeer_signaalrapport(gemeente_b, bytes(rapport.inhoud), rapport.bestandsnaam, Bron.HUB)
    bij_b = Dossier.objects.get(gemeente=gemeente_b, bsn=BSN_1)
    assert bij_b.datum_eerste_ao_dag == date(2026, 3, 2)

    make_user(gemeente_b, "amsterdam")
    client.login(username="amsterdam", password=PASSWORD)
    html = client.get(f"/gemeente/dossiers/{bij_b.uuid}/").content.decode()
    assert "Doorverwezen door <strong>Utrecht</strong>" in html and "Woont in Amsterdam." in html
    assert client.get(f"/gemeente/dossiers/{dossier_a.uuid}/").status_code == 404  # the dossier itself stays A's

    client.login(username="km", password=PASSWORD)
    html = client.get(f"/gemeente/dossiers/{dossier_a.uuid}/").content.decode()
    assert "Doorverwezen naar <strong>Amsterdam</strong>" in html


def test_forwarding_twice_to_the_same_gemeente_or_to_the_own_is_refused(
    dossier_a, km, gemeente_a, gemeente_b, hub_ingesteld
):
    verwijs_door(km, dossier_a, gemeente_b, "Woont in Amsterdam.", transport=HUB)
    with pytest.raises(DossierFout, match="al naar deze gemeente"):
        verwijs_door(km, dossier_a, gemeente_b, "Nog eens.", transport=HUB)
    with pytest.raises(DossierFout, match="andere gemeente"):
        verwijs_door(km, dossier_a, gemeente_a, "Eigen.", transport=HUB)
    with pytest.raises(DossierFout, match="reden"):
        verwijs_door(km, dossier_a, gemeente_b, "  ", transport=HUB)
    assert Signaal.objects.count() == 1 and Doorverwijzing.objects.count() == 1


def test_nothing_is_recorded_when_the_hub_refuses(dossier_a, km, gemeente_b, settings, gemeente_a):
    settings.VANGNET_HUB_URL = "https://hub.example/"
    settings.VANGNET_HUB_API_KEY = create_api_key(gemeente_a, "hub", [Product.LKS_REINTEGRATIE_OPHALEN]).plain_key
    with pytest.raises(DossierFout, match="De hub heeft de doorverwijzing niet aangenomen"):
        verwijs_door(km, dossier_a, gemeente_b, "Woont in Amsterdam.", transport=HUB)
    assert not Doorverwijzing.objects.exists() and not Signaal.objects.exists()


def test_the_portal_form_forwards_and_refuses_without_reason(
    dossier_a, gemeente_a, gemeente_b, hub_ingesteld, make_user, client, monkeypatch
):
    from vangnet.gemeente.koppeling import hubclient

    echte = hubclient.HubClient.voor.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(
        hubclient.HubClient, "voor", classmethod(lambda cls, g, transport=None: echte(cls, g, transport=HUB))
    )
    make_user(gemeente_a, "km")
    client.login(username="km", password=PASSWORD)
    pad = f"/gemeente/dossiers/{dossier_a.uuid}/doorverwijzen/"
    geweigerd = client.post(pad, {"naar_gemeente": gemeente_b.pk, "reden": ""})
    assert geweigerd.status_code == 400
    antwoord = client.post(pad, {"naar_gemeente": gemeente_b.pk, "reden": "Verhuisd naar Amsterdam."})
    assert antwoord.status_code == 302 and antwoord["Location"].endswith("#doorverwijzing")
    assert Doorverwijzing.objects.get().naar_gemeente == gemeente_b


def test_only_the_dossiers_gemeente_with_casemanagement_forwards(dossier_a, gemeente_a, gemeente_b, make_user, client):
    make_user(gemeente_b, "amsterdam")
    client.login(username="amsterdam", password=PASSWORD)
    assert (
        client.post(
            f"/gemeente/dossiers/{dossier_a.uuid}/doorverwijzen/", {"naar_gemeente": gemeente_b.pk, "reden": "x"}
        ).status_code
        == 404
    )
    make_user(gemeente_a, "arts", (Product.MEDISCH,))
    client.login(username="arts", password=PASSWORD)
    assert (
        client.post(
            f"/gemeente/dossiers/{dossier_a.uuid}/doorverwijzen/", {"naar_gemeente": gemeente_b.pk, "reden": "x"}
        ).status_code
        == 403
    )
    assert not Doorverwijzing.objects.exists()
