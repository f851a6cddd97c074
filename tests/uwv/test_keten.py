"""The whole chain over HTTP: a gemeente delivers, UWV registers the claim, asks the hub, sends meldingen.

The hub runs on the live server and UWV reaches it only through its client with its own API key;
the tests read the hub's tables only to check what arrived there.
"""

from datetime import date, timedelta

import pytest
import time_machine
from tests.uwv.conftest import MET_LKS, ZONDER_LKS, api_body, ziekmelding
from tests.uwv.webservice import EenKeerBereikbaar, Gemeentewebservice

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from vangnet.domain.bsn import synthetic_bsn
from vangnet.hub.constants import Aanlevermethode, Bronsoort, Cluster
from vangnet.hub.models import DkdInstelling, Melding, Signaal, Verwijsindex, WebserviceAanroep
from vangnet.uwv.claims import beeindig_uitkering, registreer_ziekmelding
from vangnet.uwv.constants import Bron
from vangnet.uwv.hub_client import HubClient, HubOnbereikbaar
from vangnet.uwv.models import Brief, Hubbericht, Ziektewetclaim
from vangnet.uwv.verwerking import verwerk, verwerk_claim

OP_1_OKTOBER = "2026-10-01 10:00 +02:00"


@pytest.fixture(autouse=True)
def vandaag():
    with time_machine.travel(OP_1_OKTOBER, tick=True):
        yield


