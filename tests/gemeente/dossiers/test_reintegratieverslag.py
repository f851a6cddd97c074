"""The re-integratieverslag (art. 8 a-k) as a PDF from the dossier: contents, what is missing, access."""

import re
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from tests.conftest import PASSWORD
from tests.gemeente.dossiers.bestanden import BSN_1
from tests.gemeente.dossiers.conftest import caller_van, docx, pdf

from vangnet.gemeente.dossiers.models import Document
from vangnet.gemeente.dossiers.reintegratieverslag import Oordeel, bestandsnaam, stel_samen, verslag_html, verslag_pdf
from vangnet.gemeente.dossiers.services import (
    Afrondingsgegevens,
    Interventiegegevens,
    leg_contact_vast,
    registreer_interventie,
    rond_taak_af,
    voeg_medische_notitie_toe,
    wijs_leverancier_toe,
)
from vangnet.organisations.constants import Product

GEHEIM = "Hernia L4-L5, pijnklachten"


@pytest.fixture(autouse=True)
def vandaag():
    with time_machine.travel("2026-03-20 10:00 +01:00", tick=False) as reis:
        yield reis


@pytest.fixture
def km(gemeente_a, make_user):
    return caller_van(make_user(gemeente_a, "km", (Product.CASEMANAGEMENT,)))


def taak(dossier, stap):
    return dossier.taken.filter(stap=stap, verantwoordelijke="gemeente").order_by("volgnummer").first()


@pytest.fixture
def gevuld(dossier_a, km, vandaag, gemeente_a, make_user):
    """A dossier with probleemanalyse, plan van aanpak, one evaluation, a contact and an intervention."""
    vandaag.move_to("2026-05-20 10:00 +02:00")
    rond_taak_af(km, taak(dossier_a, "probleemanalyse"),
                 Afrondingsgegevens(date(2026, 4, 1), bestand=pdf(), terugkeer_mogelijk=True))  # fmt: skip
    rond_taak_af(km, taak(dossier_a, "plan_van_aanpak"),
                 Afrondingsgegevens(date(2026, 4, 14), bestand=docx(), evaluatie_interval_weken=4))  # fmt: skip
    rond_taak_af(km, taak(dossier_a, "evaluatie"),
                 Afrondingsgegevens(date(2026, 5, 12), verslag="Werkervaringsplek bevalt; uren naar 16."))  # fmt: skip
    leg_contact_vast(km, dossier_a, date(2026, 5, 13), "telefoon", "vangnetter", "Afspraken over de werkplek.")
    registreer_interventie(
        km, dossier_a, Interventiegegevens("jobcoaching", Decimal("10"), date(2026, 4, 20), leverancier_naam="Coach BV")
    )
    arts = caller_van(make_user(gemeente_a, "arts", (Product.MEDISCH,)))
    voeg_medische_notitie_toe(arts, dossier_a, date(2026, 5, 1), GEHEIM)
    return dossier_a


OORDEEL = Oordeel(
    soort_arts="verzekeringsarts",
    naam_arts="dr. J. Jansen",
    datum_oordeel=date(2026, 5, 18),
    laatst_verrichte_functie="Orderpicker, 32 uur",
    functionele_beperkingen="Niet langer dan 1 uur staan; niet tillen boven 10 kg.",
    mogelijkheden="Zittend werk tot 4 uur per dag.",
    verloop="Langzaam herstel.",
)


def test_the_report_holds_art_8_from_the_dossier_and_lists_what_is_missing(gevuld):
    verslag = stel_samen(gevuld, OORDEEL, date(2026, 5, 20))
    html = verslag_html(verslag)
    for kop in (
        "Re-integratieverslag",
        "Ontbrekende onderdelen",
        "a. Administratieve gegevens van de vangnetter en het college",
        "d. Eerste dag van ongeschiktheid",
        "f. Plan van aanpak en bijstellingen (art. 5 lid 4)",
        "h. Meest recente evaluatie van het plan van aanpak",
        "i. Actueel oordeel over het verloop, de functionele beperkingen en mogelijkheden",
        "k. Oordeel van de vangnetter",
        "Tijdlijn",
        "Interventies en kosten",
        "Contactmomenten",
    ):
        assert kop in html, kop
    assert "Plan van aanpak opgesteld op 14-04-2026" in html and "Evaluatie elke 4 weken." in html
    assert "Werkervaringsplek bevalt; uren naar 16." in html
    assert "Niet langer dan 1 uur staan" in html and "Zittend werk tot 4 uur per dag." in html
    assert "Coach BV" in html and '<td class="num">€ 1.150,00</td>' in html and "€ 115,00" in html
    assert "Afspraken over de werkplek." in html and "telefoon: 1" in html
    assert "02-03-2026" in html  # eerste AO-dag
    assert GEHEIM not in html  # the medical compartment never goes into the report
    ontbrekend = {letter for letter, _reden in verslag.ontbreekt}
    assert ontbrekend == {"a", "c", "e", "g", "j", "k"}  # a: name and address are not in the dossier


