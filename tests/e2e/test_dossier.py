"""A casemanager walks a dossier through signal -> probleemanalyse -> plan van aanpak -> evaluation ->
contactmoment -> intervention with costs -> betermelding, in Chromium, with a screenshot of each step."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect
from tests.gemeente.dossiers.bestanden import BSN_1, BSN_2, Rij, rapport

from vangnet.domain.bsn import mask_bsn
from vangnet.gemeente.dossiers.models import Dossier, MedischeNotitie
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.services import ensure_organisatie

PASSWORD = "Test-wachtwoord-123"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
GEHEIM = "Rugklachten; MRI aangevraagd."


@pytest.fixture
def users(transactional_db, gemeente_a, make_user):
    ensure_organisatie("Arbodienst Voorbeeld B.V.", OrganisatieType.LEVERANCIER)
    casemanager = make_user(gemeente_a, "casemanager", ("casemanagement",))
    casemanager.first_name, casemanager.last_name = "Sanne", "de Vries"
    casemanager.save()
    return make_user(gemeente_a, "arts", ("medisch",))


def log_in(page: Page, username: str) -> None:
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")


def upload(page: Page, bestand) -> None:
    page.goto("/gemeente/signalen/importeren/")
    page.get_by_label("Signaalrapport").set_input_files(str(bestand))
    page.get_by_role("button", name="Inlezen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaalrapport ingelezen")


def taakrij(page: Page, stap: str, status: str = "open"):
    return page.locator(f"tr[data-stap='{stap}'][data-status='{status}']").first


def open_taak(page: Page, stap: str) -> None:
    taakrij(page, stap).get_by_role("link", name="afronden of termijn verplaatsen").click()


def dmj(datum) -> str:
    return f"{datum:%d-%m-%Y}"


def test_a_dossier_from_signal_to_betermelding(users, page: Page, tmp_path, screenshot):
    vandaag = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    dag = timedelta(days=1)
    eerste_ao_dag = vandaag - 20 * dag
    # BSN_1 is the dossier we walk; BSN_2's signal came far too late, so the worklist shows a late task.
    signaal = tmp_path / f"Utrecht_LKSRi_rapport_{vandaag:%Y%m%d}.csv"
    signaal.write_bytes(
        rapport(
            [
                Rij(BSN_1, None, vandaag - 10 * dag, eerste_ao_dag),
                Rij(BSN_2, None, vandaag - 190 * dag, vandaag - 200 * dag),
            ]
        )  # fmt: skip
    )
    probleemanalyse = tmp_path / "Probleemanalyse bedrijfsarts.pdf"
    probleemanalyse.write_bytes(PDF)
    plan = tmp_path / "Plan van aanpak.pdf"
    plan.write_bytes(PDF)

    # 1. The signal: the import opens the dossier with its Poortwachter tasks.
    log_in(page, "casemanager")
    upload(page, signaal)
    expect(page.get_by_test_id("aantal-nieuwe-dossiers")).to_have_text("2")
    page.get_by_role("link", name="Naar de dossiers").click()
    expect(page.locator("tr[data-dossier][data-te-laat]")).to_contain_text(mask_bsn(BSN_2))
    screenshot("dossier-0-werklijst")
    page.get_by_role("link", name=mask_bsn(BSN_1)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dossier {mask_bsn(BSN_1)}")
    expect(taakrij(page, "probleemanalyse").get_by_test_id("uiterlijk")).to_have_text(dmj(eerste_ao_dag + 41 * dag))
    page.get_by_label("Casemanager").select_option(label="Sanne de Vries")
    page.get_by_role("button", name="Casemanager opslaan").click()
    expect(page.get_by_test_id("casemanager")).to_have_text("Sanne de Vries")
    screenshot("dossier-1-signaal")

    # 2. The probleemanalyse, uploaded: the plan van aanpak falls due two weeks after its date.
    open_taak(page, "probleemanalyse")
    expect(page.get_by_role("heading", level=1)).to_have_text("Probleemanalyse (oordeel arts)")
    page.get_by_label("Datum", exact=True).fill((vandaag - dag).isoformat())
    page.get_by_label("Document: probleemanalyse").set_input_files(str(probleemanalyse))
    page.get_by_label("Ja, er zijn mogelijkheden").check()
    screenshot("dossier-2a-probleemanalyse-formulier")
    page.get_by_role("button", name="Taak afronden").click()
    expect(page.get_by_role("status")).to_contain_text("Probleemanalyse (oordeel arts) is afgerond.")
    expect(taakrij(page, "probleemanalyse", "gedaan")).to_contain_text("Probleemanalyse bedrijfsarts.pdf")
    expect(taakrij(page, "plan_van_aanpak").get_by_test_id("uiterlijk")).to_contain_text(dmj(vandaag + 13 * dag))
    expect(page.locator("tr[data-soort='probleemanalyse']")).to_contain_text("Probleemanalyse bedrijfsarts.pdf")
    screenshot("dossier-2-probleemanalyse")

    # 3. The plan van aanpak sets an evaluation every 4 weeks.
    open_taak(page, "plan_van_aanpak")
    page.get_by_label("Datum", exact=True).fill(vandaag.isoformat())
    page.get_by_label("Document: plan van aanpak").set_input_files(str(plan))
    page.get_by_label("Evaluatie om de hoeveel weken").fill("4")
    page.get_by_role("button", name="Taak afronden").click()
    expect(page.get_by_role("status")).to_contain_text("Plan van aanpak is afgerond.")
    expect(taakrij(page, "evaluatie").get_by_test_id("uiterlijk")).to_contain_text(dmj(vandaag + 28 * dag))
    expect(taakrij(page, "evaluatie")).to_contain_text("Evaluatiemoment volgens het plan van aanpak")
    screenshot("dossier-3-plan-van-aanpak")

    # 4. The first evaluation, with notes; then a herijking moved with a motivation (art. 7).
    open_taak(page, "evaluatie")
    page.get_by_label("Datum", exact=True).fill(vandaag.isoformat())
    page.get_by_label("Verslag").fill(
        "Werkhervatting 2 x 3 uur in aangepast werk loopt goed. Volgende stap: 3 x 4 uur."
    )
    page.get_by_role("button", name="Taak afronden").click()
    expect(page.get_by_role("status")).to_contain_text("Evaluatie plan van aanpak is afgerond.")
    open_taak(page, "herijking_26")
    nieuw = eerste_ao_dag + (26 * 7 + 13) * dag
    page.get_by_label("Nieuwe termijn").fill(nieuw.isoformat())
    page.get_by_label("Motivatie").fill("Op verzoek van de vangnetter na de zomervakantie; besproken op het spreekuur.")
    page.get_by_label("Overlegd met de vangnetter").check()
    screenshot("dossier-4a-termijn-verplaatsen")
    page.get_by_role("button", name="Termijn verplaatsen").click()
    expect(page.get_by_test_id("termijnwijzigingen")).to_contain_text("na de zomervakantie")
    expect(page.get_by_test_id("termijnwijzigingen")).to_contain_text(dmj(nieuw))
    expect(page.get_by_test_id("termijnwijzigingen")).to_contain_text("Sanne de Vries")
    page.locator("#taken").scroll_into_view_if_needed()
    screenshot("dossier-4-evaluatie")

    # 5. A contactmoment.
    page.get_by_text("Contactmoment vastleggen", exact=True).first.click()
    contact = page.locator("form", has=page.get_by_role("button", name="Contactmoment vastleggen"))
    contact.get_by_label("Datum").fill(vandaag.isoformat())
    contact.get_by_label("Kanaal").select_option("huisbezoek")
    contact.get_by_label("Met wie").fill("Vangnetter")
    contact.get_by_label("Samenvatting").fill("Plan van aanpak doorgesproken; afschrift meegegeven.")
    contact.get_by_role("button", name="Contactmoment vastleggen").click()
    expect(page.get_by_test_id("contactmomenten")).to_contain_text("Plan van aanpak doorgesproken")
    expect(page.get_by_test_id("contactmomenten")).to_contain_text("Huisbezoek")
    screenshot("dossier-5-contactmoment")

    # 6. An intervention with costs: the default rate of a re-integratieconsulent (seed 003).
    page.get_by_text("Interventie vastleggen", exact=True).first.click()
    interventie = page.locator("form", has=page.get_by_role("button", name="Interventie vastleggen"))
    interventie.get_by_label("Soort interventie").select_option("tweede_spoortraject")
    interventie.get_by_label("Leverancier", exact=True).select_option(label="Arbodienst Voorbeeld B.V.")
    interventie.get_by_label("Uren").fill("40")
    interventie.get_by_label("Begindatum").fill(vandaag.isoformat())
    interventie.get_by_label("Status").select_option("lopend")
    interventie.get_by_role("button", name="Interventie vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("De interventie is vastgelegd: 4.600,00 euro.")
    expect(page.get_by_test_id("kosten-totaal")).to_have_text("€ 4.600,00")
    expect(page.get_by_test_id("totale-kosten")).to_have_text("€ 4.600,00")
    screenshot("dossier-6-interventie")

    # The arts writes a medical note; the casemanager (without medisch) sees only that it exists.
    dossier = Dossier.objects.get(bsn=BSN_1)
    MedischeNotitie.objects.create(
        dossier=dossier, datum=vandaag, tekst=GEHEIM, auteur=users, vastgelegd_op=datetime.now(ZoneInfo("UTC"))
    )
    page.reload()
    expect(page.get_by_test_id("medisch-afgeschermd")).to_contain_text(f"Er is 1 medische notitie ({dmj(vandaag)})")
    assert GEHEIM not in page.content()

    # 7. Betermelding: an einde-uitkering row ends the benefit; the dossier moves on, it is not deleted.
    einde = tmp_path / f"Utrecht_LKSRi_rapport_{vandaag:%Y%m%d}_2.csv"
    einde.write_bytes(rapport([Rij(BSN_1, einde_uitkering=vandaag)]))
    upload(page, einde)
    expect(page.get_by_test_id("aantal-gesloten")).to_have_text("1")
    page.goto(f"/gemeente/dossiers/{dossier.uuid}/")
    expect(page.get_by_test_id("status")).to_have_text("Begeleiding naar werk")
    expect(page.get_by_test_id("einde-uitkering")).to_have_text(dmj(vandaag))
    expect(taakrij(page, "herijking_26", "nvt")).to_contain_text("Vervallen: de Ziektewetuitkering is beëindigd")
    expect(page.get_by_test_id("kosten-totaal")).to_have_text("€ 4.600,00")
    screenshot("dossier-7-betermelding")

    # The arts logs in and reads the note in the medical compartment.
    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, "arts")
    page.goto(f"/gemeente/dossiers/{dossier.uuid}/")
    expect(page.get_by_test_id("medische-notities")).to_contain_text(GEHEIM)
    expect(page.locator("#taken")).to_have_count(0)
    screenshot("dossier-8-medisch")
