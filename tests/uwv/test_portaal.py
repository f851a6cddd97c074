"""UWV staff in the portal: register a report, see the claim, decide, extend, record the EZWb, end the benefit."""

import re
from datetime import date

import pytest
import time_machine
from tests.uwv.conftest import MET_LKS, ziekmelding

from vangnet.domain.bsn import mask_bsn
from vangnet.hub.models import Melding, Signaal
from vangnet.uwv.claims import registreer_ziekmelding
from vangnet.uwv.constants import Bron
from vangnet.uwv.models import Hubbericht, Ziektewetclaim

FORMULIER = {
    "bsn": MET_LKS,
    "werkgever_naam": "Bakkerij De Korenschoof",
    "loonheffingennummer": "123456782L01",
    "datum_einde_arbeidsverhouding": "2026-09-30",
    "datum_eerste_ao_dag": "2026-09-14",
    "datum_melding": "2026-10-01",
}


@pytest.fixture(autouse=True)
def vandaag():
    with time_machine.travel("2026-10-01 10:00 +02:00", tick=True):
        yield


def registreer(medewerker, **anders):
    return medewerker.post("/uwv/ziekmeldingen/nieuw/", {**FORMULIER, **anders}, follow=True)


def test_registering_without_a_reachable_hub_keeps_the_toets_open(medewerker):
    response = registreer(medewerker)
    html = response.content.decode()
    claim = Ziektewetclaim.objects.get()
    assert response.redirect_chain[-1][0] == f"/uwv/claims/{claim.uuid}/"
    assert "De Ziektewet-claim is geregistreerd. De LKS-toets is nog niet afgerond" in html
    assert f"Ziektewet-claim {mask_bsn(MET_LKS)}" in html
    assert MET_LKS not in html
    assert "Nu opnieuw proberen" in html
    assert (claim.bron, claim.ingevoerd_door.username) == ("portaal", "uwv.medewerker")


def test_registering_with_the_hub_sends_the_melding(hub_api, lks_bij_utrecht, gemeente_a, medewerker):
    html = registreer(medewerker).content.decode()
    assert "LKS-toets: ja, gemeente Utrecht. De melding ziek uit dienst is door de hub geaccepteerd." in html
    assert re.search(r'data-melding="ziek_uit_dienst" data-status="verzonden"', html)
    assert "Uw gemeente begeleidt uw re-integratie" in html
    assert Signaal.objects.get().gemeente_id == gemeente_a.pk

    html = medewerker.post(
        f"/uwv/claims/{Ziektewetclaim.objects.get().uuid}/einde/", {"datum": "2026-10-01", "reden": "werkhervatting"},
        follow=True,
    ).content.decode()  # fmt: skip
    assert "De hub heeft de melding einde uitkering geaccepteerd." in html
    assert Melding.objects.get(type="einde_uitkering").reden == "werkhervatting"


@pytest.mark.parametrize(
    ("anders", "fout"),
    [
        ({"bsn": "123456789"}, "elfproef"),
        ({"loonheffingennummer": "123456782B01"}, "letter L"),
        ({"datum_melding": "2026-10-02"}, "in de toekomst"),
        ({"datum_einde_arbeidsverhouding": "2026-08-01"}, "meer dan 4 weken"),
    ],
)
def test_the_form_explains_what_is_wrong(medewerker, anders, fout):
    response = registreer(medewerker, **anders)
    assert response.status_code == 200
    assert fout in response.content.decode()
    assert not Ziektewetclaim.objects.exists()


def test_a_second_running_claim_is_refused_in_the_form(medewerker):
    registreer(medewerker)
    html = registreer(medewerker, datum_eerste_ao_dag="2026-09-20").content.decode()
    assert "Voor deze persoon loopt al een Ziektewet-claim" in html
    assert "Deze melding was al geregistreerd" in registreer(medewerker).content.decode()
    assert Ziektewetclaim.objects.count() == 1


@pytest.fixture
def claim(uwv):
    return registreer_ziekmelding(uwv, ziekmelding(), bron=Bron.PORTAAL).claim


def actie(medewerker, claim, naam, **data):
    return medewerker.post(f"/uwv/claims/{claim.uuid}/{naam}/", data, follow=True).content.decode()


def test_the_claim_page_actions(medewerker, claim):
    html = medewerker.get(f"/uwv/claims/{claim.uuid}/").content.decode()
    assert 'data-termijn="beoordeling" data-status="open"' in html
    assert "12-11-2026" in html

    html = actie(medewerker, claim, "verlengen", reden="")
    assert "Dit veld is vereist." in html
    html = actie(medewerker, claim, "verlengen", reden="Wachten op medische informatie.")
    assert "De beslistermijn is verlengd met vier weken." in html
    assert "10-12-2026" in html  # 12 November + 4 weeks
    assert "Termijn verlengen" not in html

    html = actie(medewerker, claim, "toekennen")
    assert "De aanvraag is toegekend." in html
    assert 'data-termijn="beoordeling" data-status="afgerond"' in html

    html = actie(medewerker, claim, "ezwb", datum="2026-10-01")
    assert "De eerstejaars ZW-beoordeling is vastgelegd." in html
    assert 'data-termijn="ezwb" data-status="afgerond"' in html

    html = actie(medewerker, claim, "einde", datum="2026-10-01", reden="betermelding")
    assert "De uitkering is beëindigd. Er ging geen melding naar een gemeente" in html
    claim.refresh_from_db()
    assert (claim.status, claim.datum_einde_uitkering, claim.reden_einde) == ("beeindigd", date(2026, 10, 1),
                                                                              "betermelding")  # fmt: skip
    assert "Uitkering beëindigen" not in html
    assert not Hubbericht.objects.exists()


def test_an_unknown_action_or_another_claim_is_not_found(medewerker, claim):
    assert medewerker.post(f"/uwv/claims/{claim.uuid}/wissen/").status_code == 404
    assert medewerker.get(f"/uwv/claims/{claim.uuid}/verlengen/").status_code == 405
    assert medewerker.get("/uwv/claims/00000000-0000-0000-0000-000000000000/").status_code == 404
