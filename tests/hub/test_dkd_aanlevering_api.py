"""A gemeente delivers its verzamelbestand over the API: accepted, partly rejected, refused, repeated."""

import csv
import io
from datetime import date

import pytest
from tests.hub.factories import personen, persoon, verzamelbestand

from django.test import override_settings

from vangnet.hub.dkd.verwijsindex import verwijzingen
from vangnet.hub.models import DkdAanlevering, DkdPersoon, DkdVoorziening

PROBLEM = "application/problem+json"


@pytest.fixture
def client_a(gemeente_a, api_client_for):
    return api_client_for(gemeente_a, ["dkd_aanleveren"])


def test_a_good_file_is_accepted_and_fills_data_and_verwijsindex(gemeente_a, client_a, deliver):
    response = deliver(client_a, verzamelbestand("GM0344", 1, personen(3)))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["volgnummer"], body["aantal_personen"]) == ("verwerkt", 1, 3)
    assert (body["aantal_geaccepteerd"], body["aantal_afgekeurd"], body["aantal_voorzieningen"]) == (3, 0, 3)
    assert body["gemeente"] == {"code": "GM0344", "naam": "Utrecht"}
    assert body["kanaal"] == "api"
    assert len(body["bestand_sha256"]) == 64
    assert DkdPersoon.objects.filter(gemeente=gemeente_a).count() == 3
    index = verwijzingen([p.bsn for p in personen(3)])
    assert {(v.gemeente_id, v.bron, v.cluster) for v in index} == {(gemeente_a.pk, "batch", "Reintegratie")}
    assert len(index) == 3
    assert client_a.get(body["links"]["self"]).json()["id"] == body["id"]


def test_bad_records_are_rejected_with_position_bsn_field_and_reason_and_the_rest_kept(gemeente_a, client_a, deliver):
    goed = persoon(1, positie=1)
    elfproef = persoon(2, positie=2, bsn="999990018")
    overlap = persoon(
        3, positie=3, perioden=((date(2025, 1, 1), date(2025, 6, 30)), (date(2025, 6, 1), date(2025, 12, 31)))
    )
    dubbel = persoon(1, positie=4)
    response = deliver(client_a, verzamelbestand("GM0344", 1, [goed, elfproef, overlap, dubbel]))
    body = response.json()
    assert response.status_code == 201
    assert (body["aantal_personen"], body["aantal_geaccepteerd"], body["aantal_afgekeurd"]) == (4, 1, 3)
    assert body["afkeurpercentage"] == 75.0

    terugmelding = client_a.get(body["links"]["terugmelding"]).json()
    assert terugmelding["aantal"] == 3
    regels = {r["positie"]: r for r in terugmelding["regels"]}
    assert regels[2]["bsn"] == "999990018" and regels[2]["veld"] == "Burgerservicenr"
    assert "elfproef" in regels[2]["reden"]
    assert "overlapt" in regels[3]["reden"]
    assert regels[4] == {
        "positie": 4,
        "bsn": goed.bsn,
        "veld": "Burgerservicenr",
        "reden": "Dit BSN staat al in het bestand, op positie 1.",
    }
    assert list(DkdPersoon.objects.values_list("bsn", flat=True)) == [goed.bsn]
    assert [v.bsn for v in verwijzingen([goed.bsn, overlap.bsn])] == [goed.bsn]


