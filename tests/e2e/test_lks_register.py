"""A gemeente keeps its LKS register in the portal: employer, person, period, a CSV import with a bad line,
and an employer's sick report that becomes a task in the register."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from django.utils import timezone

from vangnet.domain.bsn import mask_bsn, synthetic_bsn

PASSWORD = "Test-wachtwoord-123"
BSN = synthetic_bsn(31)


@pytest.fixture
def users(transactional_db, gemeente_a, make_user):
    make_user(gemeente_a, "registerbeheer", ("dkd_aanleveren",))


def log_in(page: Page, username: str) -> None:
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")


def test_keep_the_register_import_a_file_and_record_a_sick_report(users, page: Page, tmp_path, screenshot):
    log_in(page, "registerbeheer")
    page.goto("/gemeente/lks/")
    expect(page.get_by_role("heading", level=1)).to_have_text("LKS-register")

    page.get_by_role("link", name="Werkgevers").click()
    page.get_by_role("link", name="Werkgever toevoegen").click()
    page.get_by_label("Naam").fill("Bakkerij De Korrel")
    page.get_by_label("Loonheffingennummer").fill("1234 56 782 L01")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("cell", name="123456782L01")).to_be_visible()

    page.get_by_role("link", name="LKS-register").first.click()
    page.get_by_role("link", name="Persoon toevoegen").click()
    page.get_by_label("BSN").fill("123456789")
    page.get_by_label("Achternaam").fill("Jansen")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Dit BSN voldoet niet aan de elfproef.")).to_be_visible()
    screenshot("lks-persoon-fout")
    page.get_by_label("BSN").fill(BSN)
    page.get_by_label("Voorletters").fill("j.p.")
    page.get_by_label("Geboortedatum").fill("12-03-1985")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("LKS-periode toevoegen")
    page.get_by_label("Werkgever").select_option(label="Bakkerij De Korrel (123456782L01)")
    page.get_by_label("Begindatum").fill("01-01-2025")
    page.get_by_label("Loonwaarde (%)").fill("60,5")
    page.get_by_label("Beschikkingsnummer").fill("LKS-2025-7")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("J.P. Jansen")
    expect(page.get_by_test_id("perioden")).to_contain_text("60,50%")

    bestand = tmp_path / "register.csv"
    bestand.write_text(
        "BSN;Achternaam;Werkgever;Loonheffingennummer;Begindatum;Einddatum;Loonwaarde\n"
        f"{synthetic_bsn(32)};de Vries;Bakkerij De Korrel;123456782L01;01-03-2025;;45\n"
        f"{BSN};Jansen;Bakkerij De Korrel;123456782L01;01-06-2025;;50\n",
        encoding="utf-8-sig",
    )
    page.get_by_role("link", name="LKS-register").first.click()
    page.get_by_role("link", name="Importeren (CSV)").click()
    page.get_by_label("LKS-register (CSV)").set_input_files(str(bestand))
    page.get_by_role("button", name="Inlezen").click()
    expect(page.get_by_role("status")).to_contain_text("1 nieuw, 0 bijgewerkt, 0 ongewijzigd; regels met een fout: 1")
    expect(page.get_by_test_id("fouten")).to_contain_text("overlapt met een andere LKS-periode")
    screenshot("lks-import-fouten")

    page.get_by_role("link", name="Ziekmelding werkgever").click()
    page.get_by_label("Werkgever die de ziekmelding doet").select_option(label="Bakkerij De Korrel (123456782L01)")
    page.get_by_label("BSN van de werknemer").fill(BSN)
    eerste = timezone.localdate() - timedelta(days=30)
    page.get_by_label("Eerste ziektedag").fill(f"{eerste:%d-%m-%Y}")
    page.get_by_role("button", name="Ziekmelding vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Taak aangemaakt: LKS tijdig stopzetten / herzien")
    taken = page.get_by_test_id("taken")
    expect(taken).to_contain_text("J.P. Jansen")
    expect(taken).to_contain_text(mask_bsn(BSN))
    expect(page.locator("tr[data-persoon]")).to_have_count(2)
    screenshot("lks-register")
    assert BSN not in page.content()

    page.get_by_role("link", name="Aanleveren bij de hub").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanleveren bij de hub")
    screenshot("lks-hub")