def test_an_empty_dossier_misses_plan_evaluation_and_judgments(dossier_a):
    verslag = stel_samen(dossier_a, Oordeel(), date(2026, 3, 20))
    assert [letter for letter, _reden in verslag.ontbreekt] == ["a", "b", "c", "e", "f", "g", "h", "i", "j", "k"]
    assert "Ontbreekt: er is geen afgerond plan van aanpak." in verslag_html(verslag)


def test_the_pdf_is_a_pdf(gevuld):
    inhoud = verslag_pdf(verslag_html(stel_samen(gevuld, OORDEEL)))
    assert inhoud.startswith(b"%PDF")
    assert len(inhoud) > 5000


def test_the_file_name_has_no_bsn(dossier_a):
    naam = bestandsnaam(dossier_a, date(2026, 9, 1))
    assert naam == f"re-integratieverslag-{dossier_a.uuid}-20260901.pdf"
    assert BSN_1 not in naam


# --- the portal ----------------------------------------------------------------------------------


def login(client, gemeente, make_user, naam="km", machtigingen=(Product.CASEMANAGEMENT,)):
    make_user(gemeente, naam, machtigingen)
    client.login(username=naam, password=PASSWORD)
    return client


def test_the_form_shows_what_the_dossier_holds(dossier_a, gemeente_a, make_user, client):
    login(client, gemeente_a, make_user)
    html = client.get(f"/gemeente/dossiers/{dossier_a.uuid}/reintegratieverslag/").content.decode()
    assert "f. Plan van aanpak: <strong>ontbreekt</strong>" in html
    assert "Functionele beperkingen" in html and "geen diagnose" in html
    dossierpagina = client.get(f"/gemeente/dossiers/{dossier_a.uuid}/").content.decode()
    assert f"/gemeente/dossiers/{dossier_a.uuid}/reintegratieverslag/" in dossierpagina


def test_posting_the_form_downloads_the_pdf_without_bsn_in_the_name(gevuld, gemeente_a, make_user, client):
    login(client, gemeente_a, make_user, "km2")
    response = client.post(
        f"/gemeente/dossiers/{gevuld.uuid}/reintegratieverslag/",
        {"soort_arts": "bedrijfsarts", "functionele_beperkingen": "Geen zwaar werk.", "mogelijkheden": "Licht werk."},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    schijf = response["Content-Disposition"]
    assert re.fullmatch(rf'attachment; filename="re-integratieverslag-{gevuld.uuid}-\d{{8}}\.pdf"', schijf)
    assert gevuld.bsn not in schijf
    assert response["Cache-Control"] == "private, no-store"
    assert not Document.objects.filter(soort="reintegratieverslag").exists()


def test_the_pdf_can_be_kept_as_a_document_of_the_dossier(gevuld, gemeente_a, make_user, client):
    login(client, gemeente_a, make_user, "km2")
    response = client.post(
        f"/gemeente/dossiers/{gevuld.uuid}/reintegratieverslag/", {"soort_arts": "bedrijfsarts", "bewaren": "on"}
    )
    assert response.content.startswith(b"%PDF")
    document = Document.objects.get(soort="reintegratieverslag")
    assert (document.dossier, document.mime) == (gevuld, "application/pdf")
    assert gevuld.bsn not in document.bestandsnaam and gevuld.bsn not in document.bestand.name


def test_a_refused_form_stays_on_the_page(dossier_a, gemeente_a, make_user, client):
    login(client, gemeente_a, make_user)
    response = client.post(f"/gemeente/dossiers/{dossier_a.uuid}/reintegratieverslag/", {"soort_arts": "huisarts"})
    assert response.status_code == 400
    assert "utrecht-form-field-error-message" in response.content.decode()


@pytest.mark.parametrize("methode", ["get", "post"])
def test_only_casemanagement_of_the_own_gemeente(dossier_a, gemeente_a, gemeente_b, make_user, client, methode):
    pad = f"/gemeente/dossiers/{dossier_a.uuid}/reintegratieverslag/"
    login(client, gemeente_a, make_user, "arts", (Product.MEDISCH,))
    assert getattr(client, methode)(pad, {"soort_arts": "bedrijfsarts"}).status_code == 403
    login(client, gemeente_b, make_user, "andere")
    assert getattr(client, methode)(pad, {"soort_arts": "bedrijfsarts"}).status_code == 404


def test_an_assigned_leverancier_may_download_until_the_assignment_ends(
    dossier_a, gemeente_a, km, leverancier, make_user, client
):
    pad = f"/gemeente/dossiers/{dossier_a.uuid}/reintegratieverslag/"
    login(client, leverancier, make_user, "coach")
    assert client.get(pad).status_code == 404
    wijs_leverancier_toe(km, dossier_a, leverancier)
    assert client.post(pad, {"soort_arts": "bedrijfsarts"}).content.startswith(b"%PDF")
    wijs_leverancier_toe(km, dossier_a, None)
    assert client.get(pad).status_code == 404
