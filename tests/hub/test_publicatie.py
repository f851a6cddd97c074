"""The daily publication: one CSV per gemeente, every signal in exactly one report, safe to re-run or crash."""

import re
import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from tests.hub.signalen_factories import einde_uitkering, ziek_uit_dienst

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from vangnet.domain.bsn import synthetic_bsn
from vangnet.hub.models import Signaal, Signaalrapport
from vangnet.hub.signalen import notificatie, publicatie
from vangnet.hub.signalen.publicatie import PublicatieFout, koppel_signalen, publiceer_signaalrapporten
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.models import Organisatie

AMS = ZoneInfo("Europe/Amsterdam")
HEADER = b"BSN;Datum einde uitkeringsverhouding;Datum einde arbeidsverhouding;Datum eerste AO-dag\r\n"


def om(dag: int, uur: int, minuut: int = 0, maand: int = 11) -> datetime:
    return datetime(2026, maand, dag, uur, minuut, tzinfo=AMS)


@pytest.fixture
def ochtend(time_machine):
    """The job runs on Sunday 22 November 2026 at 06:00 in Amsterdam."""
    time_machine.move_to(om(22, 6), tick=False)


def regels(rapport: Signaalrapport) -> list[str]:
    return bytes(rapport.inhoud).decode("utf-8").split("\r\n")[1:-1]


def test_the_csv_has_the_exact_header_dates_and_empty_cells(gemeente_a, ochtend):
    einde, eerste_ao_dag = date(2026, 10, 31), date(2026, 9, 7)
    ziek_uit_dienst(gemeente_a, 1, einde_arbeidsverhouding=einde, eerste_ao_dag=eerste_ao_dag, aangemaakt_op=om(21, 9))
    einde_uitkering(gemeente_a, 2, einde_uitkering=date(2026, 11, 20), aangemaakt_op=om(21, 10))

    [rapport] = publiceer_signaalrapporten(date(2026, 11, 22))

    assert bytes(rapport.inhoud) == (
        HEADER
        + f"{synthetic_bsn(1)};;31-10-2026;07-09-2026\r\n".encode()
        + f"{synthetic_bsn(2)};20-11-2026;;\r\n".encode()
    )
    assert rapport.bestandsnaam == "Utrecht_LKSRi_rapport_20261122.csv"
    assert rapport.titel == "Re-integratie_signaalrapport 22-11-2026"
    assert rapport.publicatiedatum == date(2026, 11, 22)
    assert rapport.gemeente == gemeente_a
    assert rapport.aantal_signalen == 2
    assert set(Signaal.objects.values_list("rapport", flat=True)) == {rapport.pk}


def test_rows_are_ordered_by_creation_time_then_id(gemeente_a, ochtend):
    laat = ziek_uit_dienst(gemeente_a, 1, aangemaakt_op=om(21, 15))
    vroeg = ziek_uit_dienst(gemeente_a, 2, aangemaakt_op=om(20, 8))
    gelijk_1 = ziek_uit_dienst(gemeente_a, 3, aangemaakt_op=om(21, 12))
    gelijk_2 = ziek_uit_dienst(gemeente_a, 4, aangemaakt_op=om(21, 12))

    [rapport] = publiceer_signaalrapporten(date(2026, 11, 22))

    bsns = [regel.split(";")[0] for regel in regels(rapport)]
    assert bsns == [vroeg.bsn, gelijk_1.bsn, gelijk_2.bsn, laat.bsn]


def test_names_follow_the_cbs_name_in_ascii(db, ochtend):
    den_haag = Organisatie.objects.create(naam="Den Haag", type=OrganisatieType.GEMEENTE, gemeentecode="GM0518")
    sudwest = Organisatie.objects.create(naam="Súdwest-Fryslân", type=OrganisatieType.GEMEENTE, gemeentecode="GM1900")
    ziek_uit_dienst(den_haag, 1, aangemaakt_op=om(21, 9))
    ziek_uit_dienst(sudwest, 2, aangemaakt_op=om(21, 9))

    rapporten = publiceer_signaalrapporten(date(2026, 11, 22))

    assert [r.bestandsnaam for r in rapporten] == [
        "s-Gravenhage_LKSRi_rapport_20261122.csv",
        "Sudwest-Fryslan_LKSRi_rapport_20261122.csv",
    ]


