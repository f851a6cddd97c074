"""UWV's API: the report "ziek uit dienst" validated, repeated, refused; claims read, searched and ended.

No hub listens here (tests/uwv/conftest.py): the LKS-toets stays te_toetsen, which is what UWV
stores when the hub cannot be reached.
"""

import pytest
import time_machine
from tests.uwv.conftest import MET_LKS, ZONDER_LKS, api_body

from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.services import ensure_organisatie
from vangnet.uwv.models import Brief, Ziektewetclaim

URL = "/api/v1/uwv/ziekmeldingen"


@pytest.fixture(autouse=True)
def vandaag():
    with time_machine.travel("2026-10-01 10:00 +02:00", tick=False):
        yield


def namen(response) -> dict[str, str]:
    return {p["name"]: p["reason"] for p in response.json()["invalidParams"]}


def test_a_report_makes_a_claim_with_its_deadlines_and_first_letter(uwv_client):
    response = uwv_client.post(URL, api_body(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    claim = Ziektewetclaim.objects.get()
    assert response["Location"] == f"/api/v1/uwv/ziekmeldingen/{claim.uuid}"
    assert (body["id"], body["kenmerk"], body["bsn"], body["status"]) == (
        str(claim.uuid), f"ZW-{claim.uuid}", MET_LKS, "lopend"
    )  # fmt: skip
    assert body["datum_melding"] == "2026-10-01"
    assert [(t["soort"], t["week"], t["uiterlijk"]) for t in body["termijnen"]] == [
        ("beoordeling", None, "2026-11-12"),  # 1 October + 42 days
        ("ezwb", 52, "2027-09-12"),  # 14 September 2026 + 363 days
        ("wia_brief", 89, "2028-05-28"),  # + 622 days (through 29 February 2028)
        ("einde_wachttijd", 104, "2028-09-10"),  # + 727 days
    ]
    assert body["volgende_termijn"] == {"soort": "beoordeling", "uiterlijk": "2026-11-12", "te_laat": False}
    assert body["lks_toets"]["uitkomst"] == "te_toetsen"
    assert body["brieven"] == [{"type": "rechten_en_plichten", "datum": "2026-10-01"}]
    assert claim.bron == "api" and claim.api_sleutel is not None


def test_the_same_report_again_returns_the_first_claim(uwv_client):
    first = uwv_client.post(URL, api_body(), format="json")
    again = uwv_client.post(URL, api_body(), format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert (Ziektewetclaim.objects.count(), Brief.objects.count()) == (1, 1)


def test_the_same_illness_with_other_data_or_a_second_running_claim_is_a_conflict(uwv_client):
    uwv_client.post(URL, api_body(), format="json")
    other_end = uwv_client.post(URL, api_body(datum_einde_arbeidsverhouding="2026-09-29"), format="json")
    assert other_end.status_code == 409
    assert other_end.json()["code"] == "al_gemeld"
    second = uwv_client.post(URL, api_body(datum_eerste_ao_dag="2026-09-20"), format="json")
    assert second.status_code == 409
    assert second.json()["code"] == "al_lopend"
    assert namen(second) == {"bsn": second.json()["detail"]}
    assert MET_LKS not in second.json()["detail"]
    assert Ziektewetclaim.objects.count() == 1


@pytest.mark.parametrize(
    ("anders", "veld", "reden"),
    [
        ({"bsn": "123456789"}, "bsn", "elfproef"),
        ({"werkgever": {"naam": "X", "loonheffingennummer": "123456783L01"}}, "werkgever.loonheffingennummer",
         "elfproef"),
        ({"werkgever": {"naam": " ", "loonheffingennummer": "123456782L01"}}, "werkgever.naam", ""),
        ({"datum_eerste_ao_dag": "2026-02-30"}, "datum_eerste_ao_dag", ""),
        ({"datum_melding": "2026-10-02"}, "datum_melding", "toekomst"),
    ],
)  # fmt: skip
def test_invalid_input_names_the_field(uwv_client, anders, veld, reden):
    response = uwv_client.post(URL, api_body(**anders), format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert veld in namen(response)
    assert reden in namen(response)[veld]
    assert not Ziektewetclaim.objects.exists()


@pytest.mark.parametrize(
    ("anders", "reden"),
    [
        ({"datum_eerste_ao_dag": "2026-10-02", "datum_melding": "2026-10-01"}, "na de datum van de melding"),
        ({"datum_einde_arbeidsverhouding": "2026-08-01"}, "meer dan 4 weken"),
    ],
)
def test_dates_that_make_no_claim_are_refused_with_422(uwv_client, anders, reden):
    response = uwv_client.post(URL, api_body(**anders), format="json")
    assert response.status_code == 422
    assert reden in response.json()["detail"]
    assert not Ziektewetclaim.objects.exists()


def test_only_uwv_with_lks_toets_may_report_or_read(uwv, gemeente_a, api_client_for, client):
    assert api_client_for(gemeente_a, ["casemanagement"]).post(URL, api_body(), format="json").status_code == 403
    assert api_client_for(uwv, ["beheer"]).post(URL, api_body(), format="json").status_code == 403
    assert client.post(URL, api_body(), content_type="application/json").status_code in (401, 403)
    assert not Ziektewetclaim.objects.exists()


def test_another_uwv_organisation_sees_nothing(uwv_client, api_client_for):
    claim_id = uwv_client.post(URL, api_body(), format="json").json()["id"]
    ander = api_client_for(ensure_organisatie("UWV proefomgeving", OrganisatieType.UWV), ["lks_toets"])
    assert ander.get(f"{URL}/{claim_id}").status_code == 404
    assert ander.get(URL).json()["count"] == 0
    assert ander.post(f"{URL}/zoeken", {"bsn": MET_LKS}, format="json").json() == []
    assert ander.post(f"{URL}/{claim_id}/einde-uitkering", {"datum": "2026-10-01", "reden": "betermelding"},
                      format="json").status_code == 404  # fmt: skip


def test_list_filters_and_search_by_bsn_in_the_body(uwv_client):
    uwv_client.post(URL, api_body(), format="json")
    uwv_client.post(URL, api_body(ZONDER_LKS, datum_melding="2026-09-15", datum_eerste_ao_dag="2026-09-01"),
                    format="json")  # fmt: skip
    alle = uwv_client.get(URL).json()
    assert alle["count"] == 2
    # The earliest next deadline first: reported 15 September, decision due 27 October.
    assert [c["bsn"] for c in alle["results"]] == [ZONDER_LKS, MET_LKS]
    assert uwv_client.get(URL, {"termijn": "beoordeling", "lks": "te_toetsen"}).json()["count"] == 2
    assert uwv_client.get(URL, {"status": "beeindigd"}).json()["count"] == 0
    with time_machine.travel("2026-10-28 10:00 +01:00", tick=False):
        te_laat = uwv_client.get(URL, {"te_laat": "true"}).json()
    assert [c["bsn"] for c in te_laat["results"]] == [ZONDER_LKS]
    assert uwv_client.get(URL, {"status": "kapot"}).status_code == 400
    gevonden = uwv_client.post(f"{URL}/zoeken", {"bsn": MET_LKS}, format="json").json()
    assert [c["bsn"] for c in gevonden] == [MET_LKS]


def test_a_bsn_in_the_url_is_refused(uwv_client):
    assert uwv_client.get(URL, {"bsn": MET_LKS}).status_code == 400


def test_ending_the_benefit(uwv_client):
    body = uwv_client.post(URL, api_body(), format="json").json()
    einde_url = body["links"]["einde_uitkering"]
    voor = uwv_client.post(einde_url, {"datum": "2026-09-13", "reden": "betermelding"}, format="json")
    assert voor.status_code == 422
    assert "vóór de eerste AO-dag" in voor.json()["detail"]
    assert uwv_client.post(einde_url, {"datum": "2026-09-30", "reden": "genezen"}, format="json").status_code == 400
    ok = uwv_client.post(einde_url, {"datum": "2026-09-30", "reden": "overlijden"}, format="json")
    assert ok.status_code == 200
    assert (ok.json()["status"], ok.json()["einde_uitkering"]) == (
        "beeindigd", {"datum": "2026-09-30", "reden": "overlijden"}
    )  # fmt: skip
    # No melding went to the hub (the toets never said ja), so none follows.
    assert ok.json()["meldingen"] == []
    again = uwv_client.post(einde_url, {"datum": "2026-09-30", "reden": "overlijden"}, format="json")
    assert again.status_code == 409
