"""The dossier page: tasks completed and moved with forms, documents served only through a checked view,
contactmomenten, interventions with costs, the medical compartment, assignment, leveranciers, the export."""

import csv
import io
from datetime import date

import pytest
import time_machine
from tests.conftest import PASSWORD
from tests.gemeente.dossiers.bestanden import BSN_1, BSN_2
from tests.gemeente.dossiers.conftest import PDF, caller_van, pdf

from django.core.files.uploadedfile import SimpleUploadedFile

from vangnet.domain.bsn import mask_bsn
from vangnet.gemeente.dossiers.models import Document, Dossier, Interventie, MedischeNotitie, Termijnwijziging
from vangnet.gemeente.dossiers.services import Interventiegegevens, registreer_interventie, voeg_document_toe

D = date.fromisoformat
GEHEIM = "Hernia L4-L5; fysiotherapie twee keer per week."


@pytest.fixture(autouse=True)
def vandaag():
    with time_machine.travel("2026-04-02 10:00 +02:00", tick=False):
        yield


def inloggen(client, gebruiker):
    client.logout()
    assert client.login(username=gebruiker.username, password=PASSWORD)
    return client


@pytest.fixture
def km(gemeente_a, make_user):
    return make_user(gemeente_a, "km", ("casemanagement",))


@pytest.fixture
def arts(gemeente_a, make_user):
    return make_user(gemeente_a, "arts", ("casemanagement", "medisch"))


@pytest.fixture
def notitie(dossier_a, arts):
    return MedischeNotitie.objects.create(
        dossier=dossier_a, datum=D("2026-03-25"), tekst=GEHEIM, auteur=arts, vastgelegd_op="2026-03-25T10:00+01:00"
    )


def url(dossier, pad: str = "") -> str:
    return f"/gemeente/dossiers/{dossier.uuid}/{pad}"


def taak(dossier, stap):
    return dossier.taken.filter(stap=stap, verantwoordelijke="gemeente").order_by("volgnummer").first()


def test_the_page_has_every_section(dossier_a, km, client):
    html = inloggen(client, km).get(url(dossier_a)).content.decode()
    for sectie in ("taken", "documenten", "contactmomenten", "interventies", "medisch"):
        assert f'id="{sectie}"' in html
    assert 'id="toewijzing"' in html and "Dossier downloaden (CSV)" in html
    assert BSN_1 not in html and mask_bsn(BSN_1) in html