def test_one_row_per_signal_and_each_gemeente_gets_only_its_own(gemeente_a, gemeente_b, ochtend):
    van_a = [ziek_uit_dienst(gemeente_a, n, aangemaakt_op=om(21, 9, n)) for n in range(5)]
    van_b = [ziek_uit_dienst(gemeente_b, n, aangemaakt_op=om(21, 9, n)) for n in range(10, 13)]

    rapporten = publiceer_signaalrapporten(date(2026, 11, 22))

    per_gemeente = {r.gemeente.gemeentecode: r for r in rapporten}
    assert set(per_gemeente) == {"GM0344", "GM0363"}
    for code, signalen in (("GM0344", van_a), ("GM0363", van_b)):
        rapport = per_gemeente[code]
        rijen = regels(rapport)
        assert len(rijen) == rapport.aantal_signalen == len(signalen)
        assert [r.split(";")[0] for r in rijen] == [s.bsn for s in signalen]
        assert set(Signaal.objects.filter(rapport=rapport).values_list("pk", flat=True)) == {s.pk for s in signalen}
    assert per_gemeente["GM0363"].bestandsnaam == "Amsterdam_LKSRi_rapport_20261122.csv"


def test_only_signals_made_before_the_end_of_the_day_in_amsterdam(gemeente_a, time_machine):
    time_machine.move_to(om(23, 8), tick=False)
    voor_middernacht = ziek_uit_dienst(gemeente_a, 1, aangemaakt_op=om(22, 23, 59))
    # 00:10 on the 23rd in Amsterdam is still the 22nd in UTC: it belongs to the next report.
    na_middernacht = ziek_uit_dienst(gemeente_a, 2, aangemaakt_op=om(23, 0, 10))

    [rapport] = publiceer_signaalrapporten(date(2026, 11, 22))

    assert rapport.aantal_signalen == 1
    assert Signaal.objects.get(pk=voor_middernacht.pk).rapport == rapport
    assert Signaal.objects.get(pk=na_middernacht.pk).rapport is None
    [volgende] = publiceer_signaalrapporten(date(2026, 11, 23))
    assert volgende.bestandsnaam == "Utrecht_LKSRi_rapport_20261123.csv"


