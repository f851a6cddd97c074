"""UWV staff register a report "ziek uit dienst", the hub says LKS was paid, and the worklist shows the claims."""

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect
from tests.hub.factories import persoon, verzamelbestand

from vangnet.domain.bsn import mask_bsn, synthetic_bsn
from vangnet.hub.constants import Kanaal
from vangnet.hub.dkd.ingest import Afzender, lever_aan
from vangnet.hub.models import Signaal
from vangnet.organisations.constants import Product
from vangnet.organisations.services import create_api_key
from vangnet.uwv.claims import Ziekmelding, beeindig_uitkering, beslis, registreer_ziekmelding
from vangnet.uwv.constants import Bron

PASSWORD = "Test-wachtwoord-123"
MET_LKS = synthetic_bsn(1)


@pytest.fixture
def keten(transactional_db, live_server, settings, gemeente_a, uwv, make_user):
    settings.VANGNET_HUB_URL = live_server.url
    settings.VANGNET_UWV_HUB_API_KEY = create_api_key(uwv, "UWV naar de hub", [Product.LKS_TOETS]).plain_key
    make_user(uwv, "uwv.medewerker", (Product.LKS_TOETS,))
    bestand = verzamelbestand("GM0344", 1, [persoon(1, perioden=((date(2025, 1, 1), None),))])
    lever_aan(Afzender(gemeente_a, Kanaal.CLI), io.BytesIO(bestand))
    # The browser keeps real time, so the claims are dated relative to today.
    vandaag = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    dag = timedelta(days=1)

    def claim(n: int, werkgever: str, eerste_ao_dag: date, melding: date):
        gegevens = Ziekmelding(synthetic_bsn(n), werkgever, "123456782L01", eerste_ao_dag + 5 * dag, eerste_ao_dag,
                               melding)  # fmt: skip
        return registreer_ziekmelding(uwv, gegevens, bron=Bron.API).claim

    claim(20, "Schoonmaakbedrijf Glans", vandaag - 60 * dag, vandaag - 50 * dag)  # decision 8 days late
    claim(21, "Groenvoorziening Het Hof", vandaag - 12 * dag, vandaag - 3 * dag)
    beslis(claim(22, "Kringloop De Tweede Kans", vandaag - 340 * dag, vandaag - 320 * dag), True, vandaag)
    beeindig_uitkering(claim(23, "Drukkerij Van Dam", vandaag - 40 * dag, vandaag - 30 * dag), vandaag, "betermelding")
    return vandaag


def log_in(page: Page) -> None:
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("uwv.medewerker")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")


def test_register_a_report_and_work_the_worklist(keten, page: Page, screenshot):
    vandaag = keten
    log_in(page)
    page.get_by_role("list", name="Producten").get_by_role("link", name="LKS-toets en meldingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werklijst Ziektewet-claims")
    expect(page.get_by_test_id("aantal-claims")).to_have_text("3")
    laat = page.locator("tr[data-claim][data-te-laat]")
    expect(laat).to_have_count(1)
    expect(laat).to_contain_text(mask_bsn(synthetic_bsn(20)))
    expect(laat).to_contain_text("te laat")

    page.get_by_role("link", name="Ziek uit dienst registreren").click()
    page.get_by_label("BSN van de werknemer").fill(MET_LKS)
    page.get_by_label("Naam werkgever").fill("Bakkerij De Korenschoof")
    page.get_by_label("Loonheffingennummer werkgever").fill("1234.56.782.L01")
    page.get_by_label("Datum einde arbeidsverhouding").fill(f"{vandaag - timedelta(days=2):%Y-%m-%d}")
    page.get_by_label("Eerste AO-dag").fill(f"{vandaag - timedelta(days=9):%Y-%m-%d}")
    page.get_by_role("button", name="Registreren").click()
    expect(page.get_by_role("status")).to_contain_text(
        "LKS-toets: ja, gemeente Utrecht. De melding ziek uit dienst is door de hub geaccepteerd."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ziektewet-claim {mask_bsn(MET_LKS)}")
    expect(page.locator("tr[data-melding='ziek_uit_dienst'][data-status='verzonden']")).to_have_count(1)
    expect(page.locator("[data-brief='reintegratie_gemeente']")).to_contain_text("PDF downloaden")
    assert MET_LKS not in page.url
    assert Signaal.objects.filter(bsn=MET_LKS).count() == 1
    screenshot("uwv-claim")

    with page.expect_download() as download:
        page.locator("[data-brief='reintegratie_gemeente']").get_by_role("link", name="PDF downloaden").click()
    assert download.value.suggested_filename.startswith("uwv-brief-reintegratie-gemeente-")
    assert MET_LKS not in download.value.suggested_filename

    page.get_by_role("link", name="Ziektewet", exact=True).click()
    expect(page.get_by_test_id("aantal-claims")).to_have_text("4")
    nieuw = page.locator("tr[data-claim]").filter(has_text=mask_bsn(MET_LKS))
    expect(nieuw).to_contain_text("Utrecht")
    expect(nieuw).to_contain_text("Geaccepteerd")
    screenshot("uwv-werklijst")

    page.get_by_label("Alleen te laat").check()
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator("tr[data-claim]")).to_have_count(1)
