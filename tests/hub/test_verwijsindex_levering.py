"""A webservice gemeente hands the hub its verwijsindex over the JSON API: replace, mutate, repeat, refuse."""

from unittest import mock

import pytest

from vangnet.domain.bsn import synthetic_bsn, synthetic_bsns
from vangnet.hub.dkd import verwijsindex_levering
from vangnet.hub.dkd.instellingen import wijzig_instelling
from vangnet.hub.dkd.verwijsindex import verwijzingen
from vangnet.hub.models import Verwijsindex, VerwijsindexLevering

URL = "/api/v1/dkd/verwijsindex"
PROBLEM = "application/problem+json"
ELFPROEF_FOUT = "999990018"


def webservice(gemeente, url: str = "https://gemeente.example/dkd") -> None:
    wijzig_instelling(
        gemeente,
        aanlevermethode="webservice",
        berichtversie="GSDDossierReintegratie-v0200",
        endpoint_url=url,
        frequentie="wekelijks",
    )


def index_van(gemeente) -> set[str]:
    return set(Verwijsindex.objects.filter(gemeente=gemeente).values_list("bsn", flat=True))


@pytest.fixture
def client_a(gemeente_a, api_client_for):
    webservice(gemeente_a)
    return api_client_for(gemeente_a, ["dkd_aanleveren"])


def put(client, volgnummer, bsns, **extra):
    return client.put(URL, {"volgnummer": volgnummer, "bsns": bsns, **extra}, format="json")


def patch(client, volgnummer, toevoegen=(), verwijderen=()):
    body = {"volgnummer": volgnummer, "toevoegen": list(toevoegen), "verwijderen": list(verwijderen)}
    return client.patch(URL, body, format="json")


def test_a_full_replacement_sets_the_index_and_counts_the_difference(gemeente_a, client_a):
    eerste = list(synthetic_bsns(5))
    response = put(client_a, 1, eerste, cluster="Reintegratie")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["soort"], body["status"], body["kanaal"], body["volgnummer"]) == ("volledig", "verwerkt", "json", 1)
    assert (body["aantal_in_bericht"], body["aantal_toegevoegd"], body["aantal_verwijderd"]) == (5, 5, 0)
    assert (body["aantal_voor"], body["aantal_na"], body["herhaald"]) == (0, 5, False)
    assert body["ingediend_door"] == "API-sleutel test"
    assert index_van(gemeente_a) == set(eerste)
    found = verwijzingen(eerste)
    assert {(v.gemeente_id, v.bron, v.cluster) for v in found} == {(gemeente_a.pk, "webservice", "Reintegratie")}

    tweede = [*eerste[2:], *synthetic_bsns(2, start=10)]
    body = put(client_a, 2, tweede).json()
    assert (body["aantal_toegevoegd"], body["aantal_verwijderd"], body["aantal_voor"], body["aantal_na"]) == (
        2,
        2,
        5,
        5,
    )
    assert index_van(gemeente_a) == set(tweede)
    assert verwijzingen(eerste[:2]) == []


def test_mutations_add_and_remove_single_bsns_and_leave_the_rest(gemeente_a, client_a):
    put(client_a, 1, list(synthetic_bsns(3)))
    nieuw, weg, al_erin, nooit_erin = synthetic_bsn(20), synthetic_bsn(0), synthetic_bsn(1), synthetic_bsn(30)
    response = patch(client_a, 2, toevoegen=[nieuw, al_erin], verwijderen=[weg, nooit_erin])
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["soort"], body["aantal_toegevoegd"], body["aantal_verwijderd"], body["aantal_afgekeurd"]) == (
        "mutatie", 1, 1, 0,
    )  # fmt: skip
    assert (body["aantal_voor"], body["aantal_na"]) == (3, 3)
    assert index_van(gemeente_a) == {synthetic_bsn(1), synthetic_bsn(2), nieuw}


def test_bad_bsns_are_rejected_with_list_position_and_reason_and_the_good_kept(gemeente_a, client_a):
    goed = synthetic_bsn(1)
    body = put(client_a, 1, [goed, ELFPROEF_FOUT, "12345678", 999990019, goed, "999 990 019"]).json()
    assert (body["aantal_in_bericht"], body["aantal_toegevoegd"], body["aantal_afgekeurd"]) == (6, 1, 5)
    afgekeurd = {a["positie"]: a for a in body["afgekeurd"]}
    assert afgekeurd[2] == {
        "lijst": "bsns", "positie": 2, "bsn": ELFPROEF_FOUT, "reden": "Dit BSN voldoet niet aan de elfproef.",
    }  # fmt: skip
    assert "9 cijfers" in afgekeurd[3]["reden"]
    assert afgekeurd[4]["bsn"] == "999990019" and "tekst" in afgekeurd[4]["reden"]
    assert afgekeurd[5]["reden"] == "Dit BSN staat al in bsns, op positie 1."
    assert "spaties" in afgekeurd[6]["reden"]
    assert index_van(gemeente_a) == {goed}

    beide = synthetic_bsn(7)
    body = patch(client_a, 2, toevoegen=[synthetic_bsn(8), beide], verwijderen=[beide]).json()
    assert (body["aantal_toegevoegd"], body["aantal_afgekeurd"]) == (1, 2)
    assert [(a["lijst"], a["positie"]) for a in body["afgekeurd"]] == [("toevoegen", 2), ("verwijderen", 1)]
    assert "staat ook in verwijderen, op positie 1" in body["afgekeurd"][0]["reden"]
    assert index_van(gemeente_a) == {goed, synthetic_bsn(8)}


