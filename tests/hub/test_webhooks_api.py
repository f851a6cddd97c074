"""/api/v1/webhooks: a gemeente manages only its own webhooks; the secret is shown once."""

import pytest

from rest_framework.test import APIClient

from vangnet.hub.models import Webhook

PROBLEM = "application/problem+json"
OPHALEN = ["lks_reintegratie_ophalen"]
URL = "https://utrecht.example/webhooks/vangnet"


@pytest.fixture
def client_a(gemeente_a, api_client_for) -> APIClient:
    return api_client_for(gemeente_a, OPHALEN)


@pytest.fixture
def client_b(gemeente_b, api_client_for) -> APIClient:
    return api_client_for(gemeente_b, OPHALEN)


def registreer(client: APIClient, url: str = URL):
    return client.post("/api/v1/webhooks", {"url": url}, format="json")


def test_registration_returns_the_generated_secret_once(client_a, gemeente_a):
    response = registreer(client_a)

    assert response.status_code == 201
    body = response.json()
    webhook = Webhook.objects.get()
    assert body["id"] == str(webhook.uuid)
    assert body["url"] == URL
    assert body["geheim"] == webhook.geheim
    assert body["geheim"].startswith("whsec_") and len(body["geheim"]) > 40
    assert response["Location"] == f"/api/v1/webhooks/{webhook.uuid}"
    assert webhook.gemeente == gemeente_a and webhook.actief

    lijst = client_a.get("/api/v1/webhooks").json()
    assert [w["id"] for w in lijst["results"]] == [body["id"]]
    detail = client_a.get(f"/api/v1/webhooks/{webhook.uuid}").json()
    assert detail["laatste_afleveringen"] == []
    for getoond in (lijst["results"][0], detail):
        assert "geheim" not in getoond
        assert webhook.geheim not in str(getoond)


def test_every_webhook_gets_its_own_secret(client_a):
    eerste = registreer(client_a).json()["geheim"]
    tweede = registreer(client_a, URL + "/tweede").json()["geheim"]
    assert eerste != tweede


def test_gemeente_b_cannot_see_or_delete_the_webhooks_of_a(client_a, client_b):
    webhook_id = registreer(client_a).json()["id"]

    assert client_b.get("/api/v1/webhooks").json()["results"] == []
    for response in (
        client_b.get(f"/api/v1/webhooks/{webhook_id}"),
        client_b.delete(f"/api/v1/webhooks/{webhook_id}"),
    ):
        assert response.status_code == 404
        assert response["Content-Type"] == PROBLEM
    assert Webhook.objects.get().actief
    assert [w["id"] for w in client_a.get("/api/v1/webhooks").json()["results"]] == [webhook_id]


def test_deleting_stops_the_webhook_and_hides_it(client_a):
    webhook_id = registreer(client_a).json()["id"]

    response = client_a.delete(f"/api/v1/webhooks/{webhook_id}")

    assert response.status_code == 204
    assert client_a.get("/api/v1/webhooks").json()["results"] == []
    assert client_a.get(f"/api/v1/webhooks/{webhook_id}").status_code == 404
    assert client_a.delete(f"/api/v1/webhooks/{webhook_id}").status_code == 404
    assert not Webhook.objects.get().actief
    assert registreer(client_a).status_code == 201  # the same URL may be registered anew


@pytest.mark.parametrize("machtigingen", [["lks_toets"], ["beheer"]], ids=["uwv-lks-toets", "uwv-beheer"])
def test_uwv_cannot_register_or_list(uwv, api_client_for, machtigingen):
    client = api_client_for(uwv, machtigingen)
    for response in (registreer(client), client.get("/api/v1/webhooks")):
        assert response.status_code == 403
        assert response["Content-Type"] == PROBLEM
    assert not Webhook.objects.exists()


def test_a_gemeente_key_without_the_machtiging_is_refused(gemeente_a, api_client_for):
    client = api_client_for(gemeente_a, ["dkd_aanleveren", "beheer"])
    assert registreer(client).status_code == 403
    assert client.get("/api/v1/webhooks").status_code == 403


def test_the_hub_cannot_register_either(hub, api_client_for):
    assert registreer(api_client_for(hub, ["beheer"])).status_code == 403


def test_anonymous_is_401(db):
    assert APIClient().post("/api/v1/webhooks", {"url": URL}, format="json").status_code == 401


@pytest.mark.parametrize(
    ("url", "reden"),
    [
        ("http://utrecht.example/webhooks", "https"),
        ("https://127.0.0.1/webhooks", "openbaar adres"),
        ("https://10.1.2.3/webhooks", "openbaar adres"),
        ("https://localhost:8443/webhooks", "openbaar adres"),
        ("https://[::1]/webhooks", "openbaar adres"),
        ("https://user:wachtwoord@utrecht.example/webhooks", "gebruikersnaam of wachtwoord"),
        ("ftp://utrecht.example/webhooks", "volledig https-adres"),
        ("geen-url", "volledig https-adres"),
        ("https://utrecht.example:99999/x", "geen geldige URL"),
        ("https://utrecht.example/" + "x" * 200, "meer dan 200"),
    ],
    ids=["http", "loopback", "prive", "localhost", "ipv6-loopback", "inlog", "ftp", "geen-url", "poort", "te-lang"],
)
def test_a_bad_url_is_a_400_problem_naming_the_field(client_a, settings, url, reden):
    settings.VANGNET_WEBSERVICE_HTTPS_VERPLICHT = True

    response = registreer(client_a, url)

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    [param] = response.json()["invalidParams"]
    assert param["name"] == "url"
    assert reden in param["reason"]
    assert not Webhook.objects.exists()


def test_http_on_loopback_is_allowed_only_when_https_is_not_required(client_a, settings):
    settings.VANGNET_WEBSERVICE_HTTPS_VERPLICHT = False
    assert registreer(client_a, "http://127.0.0.1:9999/hook").status_code == 201
    settings.VANGNET_WEBSERVICE_HTTPS_VERPLICHT = True
    assert registreer(client_a, "http://127.0.0.1:9999/other").status_code == 400


def test_a_duplicate_url_is_a_409_conflict(client_a, client_b):
    assert registreer(client_a).status_code == 201
    response = registreer(client_a)
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM
    assert "al als webhook geregistreerd" in response.json()["detail"]
    assert registreer(client_b).status_code == 201  # another gemeente may use the same receiver


def test_at_most_ten_webhooks(client_a):
    for n in range(10):
        assert registreer(client_a, f"{URL}/{n}").status_code == 201
    response = registreer(client_a, f"{URL}/10")
    assert response.status_code == 409
    assert "ten hoogste 10" in response.json()["detail"]


def test_a_missing_url_is_a_400(client_a):
    response = client_a.post("/api/v1/webhooks", {}, format="json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "url"


def test_the_endpoints_are_in_the_openapi_document(db):
    paths = APIClient().get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/webhooks"]) >= {"get", "post"}
    assert set(paths["/webhooks/{id}"]) >= {"get", "delete"}