def test_the_default_date_is_today_in_amsterdam(gemeente_a, time_machine):
    time_machine.move_to(datetime(2026, 11, 22, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False)  # 00:30 on the 23rd
    ziek_uit_dienst(gemeente_a, 1)

    [rapport] = publiceer_signaalrapporten()

    assert rapport.bestandsnaam == "Utrecht_LKSRi_rapport_20261123.csv"
    assert rapport.publicatiedatum == date(2026, 11, 23)


def test_a_date_in_the_future_is_refused(gemeente_a, ochtend):
    ziek_uit_dienst(gemeente_a, 1)
    with pytest.raises(ValueError, match="ligt in de toekomst"):
        publiceer_signaalrapporten(date(2026, 11, 23))
    assert not Signaalrapport.objects.exists()


def test_running_again_publishes_nothing_new(gemeente_a, gemeente_b, ochtend):
    ziek_uit_dienst(gemeente_a, 1, aangemaakt_op=om(21, 9))
    ziek_uit_dienst(gemeente_b, 2, aangemaakt_op=om(21, 9))
    eerste = publiceer_signaalrapporten(date(2026, 11, 22))
    inhoud = {r.pk: bytes(r.inhoud) for r in eerste}

    assert publiceer_signaalrapporten(date(2026, 11, 22)) == []
    assert publiceer_signaalrapporten(date(2026, 11, 21)) == []

    assert {r.pk: bytes(r.inhoud) for r in Signaalrapport.objects.all()} == inhoud
    assert not Signaal.objects.filter(rapport=None).exists()


def test_new_signals_later_the_same_day_get_a_numbered_second_file(gemeente_a, time_machine):
    time_machine.move_to(om(22, 6), tick=False)
    eerste_signaal = ziek_uit_dienst(gemeente_a, 1, aangemaakt_op=om(21, 9))
    [eerste] = publiceer_signaalrapporten()
    time_machine.move_to(om(22, 14), tick=False)
    tweede_signaal = ziek_uit_dienst(gemeente_a, 2, aangemaakt_op=om(22, 11))
    [tweede] = publiceer_signaalrapporten()
    time_machine.move_to(om(22, 20), tick=False)
    ziek_uit_dienst(gemeente_a, 3, aangemaakt_op=om(22, 19))
    [derde] = publiceer_signaalrapporten()

    assert eerste.bestandsnaam == "Utrecht_LKSRi_rapport_20261122.csv"
    assert tweede.bestandsnaam == "Utrecht_LKSRi_rapport_20261122_2.csv"
    assert tweede.titel == "Re-integratie_signaalrapport 22-11-2026 (2)"
    assert derde.bestandsnaam == "Utrecht_LKSRi_rapport_20261122_3.csv"
    assert [r.split(";")[0] for r in regels(Signaalrapport.objects.get(pk=eerste.pk))] == [eerste_signaal.bsn]
    assert [r.split(";")[0] for r in regels(tweede)] == [tweede_signaal.bsn]


def test_a_run_that_finds_its_signals_taken_meanwhile_publishes_nothing_twice(gemeente_a, ochtend, monkeypatch):
    """Another run publishes between this run's reading and writing: this one backs off for that gemeente."""
    signalen = [ziek_uit_dienst(gemeente_a, n, aangemaakt_op=om(21, 9)) for n in range(3)]
    echte_adressering = notificatie.Adressering.voor
    andere_run = []

    def eerst_een_andere_run(gemeente_ids):
        monkeypatch.setattr(notificatie.Adressering, "voor", echte_adressering)
        andere_run.extend(publiceer_signaalrapporten(date(2026, 11, 22)))
        return echte_adressering(gemeente_ids)

    monkeypatch.setattr(notificatie.Adressering, "voor", eerst_een_andere_run)

    assert publiceer_signaalrapporten(date(2026, 11, 22)) == []

    [rapport] = Signaalrapport.objects.all()
    assert andere_run == [rapport]
    assert rapport.aantal_signalen == len(regels(rapport)) == 3
    assert set(Signaal.objects.values_list("rapport", flat=True)) == {rapport.pk}
    assert {s.pk for s in signalen} == set(Signaal.objects.filter(rapport=rapport).values_list("pk", flat=True))


def test_a_signal_that_arrives_during_the_run_waits_for_the_next_report(gemeente_a, ochtend, monkeypatch):
    ziek_uit_dienst(gemeente_a, 1, aangemaakt_op=om(21, 9))
    echte_adressering = notificatie.Adressering.voor
    laat = []

    def intussen_een_melding(gemeente_ids):
        laat.append(ziek_uit_dienst(gemeente_a, 2, aangemaakt_op=om(21, 10)))
        return echte_adressering(gemeente_ids)

    monkeypatch.setattr(notificatie.Adressering, "voor", intussen_een_melding)
    [rapport] = publiceer_signaalrapporten(date(2026, 11, 22))
    monkeypatch.undo()

    assert rapport.aantal_signalen == 1
    assert Signaal.objects.get(pk=laat[0].pk).rapport is None
    [volgend] = publiceer_signaalrapporten(date(2026, 11, 22))
    assert volgend.bestandsnaam == "Utrecht_LKSRi_rapport_20261122_2.csv"
    assert regels(volgend) == [f"{laat[0].bsn};;31-10-2026;15-10-2026"]


def test_linking_refuses_a_signal_that_already_has_a_report(gemeente_a, ochtend):
    signaal = ziek_uit_dienst(gemeente_a, 1, aangemaakt_op=om(21, 9))
    [rapport] = publiceer_signaalrapporten(date(2026, 11, 22))
    ander = Signaalrapport.objects.create(
        gemeente=gemeente_a,
        publicatiedatum=date(2026, 11, 22),
        gepubliceerd_op=om(22, 6),
        titel="x",
        bestandsnaam="x.csv",
        inhoud=b"",
        aantal_signalen=1,
    )
    with pytest.raises(publicatie._AlGenomen):
        koppel_signalen([(ander, [signaal.pk])])
    assert Signaal.objects.get(pk=signaal.pk).rapport == rapport


def test_when_even_the_locked_retry_finds_signals_taken_the_run_stops_cleanly(gemeente_a, ochtend, monkeypatch):
    ziek_uit_dienst(gemeente_a, 1, aangemaakt_op=om(21, 9))

    def altijd_genomen(koppelingen):
        raise publicatie._AlGenomen()

    monkeypatch.setattr(publicatie, "koppel_signalen", altijd_genomen)
    with pytest.raises(PublicatieFout, match="niets gepubliceerd"):
        publiceer_signaalrapporten(date(2026, 11, 22))
    assert not Signaalrapport.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_crash_halfway_leaves_whole_reports_or_none(gemeente_a, gemeente_b, monkeypatch, time_machine):
    """Committed for real: the first gemeente's report stays whole, the second has none and nothing linked."""
    time_machine.move_to(om(22, 6), tick=False)
    van_a = [ziek_uit_dienst(gemeente_a, n, aangemaakt_op=om(21, 9)) for n in range(3)]
    van_b = [ziek_uit_dienst(gemeente_b, n, aangemaakt_op=om(21, 9)) for n in range(10, 14)]
    echte_koppeling = publicatie.koppel_signalen
    aanroepen = []

    def koppel_en_crash(koppelingen):
        [(rapport, ids)] = koppelingen
        aanroepen.append(rapport.gemeente_id)
        if len(aanroepen) == 2:
            # The report row is written and the first signal linked: then the process dies.
            echte_koppeling([(rapport, ids[:1])])
            raise RuntimeError("stroomstoring")
        echte_koppeling(koppelingen)

    monkeypatch.setattr(publicatie, "koppel_signalen", koppel_en_crash)
    monkeypatch.setattr(publicatie, "GEMEENTEN_PER_TRANSACTIE", 1)  # A commits before B starts
    with pytest.raises(RuntimeError, match="stroomstoring"):
        publiceer_signaalrapporten(date(2026, 11, 22))

    [rapport_a] = Signaalrapport.objects.all()
    assert rapport_a.gemeente == gemeente_a
    assert rapport_a.aantal_signalen == len(regels(rapport_a)) == 3
    assert set(Signaal.objects.filter(rapport=rapport_a).values_list("pk", flat=True)) == {s.pk for s in van_a}
    assert Signaal.objects.filter(gemeente=gemeente_b, rapport=None).count() == len(van_b)

    monkeypatch.setattr(publicatie, "koppel_signalen", echte_koppeling)
    [rapport_b] = publiceer_signaalrapporten(date(2026, 11, 22))
    assert rapport_b.gemeente == gemeente_b
    assert rapport_b.bestandsnaam == "Amsterdam_LKSRi_rapport_20261122.csv"
    assert rapport_b.aantal_signalen == 4
    assert not Signaal.objects.filter(rapport=None).exists()


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_time_publish_every_signal_once(gemeente_a, gemeente_b):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time; the race needs PostgreSQL")
    for n in range(200):
        ziek_uit_dienst((gemeente_a, gemeente_b)[n % 2], n)
    start = threading.Barrier(2)
    fouten = []

    def run():
        try:
            start.wait()
            publiceer_signaalrapporten()
        except Exception as fout:
            fouten.append(fout)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert fouten == []
    assert Signaalrapport.objects.count() == 2
    assert not Signaal.objects.filter(rapport=None).exists()
    assert sum(Signaalrapport.objects.values_list("aantal_signalen", flat=True)) == 200
    alle_rijen = [regel for rapport in Signaalrapport.objects.all() for regel in regels(rapport)]
    assert len(alle_rijen) == len(set(alle_rijen)) == 200


def test_the_command_prints_file_and_count_per_gemeente_without_bsns(gemeente_a, gemeente_b, ochtend, capsys):
    for n in range(3):
        ziek_uit_dienst(gemeente_a, n, aangemaakt_op=om(21, 9))
    ziek_uit_dienst(gemeente_b, 7, aangemaakt_op=om(21, 9))

    call_command("publiceer-signaalrapporten", "--datum", "2026-11-22")

    out = capsys.readouterr().out
    assert re.search(r"Utrecht \(GM0344\)\s+│\s+Utrecht_LKSRi_rapport_20261122\.csv\s+│\s+3", out)
    assert re.search(r"Amsterdam \(GM0363\)\s+│\s+Amsterdam_LKSRi_rapport_20261122\.csv\s+│\s+1", out)
    assert "2 rapporten gepubliceerd met samen 4 signalen." in out
    assert not re.search(r"\d{9}", out)

    call_command("publiceer-signaalrapporten")
    assert "Geen nieuwe signalen" in capsys.readouterr().out


@pytest.mark.parametrize("datum", ["22-11-2026", "2026-13-01", "morgen"])
def test_the_command_refuses_a_bad_date_in_dutch(db, datum):
    with pytest.raises(CommandError, match=f"Ongeldige datum '{datum}': gebruik JJJJ-MM-DD"):
        call_command("publiceer-signaalrapporten", "--datum", datum)


def test_the_command_refuses_a_future_date(db, ochtend):
    with pytest.raises(CommandError, match="22-12-2026 ligt in de toekomst"):
        call_command("publiceer-signaalrapporten", "--datum", "2026-12-22")


@pytest.mark.django_db(transaction=True)
def test_a_crash_in_a_group_of_gemeenten_publishes_none_of_that_group(
    gemeente_a, gemeente_b, monkeypatch, time_machine
):
    time_machine.move_to(om(22, 6), tick=False)
    for n in range(3):
        ziek_uit_dienst(gemeente_a, n, aangemaakt_op=om(21, 9))
        ziek_uit_dienst(gemeente_b, 10 + n, aangemaakt_op=om(21, 9))
    echte_koppeling = publicatie.koppel_signalen

    def koppel_en_crash(koppelingen):
        if any(rapport.gemeente_id == gemeente_b.pk for rapport, _ids in koppelingen):
            raise RuntimeError("stroomstoring")
        echte_koppeling(koppelingen)

    monkeypatch.setattr(publicatie, "koppel_signalen", koppel_en_crash)
    with pytest.raises(RuntimeError, match="stroomstoring"):
        publiceer_signaalrapporten(date(2026, 11, 22))
    assert not Signaalrapport.objects.exists()
    assert not Signaal.objects.exclude(rapport=None).exists()
