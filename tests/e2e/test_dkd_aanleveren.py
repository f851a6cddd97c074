"""A gemeente delivers a file in the portal and reads its terugmelding; the hub sees the monitor."""

import pytest
from playwright.sync_api import Page, expect
from tests.hub.factories import persoon, verzamelbestand

PASSWORD = "Test-wachtwoord-123"


@pytest.fixture
def users(transactional_db, gemeente_a, gemeente_b, hub, make_user):
    make_user(gemeente_a, "aanleveraar", ("dkd_aanleveren", "beheer"))
    make_user(hub, "operator", ("beheer",))


def log_in(page: Page, username: str) -> None:
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")


def test_gemeente_uploads_a_file_and_sees_the_terugmelding(users, page: Page, tmp_path, screenshot):
    bestand = tmp_path / "levering.xml"
    bestand.write_bytes(verzamelbestand("GM0344", 1, [persoon(1), persoon(2, positie=2, bsn="999990018")]))
    log_in(page, "aanleveraar")
    page.get_by_role("link", name="DKD aanleveren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("DKD aanleveren")
    page.get_by_label("Verzamelbestand").set_input_files(str(bestand))
    page.get_by_role("button", name="Aanleveren").click()
    expect(page.get_by_role("status")).to_contain_text("1 personen geaccepteerd, 1 afgekeurd")
    expect(page.get_by_test_id("aantal-afgekeurd")).to_have_text("1")
    expect(page.get_by_role("cell", name="999990018")).to_be_visible()
    screenshot("dkd-terugmelding")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download de terugmelding (CSV)").click()
    content = download.value.path().read_text(encoding="utf-8")
    assert content.startswith("Positie;BSN;Veld;Reden")


def test_hub_operator_filters_the_monitor(users, page: Page, screenshot):
    log_in(page, "operator")
    page.get_by_role("list", name="Producten").get_by_role("link", name="Beheer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanlevermonitor DKD")
    expect(page.locator("tr[data-gemeente]")).to_have_count(2)
    page.get_by_label("Gemeente of code").fill("GM0363")
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator("tr[data-gemeente]")).to_have_count(1)
    expect(page.locator("tr[data-gemeente='GM0363']")).to_contain_text("Nog nooit een verzamelbestand aangeleverd.")
    screenshot("dkd-monitor")
