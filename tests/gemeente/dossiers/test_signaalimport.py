"""Signal intake: real-looking files become dossiers with the right deadlines; nothing is doubled or lost."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from tests.gemeente.dossiers.bestanden import (
    BSN_1,
    BSN_2,
    BSN_3,
    BSN_4,
    DRIE_SIGNALEN,
    KOLOMMEN,
    VANDAAG,
    D,
    Rij,
    rapport,
)

from django.db import IntegrityError, transaction

from vangnet.gemeente.dossiers.models import Dossier, Signaalimport, Taak, Ziekteperiode
from vangnet.gemeente.dossiers.signaalintake import SignaalimportGeweigerd, importeer_signaalrapport


def importeer(gemeente, inhoud: bytes, op: date = VANDAAG, naam: str = "Utrecht_LKSRi_rapport.csv"):
    # Noon UTC is the same day in Europe/Amsterdam.
    return importeer_signaalrapport(gemeente, inhoud, naam, "upload", ontvangen_op=datetime.combine(op, time(12), UTC))


def stand(gemeente) -> tuple[list, list, list]:
    """Everything an import changes for one gemeente, without ids."""
    dossiers = sorted(
        Dossier.objects.filter(gemeente=gemeente).values_list(
            "bsn", "datum_eerste_ao_dag", "datum_einde_arbeidsverhouding", "datum_einde_uitkering", "status"
        )
    )
    periodes = sorted(
        Ziekteperiode.objects.filter(dossier__gemeente=gemeente).values_list(
            "dossier__bsn", "eerste_ao_dag", "datum_einde_uitkering"
        )
    )
    taken = sorted(
        Taak.objects.filter(dossier__gemeente=gemeente).values_list(
            "dossier__bsn", "stap", "volgnummer", "uiterlijk", "oorspronkelijk_uiterlijk", "verantwoordelijke", "status"
        )
    )
    return dossiers, periodes, taken


def taak(bsn: str, stap: str, verantwoordelijke: str = "gemeente", volgnummer: int | None = None) -> Taak:
    taken = Taak.objects.filter(dossier__bsn=bsn, stap=stap, verantwoordelijke=verantwoordelijke)
    if volgnummer is not None:
        taken = taken.filter(volgnummer=volgnummer)
    (gevonden,) = taken
    return gevonden


def aantallen(imp: Signaalimport) -> dict[str, int]:
    return {
        "regels": imp.aantal_regels,
        "nieuw": imp.aantal_nieuwe_dossiers,
        "heropend": imp.aantal_heropend,
        "gesloten": imp.aantal_gesloten,
        "al_bekend": imp.aantal_al_bekend,
        "fouten": imp.aantal_fouten,
    }


PUNTKOMMA = rapport(DRIE_SIGNALEN)
KOMMA_BOM_GEMENGD = rapport(
    DRIE_SIGNALEN,
    scheidingsteken=",",
    bom=True,
    stijlen=("iso", "kort", "dmj"),
    kop=tuple(naam.upper() for naam in KOLOMMEN),
    volgorde=(3, 0, 2, 1),
    regeleinde="\n",
)


# --- the same dossiers from every style of file ---------------------------------------------


def test_semicolon_and_comma_files_in_any_style_give_the_same_dossiers(gemeente_a, gemeente_b):
    a = importeer(gemeente_a, PUNTKOMMA).signaalimport
    b = importeer(gemeente_b, KOMMA_BOM_GEMENGD).signaalimport
    assert (a.scheidingsteken, a.codering, b.scheidingsteken, b.codering) == (";", "utf-8", ",", "utf-8-sig")
    verwacht = {"regels": 3, "nieuw": 3, "heropend": 0, "gesloten": 0, "al_bekend": 0, "fouten": 0}
    assert aantallen(a) == aantallen(b) == verwacht
    assert stand(gemeente_a) == stand(gemeente_b)
    assert len(stand(gemeente_a)[0]) == 3


def test_deadlines_in_time_counted_by_hand(gemeente_a):
    importeer(gemeente_a, PUNTKOMMA)
    dossier = Dossier.objects.get(bsn=BSN_1)
    assert (dossier.status, dossier.datum_eerste_ao_dag, dossier.datum_einde_uitkering) == (
        "uitkering",
        D("2026-03-02"),
        None,
    )
    # 2026-03-02 + 41 days: 29 more in March, 12 in April -> week 6 ends 2026-04-12.
    assert (taak(BSN_1, "probleemanalyse").uiterlijk, taak(BSN_1, "probleemanalyse").week) == (D("2026-04-12"), 6)
    assert taak(BSN_1, "plan_van_aanpak").uiterlijk == D("2026-04-26")
    # + 181: 29 (Mar) + 30 + 31 + 30 + 31 + 30 (Aug) -> 2026-08-30.
    assert taak(BSN_1, "herijking_26").uiterlijk == D("2026-08-30")
    # 2027-03-02 is 365 days on; two fewer.
    assert (taak(BSN_1, "ezwb", "uwv").uiterlijk, taak(BSN_1, "ezwb", "uwv").status) == (D("2027-02-28"), "open")
    # 2028-03-02 is 731 days on (29 February 2028); four fewer.
    assert taak(BSN_1, "einde_wachttijd").uiterlijk == D("2028-02-27")
    assert not Taak.objects.filter(dossier=dossier).exclude(status="open").exists()
    assert Taak.objects.filter(dossier=dossier, stap="evaluatie").count() == 15


def test_steps_before_a_late_takeover_are_the_ex_werkgevers(gemeente_a):
    importeer(gemeente_a, PUNTKOMMA)
    # Eerste AO-dag 2025-12-01: week 6 is 2026-01-11, week 8 2026-01-25, both before the takeover of 2026-02-15.
    pa_werkgever = taak(BSN_2, "probleemanalyse", "ex_werkgever")
    assert (pa_werkgever.uiterlijk, pa_werkgever.status, pa_werkgever.volgnummer) == (
        D("2026-01-11"),
        "bij_ex_werkgever",
        1,
    )
    assert taak(BSN_2, "plan_van_aanpak", "ex_werkgever").status == "bij_ex_werkgever"
    # The gemeente's own would be 2026-02-15 + 41 = 2026-03-28, but the signal came later than
    # week 6: due at once, on the import date (art. 3 lid 3), and the plan two weeks after that.
    eigen = taak(BSN_2, "probleemanalyse")
    assert (eigen.uiterlijk, eigen.oorspronkelijk_uiterlijk, eigen.status, eigen.volgnummer) == (
        VANDAAG,
        D("2026-03-28"),
        "open",
        2,
    )
    assert taak(BSN_2, "plan_van_aanpak").uiterlijk == VANDAAG + timedelta(days=14)


def test_a_signal_after_week_6_makes_the_probleemanalyse_due_on_the_import_date(gemeente_a):
    importeer(gemeente_a, PUNTKOMMA)
    # Eerste AO-dag 2026-01-05: week 6 ended 2026-02-15, before the signal of 2026-03-20.
    pa = taak(BSN_3, "probleemanalyse")
    assert (pa.uiterlijk, pa.oorspronkelijk_uiterlijk, pa.status) == (VANDAAG, D("2026-02-15"), "open")
    assert "Onverwijld" in pa.toelichting
    # The plan two weeks after that (it was week 8: 2026-03-01).
    pva = taak(BSN_3, "plan_van_aanpak")
    assert (pva.uiterlijk, pva.oorspronkelijk_uiterlijk) == (D("2026-04-03"), D("2026-03-01"))


# --- nothing is doubled ------------------------------------------------------------------------


def test_the_same_file_again_changes_nothing_and_answers_with_the_first_result(gemeente_a):
    eerste = importeer(gemeente_a, PUNTKOMMA)
    voor = stand(gemeente_a)
    tweede = importeer(gemeente_a, PUNTKOMMA, op=D("2026-05-01"), naam="nog-eens.csv")
    assert (eerste.herhaald, tweede.herhaald) == (False, True)
    assert tweede.signaalimport.pk == eerste.signaalimport.pk
    assert aantallen(tweede.signaalimport) == aantallen(eerste.signaalimport)
    assert tweede.signaalimport.bestandsnaam == "Utrecht_LKSRi_rapport.csv"
    assert stand(gemeente_a) == voor
    assert Signaalimport.objects.count() == 1


def test_the_same_rows_in_another_file_are_al_bekend(gemeente_a):
    importeer(gemeente_a, PUNTKOMMA)
    voor = stand(gemeente_a)
    ander = importeer(gemeente_a, KOMMA_BOM_GEMENGD, op=D("2026-05-01")).signaalimport
    assert aantallen(ander) == {"regels": 3, "nieuw": 0, "heropend": 0, "gesloten": 0, "al_bekend": 3, "fouten": 0}
    assert stand(gemeente_a) == voor


def test_the_same_file_for_another_gemeente_is_that_gemeentes_own_import(gemeente_a, gemeente_b):
    importeer(gemeente_a, PUNTKOMMA)
    resultaat = importeer(gemeente_b, PUNTKOMMA)
    assert not resultaat.herhaald
    assert resultaat.signaalimport.gemeente == gemeente_b
    assert Dossier.objects.filter(gemeente=gemeente_b).count() == 3


def test_taak_status_te_laat_is_never_stored(gemeente_a):
    importeer(gemeente_a, PUNTKOMMA)
    pa = taak(BSN_1, "probleemanalyse")
    pa.status = "te_laat"
    with pytest.raises(IntegrityError), transaction.atomic():
        pa.save()


# --- errors are reported, not dropped -----------------------------------------------------------


def test_a_malformed_row_is_reported_with_line_column_and_reason_and_the_rest_is_processed(gemeente_a):
    inhoud = rapport(
        DRIE_SIGNALEN[:1],
        extra_regels=(
            "999990018;;10-03-2026;02-03-2026",  # fails the 11-proef
            f"{BSN_4};;31-02-2026;02-02-2026",  # no 31 February
            f"{BSN_4};;01-03-2026",  # a cell short, too
            f"{BSN_4};;10-03-2026",  # a cell short
        ),
    )
    imp = importeer(gemeente_a, inhoud).signaalimport
    assert imp.fouten == [
        {"regel": 3, "kolom": "BSN", "reden": "Dit BSN voldoet niet aan de elfproef."},
        {"regel": 4, "kolom": "Datum einde arbeidsverhouding", "reden": "De datum 31-02-2026 bestaat niet."},
        {"regel": 5, "kolom": None, "reden": "De regel heeft 3 cellen, de kopregel 4 kolommen."},
        {"regel": 6, "kolom": None, "reden": "De regel heeft 3 cellen, de kopregel 4 kolommen."},
    ]
    assert aantallen(imp) == {"regels": 5, "nieuw": 1, "heropend": 0, "gesloten": 0, "al_bekend": 0, "fouten": 4}
    assert list(Dossier.objects.values_list("bsn", flat=True)) == [BSN_1]


def test_a_file_level_error_refuses_the_file_and_stores_nothing(gemeente_a):
    inhoud = b"BSN;Datum einde arbeidsverhouding;Datum eerste AO-dag\r\n999990019;10-03-2026;02-03-2026\r\n"
    with pytest.raises(SignaalimportGeweigerd) as weigering:
        importeer(gemeente_a, inhoud)
    assert weigering.value.status_code == 400
    assert "'Datum einde uitkeringsverhouding' ontbreekt" in weigering.value.melding
    assert not Signaalimport.objects.exists()
    assert not Dossier.objects.exists()


def test_only_a_gemeente_imports_signals(uwv):
    with pytest.raises(SignaalimportGeweigerd) as weigering:
        importeer(uwv, PUNTKOMMA)
    assert weigering.value.status_code == 403


# --- einde uitkering ----------------------------------------------------------------------------


def test_einde_uitkering_closes_the_benefit_part_and_keeps_the_dossier(gemeente_a):
    importeer(gemeente_a, PUNTKOMMA)
    einde = rapport([Rij(BSN_1, D("2026-04-20"), D("2026-03-10"), D("2026-03-02"))])
    imp = importeer(gemeente_a, einde, op=D("2026-04-22")).signaalimport
    assert aantallen(imp) == {"regels": 1, "nieuw": 0, "heropend": 0, "gesloten": 1, "al_bekend": 0, "fouten": 0}
    dossier = Dossier.objects.get(bsn=BSN_1)
    assert (dossier.status, dossier.datum_einde_uitkering) == ("begeleiding_naar_werk", D("2026-04-20"))
    # The probleemanalyse (due 2026-04-12) stays open; everything due after the end is void.
    assert taak(BSN_1, "probleemanalyse").status == "open"
    assert taak(BSN_1, "plan_van_aanpak").status == "nvt"
    na_het_einde = Taak.objects.filter(dossier=dossier, uiterlijk__gt=D("2026-04-20"))
    assert set(na_het_einde.values_list("status", flat=True)) == {"nvt"}
    assert Dossier.objects.count() == 3
    # The same einde uitkering in a later file (without the melding's dates) is known.
    nog_eens = importeer(gemeente_a, rapport([Rij(BSN_1, D("2026-04-20"))]), op=D("2026-04-23")).signaalimport
    assert (nog_eens.aantal_al_bekend, nog_eens.aantal_fouten) == (1, 0)


def test_einde_uitkering_without_a_dossier_is_a_row_error(gemeente_a):
    inhoud = rapport(
        [Rij(BSN_4, D("2026-04-20"), D("2026-03-10"), D("2026-03-02")), Rij(BSN_3, D("2026-04-20")), DRIE_SIGNALEN[0]]
    )
    imp = importeer(gemeente_a, inhoud).signaalimport
    assert aantallen(imp) == {"regels": 3, "nieuw": 1, "heropend": 0, "gesloten": 0, "al_bekend": 0, "fouten": 2}
    assert [(f["regel"], f["kolom"]) for f in imp.fouten] == [
        (2, "Datum einde uitkeringsverhouding"),
        (3, "Datum einde uitkeringsverhouding"),
    ]
    assert imp.fouten[0]["reden"].startswith("Er is geen dossier van deze persoon met eerste AO-dag 02-03-2026")
    assert imp.fouten[1]["reden"].startswith("Er is geen lopend dossier van deze persoon")
    assert BSN_4 not in str(imp.fouten)


def test_an_einde_uitkering_above_its_ziek_uit_dienst_row_in_the_same_file_still_closes_it(gemeente_a):
    inhoud = rapport([Rij(BSN_1, D("2026-03-18"), D("2026-03-10"), D("2026-03-02")), DRIE_SIGNALEN[0]])
    imp = importeer(gemeente_a, inhoud).signaalimport
    assert (imp.aantal_nieuwe_dossiers, imp.aantal_gesloten, imp.aantal_fouten) == (1, 1, 0)
    assert Dossier.objects.get().status == "begeleiding_naar_werk"


def test_a_second_ziek_uit_dienst_while_the_benefit_runs_is_reported(gemeente_a):
    importeer(gemeente_a, PUNTKOMMA)
    imp = importeer(gemeente_a, rapport([Rij(BSN_1, None, D("2026-03-25"), D("2026-03-20"))])).signaalimport
    (fout,) = imp.fouten
    assert (fout["regel"], fout["kolom"]) == (2, "Datum eerste AO-dag")
    assert "loopt al een dossier" in fout["reden"]


# --- relapse: periods less than 4 weeks apart add up --------------------------------------------


def herstel_en_terugval(gemeente, nieuwe_eerste_ao_dag: date):
    importeer(gemeente, rapport([DRIE_SIGNALEN[0]]))
    importeer(gemeente, rapport([Rij(BSN_1, D("2026-03-20"), D("2026-03-10"), D("2026-03-02"))]), op=D("2026-03-23"))
    # A new job after recovery, ill again and out of service again.
    terugval = Rij(BSN_1, None, nieuwe_eerste_ao_dag + (D("2026-04-05") - D("2026-04-01")), nieuwe_eerste_ao_dag)
    return importeer(gemeente, rapport([terugval]), op=nieuwe_eerste_ao_dag).signaalimport


def test_a_relapse_within_4_weeks_reopens_the_dossier_and_moves_later_deadlines(gemeente_a):
    imp = herstel_en_terugval(gemeente_a, D("2026-04-01"))
    assert (imp.aantal_heropend, imp.aantal_nieuwe_dossiers, imp.aantal_fouten) == (1, 0, 0)
    dossier = Dossier.objects.get()
    assert (dossier.status, dossier.datum_einde_uitkering, dossier.datum_eerste_ao_dag) == (
        "uitkering",
        None,
        D("2026-03-02"),
    )
    assert list(dossier.ziekteperiodes.values_list("eerste_ao_dag", "datum_einde_uitkering")) == [
        (D("2026-03-02"), D("2026-03-20")),
        (D("2026-04-01"), None),
    ]
    # Fit 2026-03-21 up to 2026-03-31: 11 days, so week 6 moves from 2026-04-12 to 2026-04-23.
    pa = taak(BSN_1, "probleemanalyse")
    assert (pa.uiterlijk, pa.status) == (D("2026-04-23"), "open")
    assert taak(BSN_1, "einde_wachttijd").uiterlijk == D("2028-03-09")
    assert not Taak.objects.filter(dossier=dossier, status="nvt").exclude(stap="evaluatie").exists()


def test_a_relapse_27_days_after_recovery_still_reopens(gemeente_a):
    imp = herstel_en_terugval(gemeente_a, D("2026-04-17"))
    assert (imp.aantal_heropend, imp.aantal_nieuwe_dossiers) == (1, 0)
    # 27 days fit: 2026-04-12 + 27 = 2026-05-09.
    assert taak(BSN_1, "probleemanalyse").uiterlijk == D("2026-05-09")


def test_a_relapse_after_4_weeks_is_a_new_dossier(gemeente_a):
    imp = herstel_en_terugval(gemeente_a, D("2026-04-18"))
    assert (imp.aantal_heropend, imp.aantal_nieuwe_dossiers) == (0, 1)
    oud, nieuw = Dossier.objects.order_by("datum_eerste_ao_dag")
    assert (oud.status, nieuw.status) == ("begeleiding_naar_werk", "uitkering")
    assert nieuw.datum_eerste_ao_dag == D("2026-04-18")


def test_the_relapse_row_again_is_al_bekend(gemeente_a):
    herstel_en_terugval(gemeente_a, D("2026-04-01"))
    voor = stand(gemeente_a)
    terugval = rapport([Rij(BSN_1, None, D("2026-04-05"), D("2026-04-01"))], scheidingsteken=",")
    imp = importeer(gemeente_a, terugval, op=D("2026-04-02")).signaalimport
    assert (imp.aantal_al_bekend, imp.aantal_heropend) == (1, 0)
    assert stand(gemeente_a) == voor


# --- te laat is worked out on the day asked -----------------------------------------------------


def test_te_laat_is_derived_from_today(gemeente_a):
    importeer(gemeente_a, PUNTKOMMA)
    pa = taak(BSN_1, "probleemanalyse")
    assert (pa.status_op(D("2026-04-12")), pa.status_op(D("2026-04-13"))) == ("open", "te_laat")
    statussen = dict(
        Taak.objects.filter(dossier__bsn=BSN_1, stap__in=["probleemanalyse", "plan_van_aanpak"])
        .met_actuele_status(D("2026-04-20"))
        .values_list("stap", "status_vandaag")
    )
    assert statussen == {"probleemanalyse": "te_laat", "plan_van_aanpak": "open"}
    rij = Dossier.objects.met_volgende_taak(D("2026-04-20")).get(bsn=BSN_1)
    assert (rij.volgende_taak, rij.volgende_uiterlijk, rij.aantal_te_laat) == (
        "Probleemanalyse (oordeel arts)",
        D("2026-04-12"),
        1,
    )
    assert Dossier.objects.met_te_late_taken(D("2026-04-13")).filter(bsn=BSN_1).exists()
    assert not Dossier.objects.met_te_late_taken(D("2026-04-12")).filter(bsn=BSN_1).exists()


def test_a_takeover_after_the_waiting_time_is_a_row_error(gemeente_a):
    # Ill since 2020, employment ended in 2026: the 104 weeks were over long before.
    imp = importeer(gemeente_a, rapport([Rij(BSN_4, None, D("2026-01-01"), D("2020-01-01"))])).signaalimport
    (fout,) = imp.fouten
    assert (fout["regel"], fout["kolom"]) == (2, "Datum einde arbeidsverhouding")
    assert "ligt na het einde van de wachttijd" in fout["reden"]
    assert not Dossier.objects.exists()


def test_another_einde_uitkering_date_for_a_closed_dossier_is_a_row_error(gemeente_a):
    importeer(gemeente_a, PUNTKOMMA)
    importeer(gemeente_a, rapport([Rij(BSN_1, D("2026-04-20"))]), op=D("2026-04-21"))
    imp = importeer(gemeente_a, rapport([Rij(BSN_1, D("2026-04-25"), None, D("2026-03-02"))])).signaalimport
    assert imp.fouten == [
        {
            "regel": 2,
            "kolom": "Datum einde uitkeringsverhouding",
            "reden": "De uitkering van dit dossier is al beëindigd per 20-04-2026.",
        }
    ]
    assert Dossier.objects.get(bsn=BSN_1).datum_einde_uitkering == D("2026-04-20")
