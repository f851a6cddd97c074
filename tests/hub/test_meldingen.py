"""Meldingen from UWV over HTTP: accepted with their signal, repeated, and every refusal storing nothing."""

import io
from datetime import date

import pytest
from tests.hub.factories import persoon, verzamelbestand

from vangnet.domain.bsn import synthetic_bsn
from vangnet.hub.constants import Kanaal
from vangnet.hub.dkd.ingest import Afzender, lever_aan
from vangnet.hub.models import Melding, Signaal

URL = "/api/v1/meldingen"
BSN = synthetic_bsn(1)


@pytest.fixture
def uwv_client(uwv, api_client_for):
    return api_client_for(uwv, ["lks_toets"])


@pytest.fixture
def lks_bij_a(gemeente_a):
    bestand = verzamelbestand("GM0344", 1, [persoon(1, perioden=((date(2025, 1, 1), None),))])
    lever_aan(Afzender(gemeente_a, Kanaal.CLI), io.BytesIO(bestand))


def ziek_uit_dienst(kenmerk="ZUD-1", bsn=BSN, einde="2026-09-30", eerste_ao="2026-09-14"):
    return {
        "type": "ziek_uit_dienst", "kenmerk": kenmerk, "bsn": bsn,
        "datum_einde_arbeidsverhouding": einde, "datum_eerste_ao_dag": eerste_ao,
    }  # fmt: skip


def einde_uitkering(kenmerk="EU-1", bsn=BSN, einde="2026-11-15", reden="betermelding"):
    return {
        "type": "einde_uitkering", "kenmerk": kenmerk, "bsn": bsn,
        "datum_einde_uitkeringsverhouding": einde, "reden": reden,
    }  # fmt: skip


def stuur(client, melding):
    return client.post(URL, melding, format="json")


def niets_opgeslagen():
    return not Melding.objects.exists() and not Signaal.objects.exists()


def test_ziek_uit_dienst_goes_to_the_paying_gemeente_with_its_signal(lks_bij_a, gemeente_a, uwv_client):
    response = stuur(uwv_client, ziek_uit_dienst())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["gemeente"] == {"code": "GM0344", "naam": "Utrecht"}
    assert (body["type"], body["kenmerk"], body["ziek_uit_dienst"]) == ("ziek_uit_dienst", "ZUD-1", None)
    signaal = Signaal.objects.get()
    assert (signaal.gemeente_id, signaal.bsn, signaal.rapport_id) == (gemeente_a.pk, BSN, None)
    assert signaal.datum_einde_arbeidsverhouding == date(2026, 9, 30)
    assert signaal.datum_eerste_ao_dag == date(2026, 9, 14)
    assert signaal.datum_einde_uitkeringsverhouding is None
    assert uwv_client.get(body["links"]["self"]).json()["id"] == body["id"]


def test_the_same_melding_again_returns_the_first_and_stores_nothing_new(lks_bij_a, uwv_client):
    first = stuur(uwv_client, ziek_uit_dienst())
    again = stuur(uwv_client, ziek_uit_dienst())
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert (Melding.objects.count(), Signaal.objects.count()) == (1, 1)


def test_a_kenmerk_reused_for_other_content_is_a_conflict(lks_bij_a, uwv_client):
    stuur(uwv_client, ziek_uit_dienst())
    response = stuur(uwv_client, ziek_uit_dienst(einde="2026-09-29"))
    assert response.status_code == 409
    assert response.json()["invalidParams"][0]["name"] == "kenmerk"
    assert Melding.objects.count() == 1


def test_einde_uitkering_closes_the_open_melding_at_the_same_gemeente(lks_bij_a, gemeente_a, uwv_client):
    opening = stuur(uwv_client, ziek_uit_dienst()).json()
    response = stuur(uwv_client, einde_uitkering())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["gemeente"]["code"] == "GM0344"
    assert body["ziek_uit_dienst"] == opening["id"]
    signaal = Signaal.objects.get(melding__type="einde_uitkering")
    assert signaal.gemeente_id == gemeente_a.pk
    assert signaal.datum_einde_uitkeringsverhouding == date(2026, 11, 15)
    assert signaal.datum_einde_arbeidsverhouding == date(2026, 9, 30)
    assert signaal.datum_eerste_ao_dag == date(2026, 9, 14)
    assert not Melding.objects.filter(is_open=True).exists()


