"""POST /api/v1/gemeente/signaalimport and the dossiers it opens, over the API."""

import pytest
import time_machine
from tests.conftest import PASSWORD
from tests.gemeente.dossiers.bestanden import BSN_1, BSN_4, DRIE_SIGNALEN, D, Rij, rapport

from rest_framework.test import APIClient

from vangnet.gemeente.dossiers.models import Dossier, Signaalimport
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.services import ensure_organisatie

URL = "/api/v1/gemeente/signaalimport"
PROBLEM = "application/problem+json"
BESTAND = rapport(DRIE_SIGNALEN, extra_regels=("999990018;;10-03-2026;02-03-2026",))


@pytest.fixture(autouse=True)
def vandaag():
    with time_machine.travel("2026-03-20 10:00 +01:00", tick=False):
        yield


@pytest.fixture
def client_a(gemeente_a, api_client_for) -> APIClient:
    return api_client_for(gemeente_a, ["casemanagement"])


@pytest.fixture
def client_b(gemeente_b, api_client_for) -> APIClient:
    return api_client_for(gemeente_b, ["casemanagement"])


def post(client: APIClient, body: bytes, content_type: str = "text/csv", **extra):
    return client.post(URL, data=body, content_type=content_type, **extra)


def test_import_answers_201_with_counts_and_row_errors(client_a):
    response = post(client_a, BESTAND, HTTP_CONTENT_DISPOSITION='attachment; filename="Utrecht_LKSRi_rapport.csv"')
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["gemeente"] == {"code": "GM0344", "naam": "Utrecht"}
    assert (body["bron"], body["bestandsnaam"], body["scheidingsteken"]) == ("api", "Utrecht_LKSRi_rapport.csv", ";")
    assert {k: body[k] for k in body if k.startswith("aantal_")} == {
        "aantal_regels": 4,
        "aantal_nieuwe_dossiers": 3,
        "aantal_heropend": 0,
        "aantal_gesloten": 0,
        "aantal_al_bekend": 0,
        "aantal_fouten": 1,
    }
    assert body["fouten"] == [{"regel": 5, "kolom": "BSN", "reden": "Dit BSN voldoet niet aan de elfproef."}]
    assert response["Location"] == f"{URL}/{body['id']}"
    assert client_a.get(response["Location"]).json()["id"] == body["id"]


def test_the_same_file_again_is_200_with_the_first_result(client_a):
    eerste = post(client_a, BESTAND).json()
    response = post(client_a, BESTAND)
    assert response.status_code == 200
    assert response.json() == eerste
    assert (Signaalimport.objects.count(), Dossier.objects.count()) == (1, 3)


def test_a_file_level_error_is_400_problem_and_stores_nothing(client_a):
    response = post(client_a, b"BSN;Datum eerste AO-dag\r\n999990019;02-03-2026\r\n")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["code"] == "ongeldig_bestand"
    assert "ontbreken in de kopregel" in body["detail"]
    assert not Signaalimport.objects.exists()


def test_json_is_not_a_signaalrapport(client_a):
    response = client_a.post(URL, data={"a": 1}, format="json")
    assert response.status_code == 415
    assert response["Content-Type"] == PROBLEM


def test_without_casemanagement_the_api_answers_403(gemeente_a, api_client_for):
    response = post(api_client_for(gemeente_a, ["dkd_aanleveren"]), BESTAND)
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert not Signaalimport.objects.exists()
    assert api_client_for(gemeente_a, ["dkd_aanleveren"]).get("/api/v1/gemeente/dossiers").status_code == 403


def test_without_a_key_the_api_answers_401():
    assert post(APIClient(), BESTAND).status_code == 401


def test_a_leverancier_cannot_import_signals(api_client_for, db):
    leverancier = ensure_organisatie("Arbodienst", OrganisatieType.LEVERANCIER)
    response = post(api_client_for(leverancier, ["casemanagement"]), BESTAND)
    assert response.status_code == 403
    assert response.json()["code"] == "geen_gemeente"


