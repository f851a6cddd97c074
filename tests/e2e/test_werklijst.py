"""The worklist in Chromium: late and upcoming deadlines of "Mijn dossiers" and the team, with a screenshot."""

import pytest
from playwright.sync_api import Page, expect
from tests.gemeente.dossiers.werklijst_data import maak_dossiers

from django.utils import timezone

from vangnet.domain.bsn import mask_bsn

PASSWORD = "Test-wachtwoord-123"


@pytest.fixture
def dossiers(transactional_db, gemeente_a, make_user):
    casemanager = make_user(gemeente_a, "casemanager", ("casemanagement",))
    casemanager.first_name, casemanager.last_name = "Sanne", "de Vries"
    casemanager.save()
    collega = make_user(gemeente_a, "collega", ("casemanagement",))
    collega.first_name, collega.last_name = "Ahmed", "Bakker"
    collega.save()
    vandaag = timezone.localdate()
    return maak_dossiers(gemeente_a, 9, vandaag, casemanager=casemanager) + maak_dossiers(
        gemeente_a, 4, vandaag, casemanager=collega, start=2000
    )


def test_the_worklist_shows_late_and_upcoming_deadlines(page: Page, dossiers, screenshot):
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("casemanager")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto("/gemeente/dossiers/")
    page.get_by_role("link", name="Mijn dossiers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn dossiers")
    expect(page.get_by_test_id("aantal-dossiers")).to_have_text("9")
    te_laat = page.get_by_test_id("te-late-taken")
    expect(te_laat.get_by_role("row")).to_have_count(1 + 3)  # dossiers 0, 3 and 6 of nine
    expect(te_laat).to_contain_text(mask_bsn(dossiers[3].bsn))
    deze_week = page.get_by_test_id("taken-deze-week")
    expect(deze_week.get_by_role("row")).to_have_count(1 + 3)  # dossiers 0, 4 and 8
    expect(page.get_by_test_id("caseload-passief")).to_have_text("3")  # 1, 2 and 7
    screenshot("gemeente-werklijst")

    page.get_by_role("link", name="Team").click()
    expect(page.get_by_test_id("aantal-dossiers")).to_have_text("13")
    page.get_by_label("Caseload", exact=True).select_option("passief")
    page.get_by_label("Sorteren op").select_option("laatste_contact")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_test_id("aantal-dossiers")).to_have_text("5")  # 1, 2, 7 of mine; 1, 2 of the colleague
    expect(page.locator("tbody tr[data-dossier]").first).to_contain_text("nog geen")
    screenshot("gemeente-werklijst-team")