def test_terugmelding_as_csv(gemeente_a, client_a, deliver):
    body = deliver(client_a, verzamelbestand("GM0344", 1, [persoon(1), persoon(2, positie=2, bsn="999990018")])).json()
    response = client_a.get(body["links"]["terugmelding"], HTTP_ACCEPT="text/csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode()), delimiter=";"))
    assert rows[0] == ["Positie", "BSN", "Veld", "Reden"]
    assert rows[1][:3] == ["2", "999990018", "Burgerservicenr"]
    same = client_a.get(body["links"]["terugmelding"] + "?formaat=csv")
    assert same["Content-Type"].startswith("text/csv")


def test_a_new_delivery_replaces_the_old_set(gemeente_a, client_a, deliver):
    deliver(client_a, verzamelbestand("GM0344", 1, personen(3)))
    response = deliver(client_a, verzamelbestand("GM0344", 2, personen(2, start=10)))
    assert response.status_code == 201
    nieuw = DkdAanlevering.objects.get(volgnummer=2)
    assert set(DkdPersoon.objects.values_list("aanlevering_id", flat=True)) == {nieuw.pk}
    assert DkdVoorziening.objects.count() == 2
    alle = [p.bsn for p in personen(3)] + [p.bsn for p in personen(2, start=10)]
    assert [v.bsn for v in verwijzingen(alle)] == sorted(p.bsn for p in personen(2, start=10))


def test_the_same_file_or_volgnummer_again_returns_the_first_result_and_changes_nothing(client_a, deliver, snapshot):
    bestand = verzamelbestand("GM0344", 5, personen(3))
    first = deliver(client_a, bestand).json()
    before = snapshot()
    again = deliver(client_a, bestand)
    assert again.status_code == 200
    assert again.json() == first
    other_content = deliver(client_a, verzamelbestand("GM0344", 5, personen(1, start=50)))
    assert other_content.status_code == 200
    assert other_content.json()["id"] == first["id"]
    assert snapshot() == before
    assert DkdAanlevering.objects.count() == 1


def test_a_lower_volgnummer_is_refused_with_409(client_a, deliver, snapshot):
    deliver(client_a, verzamelbestand("GM0344", 5, personen(3)))
    before = snapshot()
    response = deliver(client_a, verzamelbestand("GM0344", 4, personen(1)))
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "volgnummer_te_laag"
    assert "lager dan het laatst verwerkte volgnummer 5" in response.json()["detail"]
    assert snapshot() == before


def _tampered(bestand: bytes) -> bytes:
    return bestand.replace(b"Testpersoona", b"Testpersoonz", 1)


FILE_FAULTS = [
    ("geen_xml", lambda b: b"dit is geen xml", 400),
    ("leeg", lambda b: b"", 400),
    ("geen_xml", lambda b: b[: len(b) // 2], 400),
    ("onbekende_versie", lambda b: b.replace(b"verzamelbestand:v1", b"verzamelbestand:v9"), 400),
    ("andere_gemeente", lambda b: verzamelbestand("GM0363", 9, personen(1)), 403),
    ("hash_klopt_niet", _tampered, 400),
    ("dtd_niet_toegestaan", lambda b: b.replace(b"<vzb:", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><vzb:', 1), 400),
]  # fmt: skip


@pytest.mark.parametrize(
    ("code", "make", "status"), FILE_FAULTS, ids=[f[0] + str(i) for i, f in enumerate(FILE_FAULTS)]
)
def test_file_level_faults_refuse_the_whole_file_and_keep_the_old_data(
    gemeente_a, client_a, deliver, snapshot, code, make, status
):
    deliver(client_a, verzamelbestand("GM0344", 1, personen(3)))
    before = snapshot()
    response = deliver(client_a, make(verzamelbestand("GM0344", 9, personen(2, start=20))))
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["code"] == code
    assert problem["detail"]
    assert snapshot() == before
    refused = DkdAanlevering.objects.get(status="geweigerd")
    assert problem["aanlevering"] == str(refused.uuid)
    assert refused.fout_code == code


@override_settings(VANGNET_DKD_MAX_BYTES=2000)
def test_an_oversized_file_is_refused_with_413(client_a, deliver, snapshot):
    before = snapshot()
    response = deliver(client_a, verzamelbestand("GM0344", 1, personen(20)))
    assert response.status_code == 413
    assert response.json()["code"] == "te_groot"
    assert snapshot() == before


def test_wrong_content_type_is_415(client_a, deliver):
    response = deliver(client_a, verzamelbestand("GM0344", 1, personen(1)), content_type="application/json")
    assert response.status_code == 415
    assert response["Content-Type"] == PROBLEM


def test_delivering_needs_the_machtiging_and_a_gemeente(gemeente_a, uwv, api_client_for, deliver):
    bestand = verzamelbestand("GM0344", 1, personen(1))
    assert deliver(api_client_for(gemeente_a, ["casemanagement"]), bestand).status_code == 403
    assert deliver(api_client_for(uwv), bestand).status_code == 403
    assert not DkdAanlevering.objects.exists()


def test_a_gemeente_never_sees_another_gemeentes_deliveries(
    gemeente_a, gemeente_b, hub, client_a, api_client_for, deliver
):
    body = deliver(client_a, verzamelbestand("GM0344", 1, [persoon(1), persoon(2, positie=2, bsn="999990018")])).json()
    client_b = api_client_for(gemeente_b, ["dkd_aanleveren"])
    assert client_b.get(body["links"]["self"]).status_code == 404
    assert client_b.get(body["links"]["terugmelding"]).status_code == 404
    assert client_b.get("/api/v1/dkd/aanleveringen").json()["results"] == []
    hub_client = api_client_for(hub, ["beheer"])
    assert hub_client.get(body["links"]["self"]).status_code == 200  # metadata
    assert hub_client.get(body["links"]["terugmelding"]).status_code in (403, 404)  # holds BSNs: never for the hub


def test_the_list_filters_on_status_and_takes_a_page_size(client_a, deliver):
    for volgnummer in (1, 2, 3):
        deliver(client_a, verzamelbestand("GM0344", volgnummer, personen(2)))
    deliver(client_a, b"<kapot")  # a refused attempt is listed too
    assert client_a.get("/api/v1/dkd/aanleveringen").json()["count"] == 4
    laatste = client_a.get("/api/v1/dkd/aanleveringen", {"status": "verwerkt", "page_size": "1"}).json()
    assert laatste["count"] == 3
    assert [item["volgnummer"] for item in laatste["results"]] == [3]
    assert laatste["next"] is not None
    onbekend = client_a.get("/api/v1/dkd/aanleveringen", {"status": "klaar"})
    assert onbekend.status_code == 400 and onbekend["Content-Type"] == "application/problem+json"
    assert onbekend.json()["invalidParams"] == [
        {"name": "status", "code": "invalid", "reason": "Kies een status uit: verwerkt, geweigerd."}
    ]
