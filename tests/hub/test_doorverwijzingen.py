"""POST /api/v1/doorverwijzingen: a gemeente forwards a vangnetter; the woongemeente gets a signal."""

from datetime import date

import pytest

from vangnet.domain.bsn import synthetic_bsn
from vangnet.hub.models import Melding, Signaal
from vangnet.hub.signalen.publicatie import publiceer_signaalrapporten
from vangnet.organisations.constants import Product

URL = "/api/v1/doorverwijzingen"
BSN = synthetic_bsn(77)


def body(**anders):
    return {
        "kenmerk": "GM0344-1",
        "bsn": BSN,
        "naar_gemeente": "GM0363",
        "datum_einde_arbeidsverhouding": "2026-03-10",
        "datum_eerste_ao_dag": "2026-03-02",
    } | anders


@pytest.fixture
def utrecht(api_client_for, gemeente_a, gemeente_b):
    return api_client_for(gemeente_a, [Product.CASEMANAGEMENT])


def test_a_forwarding_queues_a_ziek_uit_dienst_signal_for_the_woongemeente(utrecht, gemeente_a, gemeente_b):
    antwoord = utrecht.post(URL, body(), format="json")
    assert antwoord.status_code == 201, antwoord.content
    assert antwoord.json()["naar_gemeente"] == "GM0363" and antwoord.json()["kenmerk"] == "GM0344-1"
    assert BSN not in antwoord.content.decode()
    signaal = Signaal.objects.get()
    assert (signaal.gemeente, signaal.bsn, signaal.rapport) == (gemeente_b, BSN, None)
    assert (signaal.datum_einde_arbeidsverhouding, signaal.datum_eerste_ao_dag) == (date(2026, 3, 10), date(2026, 3, 2))
    melding = signaal.melding
    assert (melding.afzender, melding.type, melding.is_open) == (gemeente_a, "ziek_uit_dienst", False)


def test_the_signal_is_a_row_of_the_woongemeentes_next_report(utrecht, gemeente_b, time_machine):
    time_machine.move_to("2026-03-20 09:00 +01:00", tick=False)
    utrecht.post(URL, body(), format="json")
    time_machine.move_to("2026-03-21 06:00 +01:00", tick=False)
    [rapport] = publiceer_signaalrapporten(date(2026, 3, 21))
    assert rapport.gemeente == gemeente_b
    assert f"{BSN};;10-03-2026;02-03-2026" in bytes(rapport.inhoud).decode()


def test_the_same_kenmerk_again_changes_nothing_and_other_content_is_409(utrecht):
    assert utrecht.post(URL, body(), format="json").status_code == 201
    assert utrecht.post(URL, body(), format="json").status_code == 200
    assert Signaal.objects.count() == 1
    anders = utrecht.post(URL, body(datum_eerste_ao_dag="2026-03-03"), format="json")
    assert anders.status_code == 409 and anders["Content-Type"] == "application/problem+json"
    assert Melding.objects.count() == 1


@pytest.mark.parametrize(
    ("anders", "veld"),
    [
        ({"naar_gemeente": "GM9999"}, "naar_gemeente"),
        ({"naar_gemeente": "GM0344"}, "naar_gemeente"),
        ({"bsn": "123456789"}, "bsn"),
        ({"datum_eerste_ao_dag": "2026-03-11"}, "datum_eerste_ao_dag"),
    ],
)
def test_invalid_input_is_400_and_stores_nothing(utrecht, anders, veld):
    antwoord = utrecht.post(URL, body(**anders), format="json")
    assert antwoord.status_code == 400
    assert veld in antwoord.content.decode()
    assert not Signaal.objects.exists() and not Melding.objects.exists()


def test_only_a_gemeente_with_casemanagement(api_client_for, gemeente_a, uwv):
    zonder_casemanagement = api_client_for(gemeente_a, [Product.LKS_REINTEGRATIE_OPHALEN])
    assert zonder_casemanagement.post(URL, body(), format="json").status_code == 403
    assert api_client_for(uwv).post(URL, body(), format="json").status_code == 403
    assert not Signaal.objects.exists()