def test_ziek_uit_dienst_with_lks_reaches_the_gemeente_and_the_betermelding_follows(
    hub_api, lks_bij_utrecht, gemeente_a, uwv_client
):
    response = uwv_client.post("/api/v1/uwv/ziekmeldingen", api_body(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["lks_toets"]["uitkomst"] == "ja"
    assert body["lks_toets"]["gemeente"] == {"code": "GM0344", "naam": "Utrecht"}
    assert body["werkgever"]["loonheffingennummer"] == "123456782L01"
    assert body["beoordeling"]["uiterlijk"] == "2026-11-12"  # 1 October + 6 weeks
    assert MET_LKS not in response["Location"]

    claim = Ziektewetclaim.objects.get()
    zud = Hubbericht.objects.get(soort="ziek_uit_dienst")
    assert (zud.status, zud.kenmerk, zud.gemeentecode) == ("verzonden", f"ZW-{claim.uuid}", "GM0344")
    # At the hub: one melding with UWV's kenmerk and its signal for Utrecht.
    melding = Melding.objects.get()
    assert (melding.kenmerk, melding.type, melding.gemeente_id, melding.is_open) == (
        claim.kenmerk, "ziek_uit_dienst", gemeente_a.pk, True
    )  # fmt: skip
    assert zud.hub_id == melding.uuid
    signaal = Signaal.objects.get()
    assert (signaal.gemeente_id, signaal.bsn, signaal.datum_eerste_ao_dag) == (
        gemeente_a.pk,
        MET_LKS,
        date(2026, 9, 14),
    )
    # The letters: rights and duties, and that Utrecht does the re-integration.
    assert set(Brief.objects.values_list("type", flat=True)) == {"rechten_en_plichten", "reintegratie_gemeente"}
    assert "De gemeente Utrecht helpt u bij uw re-integratie" in Brief.objects.get(type="reintegratie_gemeente").html

    einde = uwv_client.post(
        body["links"]["einde_uitkering"], {"datum": "2026-09-28", "reden": "betermelding"}, format="json"
    )
    assert einde.status_code == 200, einde.content
    assert einde.json()["einde_uitkering"] == {"datum": "2026-09-28", "reden": "betermelding"}
    eu = Hubbericht.objects.get(soort="einde_uitkering")
    assert (eu.status, eu.kenmerk) == ("verzonden", f"ZW-{claim.uuid}-einde")
    sluiting = Melding.objects.get(type="einde_uitkering")
    assert (sluiting.ziek_uit_dienst_id, sluiting.reden, sluiting.gemeente_id) == (
        melding.pk,
        "betermelding",
        gemeente_a.pk,
    )
    assert Signaal.objects.get(melding=sluiting).datum_einde_uitkeringsverhouding == date(2026, 9, 28)
    melding.refresh_from_db()
    assert melding.is_open is False


def test_a_person_without_lks_gets_no_melding(hub_api, lks_bij_utrecht, uwv_client):
    response = uwv_client.post("/api/v1/uwv/ziekmeldingen", api_body(ZONDER_LKS), format="json")
    assert response.status_code == 201
    assert response.json()["lks_toets"] == {
        "uitkomst": "nee", "gemeente": None, "reden": None, "opnieuw_na": None,
        "getoetst_op": response.json()["lks_toets"]["getoetst_op"],
    }  # fmt: skip
    assert response.json()["meldingen"] == []
    assert not Hubbericht.objects.exists()
    assert not Melding.objects.exists() and not Signaal.objects.exists()
    assert list(Brief.objects.values_list("type", flat=True)) == ["rechten_en_plichten"]

    # Its end sends nothing either.
    claim = Ziektewetclaim.objects.get()
    uwv_client.post(f"/api/v1/uwv/ziekmeldingen/{claim.uuid}/einde-uitkering", {"datum": "2026-10-01",
                    "reden": "werkhervatting"}, format="json")  # fmt: skip
    assert not Hubbericht.objects.exists() and not Melding.objects.exists()


# --- webservice gemeenten that do not answer: onbekend, retried later ------------------------------------


@pytest.fixture
def webservice_amsterdam(gemeente_b):
    Gemeentewebservice.bereikbaar = False
    DkdInstelling.objects.create(
        gemeente=gemeente_b, aanlevermethode=Aanlevermethode.WEBSERVICE, endpoint_url="https://gm0363.example/dkd"
    )
    Verwijsindex.objects.create(
        bsn=synthetic_bsn(3), gemeente=gemeente_b, cluster=Cluster.REINTEGRATIE, bron=Bronsoort.WEBSERVICE,
        bijgewerkt_op=timezone.now(),
    )  # fmt: skip
    with override_settings(VANGNET_DKD_WEBSERVICE_CLIENT="tests.uwv.webservice.Gemeentewebservice"):
        yield gemeente_b


def test_an_onbekend_toets_is_asked_again_after_its_wait_not_lost(hub_api, webservice_amsterdam, uwv, capsys):
    claim = registreer_ziekmelding(uwv, ziekmelding(synthetic_bsn(3)), bron=Bron.API).claim
    claim = verwerk_claim(claim)
    assert claim.lks_betaald == "onbekend"
    assert "GM0363" in claim.lks_reden
    assert claim.lks_opnieuw_na > timezone.now() + timedelta(minutes=14)
    assert not Hubbericht.objects.exists() and not Melding.objects.exists()

    # The daily run before the wait is over asks nothing.
    call_command("uwv-verwerk")
    assert WebserviceAanroep.objects.count() == 1
    assert "Nog open: 1 LKS-toetsen, 0 meldingen." in capsys.readouterr().out

    Gemeentewebservice.bereikbaar = True
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=True):
        call_command("uwv-verwerk")
    out = capsys.readouterr().out
    assert "beantwoord (ja 1, nee 0, onbekend 0)" in out
    assert "Meldingen aan de hub: 1 geaccepteerd" in out
    claim.refresh_from_db()
    assert (claim.lks_betaald, claim.lks_gemeentecode, claim.lks_opnieuw_na) == ("ja", "GM0363", None)
    assert Signaal.objects.get().gemeente_id == webservice_amsterdam.pk
    assert Brief.objects.filter(claim=claim, type="reintegratie_gemeente").exists()


def test_a_melding_answered_503_waits_for_the_hub_and_is_sent_later(hub_api, webservice_amsterdam, uwv):
    Gemeentewebservice.bereikbaar = True
    EenKeerBereikbaar.blijft_bereikbaar = False
    with override_settings(VANGNET_DKD_WEBSERVICE_CLIENT="tests.uwv.webservice.EenKeerBereikbaar"):
        claim = registreer_ziekmelding(uwv, ziekmelding(synthetic_bsn(3)), bron=Bron.PORTAAL).claim
        claim = verwerk_claim(claim)
        assert claim.lks_betaald == "ja"
        zud = Hubbericht.objects.get()
        assert (zud.status, zud.http_status, zud.pogingen) == ("wachtend", 503, 1)
        assert "niet worden afgerond" in zud.fout
        assert zud.volgende_poging_op > timezone.now() + timedelta(minutes=14)
        assert not Melding.objects.exists()
        assert not Brief.objects.filter(type="reintegratie_gemeente").exists()

        Gemeentewebservice.bereikbaar = True
        EenKeerBereikbaar.blijft_bereikbaar = True
        assert verwerk().verzonden == 0  # still waiting
        with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=True):
            resultaat = verwerk()
    assert (resultaat.verzonden, resultaat.nog_wachtend) == (1, 0)
    zud.refresh_from_db()
    assert (zud.status, zud.http_status, zud.gemeentecode) == ("verzonden", 201, "GM0363")
    assert Melding.objects.get().kenmerk == claim.kenmerk
    assert Brief.objects.filter(type="reintegratie_gemeente").exists()


