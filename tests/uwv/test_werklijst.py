"""The worklist of UWV staff: claims with their next deadline, late ones marked to the day, filters, access."""

import re
from datetime import date

import pytest
import time_machine
from tests.conftest import PASSWORD
from tests.uwv.conftest import ziekmelding

from vangnet.domain.bsn import mask_bsn, synthetic_bsn
from vangnet.organisations.constants import Product
from vangnet.uwv.claims import beeindig_uitkering, beslis, registreer_ziekmelding
from vangnet.uwv.constants import Bron

URL = "/uwv/"


@pytest.fixture
def claims(uwv):
    """Three running claims and one ended; deadlines by hand below."""
    with time_machine.travel("2026-09-01 09:00 +02:00", tick=False):
        maak = lambda n, **kw: registreer_ziekmelding(uwv, ziekmelding(synthetic_bsn(n), **kw), bron=Bron.API).claim  # noqa: E731
        vroeg = maak(10, einde=date(2026, 8, 10), eerste_ao_dag=date(2026, 8, 3), melding=date(2026, 8, 12))
        laat = maak(11, einde=date(2026, 8, 31), eerste_ao_dag=date(2026, 8, 20), melding=date(2026, 9, 1))
        besloten = maak(12, einde=date(2026, 7, 31), eerste_ao_dag=date(2026, 7, 1), melding=date(2026, 8, 3))
        beslis(besloten, True, date(2026, 8, 20))
        klaar = maak(13, einde=date(2026, 7, 31), eerste_ao_dag=date(2026, 7, 6), melding=date(2026, 8, 3))
        beeindig_uitkering(klaar, date(2026, 8, 28), "betermelding")
    # vroeg: decision by 12 Aug + 42 = 23 September 2026.
    # laat: decision by 1 Sep + 42 = 13 October 2026.
    # besloten: EZWb week 52 = 1 July 2026 + 363 = 29 June 2027.
    return {"vroeg": vroeg, "laat": laat, "besloten": besloten, "klaar": klaar}


def rijen(html: str) -> list[str]:
    return re.findall(r'<tr class="utrecht-table__row[^"]*" data-claim="([0-9a-f-]+)"', html)


def te_laat(html: str) -> list[str]:
    return re.findall(r'data-claim="([0-9a-f-]+)" data-termijn="[a-z_]*" data-te-laat="1"', html)


def bekijk(medewerker, dag: str, **params) -> str:
    with time_machine.travel(f"{dag} 09:00 +02:00", tick=False):
        response = medewerker.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_running_claims_by_their_next_deadline_with_masked_bsns(medewerker, claims):
    html = bekijk(medewerker, "2026-09-10")
    assert rijen(html) == [str(claims[k].uuid) for k in ("vroeg", "laat", "besloten")]
    assert 'data-testid="aantal-claims">3<' in html
    assert mask_bsn(synthetic_bsn(10)) in html
    assert synthetic_bsn(10) not in html
    assert "23-09-2026" in html and "13-10-2026" in html and "29-06-2027" in html
    assert "Eerstejaars ZW-beoordeling" in html
    assert te_laat(html) == []


@pytest.mark.parametrize(
    ("dag", "laat"), [("2026-09-23", []), ("2026-09-24", ["vroeg"]), ("2026-10-14", ["vroeg", "laat"])]
)
def test_late_claims_are_highlighted_to_the_day(medewerker, claims, dag, laat):
    html = bekijk(medewerker, dag)
    assert te_laat(html) == [str(claims[k].uuid) for k in laat]
    if laat:
        assert f'data-testid="aantal-te-laat">{len(laat)} te laat<' in html
        assert "vn-status--te_laat" in html


def test_filters(medewerker, claims):
    dag = "2026-09-24"
    assert rijen(bekijk(medewerker, dag, te_laat="on", status="lopend")) == [str(claims["vroeg"].uuid)]
    assert rijen(bekijk(medewerker, dag, termijn="ezwb")) == [str(claims["besloten"].uuid)]
    assert rijen(bekijk(medewerker, dag, status="beeindigd")) == [str(claims["klaar"].uuid)]
    assert len(rijen(bekijk(medewerker, dag, status=""))) == 4
    assert len(rijen(bekijk(medewerker, dag, status="lopend", lks="te_toetsen"))) == 3
    assert len(rijen(bekijk(medewerker, dag, status="", lks="te_toetsen"))) == 4
    assert rijen(bekijk(medewerker, dag, lks="ja")) == []
    assert len(rijen(bekijk(medewerker, dag, status="lopend", hub="wacht"))) == 3
    assert rijen(bekijk(medewerker, dag, hub="geweigerd")) == []


def test_search_by_bsn_goes_in_the_body(medewerker, claims):
    html = medewerker.post(URL, {"bsn": synthetic_bsn(13)}).content.decode()
    assert rijen(html) == [str(claims["klaar"].uuid)]
    assert "Beëindigd" in html
    fout = medewerker.post(URL, {"bsn": "123456789"}).content.decode()
    assert rijen(fout) == [] and "elfproef" in fout
    assert medewerker.get(URL, {"bsn": synthetic_bsn(13)}).status_code == 400  # never in a URL


def test_only_uwv_staff_with_lks_toets_see_the_worklist(claims, gemeente_a, uwv, make_user, client):
    assert client.get(URL).status_code == 302  # to the login page
    make_user(gemeente_a, "km")
    client.login(username="km", password=PASSWORD)
    assert client.get(URL).status_code == 403
    make_user(uwv, "uwv.beheer", (Product.BEHEER,))
    client.login(username="uwv.beheer", password=PASSWORD)
    assert client.get(URL).status_code == 403


def test_the_dashboard_tile_leads_to_the_worklist(medewerker, claims):
    html = medewerker.get("/").content.decode()
    assert 'href="/uwv/"' in html
