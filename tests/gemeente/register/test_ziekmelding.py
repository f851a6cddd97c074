"""An employer reports an LKS employee sick: a task "LKS tijdig stopzetten / herzien" with a due date."""

from datetime import date

import pytest
import time_machine
from tests.gemeente.conftest import LHNR, LHNR_2

from vangnet.domain.bsn import synthetic_bsn
from vangnet.gemeente.register.models import LksTaak
from vangnet.gemeente.register.services import WerkgeverGegevens, bewaar_werkgever

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-03-10 10:00 +0100", tick=False)
def test_a_sick_report_in_the_portal_becomes_a_task_in_the_register(portaal, gemeente_a, werkgever, maak_persoon):
    persoon = maak_persoon(gemeente_a, werkgever, 1, achternaam="Jansen")
    antwoord = portaal.post(
        "/gemeente/lks/ziekmelding/",
        {"werkgever": werkgever.pk, "bsn": synthetic_bsn(1), "eerste_ziektedag": "02-03-2026"},
        follow=True,
    )
    pagina = antwoord.content.decode()
    assert "Taak aangemaakt: LKS tijdig stopzetten / herzien, uiterlijk 24-03-2026." in pagina
    taak = LksTaak.objects.get()
    assert (taak.persoon, taak.werkgever, taak.periode, taak.kanaal) == (
        persoon,
        werkgever,
        persoon.perioden.get(),
        "portaal",
    )
    assert (taak.eerste_ziektedag, taak.gemeld_op, taak.uiterlijk, taak.status) == (
        date(2026, 3, 2),
        date(2026, 3, 10),
        date(2026, 3, 24),
        "open",
    )
    assert f'data-taak="{taak.uuid}" data-status="open"' in pagina

    # Reported again: the same task.
    portaal.post(
        "/gemeente/lks/ziekmelding/",
        {"werkgever": werkgever.pk, "bsn": synthetic_bsn(1), "eerste_ziektedag": "2-3-2026"},
    )
    assert LksTaak.objects.count() == 1

    with time_machine.travel("2026-03-25 10:00 +0100", tick=False):
        pagina = portaal.get("/gemeente/lks/").content.decode()
        assert f'data-taak="{taak.uuid}" data-status="te_laat"' in pagina and "waarvan 1 te laat" in pagina

    antwoord = portaal.post(f"/gemeente/lks/taken/{taak.uuid}/afhandelen/", {"toelichting": ""}, follow=True)
    assert "Schrijf op wat er is besloten." in antwoord.content.decode()
    portaal.post(f"/gemeente/lks/taken/{taak.uuid}/afhandelen/", {"toelichting": "LKS gestopt per 01-04-2026."})
    taak.refresh_from_db()
    assert (taak.status, taak.toelichting, taak.afgehandeld_door.username) == (
        "gedaan",
        "LKS gestopt per 01-04-2026.",
        "lks.utrecht",
    )
    assert 'data-testid="taken"' not in portaal.get("/gemeente/lks/").content.decode()


def test_a_person_not_in_the_register_is_refused(portaal, gemeente_a, werkgever):
    antwoord = portaal.post(
        "/gemeente/lks/ziekmelding/",
        {"werkgever": werkgever.pk, "bsn": synthetic_bsn(9), "eerste_ziektedag": "02-03-2026"},
    )
    assert "Er staat geen persoon met dit BSN in het LKS-register." in antwoord.content.decode()
    assert not LksTaak.objects.exists()


def test_without_a_running_period_at_that_employer_the_task_says_so(portaal, gemeente_a, werkgever, maak_persoon):
    andere = bewaar_werkgever(gemeente_a, WerkgeverGegevens("Garage", LHNR_2))[0]
    maak_persoon(gemeente_a, werkgever, 1, perioden=((date(2025, 1, 1), None),))
    antwoord = portaal.post(
        "/gemeente/lks/ziekmelding/",
        {"werkgever": andere.pk, "bsn": synthetic_bsn(1), "eerste_ziektedag": "02-03-2026"},
        follow=True,
    )
    assert "er loopt op de eerste ziektedag geen LKS-periode bij deze werkgever" in antwoord.content.decode()
    assert LksTaak.objects.get().periode is None


# --- API --------------------------------------------------------------------------------------------------


def test_api_sick_report(gemeente_a, gemeente_b, werkgever, maak_persoon, api_client_for):
    maak_persoon(gemeente_a, werkgever, 1)
    client = api_client_for(gemeente_a, ["dkd_aanleveren"])
    body = {"loonheffingennummer": LHNR, "bsn": synthetic_bsn(1), "eerste_ziektedag": "2026-03-02"}
    antwoord = client.post("/api/v1/gemeente/lks/ziekmeldingen", body, format="json")
    assert antwoord.status_code == 201, antwoord.content
    data = antwoord.json()
    taak = LksTaak.objects.get()
    assert (data["id"], data["soort"], data["status"], data["werkgever"]) == (
        str(taak.uuid),
        "lks_herzien",
        "open",
        LHNR,
    )
    assert data["uiterlijk"] == taak.uiterlijk.isoformat() and taak.kanaal == "api"
    assert client.post("/api/v1/gemeente/lks/ziekmeldingen", body, format="json").status_code == 200

    fout = client.post("/api/v1/gemeente/lks/ziekmeldingen", {**body, "bsn": "123456789"}, format="json")
    assert fout.status_code == 400 and fout.json()["invalidParams"][0]["name"] == "bsn"
    fout = client.post("/api/v1/gemeente/lks/ziekmeldingen", {**body, "bsn": synthetic_bsn(8)}, format="json")
    assert fout.status_code == 422 and fout["Content-Type"] == "application/problem+json"
    assert fout.json()["invalidParams"][0]["reason"] == "Er staat geen persoon met dit BSN in het LKS-register."
    fout = client.post("/api/v1/gemeente/lks/ziekmeldingen", {**body, "loonheffingennummer": LHNR_2}, format="json")
    assert fout.status_code == 422 and fout.json()["invalidParams"][0]["name"] == "loonheffingennummer"

    # Another gemeente does not know this person or employer; a key without the machtiging may not.
    elders = api_client_for(gemeente_b, ["dkd_aanleveren"])
    assert elders.post("/api/v1/gemeente/lks/ziekmeldingen", body, format="json").status_code == 422
    zonder = api_client_for(gemeente_a, ["casemanagement"])
    assert zonder.post("/api/v1/gemeente/lks/ziekmeldingen", body, format="json").status_code == 403
    assert LksTaak.objects.count() == 1