# --- an unreachable hub, and a lost answer ----------------------------------------------------------------


def test_an_unreachable_hub_leaves_the_claim_waiting_and_the_run_catches_up(
    hub_api, lks_bij_utrecht, uwv, uwv_client, settings
):
    settings.VANGNET_HUB_URL = "http://127.0.0.1:9"  # nothing listens there
    response = uwv_client.post("/api/v1/uwv/ziekmeldingen", api_body(), format="json")
    assert response.status_code == 201
    assert response.json()["lks_toets"]["uitkomst"] == "te_toetsen"
    assert "niet bereikbaar" in response.json()["lks_toets"]["reden"]
    assert Ziektewetclaim.objects.get().lks_pogingen == 1

    settings.VANGNET_HUB_URL = hub_api.url
    call_command("uwv-verwerk", "--direct")
    claim = Ziektewetclaim.objects.get()
    assert (claim.lks_betaald, claim.lks_gemeentecode) == ("ja", "GM0344")
    assert Hubbericht.objects.get().status == "verzonden"
    assert Signaal.objects.count() == 1


def test_sending_a_melding_again_after_a_lost_answer_doubles_nothing(hub_api, lks_bij_utrecht, uwv):
    claim = verwerk_claim(registreer_ziekmelding(uwv, ziekmelding(), bron=Bron.API).claim)
    zud = Hubbericht.objects.get()
    eerste_hub_id = zud.hub_id
    # As if the hub's answer never arrived: the outbox still says wachtend.
    Hubbericht.objects.filter(pk=zud.pk).update(status="wachtend", hub_id=None, verzonden_op=None)
    resultaat = verwerk(direct=True)
    assert resultaat.verzonden == 1
    zud.refresh_from_db()
    assert (zud.status, zud.http_status, zud.hub_id) == ("verzonden", 200, eerste_hub_id)
    assert (Melding.objects.count(), Signaal.objects.count()) == (1, 1)
    assert claim.brieven.filter(type="reintegratie_gemeente").count() == 1


def test_a_refused_melding_is_recorded_and_its_end_is_moot(hub_api, lks_bij_utrecht, uwv, api_client_for):
    # Another sender's open melding for the same person at the hub: the hub refuses (409, al_open).
    anders = api_client_for(uwv, ["lks_toets"])
    eerder = {
        "type": "ziek_uit_dienst", "kenmerk": "ANDER-1", "bsn": MET_LKS,
        "datum_einde_arbeidsverhouding": "2026-08-31", "datum_eerste_ao_dag": "2026-08-20",
    }  # fmt: skip
    assert anders.post("/api/v1/meldingen", eerder, format="json").status_code == 201
    claim = verwerk_claim(registreer_ziekmelding(uwv, ziekmelding(), bron=Bron.API).claim)
    zud = Hubbericht.objects.get()
    assert (zud.status, zud.http_status) == ("geweigerd", 409)
    assert "al_open" in zud.fout

    verwerk_claim(beeindig_uitkering(claim, date(2026, 9, 30), "betermelding"))
    eu = Hubbericht.objects.filter(soort="einde_uitkering").first()
    assert eu is None  # nothing to close at the hub
    assert Melding.objects.count() == 1


def test_the_client_sorts_the_hubs_answers(hub_api, uwv, settings):
    with HubClient(hub_api.url, "vn_onbekend_sleutel") as client:
        with pytest.raises(HubOnbereikbaar) as fout:
            client.lks_toets(MET_LKS, date(2026, 9, 30))
        assert fout.value.status_code in (401, 403)
        assert MET_LKS not in fout.value.reden
