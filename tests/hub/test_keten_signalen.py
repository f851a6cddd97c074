"""The middle of the chain over HTTP: delivery, LKS-toets, two meldingen, publication, e-mail, download."""

from datetime import date

import pytest
import time_machine
from tests.hub.factories import persoon, verzamelbestand

from django.core import mail
from django.core.management import call_command

from vangnet.domain.bsn import synthetic_bsn
from vangnet.hub.models import RapportDownload, Signaal, Signaalrapport

BSN = synthetic_bsn(3)
HEADER = "BSN;Datum einde uitkeringsverhouding;Datum einde arbeidsverhouding;Datum eerste AO-dag"


@pytest.fixture
def gemeente_client(gemeente_a, api_client_for):
    return api_client_for(gemeente_a, ["dkd_aanleveren", "lks_reintegratie_ophalen"])


@pytest.fixture
def uwv_client(uwv, api_client_for):
    return api_client_for(uwv, ["lks_toets"])


@pytest.fixture
def klantmanager(gemeente_a, make_user):
    gebruiker = make_user(gemeente_a, "km.utrecht", machtigingen=("lks_reintegratie_ophalen",))
    gebruiker.email = "km@utrecht.example"
    gebruiker.save()
    return gebruiker


def zud(kenmerk="ZUD-77"):
    return {
        "type": "ziek_uit_dienst", "kenmerk": kenmerk, "bsn": BSN,
        "datum_einde_arbeidsverhouding": "2026-10-31", "datum_eerste_ao_dag": "2026-10-05",
    }  # fmt: skip


def eu(kenmerk="EU-77"):
    return {
        "type": "einde_uitkering", "kenmerk": kenmerk, "bsn": BSN,
        "datum_einde_uitkeringsverhouding": "2026-11-20", "reden": "betermelding",
    }  # fmt: skip


@time_machine.travel("2026-11-22 10:00 +0100", tick=False)
def test_a_delivered_person_reported_sick_and_recovered_reaches_the_gemeente_in_one_report(
    gemeente_client, uwv_client, klantmanager, django_capture_on_commit_callbacks
):
    bestand = verzamelbestand("GM0344", 1, [persoon(3, perioden=((date(2025, 2, 1), None),))])
    delivered = gemeente_client.post("/api/v1/dkd/aanleveringen", data=bestand, content_type="application/xml")
    assert delivered.status_code == 201

    toets = uwv_client.post(
        "/api/v1/lks-toetsen", {"bsn": BSN, "datum_einde_arbeidsverhouding": "2026-10-31"}, format="json"
    )
    assert (toets.json()["lks_betaald"], toets.json()["gemeente"]["code"]) == ("ja", "GM0344")

    assert uwv_client.post("/api/v1/meldingen", zud(), format="json").status_code == 201
    assert uwv_client.post("/api/v1/meldingen", eu(), format="json").status_code == 201
    assert uwv_client.post("/api/v1/meldingen", zud(), format="json").status_code == 200  # re-sent: nothing new

    with django_capture_on_commit_callbacks(execute=True):
        call_command("publiceer-signaalrapporten", "--datum", "2026-11-22")
        call_command("publiceer-signaalrapporten", "--datum", "2026-11-22")  # re-run: nothing new
    assert Signaalrapport.objects.count() == 1
    assert not Signaal.objects.filter(rapport=None).exists()

    (bericht,) = mail.outbox
    assert bericht.to == ["km@utrecht.example"]
    assert bericht.subject == "Er staat een Re-integratie_signaalrapport voor u klaar"
    assert BSN not in bericht.subject + bericht.body
    assert "/signaalrapporten/" in bericht.body

    (rapport,) = gemeente_client.get("/api/v1/signaalrapporten").json()["results"]
    assert rapport["bestandsnaam"] == "Utrecht_LKSRi_rapport_20261122.csv"
    download = gemeente_client.get(f"/api/v1/signaalrapporten/{rapport['id']}/download")
    assert download.status_code == 200
    assert download.content.decode("utf-8").splitlines() == [
        HEADER,
        f"{BSN};;31-10-2026;05-10-2026",
        f"{BSN};20-11-2026;31-10-2026;05-10-2026",
    ]
    recorded = RapportDownload.objects.get()
    assert (recorded.rapport.uuid.hex, recorded.kanaal) == (rapport["id"].replace("-", ""), "api")


def test_uwv_cannot_list_or_download_reports_and_gemeente_b_cannot_see_a(
    gemeente_client, uwv_client, gemeente_b, api_client_for
):
    bestand = verzamelbestand("GM0344", 1, [persoon(3, perioden=((date(2025, 2, 1), None),))])
    gemeente_client.post("/api/v1/dkd/aanleveringen", data=bestand, content_type="application/xml")
    uwv_client.post("/api/v1/meldingen", zud(), format="json")
    call_command("publiceer-signaalrapporten")
    rapport = Signaalrapport.objects.get()
    download = f"/api/v1/signaalrapporten/{rapport.uuid}/download"
    assert uwv_client.get("/api/v1/signaalrapporten").status_code == 403
    assert uwv_client.get(download).status_code == 403
    client_b = api_client_for(gemeente_b, ["lks_reintegratie_ophalen"])
    assert client_b.get("/api/v1/signaalrapporten").json()["results"] == []
    assert client_b.get(download).status_code == 404
    assert not RapportDownload.objects.exists()
