"""Letters to the (ex-)employee: Dutch, stored as HTML, downloadable as PDF by UWV staff only, no BSN in names."""

import re
from datetime import date

import pytest
import time_machine
from tests.conftest import PASSWORD
from tests.uwv.conftest import MET_LKS, ziekmelding

from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.organisations.services import create_user, ensure_organisatie
from vangnet.uwv.brieven import brief_pdf
from vangnet.uwv.claims import registreer_ziekmelding
from vangnet.uwv.constants import Bron
from vangnet.uwv.models import Brief


@pytest.fixture
def claim(uwv):
    with time_machine.travel("2026-10-01 09:00 +02:00", tick=False):
        return registreer_ziekmelding(uwv, ziekmelding(), bron=Bron.PORTAAL).claim


@pytest.fixture
def brief(claim):
    return claim.brieven.get(type="rechten_en_plichten")


def test_the_letter_on_rights_and_duties_is_dutch_and_complete(brief):
    html = brief.html
    assert brief.datum == date(2026, 10, 1)
    assert '<html lang="nl">' in html
    assert "Uw Ziektewet-uitkering: uw rechten en plichten" in html
    assert "Bakkerij De Korenschoof (loonheffingennummer 123456782L01)" in html
    assert "op 30 september 2026 is geëindigd" in html
    assert "ziek sinds 14 september 2026" in html
    assert "uiterlijk op\n12 november 2026 wat wij besluiten" in html  # 1 October + 6 weeks
    assert "tot en met 10 september 2028" in html  # week 104
    assert "Meld het ons direct als u beter bent" in html


def test_the_pdf_is_made_from_the_stored_html(brief):
    pdf = brief_pdf(brief)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5_000


def test_staff_download_the_pdf_under_a_name_without_bsn(brief, claim, medewerker):
    page = medewerker.get(f"/uwv/claims/{claim.uuid}/").content.decode()
    link = re.search(r'href="(/uwv/brieven/[0-9a-f-]+/pdf)"', page)[1]
    assert MET_LKS not in link
    response = medewerker.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="uwv-brief-rechten-en-plichten-20261001-{str(brief.uuid)[:8]}.pdf"'
    assert MET_LKS not in disposition
    assert response["Cache-Control"] == "no-store"


def test_the_html_view_loads_nothing_from_elsewhere(brief, medewerker):
    response = medewerker.get(f"/uwv/brieven/{brief.uuid}/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert "rechten en plichten" in response.content.decode()


def test_only_uwv_staff_of_the_own_organisation_get_letters(brief, gemeente_a, make_user, client):
    url = f"/uwv/brieven/{brief.uuid}/pdf"
    assert client.get(url).status_code == 302
    make_user(gemeente_a, "km")
    client.login(username="km", password=PASSWORD)
    assert client.get(url).status_code == 403
    ander = ensure_organisatie("UWV proefomgeving", OrganisatieType.UWV)
    create_user(ander, "uwv.ander", PASSWORD, [Product.LKS_TOETS])
    client.login(username="uwv.ander", password=PASSWORD)
    assert client.get(url).status_code == 404
    assert client.get(f"/uwv/brieven/{brief.uuid}/").status_code == 404


def test_the_api_has_no_letter_download(brief, uwv_client):
    assert uwv_client.get(f"/api/v1/uwv/brieven/{brief.uuid}").status_code == 404


def test_a_letter_made_by_hand_before_week_87_meets_the_wia_deadline(claim, medewerker):
    with time_machine.travel("2026-10-02 09:00 +02:00", tick=False):
        response = medewerker.post(f"/uwv/claims/{claim.uuid}/brief/", {"type": "wia"}, follow=True)
    assert "De brief is gemaakt." in response.content.decode()
    wia = Brief.objects.get(claim=claim, type="wia")
    assert wia.datum == date(2026, 10, 2)
    assert "U kunt een WIA-uitkering aanvragen" in wia.html
    assert "Dit\n  verslag maken wij samen met u." in wia.html  # no gemeente: UWV makes the report
    claim.refresh_from_db()
    assert "wia_brief" not in claim.volgende_termijn


def test_the_gemeente_letter_needs_a_gemeente(claim, medewerker):
    response = medewerker.post(f"/uwv/claims/{claim.uuid}/brief/", {"type": "reintegratie_gemeente"}, follow=True)
    assert "geen gemeente die de re-integratie doet" in response.content.decode()
    assert not Brief.objects.filter(type="reintegratie_gemeente").exists()
