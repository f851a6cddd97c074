"""The services behind the dossier page: completing tasks moves what depends on them, art. 7, documents,
contacts, interventions with costs, the medical compartment, and who may assign."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from tests.gemeente.dossiers.bestanden import BSN_1, Rij
from tests.gemeente.dossiers.conftest import PDF, caller_van, docx, pdf

from django.core.files.uploadedfile import SimpleUploadedFile

from vangnet.gemeente.dossiers.constants import DossierStatus, TaakStatus
from vangnet.gemeente.dossiers.models import Document, Taak, Termijnwijziging
from vangnet.gemeente.dossiers.services import (
    Afrondingsgegevens,
    DossierFout,
    GeenToegang,
    Interventiegegevens,
    leg_contact_vast,
    medische_notitiedata,
    medische_notities,
    registreer_interventie,
    rond_taak_af,
    verplaats_termijn,
    voeg_document_toe,
    voeg_medische_notitie_toe,
    wijs_casemanager_toe,
    wijs_leverancier_toe,
    wijzig_interventie,
)

D = date.fromisoformat


@pytest.fixture(autouse=True)
def vandaag():
    with time_machine.travel("2026-03-20 10:00 +01:00", tick=False) as reis:
        yield reis


@pytest.fixture
def km(gemeente_a, make_user):
    return caller_van(make_user(gemeente_a, "km", ("casemanagement",)))


@pytest.fixture
def arts(gemeente_a, make_user):
    return caller_van(make_user(gemeente_a, "arts", ("medisch",)))


def taak(dossier, stap: str, **filters) -> Taak:
    return dossier.taken.filter(stap=stap, verantwoordelijke="gemeente", **filters).order_by("volgnummer").first()


def open_evaluaties(dossier) -> list[date]:
    return list(
        dossier.taken.filter(stap="evaluatie", status="open").order_by("uiterlijk").values_list("uiterlijk", flat=True)
    )


def naar(vandaag, dag: str) -> None:
    vandaag.move_to(f"{dag} 10:00 +02:00")


# --- completing tasks -----------------------------------------------------------------------------


def test_the_probleemanalyse_asks_for_its_document(dossier_a, km, vandaag):
    naar(vandaag, "2026-04-02")
    with pytest.raises(DossierFout, match="Voeg het document toe \\(Probleemanalyse\\)") as fout:
        rond_taak_af(
            km, taak(dossier_a, "probleemanalyse"), Afrondingsgegevens(D("2026-04-01"), terugkeer_mogelijk=True)
        )
    assert fout.value.veld == "bestand"
    assert taak(dossier_a, "probleemanalyse").status == TaakStatus.OPEN
    assert not Document.objects.exists()


def test_completing_the_probleemanalyse_moves_the_plan_van_aanpak(dossier_a, km, vandaag):
    naar(vandaag, "2026-04-02")
    gedaan = rond_taak_af(
        km,
        taak(dossier_a, "probleemanalyse"),
        Afrondingsgegevens(D("2026-04-01"), bestand=pdf(), terugkeer_mogelijk=True),
    )
    gedaan.refresh_from_db()
    assert (gedaan.status, gedaan.gedaan_op, gedaan.gedaan_door, gedaan.terugkeer_mogelijk) == (
        "gedaan", D("2026-04-01"), km.gebruiker, True,
    )  # fmt: skip
    assert gedaan.document.soort == "probleemanalyse" and gedaan.document.bestandsnaam == "probleemanalyse.pdf"
    pva = taak(dossier_a, "plan_van_aanpak")
    assert (pva.uiterlijk, pva.oorspronkelijk_uiterlijk, pva.status) == (D("2026-04-15"), D("2026-04-26"), "open")
    assert open_evaluaties(dossier_a)[:2] == [D("2026-05-27"), D("2026-07-08")]


def test_the_plan_van_aanpak_sets_the_evaluation_moments_as_tasks(dossier_a, km, vandaag):
    naar(vandaag, "2026-04-15")
    rond_taak_af(km, taak(dossier_a, "probleemanalyse"), Afrondingsgegevens(D("2026-04-01"), bestand=pdf(),
                                                                             terugkeer_mogelijk=True))  # fmt: skip
    rond_taak_af(
        km,
        taak(dossier_a, "plan_van_aanpak"),
        Afrondingsgegevens(D("2026-04-14"), bestand=docx(), evaluatie_interval_weken=4),
    )
    plan = taak(dossier_a, "plan_van_aanpak")
    assert (plan.status, plan.evaluatie_interval_weken, plan.document.soort) == ("gedaan", 4, "plan_van_aanpak")
    evaluaties = open_evaluaties(dossier_a)
    assert evaluaties[:3] == [D("2026-05-12"), D("2026-06-09"), D("2026-07-07")]
    # Every four weeks (672 days after the plan) up to the end of the waiting time (2028-02-27): more than 15.
    assert len(evaluaties) == 24 and evaluaties[-1] == D("2028-02-15")
    assert dossier_a.taken.filter(stap="evaluatie").count() == 24


def test_the_plan_van_aanpak_defaults_to_every_six_weeks(dossier_a, km, vandaag):
    naar(vandaag, "2026-04-15")
    rond_taak_af(km, taak(dossier_a, "plan_van_aanpak"), Afrondingsgegevens(D("2026-04-14"), bestand=docx()))
    assert taak(dossier_a, "plan_van_aanpak").evaluatie_interval_weken == 6
    assert open_evaluaties(dossier_a)[:2] == [D("2026-05-26"), D("2026-07-07")]


def test_named_evaluation_moments_become_the_tasks(dossier_a, km, vandaag):
    naar(vandaag, "2026-04-15")
    rond_taak_af(
        km,
        taak(dossier_a, "plan_van_aanpak"),
        Afrondingsgegevens(D("2026-04-14"), bestand=docx(), evaluatiedata=(D("2026-05-01"), D("2026-06-15"))),
    )
    assert open_evaluaties(dossier_a) == [D("2026-05-01"), D("2026-06-15")]
    assert dossier_a.taken.filter(stap="evaluatie", status="nvt").count() == 13
    assert taak(dossier_a, "plan_van_aanpak").evaluatiedata == ["2026-05-01", "2026-06-15"]


def test_an_earlier_upload_of_the_right_kind_may_be_chosen(dossier_a, km, vandaag):
    eerder = voeg_document_toe(km, dossier_a, "probleemanalyse", pdf())
    overig = voeg_document_toe(km, dossier_a, "overig", pdf("brief.pdf"))
    probleemanalyse = taak(dossier_a, "probleemanalyse")
    with pytest.raises(DossierFout, match="Kies een document van de soort Probleemanalyse"):
        rond_taak_af(km, probleemanalyse, Afrondingsgegevens(D("2026-03-19"), document=overig, terugkeer_mogelijk=True))
    rond_taak_af(km, probleemanalyse, Afrondingsgegevens(D("2026-03-19"), document=eerder, terugkeer_mogelijk=True))
    assert taak(dossier_a, "probleemanalyse").document == eerder
    assert Document.objects.count() == 2


def test_an_evaluation_asks_for_notes(dossier_a, km, vandaag):
    naar(vandaag, "2026-06-08")
    evaluatie = taak(dossier_a, "evaluatie", status="open")
    with pytest.raises(DossierFout, match="Schrijf op wat er is besproken"):
        rond_taak_af(km, evaluatie, Afrondingsgegevens(D("2026-06-07"), verslag="   "))
    rond_taak_af(km, evaluatie, Afrondingsgegevens(D("2026-06-07"), verslag="Opbouw 2 x 3 uur loopt; doel gehaald."))
    evaluatie.refresh_from_db()
    assert (evaluatie.status, evaluatie.verslag) == ("gedaan", "Opbouw 2 x 3 uur loopt; doel gehaald.")


def test_a_herijking_may_revise_the_evaluation_moments(dossier_a, km, vandaag):
    naar(vandaag, "2026-04-15")
    rond_taak_af(km, taak(dossier_a, "plan_van_aanpak"), Afrondingsgegevens(D("2026-04-14"), bestand=docx()))
    naar(vandaag, "2026-08-31")
    rond_taak_af(
        km,
        taak(dossier_a, "herijking_26"),
        Afrondingsgegevens(
            D("2026-08-30"), verslag="Doel deels behaald; nieuw doel: 12 uur.", evaluatie_interval_weken=2
        ),
    )
    latere = [d for d in open_evaluaties(dossier_a) if d > D("2026-08-30")]
    assert latere[:3] == [D("2026-09-13"), D("2026-09-27"), D("2026-10-11")]
    assert D("2026-08-18") in open_evaluaties(dossier_a)  # the plan's own moment before the revision stays


def test_no_possibility_of_return_voids_the_plan(dossier_a, km, vandaag):
    naar(vandaag, "2026-04-02")
    rond_taak_af(km, taak(dossier_a, "probleemanalyse"), Afrondingsgegevens(D("2026-04-01"), bestand=pdf(),
                                                                             terugkeer_mogelijk=False))  # fmt: skip
    assert taak(dossier_a, "plan_van_aanpak").status == "nvt"
    assert not open_evaluaties(dossier_a)
    assert taak(dossier_a, "herijking_26").status == "open"


def test_a_task_cannot_be_completed_twice_or_in_the_future(dossier_a, km, vandaag):
    evaluatie = taak(dossier_a, "evaluatie")
    with pytest.raises(DossierFout, match="Deze datum ligt in de toekomst."):
        rond_taak_af(km, evaluatie, Afrondingsgegevens(D("2026-03-21"), verslag="x"))
    with pytest.raises(DossierFout, match="vóór de eerste AO-dag"):
        rond_taak_af(km, evaluatie, Afrondingsgegevens(D("2026-03-01"), verslag="x"))
    rond_taak_af(km, evaluatie, Afrondingsgegevens(D("2026-03-20"), verslag="x"))
    with pytest.raises(DossierFout, match="Deze taak is niet open"):
        rond_taak_af(km, evaluatie, Afrondingsgegevens(D("2026-03-20"), verslag="x"))


def test_a_relapse_keeps_what_was_done(dossier_a, km, importeer, gemeente_a, vandaag):
    naar(vandaag, "2026-04-02")
    rond_taak_af(km, taak(dossier_a, "probleemanalyse"), Afrondingsgegevens(D("2026-04-01"), bestand=pdf(),
                                                                             terugkeer_mogelijk=True))  # fmt: skip
    naar(vandaag, "2026-05-21")
    importeer(gemeente_a, [Rij(BSN_1, einde_uitkering=D("2026-05-10"))], "einde.csv")
    importeer(gemeente_a, [Rij(BSN_1, einde_arbeid=D("2026-05-20"), eerste_ao_dag=D("2026-05-20"))], "terug.csv")
    dossier_a.refresh_from_db()
    assert dossier_a.status == DossierStatus.UITKERING and dossier_a.ziekteperiodes.count() == 2
    assert taak(dossier_a, "probleemanalyse").status == "gedaan"
    # Still two weeks after the probleemanalyse, not back on the timeline's week 8.
    assert taak(dossier_a, "plan_van_aanpak").uiterlijk == D("2026-04-15")
    # Provisionally every 6 weeks after the plan (2026-05-27), moved by the 9 fit days (2026-05-11 to 05-19).
    assert open_evaluaties(dossier_a)[:2] == [D("2026-06-05"), D("2026-07-17")]


def test_completing_after_the_betermelding_revives_nothing(dossier_a, km, importeer, gemeente_a, vandaag):
    naar(vandaag, "2026-04-20")
    # The probleemanalyse (due 2026-04-12) was due before the end of the benefit; the rest after it.
    importeer(gemeente_a, [Rij(BSN_1, einde_uitkering=D("2026-04-13"))], "einde.csv")
    rond_taak_af(km, taak(dossier_a, "probleemanalyse"), Afrondingsgegevens(D("2026-04-01"), bestand=pdf(),
                                                                             terugkeer_mogelijk=True))  # fmt: skip
    dossier_a.refresh_from_db()
    assert dossier_a.status == DossierStatus.BEGELEIDING_NAAR_WERK
    assert set(dossier_a.taken.exclude(stap="probleemanalyse").values_list("status", flat=True)) == {"nvt"}


# --- art. 7 -----------------------------------------------------------------------------------------


def test_moving_a_deadline_keeps_the_history(dossier_a, km, vandaag):
    probleemanalyse = taak(dossier_a, "probleemanalyse")
    verplaats_termijn(km, probleemanalyse, D("2026-05-01"), "Vangnetter opgenomen; arts pas 28-04 beschikbaar.",
                      overleg_met_vangnetter=True)  # fmt: skip
    vandaag.shift(3600)
    verplaats_termijn(km, probleemanalyse, D("2026-04-20"), "Arts eerder beschikbaar.")
    probleemanalyse.refresh_from_db()
    assert (probleemanalyse.uiterlijk, probleemanalyse.oorspronkelijk_uiterlijk, probleemanalyse.week) == (
        D("2026-04-20"), D("2026-04-12"), 8,
    )  # fmt: skip
    assert probleemanalyse.motivatie_afwijking == "Arts eerder beschikbaar."
    geschiedenis = [
        (w.oud_uiterlijk, w.nieuw_uiterlijk, w.motivatie, w.overleg_met_vangnetter, w.door)
        for w in Termijnwijziging.objects.filter(taak=probleemanalyse)
    ]
    assert geschiedenis == [
        (D("2026-05-01"), D("2026-04-20"), "Arts eerder beschikbaar.", False, km.gebruiker),
        (D("2026-04-12"), D("2026-05-01"), "Vangnetter opgenomen; arts pas 28-04 beschikbaar.", True, km.gebruiker),
    ]


def test_a_move_is_never_refused_for_its_date(dossier_a, km):
    evaluatie = taak(dossier_a, "evaluatie")
    verplaats_termijn(km, evaluatie, D("2020-01-01"), "Verkeerd ingevoerd, wordt hersteld.")
    verplaats_termijn(km, evaluatie, D("2035-12-31"), "Ver weg.")
    assert Termijnwijziging.objects.count() == 2


def test_a_move_needs_a_motivation_and_an_open_task(dossier_a, km):
    probleemanalyse = taak(dossier_a, "probleemanalyse")
    with pytest.raises(DossierFout, match="Motiveer schriftelijk") as fout:
        verplaats_termijn(km, probleemanalyse, D("2026-05-01"), "  ")
    assert fout.value.veld == "motivatie"
    rond_taak_af(km, probleemanalyse, Afrondingsgegevens(D("2026-03-20"), bestand=pdf(), terugkeer_mogelijk=True))
    with pytest.raises(DossierFout, match="al afgerond"):
        verplaats_termijn(km, probleemanalyse, D("2026-05-01"), "Te laat.")
    assert not Termijnwijziging.objects.exists()


def test_a_moved_deadline_stays_when_the_probleemanalyse_replans(dossier_a, km, vandaag):
    verplaats_termijn(km, taak(dossier_a, "plan_van_aanpak"), D("2026-05-10"), "Vakantie vangnetter.")
    naar(vandaag, "2026-04-02")
    rond_taak_af(km, taak(dossier_a, "probleemanalyse"), Afrondingsgegevens(D("2026-04-01"), bestand=pdf(),
                                                                             terugkeer_mogelijk=True))  # fmt: skip
    assert taak(dossier_a, "plan_van_aanpak").uiterlijk == D("2026-05-10")


# --- documents, contacts, interventions -----------------------------------------------------------


def test_a_document_is_stored_with_who_and_when(dossier_a, km):
    document = voeg_document_toe(km, dossier_a, "advies_bedrijfsarts", pdf("C:\\map\\advies BA.pdf"), "Na consult")
    assert (document.bestandsnaam, document.mime, document.grootte, document.geupload_door) == (
        "advies BA.pdf", "application/pdf", len(PDF), km.gebruiker,
    )  # fmt: skip
    assert document.bestand.name == f"dossiers/{dossier_a.uuid}/{document.uuid}"
    assert BSN_1 not in document.bestand.name
    with document.bestand.open("rb") as bestand:
        assert bestand.read() == PDF


@pytest.mark.parametrize(
    ("bestand", "melding"),
    [
        (SimpleUploadedFile("script.html", b"<script>"), "Dit soort bestand wordt niet bewaard"),
        (SimpleUploadedFile("nep.pdf", b"MZ\x90\x00"), "geen PDF"),
    ],
)
def test_a_wrong_file_is_refused(dossier_a, km, bestand, melding):
    with pytest.raises(DossierFout, match=melding):
        voeg_document_toe(km, dossier_a, "overig", bestand)
    assert not Document.objects.exists()


def test_contactmomenten_are_logged(dossier_a, km):
    contact = leg_contact_vast(km, dossier_a, D("2026-03-19"), "huisbezoek", "Vangnetter", "Kennismaking.")
    assert (contact.kanaal, contact.vastgelegd_door) == ("huisbezoek", km.gebruiker)
    with pytest.raises(DossierFout, match="Vat het contact kort samen"):
        leg_contact_vast(km, dossier_a, D("2026-03-19"), "telefoon", "Werkgever", "")


def test_interventions_use_the_default_rate_and_add_up(dossier_a, km, leverancier):
    traject = registreer_interventie(
        km, dossier_a, Interventiegegevens("tweede_spoortraject", Decimal(40), D("2026-04-01"), leverancier=leverancier)
    )
    assert (traject.uurtarief, traject.kosten, traject.leverancier_weergave) == (
        Decimal("115.00"), Decimal("4600.00"), "Arbodienst Voorbeeld",
    )  # fmt: skip
    registreer_interventie(
        km,
        dossier_a,
        Interventiegegevens(
            "werkplekaanpassing", Decimal(1), D("2026-04-01"), Decimal("850"), leverancier_naam="Ergo BV"
        ),
    )
    assert dossier_a.totale_kosten() == Decimal("5450.00")
    wijzig_interventie(km, traject, status="lopend", uren=Decimal("12.5"), uurtarief=Decimal(115), einddatum=None)
    assert dossier_a.totale_kosten() == Decimal("2287.50")


@pytest.mark.parametrize(
    ("gegevens", "melding"),
    [
        (Interventiegegevens("scholing", Decimal(10), D("2026-04-01"), leverancier_naam="ROC"), "geen standaardtarief"),
        (Interventiegegevens("jobcoaching", Decimal(10), D("2026-04-01")), "Kies een leverancier of vul de naam"),
        (
            Interventiegegevens(
                "jobcoaching", Decimal(1), D("2026-04-01"), leverancier_naam="X", einddatum=D("2026-03-01")
            ),
            "De einddatum ligt vóór de begindatum.",
        ),
    ],
)
def test_impossible_interventions_are_refused(dossier_a, km, gegevens, melding):
    with pytest.raises(DossierFout, match=melding):
        registreer_interventie(km, dossier_a, gegevens)


# --- medical compartment and access ------------------------------------------------------------


def test_medical_notes_only_with_medisch(dossier_a, km, arts):
    with pytest.raises(GeenToegang):
        voeg_medische_notitie_toe(km, dossier_a, D("2026-03-19"), "Diagnose: ...")
    notitie = voeg_medische_notitie_toe(arts, dossier_a, D("2026-03-19"), "Hernia L4-L5, fysiotherapie.")
    assert [n.tekst for n in medische_notities(arts, dossier_a)] == ["Hernia L4-L5, fysiotherapie."]
    with pytest.raises(GeenToegang):
        medische_notities(km, dossier_a)
    assert medische_notitiedata(dossier_a) == [D("2026-03-19")]
    assert "Hernia" not in repr(notitie) and "Hernia" not in str(notitie)


def test_the_reintegration_file_needs_casemanagement(dossier_a, arts):
    with pytest.raises(GeenToegang):
        leg_contact_vast(arts, dossier_a, D("2026-03-19"), "telefoon", "Vangnetter", "x")
    with pytest.raises(GeenToegang):
        voeg_document_toe(arts, dossier_a, "overig", pdf())
    with pytest.raises(GeenToegang):
        verplaats_termijn(arts, taak(dossier_a, "probleemanalyse"), D("2026-05-01"), "x")


def test_no_model_of_the_reintegration_file_has_a_diagnosis_field():
    from django.apps import apps

    for model in apps.get_app_config("gemeente").get_models():
        if model.__name__ == "MedischeNotitie":
            continue
        namen = {veld.name for veld in model._meta.get_fields()}
        assert not namen & {"diagnose", "klachten", "diagnosis", "medisch", "medische_gegevens"}, model


def test_assigning_a_casemanager(dossier_a, km, gemeente_a, gemeente_b, make_user, leverancier):
    collega = make_user(gemeente_a, "collega", ("casemanagement",))
    wijs_casemanager_toe(km, dossier_a, collega)
    assert dossier_a.casemanager == collega
    for ongeschikt in (make_user(gemeente_b, "km-b"), make_user(gemeente_a, "beheer", ("beheer",))):
        with pytest.raises(DossierFout, match="machtiging casemanagement"):
            wijs_casemanager_toe(km, dossier_a, ongeschikt)
    wijs_casemanager_toe(km, dossier_a, None)
    assert dossier_a.casemanager is None
    lev = caller_van(make_user(leverancier, "cm-lev", ("casemanagement",)))
    with pytest.raises(GeenToegang):
        wijs_casemanager_toe(lev, dossier_a, collega)


def test_assigning_a_leverancier(dossier_a, km, gemeente_b, leverancier):
    wijs_leverancier_toe(km, dossier_a, leverancier)
    dossier_a.refresh_from_db()
    assert dossier_a.leverancier == leverancier and dossier_a.leverancier_sinds is not None
    with pytest.raises(DossierFout, match="type leverancier"):
        wijs_leverancier_toe(km, dossier_a, gemeente_b)
    wijs_leverancier_toe(km, dossier_a, None)
    dossier_a.refresh_from_db()
    assert dossier_a.leverancier is None and dossier_a.leverancier_sinds is None


def test_a_failed_completion_leaves_no_file_behind(dossier_a, km, monkeypatch):
    from django.core.files.storage import storages

    import vangnet.gemeente.dossiers.services as dossiers

    def kapot(dossier):
        raise DossierFout("Herplannen mislukt.")

    monkeypatch.setattr(dossiers, "herplan_dossier", kapot)
    with pytest.raises(DossierFout, match="Herplannen mislukt."):
        rond_taak_af(km, taak(dossier_a, "probleemanalyse"), Afrondingsgegevens(D("2026-03-20"), bestand=pdf(),
                                                                                 terugkeer_mogelijk=True))  # fmt: skip
    assert not Document.objects.exists()
    assert storages["documenten"].listdir(f"dossiers/{dossier_a.uuid}")[1] == []
    assert taak(dossier_a, "probleemanalyse").status == "open"