def test_a_logged_in_casemanager_may_import_over_the_api(gemeente_a, make_user):
    gebruiker = make_user(gemeente_a, "km")
    client = APIClient()
    assert client.login(username="km", password=PASSWORD)
    response = post(client, BESTAND)
    assert response.status_code == 201
    assert Signaalimport.objects.get().door == gebruiker


# --- dossiers ------------------------------------------------------------------------------------


def test_dossiers_with_their_tasks(client_a):
    post(client_a, BESTAND)
    body = client_a.get("/api/v1/gemeente/dossiers").json()
    assert body["count"] == 3
    dossier = next(d for d in body["results"] if d["bsn"] == BSN_1)
    assert (dossier["status"], dossier["datum_eerste_ao_dag"]) == ("uitkering", "2026-03-02")
    probleemanalyse = next(t for t in dossier["taken"] if t["stap"] == "probleemanalyse")
    assert {k: probleemanalyse[k] for k in ("uiterlijk", "verantwoordelijke", "status", "week")} == {
        "uiterlijk": "2026-04-12",
        "verantwoordelijke": "gemeente",
        "status": "open",
        "week": 6,
    }
    with time_machine.travel("2026-04-13 10:00 +02:00", tick=False):
        later = client_a.get(f"/api/v1/gemeente/dossiers/{Dossier.objects.get(bsn=BSN_1).uuid}").json()
    assert next(t for t in later["taken"] if t["stap"] == "probleemanalyse")["status"] == "te_laat"


def test_dossiers_filtered_by_status(client_a):
    post(client_a, BESTAND)
    post(client_a, rapport([Rij(BSN_1, D("2026-03-19"))]))
    gesloten = client_a.get("/api/v1/gemeente/dossiers?status=begeleiding_naar_werk").json()
    assert [d["bsn"] for d in gesloten["results"]] == [BSN_1]
    assert client_a.get("/api/v1/gemeente/dossiers?status=uitkering").json()["count"] == 2
    assert client_a.get("/api/v1/gemeente/dossiers?status=weg").status_code == 400


def test_search_by_bsn_in_the_body(client_a):
    post(client_a, BESTAND)
    gevonden = client_a.post("/api/v1/gemeente/dossiers/zoeken", {"bsn": BSN_1}, format="json")
    assert [d["bsn"] for d in gevonden.json()] == [BSN_1]
    assert client_a.post("/api/v1/gemeente/dossiers/zoeken", {"bsn": BSN_4}, format="json").json() == []
    fout = client_a.post("/api/v1/gemeente/dossiers/zoeken", {"bsn": "999990018"}, format="json")
    assert fout.status_code == 400
    assert fout.json()["invalidParams"][0]["name"] == "bsn"


def test_gemeente_b_sees_nothing_of_gemeente_a(client_a, client_b):
    a = post(client_a, BESTAND).json()
    dossier_a = Dossier.objects.get(bsn=BSN_1)
    assert client_b.get("/api/v1/gemeente/dossiers").json()["count"] == 0
    assert client_b.get(f"/api/v1/gemeente/dossiers/{dossier_a.uuid}").status_code == 404
    assert client_b.post("/api/v1/gemeente/dossiers/zoeken", {"bsn": BSN_1}, format="json").json() == []
    assert client_b.get(f"{URL}/{a['id']}").status_code == 404
    assert client_b.get(URL).json()["count"] == 0
    # The same file at B is B's own import, not A's result.
    b = post(client_b, BESTAND)
    assert b.status_code == 201
    assert b.json()["id"] != a["id"]


def test_the_endpoints_are_in_the_openapi_document(db):
    paden = APIClient().get("/api/v1/openapi.json").json()["paths"]
    assert "text/csv" in paden["/gemeente/signaalimport"]["post"]["requestBody"]["content"]
    assert {"/gemeente/dossiers", "/gemeente/dossiers/zoeken", "/gemeente/dossiers/{id}"} <= set(paden)