def test_complete_the_probleemanalyse_with_a_form(dossier_a, km, client):
    inloggen(client, km)
    probleemanalyse = taak(dossier_a, "probleemanalyse")
    pagina = client.get(url(dossier_a, f"taken/{probleemanalyse.uuid}/")).content.decode()
    assert "Het oordeel van de arts over het ziektegeval (art. 3)" in pagina
    assert "Document: probleemanalyse" in pagina and "Terugkeer naar arbeid mogelijk?" in pagina
    response = client.post(
        url(dossier_a, f"taken/{probleemanalyse.uuid}/afronden/"),
        {"datum": "2026-04-01", "bestand": pdf(), "terugkeer_mogelijk": "ja"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url(dossier_a) + "#taken"
    html = response.content.decode()
    assert "Probleemanalyse (oordeel arts) is afgerond." in html
    assert 'data-stap="probleemanalyse" data-status="gedaan"' in html and "Gedaan 01-04-2026" in html
    rij = html.split('data-stap="plan_van_aanpak"')[1].split("</tr>")[0]
    assert "15-04-2026" in rij and "was 26-04-2026" in rij
    assert "Twee weken na de probleemanalyse van 01-04-2026" in rij


def test_a_completion_without_its_document_is_refused_with_the_reason(dossier_a, km, client):
    inloggen(client, km)
    probleemanalyse = taak(dossier_a, "probleemanalyse")
    response = client.post(
        url(dossier_a, f"taken/{probleemanalyse.uuid}/afronden/"), {"datum": "2026-04-01", "terugkeer_mogelijk": "ja"}
    )
    assert response.status_code == 400
    assert "Voeg het document toe (Probleemanalyse)" in response.content.decode()
    assert taak(dossier_a, "probleemanalyse").status == "open"


def test_the_plan_van_aanpak_form_sets_the_evaluations(dossier_a, km, client):
    inloggen(client, km)
    plan = taak(dossier_a, "plan_van_aanpak")
    response = client.post(
        url(dossier_a, f"taken/{plan.uuid}/afronden/"),
        {"datum": "2026-04-01", "bestand": pdf("plan.pdf"), "evaluatie_interval_weken": "6",
         "evaluatiedata": "01-05-2026\n2026-06-15"},
        follow=True,
    )  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    evaluaties = [d for d in html.split('data-stap="evaluatie" data-status="open"')[1:]]
    assert len(evaluaties) == 2 and "01-05-2026" in evaluaties[0] and "15-06-2026" in evaluaties[1]


def test_a_bad_evaluation_date_is_reported(dossier_a, km, client):
    inloggen(client, km)
    plan = taak(dossier_a, "plan_van_aanpak")
    response = client.post(
        url(dossier_a, f"taken/{plan.uuid}/afronden/"),
        {"datum": "2026-04-01", "bestand": pdf("plan.pdf"), "evaluatie_interval_weken": "6", "evaluatiedata": "31-02"},
    )
    assert response.status_code == 400
    assert "&#x27;31-02&#x27; is geen datum als DD-MM-JJJJ." in response.content.decode()


def test_move_a_deadline_and_see_the_history(dossier_a, km, client):
    inloggen(client, km)
    probleemanalyse = taak(dossier_a, "probleemanalyse")
    response = client.post(
        url(dossier_a, f"taken/{probleemanalyse.uuid}/verplaatsen/"),
        {
            "nieuw_uiterlijk": "2026-05-01",
            "motivatie": "Arts pas eind april beschikbaar.",
            "overleg_met_vangnetter": "on",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "De termijn van Probleemanalyse (oordeel arts) is verplaatst naar 01-05-2026." in html
    tabel = html.split('data-testid="termijnwijzigingen"')[1].split("</table>")[0]
    assert "12-04-2026" in tabel and "01-05-2026" in tabel and "Arts pas eind april beschikbaar." in tabel
    assert "Overlegd met de vangnetter." in tabel and "km" in tabel and "02-04-2026" in tabel
    taakpagina = client.get(url(dossier_a, f"taken/{probleemanalyse.uuid}/")).content.decode()
    assert "Geschiedenis van de termijn" in taakpagina and "Arts pas eind april beschikbaar." in taakpagina


def test_a_move_without_motivation_is_explained(dossier_a, km, client):
    inloggen(client, km)
    probleemanalyse = taak(dossier_a, "probleemanalyse")
    response = client.post(
        url(dossier_a, f"taken/{probleemanalyse.uuid}/verplaatsen/"), {"nieuw_uiterlijk": "2026-05-01"}
    )
    assert response.status_code == 400
    assert "Dit veld is vereist." in response.content.decode()
    assert not Termijnwijziging.objects.exists()


def test_upload_and_download_a_document(dossier_a, km, client):
    inloggen(client, km)
    response = client.post(
        url(dossier_a, "documenten/"),
        {
            "soort": "reintegratieverslag_ex_werkgever",
            "bestand": pdf("verslag werkgever.pdf"),
            "omschrijving": "Van ex",
        },
        follow=True,
    )
    html = response.content.decode()
    document = Document.objects.get()
    assert "Document verslag werkgever.pdf is toegevoegd." in html
    assert "Re-integratieverslag van de ex-werkgever" in html and "Van ex" in html
    download = client.get(url(dossier_a, f"documenten/{document.uuid}/"))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Cache-Control"] == "private, no-store"


def test_a_refused_upload_keeps_the_form_open_with_the_reason(dossier_a, km, client):
    inloggen(client, km)
    response = client.post(
        url(dossier_a, "documenten/"), {"soort": "overig", "bestand": SimpleUploadedFile("a.pdf", b"MZ\x90")}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "De inhoud van het bestand is geen PDF" in html and '<details class="vn-details" open>' in html
    assert not Document.objects.exists()


def test_documents_are_not_public(dossier_a, km, gemeente_b, make_user, client):
    document = voeg_document_toe(caller_van(km), dossier_a, "overig", pdf())
    assert client.get(url(dossier_a, f"documenten/{document.uuid}/")).status_code == 302  # to the login
    assert client.get(f"/media/{document.bestand.name}").status_code == 404
    inloggen(client, make_user(gemeente_b, "km-b"))
    assert client.get(url(dossier_a, f"documenten/{document.uuid}/")).status_code == 404
    inloggen(client, make_user(dossier_a.gemeente, "alleen-arts", ("medisch",)))
    assert client.get(url(dossier_a, f"documenten/{document.uuid}/")).status_code == 403


def test_a_document_of_another_dossier_is_not_served_under_this_one(dossier_a, km, client):
    ander = Dossier.objects.get(gemeente=dossier_a.gemeente, bsn=BSN_2)
    document = voeg_document_toe(caller_van(km), ander, "overig", pdf())
    inloggen(client, km)
    assert client.get(url(dossier_a, f"documenten/{document.uuid}/")).status_code == 404


def test_log_a_contactmoment(dossier_a, km, client):
    inloggen(client, km)
    response = client.post(
        url(dossier_a, "contactmomenten/"),
        {"datum": "2026-04-01", "kanaal": "huisbezoek", "met_wie": "Vangnetter", "samenvatting": "Kennismaking."},
        follow=True,
    )
    tabel = response.content.decode().split('data-testid="contactmomenten"')[1].split("</table>")[0]
    assert "01-04-2026" in tabel and "Huisbezoek" in tabel and "Kennismaking." in tabel


def test_interventions_show_their_costs_and_the_total(dossier_a, km, leverancier, client):
    inloggen(client, km)
    client.post(
        url(dossier_a, "interventies/"),
        {"soort": "tweede_spoortraject", "leverancier": leverancier.pk, "uren": "40", "begindatum": "2026-04-01",
         "status": "lopend"},
    )  # fmt: skip
    response = client.post(
        url(dossier_a, "interventies/"),
        {"soort": "arbeidsdeskundig_onderzoek", "leverancier_naam": "AD Noord", "uren": "3", "uurtarief": "",
         "begindatum": "2026-04-01", "status": "gepland"},
        follow=True,
    )  # fmt: skip
    html = response.content.decode()
    assert "De interventie is vastgelegd: 405,00 euro." in html
    tabel = html.split('data-testid="interventies"')[1].split("</table>")[0]
    assert "Arbodienst Voorbeeld" in tabel and "€ 4.600,00" in tabel and "€ 405,00" in tabel
    assert 'data-testid="kosten-totaal">€ 5.005,00<' in tabel
    assert 'data-testid="totale-kosten">€ 5.005,00<' in html


def test_an_intervention_is_updated_on_its_page(dossier_a, km, client):
    interventie = registreer_interventie(
        caller_van(km), dossier_a, Interventiegegevens("jobcoaching", 10, D("2026-04-01"), leverancier_naam="Coach BV")
    )
    inloggen(client, km)
    assert "€ 1.150,00" in client.get(url(dossier_a, f"interventies/{interventie.uuid}/")).content.decode()
    response = client.post(
        url(dossier_a, f"interventies/{interventie.uuid}/"),
        {"status": "afgerond", "uren": "12", "uurtarief": "115", "einddatum": "2026-04-02"},
        follow=True,
    )
    assert 'data-testid="kosten-totaal">€ 1.380,00<' in response.content.decode()
    interventie.refresh_from_db()
    assert (interventie.status, interventie.gewijzigd_door) == ("afgerond", km)


def test_without_medisch_the_notes_exist_but_cannot_be_read(dossier_a, km, notitie, client):
    html = inloggen(client, km).get(url(dossier_a)).content.decode()
    assert GEHEIM not in html
    afgeschermd = html.split('data-testid="medisch-afgeschermd">')[1].split("</p>")[0]
    assert "Er is 1 medische notitie (25-03-2026)" in afgeschermd
    assert client.post(url(dossier_a, "medisch/"), {"datum": "2026-04-01", "tekst": "x"}).status_code == 403
    export = b"".join(client.get(url(dossier_a, "export.csv")).streaming_content).decode()
    assert GEHEIM not in export and "Inhoud alleen voor gebruikers met de machtiging medisch." in export


def test_with_medisch_the_notes_are_read_and_written(dossier_a, arts, notitie, client):
    inloggen(client, arts)
    response = client.post(
        url(dossier_a, "medisch/"), {"datum": "2026-04-01", "tekst": "Belastbaarheid FML volgt."}, follow=True
    )
    html = response.content.decode()
    notities = html.split('data-testid="medische-notities"')[1].split("</ul>")[0]
    assert GEHEIM in notities and "Belastbaarheid FML volgt." in notities
    export = b"".join(client.get(url(dossier_a, "export.csv")).streaming_content).decode()
    assert GEHEIM in export


def test_the_export_holds_the_reintegration_file(dossier_a, km, client):
    registreer_interventie(
        caller_van(km), dossier_a, Interventiegegevens("jobcoaching", 10, D("2026-04-01"), leverancier_naam="Coach BV")
    )
    response = inloggen(client, km).get(url(dossier_a, "export.csv"))
    assert response["Content-Disposition"] == f'attachment; filename="dossier-{dossier_a.uuid}.csv"'
    rijen = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode()), delimiter=";"))
    assert rijen[0] == ["Onderdeel", "Datum", "Omschrijving", "Status", "Details", "Door"]
    soorten = {rij[0] for rij in rijen[1:]}
    assert {"Dossier", "Taak", "Interventie", "Kosten"} <= soorten
    assert ["Kosten", "", "Totale kosten interventies", "", "1.150,00 euro", ""] in rijen


def test_the_gemeente_assigns_a_casemanager_and_a_leverancier(
    dossier_a, km, gemeente_a, make_user, leverancier, client
):
    collega = make_user(gemeente_a, "collega", ("casemanagement",))
    collega.first_name, collega.last_name = "Sanne", "de Vries"
    collega.save()
    inloggen(client, km)
    pagina = client.get(url(dossier_a)).content.decode()
    assert "Sanne de Vries" in pagina and "Arbodienst Voorbeeld" in pagina
    html = client.post(url(dossier_a, "casemanager/"), {"casemanager": collega.pk}, follow=True).content.decode()
    assert 'data-testid="casemanager">Sanne de Vries<' in html
    html = client.post(url(dossier_a, "leverancier/"), {"leverancier": leverancier.pk}, follow=True).content.decode()
    assert 'data-testid="leverancier">Arbodienst Voorbeeld' in html
    dossier_a.refresh_from_db()
    assert (dossier_a.casemanager, dossier_a.leverancier) == (collega, leverancier)


def test_a_user_of_another_gemeente_cannot_be_assigned(dossier_a, km, gemeente_b, make_user, client):
    vreemde = make_user(gemeente_b, "km-b")
    response = inloggen(client, km).post(url(dossier_a, "casemanager/"), {"casemanager": vreemde.pk})
    assert response.status_code == 400 and "Selecteer een geldige keuze" in response.content.decode()


def test_a_leverancier_sees_only_the_dossiers_assigned_to_it(dossier_a, gemeente_a, leverancier, make_user, client):
    ander = Dossier.objects.get(gemeente=gemeente_a, bsn=BSN_2)
    dossier_a.leverancier = leverancier
    dossier_a.save()
    casemanager = make_user(leverancier, "cm-arbo", ("casemanagement",))
    inloggen(client, casemanager)
    lijst = client.get("/gemeente/dossiers/").content.decode()
    assert 'data-testid="aantal-dossiers">1<' in lijst and str(dossier_a.uuid) in lijst and "Utrecht" in lijst
    assert str(ander.uuid) not in lijst
    assert client.get(url(ander)).status_code == 404
    pagina = client.get(url(dossier_a)).content.decode()
    assert 'id="taken"' in pagina and 'id="toewijzing"' not in pagina
    assert client.post(url(dossier_a, "leverancier/"), {"leverancier": ""}).status_code == 403
    # Its casemanager works in the file: a contactmoment.
    response = client.post(
        url(dossier_a, "contactmomenten/"),
        {"datum": "2026-04-01", "kanaal": "telefoon", "met_wie": "Vangnetter", "samenvatting": "Afspraak BA."},
    )
    assert response.status_code == 302
    assert "Signaalrapport importeren" not in lijst


def test_a_leverancier_arts_sees_the_medical_compartment_not_the_file(
    dossier_a, leverancier, notitie, make_user, client
):
    dossier_a.leverancier = leverancier
    dossier_a.save()
    inloggen(client, make_user(leverancier, "arts-arbo", ("medisch",)))
    lijst = client.get("/gemeente/dossiers/").content.decode()
    assert str(dossier_a.uuid) in lijst and "Volgende taak" not in lijst
    pagina = client.get(url(dossier_a)).content.decode()
    assert GEHEIM in pagina
    assert 'id="taken"' not in pagina and 'id="documenten"' not in pagina and 'id="interventies"' not in pagina
    assert client.get(url(dossier_a, "export.csv")).status_code == 403
    taak_pa = taak(dossier_a, "probleemanalyse")
    assert client.get(url(dossier_a, f"taken/{taak_pa.uuid}/")).status_code == 403


def test_after_the_assignment_ends_the_leverancier_sees_nothing(dossier_a, leverancier, make_user, client):
    casemanager = make_user(leverancier, "cm-arbo", ("casemanagement",))
    inloggen(client, casemanager)
    assert client.get(url(dossier_a)).status_code == 404
    assert 'data-testid="aantal-dossiers">0<' in client.get("/gemeente/dossiers/").content.decode()


def test_gemeente_b_reaches_nothing_of_gemeente_a(dossier_a, km, gemeente_b, make_user, client):
    document = voeg_document_toe(caller_van(km), dossier_a, "overig", pdf())
    interventie = registreer_interventie(
        caller_van(km), dossier_a, Interventiegegevens("jobcoaching", 1, D("2026-04-01"), leverancier_naam="X")
    )
    probleemanalyse = taak(dossier_a, "probleemanalyse")
    inloggen(client, make_user(gemeente_b, "km-b", ("casemanagement", "medisch")))
    paden = ("", f"taken/{probleemanalyse.uuid}/", f"documenten/{document.uuid}/", f"interventies/{interventie.uuid}/")
    for pad in (*paden, "export.csv"):
        assert client.get(url(dossier_a, pad)).status_code == 404, pad
    for pad, data in (
        (f"taken/{probleemanalyse.uuid}/verplaatsen/", {"nieuw_uiterlijk": "2026-05-01", "motivatie": "x"}),
        ("contactmomenten/", {"datum": "2026-04-01", "kanaal": "telefoon", "met_wie": "x", "samenvatting": "x"}),
        ("medisch/", {"datum": "2026-04-01", "tekst": "x"}),
    ):
        assert client.post(url(dossier_a, pad), data).status_code == 404, pad
    assert not Termijnwijziging.objects.exists() and not MedischeNotitie.objects.exists()
    assert Interventie.objects.count() == 1


def test_the_dashboard_tile_of_a_leverancier_leads_to_the_dossiers(leverancier, make_user, client):
    inloggen(client, make_user(leverancier, "arts-arbo", ("medisch",)))
    assert 'href="/gemeente/dossiers/"' in client.get("/").content.decode()
