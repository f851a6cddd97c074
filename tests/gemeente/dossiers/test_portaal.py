"""The portal pages: upload a signaalrapport, see the dossiers and one dossier's tasks; access rules."""

import pytest
import time_machine
from tests.conftest import PASSWORD
from tests.gemeente.dossiers.bestanden import BSN_1, BSN_2, DRIE_SIGNALEN, rapport

from django.core.files.uploadedfile import SimpleUploadedFile

from vangnet.domain.bsn import mask_bsn
from vangnet.gemeente.dossiers.models import Dossier, Signaalimport

BESTAND = rapport(DRIE_SIGNALEN, extra_regels=(f"{BSN_1};;31-02-2026;02-02-2026",))


@pytest.fixture(autouse=True)
def vandaag():
    with time_machine.travel("2026-03-20 10:00 +01:00", tick=False):
        yield


@pytest.fixture
def casemanager(gemeente_a, make_user, client):
    make_user(gemeente_a, "km")
    client.login(username="km", password=PASSWORD)
    return client


def upload(client, inhoud: bytes = BESTAND, naam: str = "Utrecht_LKSRi_rapport_20260320.csv"):
    return client.post("/gemeente/signalen/importeren/", {"bestand": SimpleUploadedFile(naam, inhoud)}, follow=True)


def test_upload_shows_the_counts_and_a_table_of_row_errors(casemanager):
    response = upload(casemanager)
    html = response.content.decode()
    imp = Signaalimport.objects.get()
    assert response.redirect_chain[-1][0] == f"/gemeente/signalen/importen/{imp.uuid}/"
    assert "Signaalrapport ingelezen: 3 nieuwe dossiers; regels met een fout: 1." in html
    assert 'data-testid="aantal-nieuwe-dossiers">3<' in html
    assert '<td class="utrecht-table__cell utrecht-table__cell--numeric">5</td>' in html
    assert "Datum einde arbeidsverhouding" in html and "De datum 31-02-2026 bestaat niet." in html
    assert imp.bron == "upload" and imp.bestandsnaam == "Utrecht_LKSRi_rapport_20260320.csv"


def test_uploading_the_same_file_again_says_nothing_changed(casemanager):
    upload(casemanager)
    html = upload(casemanager, naam="opnieuw.csv").content.decode()
    assert "Dit bestand was al ingelezen; er is niets gewijzigd." in html
    assert (Signaalimport.objects.count(), Dossier.objects.count()) == (1, 3)


def test_a_refused_file_keeps_the_form_with_the_reason(casemanager):
    response = upload(casemanager, b"BSN;Naam\r\n999990019;Jansen\r\n")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Het bestand is niet ingelezen: De kolommen" in html
    assert not Signaalimport.objects.exists()


def test_the_dossier_list_masks_the_bsn_and_shows_the_next_task(casemanager):
    upload(casemanager)
    html = casemanager.get("/gemeente/dossiers/").content.decode()
    assert 'data-testid="aantal-dossiers">3<' in html
    assert mask_bsn(BSN_1) in html
    for dossier in Dossier.objects.all():
        assert dossier.bsn not in html
    # BSN_1: probleemanalyse by 12-04-2026.
    rij = html.split(f'data-dossier="{Dossier.objects.get(bsn=BSN_1).uuid}"')[1].split("</tr>")[0]
    assert "02-03-2026" in rij and "Probleemanalyse (oordeel arts)" in rij and "12-04-2026" in rij
    assert "te laat" not in rij


def test_late_tasks_are_highlighted_on_the_day_after_the_deadline(casemanager):
    upload(casemanager)
    uuid = Dossier.objects.get(bsn=BSN_1).uuid
    with time_machine.travel("2026-04-13 10:00 +02:00", tick=False):
        casemanager.login(username="km", password=PASSWORD)  # the session of 24 days ago has expired
        html = casemanager.get("/gemeente/dossiers/").content.decode()
        rij = html.split(f'data-dossier="{uuid}"')[1].split("</tr>")[0]
        assert 'data-te-laat="1"' in rij and "1 te laat" in rij and "vn-status--te_laat" in rij
        alleen_te_laat = casemanager.get("/gemeente/dossiers/?te_laat=on").content.decode()
        assert str(uuid) in alleen_te_laat
        pagina = casemanager.get(f"/gemeente/dossiers/{uuid}/").content.decode()
    assert 'data-stap="probleemanalyse" data-status="te_laat"' in pagina
    assert 'data-testid="aantal-te-laat">1 te laat<' in pagina


def test_the_dossier_page_shows_the_tasks(casemanager):
    upload(casemanager)
    dossier = Dossier.objects.get(bsn=BSN_2)
    html = casemanager.get(f"/gemeente/dossiers/{dossier.uuid}/").content.decode()
    assert dossier.bsn not in html
    assert "Ziektewetuitkering loopt" in html
    assert 'data-stap="probleemanalyse" data-status="bij_ex_werkgever"' in html
    assert "Ex-werkgever" in html and "28-03-2026" in html


def test_filter_by_status(casemanager):
    upload(casemanager)
    html = casemanager.get("/gemeente/dossiers/?status=begeleiding_naar_werk").content.decode()
    assert 'data-testid="aantal-dossiers">0<' in html


def test_gemeente_b_gets_404_for_a_dossier_of_gemeente_a(casemanager, gemeente_b, make_user, client):
    upload(casemanager)
    dossier = Dossier.objects.get(bsn=BSN_1)
    imp = Signaalimport.objects.get()
    make_user(gemeente_b, "km-b")
    client.logout()
    client.login(username="km-b", password=PASSWORD)
    assert client.get(f"/gemeente/dossiers/{dossier.uuid}/").status_code == 404
    assert client.get(f"/gemeente/signalen/importen/{imp.uuid}/").status_code == 404
    html = client.get("/gemeente/dossiers/").content.decode()
    assert 'data-testid="aantal-dossiers">0<' in html and str(dossier.uuid) not in html


@pytest.mark.parametrize(
    "url", ["/gemeente/signalen/importeren/", "/gemeente/dossiers/", "/gemeente/dossiers/{dossier}/"]
)
def test_without_casemanagement_every_page_is_403(casemanager, gemeente_a, make_user, client, url):
    upload(casemanager)
    make_user(gemeente_a, "aanleveraar", ("dkd_aanleveren",))
    client.logout()
    client.login(username="aanleveraar", password=PASSWORD)
    assert client.get(url.format(dossier=Dossier.objects.first().uuid)).status_code == 403
    bestand = SimpleUploadedFile("a.csv", BESTAND)
    assert client.post("/gemeente/signalen/importeren/", {"bestand": bestand}).status_code == 403


def test_anonymous_users_are_sent_to_the_login(client, db):
    response = client.get("/gemeente/dossiers/")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


def test_the_dashboard_tile_leads_to_the_dossiers(casemanager):
    html = casemanager.get("/").content.decode()
    assert 'href="/gemeente/dossiers/"' in html
