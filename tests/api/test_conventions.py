"""NL API Design Rules that every endpoint inherits."""

import pytest
from tests.conftest import PASSWORD

from rest_framework.exceptions import ErrorDetail
from rest_framework.test import APIClient

from vangnet.api.problems import invalid_params

PROBLEM = "application/problem+json"


@pytest.fixture
def anonymous(db) -> APIClient:
    return APIClient()


def test_openapi_document_is_public_json(anonymous):
    response = anonymous.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/")
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["version"] == "1.0.0"
    assert "/organisaties" in document["paths"]
    assert all(not p.endswith("/") for p in document["paths"])
    assert document["components"]["securitySchemes"]["apiKey"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-Api-Key",
    }


def test_docs_render_without_login(anonymous):
    response = anonymous.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()
    assert b"cdn" not in response.content.lower()


@pytest.mark.parametrize(
    "path", ["/api/v1/openapi.json", "/api/v1/mij", "/api/v1/bestaat-niet", "/api/v1/organisaties/"]
)
def test_every_api_response_carries_api_version(anonymous, path):
    assert anonymous.get(path)["API-Version"] == "1.0.0"


@pytest.mark.parametrize(
    "path",
    ["/api/v1/bestaat-niet", "/api/v1/organisaties/", "/api/v1/openapi.json/", "/api/v2/organisaties", "/api", "/api/"],
)
def test_unknown_paths_and_trailing_slashes_are_problem_404_not_redirects(anonymous, path):
    response = anonymous.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == 404
    assert body["title"] == "Niet gevonden"
    assert body["detail"]


def test_missing_key_is_401_problem_with_challenge(anonymous):
    response = anonymous.get("/api/v1/organisaties")
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"] == "X-Api-Key"
    assert set(response.json()) >= {"title", "status", "detail"}


def test_wrong_method_is_405_problem(gemeente_a, api_client_for):
    response = api_client_for(gemeente_a).delete("/api/v1/mij")
    assert response.status_code == 405
    assert response["Content-Type"] == PROBLEM
    assert "GET" in response["Allow"]


@pytest.mark.parametrize(
    "url", ["/api/v1/organisaties/999990019", "/api/v1/organisaties?bsn=999990019", "/dossiers/999990019/"]
)
def test_a_bsn_in_a_url_is_refused_before_anything_runs(anonymous, url):
    response = anonymous.get(url)
    assert response.status_code == 400
    assert b"BSN hoort niet in een URL" in response.content


def test_nine_digits_that_are_no_bsn_pass(anonymous):
    assert anonymous.get("/api/v1/organisaties?pagina=123456789").status_code == 401


@pytest.mark.parametrize("uuid", ["1b999990019c4e2a8f0d3a5b7c9e1f20", "1b2c3d4e-5f60-4a7b-8c9d-a999990019bf"])
def test_a_uuid_whose_digits_pass_the_elfproef_is_no_bsn(anonymous, uuid):
    assert anonymous.get(f"/api/v1/organisaties/{uuid}").status_code != 400


def test_validation_errors_become_invalid_params_with_dotted_names():
    detail = {
        "bsn": [ErrorDetail("Dit BSN voldoet niet aan de elfproef.", code="invalid")],
        "perioden": [{}, {"einde": [ErrorDetail("Einde ligt vóór begin.", code="order")]}],
        "non_field_errors": [ErrorDetail("Tegenstrijdig.", code="conflict")],
    }
    assert invalid_params(detail) == [
        {"name": "bsn", "code": "invalid", "reason": "Dit BSN voldoet niet aan de elfproef."},
        {"name": "perioden.1.einde", "code": "order", "reason": "Einde ligt vóór begin."},
        {"name": "nonFieldErrors", "code": "conflict", "reason": "Tegenstrijdig."},
    ]


def test_a_system_with_an_api_key_gets_no_session_or_csrf_cookie(gemeente_a, api_client_for):
    response = api_client_for(gemeente_a).get("/api/v1/mij")
    assert response.status_code == 200
    assert not response.cookies
    assert "Content-Language" not in response and "Accept-Language" not in response.get("Vary", "")


def test_an_api_key_header_does_not_lift_the_portals_csrf_check(gemeente_a, make_user):
    from django.test import Client

    from vangnet.organisations.services import create_api_key

    make_user(gemeente_a, "beheerder", ("beheer",))
    browser = Client(enforce_csrf_checks=True, HTTP_X_API_KEY=create_api_key(gemeente_a, "t").plain_key)
    assert browser.login(username="beheerder", password=PASSWORD)
    assert browser.post("/uitloggen/").status_code == 403


def test_a_crash_behind_an_api_key_is_a_problem_500_without_details(gemeente_a, monkeypatch):
    from vangnet.organisations.api.views import MijView
    from vangnet.organisations.services import create_api_key

    def crash(*args, **kwargs):
        raise RuntimeError("geheime details van 999990019")

    monkeypatch.setattr(MijView, "get", crash)
    systeem = APIClient(raise_request_exception=False)
    systeem.credentials(HTTP_X_API_KEY=create_api_key(gemeente_a, "t").plain_key)
    response = systeem.get("/api/v1/mij")
    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM
    assert "geheime" not in response.content.decode()


def test_a_received_problem_reads_as_one_line_with_its_field_errors():
    from vangnet.api.problems import toelichting

    body = {"title": "Fout", "detail": "Niet verwerkt.", "invalidParams": [{"name": "bsn", "reason": "x"}]}
    assert toelichting(body) == "Niet verwerkt. bsn: x"
    assert toelichting({"title": "Conflict"}) == "Conflict"
    assert toelichting(["geen", "problem"]) == toelichting(None) == ""
