"""/api/v1/gemeente/dossiers with the dossier's work: tasks with their history, documents, contactmomenten,
interventions with costs; the medical compartment only with `medisch`; scoped to gemeente or leverancier."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from tests.gemeente.dossiers.bestanden import BSN_1, BSN_2
from tests.gemeente.dossiers.conftest import PDF, caller_van, pdf

from vangnet.gemeente.dossiers.models import Dossier
from vangnet.gemeente.dossiers.services import (
    Afrondingsgegevens,
    Interventiegegevens,
    leg_contact_vast,
    registreer_interventie,
    rond_taak_af,
    verplaats_termijn,
    voeg_medische_notitie_toe,
)

D = date.fromisoformat
GEHEIM = "Depressieve klachten; medicatie gestart."


@pytest.fixture(autouse=True)
def vandaag():
    with time_machine.travel("2026-04-02 10:00 +02:00", tick=False):
        yield


@pytest.fixture
def gevuld(dossier_a, gemeente_a, make_user, leverancier):
    """dossier_a with a completed probleemanalyse, a moved deadline, a contact, an intervention and a medical note."""
    km = caller_van(make_user(gemeente_a, "km", ("casemanagement",)))
    arts = caller_van(make_user(gemeente_a, "arts", ("medisch",)))
    pa = dossier_a.taken.get(stap="probleemanalyse")
    rond_taak_af(km, pa, Afrondingsgegevens(D("2026-04-01"), bestand=pdf(), terugkeer_mogelijk=True))
    verplaats_termijn(km, dossier_a.taken.get(stap="herijking_26"), D("2026-09-15"), "Vakantie vangnetter.")
    leg_contact_vast(km, dossier_a, D("2026-04-01"), "telefoon", "Vangnetter", "Uitleg over het plan.")
    registreer_interventie(
        km, dossier_a, Interventiegegevens("tweede_spoortraject", 40, D("2026-04-01"), leverancier=leverancier)
    )
    registreer_interventie(km, dossier_a, Interventiegegevens("bedrijfsarts", Decimal("1.5"), D("2026-03-30"),
                                                              leverancier_naam="BA Zuid"))  # fmt: skip
    voeg_medische_notitie_toe(arts, dossier_a, D("2026-03-30"), GEHEIM)
    return dossier_a


def test_the_dossier_carries_its_work(gevuld, gemeente_a, api_client_for, leverancier):
    response = api_client_for(gemeente_a, ["casemanagement"]).get(f"/api/v1/gemeente/dossiers/{gevuld.uuid}")
    assert response.status_code == 200
    body = response.json()
    assert body["gemeente"] == {"code": "GM0344", "naam": "Utrecht"}
    pa = next(t for t in body["taken"] if t["stap"] == "probleemanalyse")
    assert (pa["status"], pa["gedaan_op"], pa["terugkeer_mogelijk"]) == ("gedaan", "2026-04-01", True)
    document = next(d for d in body["documenten"] if d["id"] == pa["document"])
    assert (document["soort"], document["bestandsnaam"], document["geupload_door"]) == (
        "probleemanalyse", "probleemanalyse.pdf", "km",
    )  # fmt: skip
    pva = next(t for t in body["taken"] if t["stap"] == "plan_van_aanpak")
    assert (pva["uiterlijk"], pva["oorspronkelijk_uiterlijk"]) == ("2026-04-15", "2026-04-26")
    herijking = next(t for t in body["taken"] if t["stap"] == "herijking_26")
    assert herijking["uiterlijk"] == "2026-09-15"
    assert [
        (w["oud_uiterlijk"], w["nieuw_uiterlijk"], w["motivatie"], w["door"]) for w in herijking["wijzigingen"]
    ] == [("2026-08-30", "2026-09-15", "Vakantie vangnetter.", "km")]
    assert [(c["datum"], c["kanaal"], c["met_wie"]) for c in body["contactmomenten"]] == [
        ("2026-04-01", "telefoon", "Vangnetter")
    ]
    assert [(i["soort"], i["leverancier"], i["uren"], i["uurtarief"], i["kosten"]) for i in body["interventies"]] == [
        ("bedrijfsarts", "BA Zuid", "1.50", "240.00", "360.00"),
        ("tweede_spoortraject", "Arbodienst Voorbeeld", "40.00", "115.00", "4600.00"),
    ]
    assert body["kosten_totaal"] == "4960.00"
    assert body["medische_notities"] == {"aantal": 1, "datums": ["2026-03-30"]}
    assert GEHEIM not in response.content.decode()
    assert body["links"]["medische_notities"] == f"/api/v1/gemeente/dossiers/{gevuld.uuid}/medische-notities"


def test_the_list_and_the_search_carry_the_same_and_never_the_medical_content(gevuld, gemeente_a, api_client_for):
    client = api_client_for(gemeente_a, ["casemanagement", "medisch"])
    lijst = client.get("/api/v1/gemeente/dossiers?status=uitkering")
    assert lijst.status_code == 200 and GEHEIM not in lijst.content.decode()
    eigen = next(d for d in lijst.json()["results"] if d["id"] == str(gevuld.uuid))
    assert eigen["kosten_totaal"] == "4960.00" and len(eigen["contactmomenten"]) == 1
    gevonden = client.post("/api/v1/gemeente/dossiers/zoeken", {"bsn": BSN_1}, format="json")
    assert [d["id"] for d in gevonden.json()] == [str(gevuld.uuid)]
    assert GEHEIM not in gevonden.content.decode()


def test_medical_notes_need_medisch(gevuld, gemeente_a, api_client_for):
    pad = f"/api/v1/gemeente/dossiers/{gevuld.uuid}/medische-notities"
    geweigerd = api_client_for(gemeente_a, ["casemanagement"]).get(pad)
    assert geweigerd.status_code == 403 and geweigerd["Content-Type"] == "application/problem+json"
    assert GEHEIM not in geweigerd.content.decode()
    toegestaan = api_client_for(gemeente_a, ["medisch"]).get(pad)
    assert toegestaan.status_code == 200
    assert [(n["datum"], n["tekst"], n["auteur"]) for n in toegestaan.json()["results"]] == [
        ("2026-03-30", GEHEIM, "arts")
    ]


def test_a_session_user_without_medisch_cannot_read_the_notes(gevuld, gemeente_a, make_user, client):
    make_user(gemeente_a, "km2", ("casemanagement",))
    client.login(username="km2", password="Test-wachtwoord-123")
    assert client.get(f"/api/v1/gemeente/dossiers/{gevuld.uuid}/medische-notities").status_code == 403
    assert GEHEIM not in client.get(f"/api/v1/gemeente/dossiers/{gevuld.uuid}").content.decode()


def test_gemeente_b_reaches_nothing(gevuld, gemeente_b, api_client_for):
    client = api_client_for(gemeente_b, ["casemanagement", "medisch"])
    document = gevuld.documenten.get()
    for pad in ("", "/medische-notities", f"/documenten/{document.uuid}"):
        response = client.get(f"/api/v1/gemeente/dossiers/{gevuld.uuid}{pad}")
        assert response.status_code == 404, pad
        assert GEHEIM not in response.content.decode()
    assert client.post("/api/v1/gemeente/dossiers/zoeken", {"bsn": BSN_1}, format="json").json() == []


def test_the_document_content_through_the_api(gevuld, gemeente_a, api_client_for):
    document = gevuld.documenten.get()
    body = api_client_for(gemeente_a, ["casemanagement"]).get(f"/api/v1/gemeente/dossiers/{gevuld.uuid}").json()
    link = body["documenten"][0]["links"]["inhoud"]
    assert link == f"/api/v1/gemeente/dossiers/{gevuld.uuid}/documenten/{document.uuid}"
    response = api_client_for(gemeente_a, ["casemanagement"]).get(link)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert api_client_for(gemeente_a, ["medisch"]).get(link).status_code == 403


def test_a_leverancier_key_sees_only_assigned_dossiers(gevuld, gemeente_a, leverancier, api_client_for):
    client = api_client_for(leverancier, ["casemanagement", "medisch"])
    assert client.get("/api/v1/gemeente/dossiers").json()["count"] == 0
    assert client.get(f"/api/v1/gemeente/dossiers/{gevuld.uuid}").status_code == 404
    gevuld.leverancier = leverancier
    gevuld.save()
    lijst = client.get("/api/v1/gemeente/dossiers").json()
    assert [d["id"] for d in lijst["results"]] == [str(gevuld.uuid)]
    assert lijst["results"][0]["leverancier"] == {"id": str(leverancier.uuid), "naam": "Arbodienst Voorbeeld"}
    ander = Dossier.objects.get(gemeente=gemeente_a, bsn=BSN_2)
    assert client.get(f"/api/v1/gemeente/dossiers/{ander.uuid}").status_code == 404
    assert client.post("/api/v1/gemeente/dossiers/zoeken", {"bsn": BSN_2}, format="json").json() == []
    notities = client.get(f"/api/v1/gemeente/dossiers/{gevuld.uuid}/medische-notities").json()
    assert [n["tekst"] for n in notities["results"]] == [GEHEIM]


def test_the_openapi_document_describes_the_new_endpoints(anonymous_client):
    document = anonymous_client.get("/api/v1/openapi.json").json()
    assert "/gemeente/dossiers/{id}/medische-notities" in document["paths"]
    assert "/gemeente/dossiers/{id}/documenten/{document_id}" in document["paths"]
    dossier = document["components"]["schemas"]["Dossier"]["properties"]
    assert {"contactmomenten", "interventies", "kosten_totaal", "medische_notities", "documenten"} <= set(dossier)


@pytest.fixture
def anonymous_client(db):
    from rest_framework.test import APIClient

    return APIClient()