def test_the_same_message_again_returns_the_first_result(gemeente_a, client_a):
    eerste = put(client_a, 4, list(synthetic_bsns(3))).json()
    patch(client_a, 5, toevoegen=[synthetic_bsn(9)])
    herhaald = put(client_a, 4, list(synthetic_bsns(3)))
    assert herhaald.status_code == 200
    assert herhaald.json()["herhaald"] is True
    assert herhaald.json()["id"] == eerste["id"]
    assert len(index_van(gemeente_a)) == 4  # the repeat did not undo the later mutation
    assert VerwijsindexLevering.objects.filter(gemeente=gemeente_a).count() == 2


def test_a_lower_volgnummer_or_a_reused_one_is_refused_with_409(gemeente_a, client_a):
    put(client_a, 7, list(synthetic_bsns(3)))
    lager = put(client_a, 6, [synthetic_bsn(5)])
    assert lager.status_code == 409
    assert lager["Content-Type"] == PROBLEM
    assert lager.json()["code"] == "volgnummer_te_laag"
    assert "lager dan het laatst verwerkte volgnummer 7" in lager.json()["detail"]
    hergebruikt = put(client_a, 7, [synthetic_bsn(5)])
    assert (hergebruikt.status_code, hergebruikt.json()["code"]) == (409, "kenmerk_hergebruikt")
    assert index_van(gemeente_a) == set(synthetic_bsns(3))
    geschiedenis = client_a.get(URL + "/leveringen").json()["results"]
    assert [(r["status"], r["fout_code"]) for r in geschiedenis] == [
        ("geweigerd", "kenmerk_hergebruikt"), ("geweigerd", "volgnummer_te_laag"), ("verwerkt", ""),
    ]  # fmt: skip
    assert geschiedenis[1]["id"] == lager.json()["levering"]


def test_a_gemeente_delivering_by_verzamelbestand_is_refused(gemeente_b, api_client_for):
    client_b = api_client_for(gemeente_b, ["dkd_aanleveren"])
    response = put(client_b, 1, [synthetic_bsn(1)])
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "geen_webservice"
    assert "verzamelbestand" in body["detail"] and "webservice" in body["detail"]
    assert not Verwijsindex.objects.exists()
    assert VerwijsindexLevering.objects.get().status == "geweigerd"


def test_a_malformed_body_is_a_400_with_invalid_params(client_a):
    response = client_a.put(URL, {"volgnummer": "1", "bsns": "999990019", "extra": 1}, format="json")
    assert response.status_code == 400
    namen = {p["name"] for p in response.json()["invalidParams"]}
    assert namen == {"volgnummer", "bsns", "extra"}
    leeg = patch(client_a, 1)
    assert (leeg.status_code, leeg.json()["code"]) == (400, "leeg_bericht")
    assert client_a.put(URL, {"volgnummer": 1, "bsns": [], "cluster": "Zorg"}, format="json").status_code == 400


def test_a_failure_halfway_leaves_the_old_index(gemeente_a, client_a):
    oud = list(synthetic_bsns(4))
    put(client_a, 1, oud)
    nieuw = list(synthetic_bsns(4, start=50))
    with (
        mock.patch.object(verwijsindex_levering.BulkWriter, "write", side_effect=RuntimeError("schijf vol")),
        pytest.raises(RuntimeError),
    ):
        verwijsindex_levering.vervang(verwijsindex_levering.Indiener(gemeente_a, "json"), nieuw, volgnummer=2)
    assert index_van(gemeente_a) == set(oud)
    assert not VerwijsindexLevering.objects.filter(volgnummer=2).exists()
    assert put(client_a, 2, nieuw).status_code == 200
    assert index_van(gemeente_a) == set(nieuw)


def test_scoping_own_history_only_and_uwv_cannot_push(gemeente_a, gemeente_b, client_a, api_client_for, uwv, hub):
    put(client_a, 1, [synthetic_bsn(1)])
    webservice(gemeente_b)
    client_b = api_client_for(gemeente_b, ["dkd_aanleveren"])
    put(client_b, 1, [synthetic_bsn(2)])
    eigen = client_a.get(URL + "/leveringen").json()["results"]
    assert [r["gemeente"]["code"] for r in eigen] == ["GM0344"]
    van_b = client_b.get(URL + "/leveringen").json()["results"]
    assert [r["gemeente"]["code"] for r in van_b] == ["GM0363"]
    assert client_b.get(eigen[0]["links"]["self"]).status_code == 404
    assert client_a.get(eigen[0]["links"]["self"]).json()["id"] == eigen[0]["id"]

    uwv_client = api_client_for(uwv, ["lks_toets"])
    assert put(uwv_client, 1, [synthetic_bsn(3)]).status_code == 403
    assert uwv_client.get(URL + "/leveringen").status_code == 403
    zonder_machtiging = api_client_for(gemeente_a, ["beheer"])
    assert patch(zonder_machtiging, 2, toevoegen=[synthetic_bsn(3)]).status_code == 403
    assert put(api_client_for(hub, ["beheer"]), 1, [synthetic_bsn(3)]).status_code == 403
    assert index_van(gemeente_a) == {synthetic_bsn(1)}
    assert not Verwijsindex.objects.filter(bsn=synthetic_bsn(3)).exists()


def test_no_bsn_ever_in_a_url(client_a):
    response = client_a.get(URL + "/leveringen?bsn=" + synthetic_bsn(1))
    assert response.status_code == 400