def test_einde_uitkering_stays_with_the_first_gemeente_even_when_the_dkd_changes(
    lks_bij_a, gemeente_a, gemeente_b, uwv_client
):
    stuur(uwv_client, ziek_uit_dienst())
    bestand = verzamelbestand("GM0363", 1, [persoon(1, perioden=((date(2026, 1, 1), None),))])
    lever_aan(Afzender(gemeente_b, Kanaal.CLI), io.BytesIO(bestand))
    assert stuur(uwv_client, einde_uitkering()).json()["gemeente"]["code"] == "GM0344"


def test_after_einde_uitkering_a_new_ziek_uit_dienst_is_accepted(lks_bij_a, uwv_client):
    stuur(uwv_client, ziek_uit_dienst())
    stuur(uwv_client, einde_uitkering())
    response = stuur(uwv_client, ziek_uit_dienst(kenmerk="ZUD-2", einde="2026-11-30", eerste_ao="2026-11-20"))
    assert response.status_code == 201


def test_no_lks_in_the_window_is_refused_with_422(gemeente_a, uwv_client):
    response = stuur(uwv_client, ziek_uit_dienst())
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "geen_lks"
    assert body["invalidParams"][0]["name"] == "bsn"
    assert "30-09-2024" in body["detail"]
    assert niets_opgeslagen()


def test_ill_shortly_after_leaving_is_a_vangnetter_too(lks_bij_a, uwv_client):
    response = stuur(uwv_client, ziek_uit_dienst(eerste_ao="2026-10-10"))
    assert response.status_code == 201
    assert Signaal.objects.get().datum_eerste_ao_dag == date(2026, 10, 10)


def test_a_second_open_ziek_uit_dienst_is_a_conflict(lks_bij_a, uwv_client):
    stuur(uwv_client, ziek_uit_dienst())
    response = stuur(uwv_client, ziek_uit_dienst(kenmerk="ZUD-2"))
    assert response.status_code == 409
    assert "ZUD-1" in response.json()["detail"]
    assert Melding.objects.count() == 1


def test_einde_uitkering_without_an_open_melding_is_refused(uwv_client):
    response = stuur(uwv_client, einde_uitkering())
    assert response.status_code == 409
    assert response.json()["code"] == "geen_open_melding"
    assert niets_opgeslagen()


def test_einde_uitkering_before_the_eerste_ao_dag_is_refused(lks_bij_a, uwv_client):
    stuur(uwv_client, ziek_uit_dienst())
    response = stuur(uwv_client, einde_uitkering(einde="2026-09-13"))
    assert response.status_code == 422
    assert response.json()["invalidParams"][0]["name"] == "datum_einde_uitkeringsverhouding"
    assert Melding.objects.count() == 1 and Melding.objects.get().is_open


@pytest.mark.parametrize(
    ("melding", "veld"),
    [
        (ziek_uit_dienst(bsn="123456789"), "bsn"),
        (ziek_uit_dienst(einde="2026-02-30"), "datum_einde_arbeidsverhouding"),
        ({**ziek_uit_dienst(), "datum_eerste_ao_dag": None}, "datum_eerste_ao_dag"),
        ({k: v for k, v in ziek_uit_dienst().items() if k != "datum_eerste_ao_dag"}, "datum_eerste_ao_dag"),
        ({**ziek_uit_dienst(), "reden": "betermelding"}, "reden"),
        (einde_uitkering(reden="vakantie"), "reden"),
        ({**ziek_uit_dienst(), "type": "onbekend"}, "type"),
        (ziek_uit_dienst(kenmerk="met spatie"), "kenmerk"),
    ],
)
def test_invalid_input_is_a_400_naming_the_field(lks_bij_a, uwv_client, melding, veld):
    response = stuur(uwv_client, melding)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert veld in [p["name"] for p in response.json()["invalidParams"]]
    assert niets_opgeslagen()


def test_a_gemeente_cannot_send_meldingen(lks_bij_a, gemeente_a, api_client_for):
    client = api_client_for(gemeente_a, ["lks_reintegratie_ophalen", "casemanagement", "beheer"])
    assert stuur(client, ziek_uit_dienst()).status_code == 403
    assert niets_opgeslagen()


def test_another_uwv_key_without_the_machtiging_cannot_send(lks_bij_a, uwv, api_client_for):
    assert stuur(api_client_for(uwv, ["beheer"]), ziek_uit_dienst()).status_code == 403
