"""A gemeente opens "LKS re-integratie – Ophalen", downloads a signaalrapport and deletes it from the list."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect
from tests.hub.rapport_factories import rapport

from vangnet.hub.models import RapportDownload, Signaalrapport

PASSWORD = "Test-wachtwoord-123"


@pytest.fixture
def rapporten(transactional_db, gemeente_a, gemeente_b, make_user):
    make_user(gemeente_a, "ophaler", ("lks_reintegratie_ophalen", "casemanagement"))
    return {
        "nieuw": rapport(gemeente_a, date(2026, 11, 23), aantal=3),
        "oud": rapport(gemeente_a, date(2026, 11, 20), aantal=1, start=10),
        "ander": rapport(gemeente_b, date(2026, 11, 23)),
    }


def log_in(page: Page, username: str) -> None:
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")


def test_gemeente_downloads_a_report_and_deletes_it(rapporten, page: Page, screenshot):
    log_in(page, "ophaler")
    page.get_by_role("list", name="Producten").get_by_role("link", name="LKS re-integratie ophalen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("LKS re-integratie – Ophalen")
    expect(page.locator("tr[data-rapport]")).to_have_count(2)
    expect(page.locator(f"tr[data-rapport='{rapporten['ander'].uuid}']")).to_have_count(0)
    rij = page.locator(f"tr[data-rapport='{rapporten['nieuw'].uuid}']")
    expect(rij).to_contain_text("23-11-2026")
    expect(rij).to_contain_text("Inlichtingenbureau")
    expect(rij).to_contain_text("Utrecht")
    screenshot("ophalen")

    page.get_by_label("Gepubliceerd vanaf").fill("21-11-2026")
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator("tr[data-rapport]")).to_have_count(1)
    with page.expect_download() as download:
        rij.get_by_role("link", name="Re-integratie_signaalrapport 23-11-2026").click()
    assert download.value.suggested_filename == "Utrecht_LKSRi_rapport_20261123.csv"
    regels = download.value.path().read_text(encoding="utf-8").splitlines()
    assert regels[0] == "BSN;Datum einde uitkeringsverhouding;Datum einde arbeidsverhouding;Datum eerste AO-dag"
    assert len(regels) == 4
    assert RapportDownload.objects.filter(rapport=rapporten["nieuw"], kanaal="portaal").count() == 1

    rij.get_by_role("checkbox").check()
    page.get_by_role("button", name="Verwijder geselecteerd").click()
    expect(page.get_by_role("alert")).to_contain_text("Weet u zeker dat u dit rapport wilt verwijderen?")
    screenshot("ophalen-verwijderen")
    page.get_by_role("button", name="Ja, verwijderen").click()

    expect(page.get_by_role("status")).to_contain_text("1 rapport verwijderd.")
    expect(page.get_by_label("Gepubliceerd vanaf")).to_have_value("21-11-2026")
    expect(page.locator("tr[data-rapport]")).to_have_count(0)
    expect(page.get_by_test_id("geen-rapporten")).to_be_visible()
    page.get_by_role("link", name="Filter wissen").click()
    expect(page.locator("tr[data-rapport]")).to_have_count(1)
    expect(page.locator(f"tr[data-rapport='{rapporten['oud'].uuid}']")).to_be_visible()
    assert Signaalrapport.objects.get(pk=rapporten["nieuw"].pk).verwijderd_op is not None
