"""A casemanager uploads a signaalrapport in the portal and finds the dossiers with their deadlines."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect
from tests.gemeente.dossiers.bestanden import BSN_1, BSN_2, BSN_3, Rij, rapport

from vangnet.domain.bsn import mask_bsn
from vangnet.domain.poortwachter import einde_week

PASSWORD = "Test-wachtwoord-123"


@pytest.fixture
def users(transactional_db, gemeente_a, make_user):
    make_user(gemeente_a, "casemanager", ("casemanagement",))


def log_in(page: Page, username: str) -> None:
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")


def test_upload_a_signaalrapport_and_see_the_dossiers(users, page: Page, tmp_path, screenshot):
    # The browser keeps real time (its session cookie would expire in a frozen past), so the
    # signals are dated relative to today: in time, after a late takeover, and far too late.
    vandaag = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    dagen = timedelta(days=1)
    signalen = [
        Rij(BSN_1, None, vandaag - 3 * dagen, vandaag - 10 * dagen),
        Rij(BSN_2, None, vandaag - 20 * dagen, vandaag - 100 * dagen),
        Rij(BSN_3, None, vandaag - 190 * dagen, vandaag - 200 * dagen),
    ]
    bestand = tmp_path / f"Utrecht_LKSRi_rapport_{vandaag:%Y%m%d}.csv"
    # Comma-separated with a BOM and ISO dates, as a spreadsheet saves it, plus one bad line.
    bestand.write_bytes(
        rapport(
            signalen,
            scheidingsteken=",",
            bom=True,
            stijlen=("iso", "dmj"),
            extra_regels=("999990018,,2026-03-10,2026-03-02",),
        )
    )
    log_in(page, "casemanager")
    page.get_by_role("list", name="Producten").get_by_role("link", name="Casemanagement vangnetters").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dossiers vangnetters")
    page.get_by_role("link", name="Signaalrapport importeren").click()
    page.get_by_label("Signaalrapport").set_input_files(str(bestand))
    page.get_by_role("button", name="Inlezen").click()
    expect(page.get_by_role("status")).to_contain_text("3 nieuwe dossiers; regels met een fout: 1")
    expect(page.get_by_test_id("aantal-nieuwe-dossiers")).to_have_text("3")
    expect(page.get_by_test_id("fouten")).to_contain_text("Dit BSN voldoet niet aan de elfproef.")
    screenshot("gemeente-signaalimport")

    page.get_by_role("link", name="Naar de dossiers").click()
    expect(page.get_by_test_id("aantal-dossiers")).to_have_text("3")
    expect(page.locator("tr[data-dossier]")).to_have_count(3)
    expect(page.get_by_role("cell", name=mask_bsn(BSN_1))).to_be_visible()
    assert BSN_1 not in page.content()
    rij = page.locator("tr[data-dossier]").filter(has_text=mask_bsn(BSN_1))
    expect(rij).to_contain_text("Probleemanalyse (oordeel arts)")
    expect(rij).to_contain_text(f"{einde_week(vandaag - 10 * dagen, 6):%d-%m-%Y}")
    # Week 26 of the far too late signal passed before it came: shown as late.
    laat = page.locator("tr[data-dossier][data-te-laat]")
    expect(laat).to_have_count(1)
    expect(laat).to_contain_text(mask_bsn(BSN_3))
    expect(laat).to_contain_text("1 te laat")
    screenshot("gemeente-dossiers")

    page.locator("tr[data-dossier]").filter(has_text=mask_bsn(BSN_2)).get_by_role("link", name=mask_bsn(BSN_2)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dossier {mask_bsn(BSN_2)}")
    expect(page.locator("tr[data-stap='probleemanalyse'][data-status='bij_ex_werkgever']")).to_have_count(1)
    screenshot("gemeente-dossier")
