"""Municipal systems list and download their signaalrapporten over the API; nobody else's."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from tests.hub.rapport_factories import rapport, rapporten

from rest_framework.test import APIClient

from vangnet.domain.signaalrapport import HEADER
from vangnet.hub.models import RapportDownload, Signaalrapport
from vangnet.hub.signalen.rapporten import verwijder
from vangnet.organisations.models import ApiSleutel

PROBLEM = "application/problem+json"
PASSWORD = "Test-wachtwoord-123"


@pytest.fixture
def client_a(gemeente_a, api_client_for) -> APIClient:
    return api_client_for(gemeente_a, ["lks_reintegratie_ophalen"])


@pytest.fixture
def client_b(gemeente_b, api_client_for) -> APIClient:
    return api_client_for(gemeente_b, ["lks_reintegratie_ophalen"])


def test_a_gemeente_lists_its_own_reports_newest_first(gemeente_a, gemeente_b, client_a):
    oud = rapport(gemeente_a, date(2026, 11, 20), aantal=3)
    nieuw = rapport(gemeente_a, date(2026, 11, 23), aantal=1)
    rapport(gemeente_b, date(2026, 11, 23))
    rapport(gemeente_a, date(2026, 11, 22), verwijderd=True)

    response = client_a.get("/api/v1/signaalrapporten")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2 and body["next"] is None
    assert [r["id"] for r in body["results"]] == [str(nieuw.uuid), str(oud.uuid)]
    eerste = body["results"][1]
    assert eerste == {
        "id": str(oud.uuid),
        "publicatiedatum": "2026-11-20",
        "gepubliceerd_op": "2026-11-20T07:00:00+01:00",
        "titel": "Re-integratie_signaalrapport 20-11-2026",
        "bestandsnaam": "Utrecht_LKSRi_rapport_20261120.csv",
        "aantal_signalen": 3,
        "voor": {"code": "GM0344", "naam": "Utrecht"},
        "verwijderd_op": None,
        "links": {
            "self": f"/api/v1/signaalrapporten/{oud.uuid}",
            "download": f"/api/v1/signaalrapporten/{oud.uuid}/download",
        },
    }
    assert client_a.get(eerste["links"]["self"]).json() == eerste


def test_the_list_is_paginated(gemeente_a, client_a):
    rapporten(gemeente_a, 101)
    body = client_a.get("/api/v1/signaalrapporten").json()
    assert body["count"] == 101 and len(body["results"]) == 100
    assert body["results"][0]["publicatiedatum"] == "2026-04-11"
    rest = client_a.get(body["next"]).json()
    assert [r["publicatiedatum"] for r in rest["results"]] == ["2026-01-01"]


def test_filter_by_period_includes_both_ends(gemeente_a, client_a):
    rapporten(gemeente_a, 10, eerste=date(2026, 3, 1))

    def datums(query: str) -> list[str]:
        response = client_a.get(f"/api/v1/signaalrapporten?{query}")
        assert response.status_code == 200, response.content
        return [r["publicatiedatum"] for r in response.json()["results"]]

    assert datums("van=2026-03-04&tot=2026-03-06") == ["2026-03-06", "2026-03-05", "2026-03-04"]
    assert datums("van=2026-03-09") == ["2026-03-10", "2026-03-09"]
    assert datums("tot=2026-03-01") == ["2026-03-01"]
    assert datums("van=2026-04-01") == []


@pytest.mark.parametrize(
    ("query", "veld"),
    [("van=gisteren", "van"), ("tot=2026-13-01", "tot"), ("van=2026-03-05&tot=2026-03-04", "tot")],
)
def test_a_bad_period_is_a_problem_naming_the_parameter(gemeente_a, client_a, query, veld):
    response = client_a.get(f"/api/v1/signaalrapporten?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert [p["name"] for p in response.json()["invalidParams"]] == [veld]


def test_download_returns_the_stored_bytes_and_records_the_download(gemeente_a, client_a):
    gevonden = rapport(gemeente_a, date(2026, 11, 23), aantal=4)
    opgeslagen = bytes(Signaalrapport.objects.get(pk=gevonden.pk).inhoud)

    with time_machine.travel(datetime(2026, 11, 23, 9, 30, tzinfo=UTC), tick=False):
        response = client_a.get(f"/api/v1/signaalrapporten/{gevonden.uuid}/download")

    assert response.status_code == 200
    assert response.content == opgeslagen
    assert response.content.decode().splitlines()[0] == ";".join(HEADER)
    assert len(response.content.decode().splitlines()) == 5
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="Utrecht_LKSRi_rapport_20261123.csv"'
    assert response["Cache-Control"] == "no-store"
    download = RapportDownload.objects.get()
    sleutel = ApiSleutel.objects.get(organisatie=gemeente_a)
    assert (download.rapport_id, download.kanaal, download.api_sleutel_id, download.gebruiker_id) == (
        gevonden.pk,
        "api",
        sleutel.pk,
        None,
    )
    assert download.tijdstip == datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def test_download_with_accept_text_csv(gemeente_a, gemeente_b, client_a):
    eigen = rapport(gemeente_a)
    response = client_a.get(f"/api/v1/signaalrapporten/{eigen.uuid}/download", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert response.content == bytes(eigen.inhoud)
    ander = rapport(gemeente_b)
    refused = client_a.get(f"/api/v1/signaalrapporten/{ander.uuid}/download", HTTP_ACCEPT="text/csv")
    assert refused.status_code == 404
    assert refused["Content-Type"] == PROBLEM
    assert refused.json()["status"] == 404


def test_a_logged_in_user_downloads_over_the_api_as_themselves(gemeente_a, make_user):
    gebruiker = make_user(gemeente_a, "ophaler", ("lks_reintegratie_ophalen",))
    client = APIClient()
    client.login(username="ophaler", password=PASSWORD)
    gevonden = rapport(gemeente_a)
    assert client.get(f"/api/v1/signaalrapporten/{gevonden.uuid}/download").status_code == 200
    download = RapportDownload.objects.get()
    assert (download.gebruiker_id, download.api_sleutel_id, download.kanaal) == (gebruiker.pk, None, "api")


def test_gemeente_a_can_neither_see_nor_download_the_reports_of_b(gemeente_a, gemeente_b, client_a, client_b):
    van_b = rapport(gemeente_b)
    assert client_a.get("/api/v1/signaalrapporten").json()["count"] == 0
    for path in (f"/api/v1/signaalrapporten/{van_b.uuid}", f"/api/v1/signaalrapporten/{van_b.uuid}/download"):
        response = client_a.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == PROBLEM
        assert "BSN" not in response.content.decode()
    assert not RapportDownload.objects.exists()
    assert client_b.get(f"/api/v1/signaalrapporten/{van_b.uuid}/download").status_code == 200


def test_uwv_can_neither_list_nor_download(gemeente_a, uwv, api_client_for):
    gevonden = rapport(gemeente_a)
    client = api_client_for(uwv)  # every product UWV may hold
    for path in (
        "/api/v1/signaalrapporten",
        f"/api/v1/signaalrapporten/{gevonden.uuid}",
        f"/api/v1/signaalrapporten/{gevonden.uuid}/download",
    ):
        response = client.get(path)
        assert response.status_code == 403, path
        assert response["Content-Type"] == PROBLEM
        assert response.json()["detail"] == "U heeft geen machtiging voor LKS re-integratie ophalen."
    assert not RapportDownload.objects.exists()


def test_a_key_without_the_machtiging_is_refused(gemeente_a, api_client_for):
    gevonden = rapport(gemeente_a)
    client = api_client_for(gemeente_a, ["dkd_aanleveren", "casemanagement"])
    assert client.get("/api/v1/signaalrapporten").status_code == 403
    assert client.get(f"/api/v1/signaalrapporten/{gevonden.uuid}/download").status_code == 403
    assert not RapportDownload.objects.exists()


def test_anonymous_is_refused(gemeente_a):
    gevonden = rapport(gemeente_a)
    response = APIClient().get(f"/api/v1/signaalrapporten/{gevonden.uuid}/download")
    assert response.status_code in (401, 403)
    assert response["Content-Type"] == PROBLEM


def test_nieuw_lists_only_reports_not_yet_downloaded(gemeente_a, client_a):
    eerste, tweede = rapporten(gemeente_a, 2)
    assert client_a.get("/api/v1/signaalrapporten?nieuw=true").json()["count"] == 2
    client_a.get(f"/api/v1/signaalrapporten/{eerste.uuid}/download")
    body = client_a.get("/api/v1/signaalrapporten?nieuw=true").json()
    assert [r["id"] for r in body["results"]] == [str(tweede.uuid)]
    assert client_a.get("/api/v1/signaalrapporten?nieuw=false").json()["count"] == 2
    assert client_a.get("/api/v1/signaalrapporten?nieuw=misschien").status_code == 400


def test_deleted_reports_are_hidden_for_the_gemeente_but_kept_and_visible_to_the_hub(
    gemeente_a, hub, client_a, make_user, api_client_for
):
    gebruiker = make_user(gemeente_a, "ophaler", ("lks_reintegratie_ophalen",))
    weg, blijft = rapporten(gemeente_a, 2)
    inhoud = bytes(weg.inhoud)

    assert verwijder([weg], gebruiker) == 1

    body = client_a.get("/api/v1/signaalrapporten").json()
    assert [r["id"] for r in body["results"]] == [str(blijft.uuid)]
    assert client_a.get(f"/api/v1/signaalrapporten/{weg.uuid}").status_code == 404
    assert client_a.get(f"/api/v1/signaalrapporten/{weg.uuid}/download").status_code == 404
    bewaard = Signaalrapport.objects.get(pk=weg.pk)
    assert bytes(bewaard.inhoud) == inhoud
    assert bewaard.verwijderd_door == gebruiker and bewaard.verwijderd_op is not None

    hub_client = api_client_for(hub, ["beheer"])
    gezien = {r["id"]: r for r in hub_client.get("/api/v1/signaalrapporten").json()["results"]}
    assert set(gezien) == {str(weg.uuid), str(blijft.uuid)}
    assert gezien[str(weg.uuid)]["verwijderd_op"] is not None
    assert hub_client.get(f"/api/v1/signaalrapporten/{weg.uuid}").status_code == 200
    # The hub sees metadata for audit, never the content with its BSNs.
    assert hub_client.get(f"/api/v1/signaalrapporten/{weg.uuid}/download").status_code == 403


def test_deleting_is_idempotent_and_only_touches_the_own_gemeente(gemeente_a, gemeente_b, make_user):
    gebruiker = make_user(gemeente_a, "ophaler", ("lks_reintegratie_ophalen",))
    eigen = rapport(gemeente_a)
    ander = rapport(gemeente_b)
    assert verwijder(Signaalrapport.objects.all(), gebruiker) == 1
    eerst = Signaalrapport.objects.get(pk=eigen.pk).verwijderd_op
    assert verwijder([eigen], gebruiker) == 0
    assert Signaalrapport.objects.get(pk=eigen.pk).verwijderd_op == eerst
    assert Signaalrapport.objects.get(pk=ander.pk).verwijderd_op is None


def test_the_openapi_document_describes_the_endpoints_in_dutch(db):
    document = APIClient().get("/api/v1/openapi.json").json()
    lijst = document["paths"]["/signaalrapporten"]["get"]
    assert lijst["summary"] == "Signaalrapporten opvragen"
    assert {p["name"] for p in lijst["parameters"]} >= {"van", "tot", "nieuw", "page"}
    download = document["paths"]["/signaalrapporten/{id}/download"]["get"]
    assert download["summary"] == "Signaalrapport downloaden"
    assert "text/csv" in download["responses"]["200"]["content"]
