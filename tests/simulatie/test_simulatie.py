"""The simulation at small scale: the chain ends consistent, runs the same per seed, and no fault goes unseen."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from django.core.management import call_command

from vangnet.gemeente.dossiers.models import Dossier
from vangnet.gemeente.koppeling.constants import LeveringStatus
from vangnet.gemeente.koppeling.models import DkdLevering, OpgehaaldRapport
from vangnet.hub.models import AfgekeurdRecord, Melding, RapportDownload, Signaalrapport
from vangnet.organisations import gemeentelijst
from vangnet.organisations.services import vergeet_api_keys
from vangnet.simulatie.controle import controleer_keten
from vangnet.simulatie.keten import (
    Instellingen,
    Simulatie,
    SimulatieFout,
    Storingen,
    Telling,
    _grootste_voor_de_grote_steden,
)
from vangnet.uwv.models import Ziektewetclaim

pytestmark = pytest.mark.django_db(transaction=True)

START = date(2026, 3, 2)
KLEIN = {"start": START, "dagen": 60, "gemeenten": 4, "seed": 7, "lks_personen": 120, "signalen_per_jaar": 150,
         "zonder_lks_per_jaar": 60}  # fmt: skip


def draai(storingen: Storingen | None = None, **anders: object) -> Telling:
    return Simulatie(Instellingen(**{**KLEIN, **anders}), storingen).draai()  # type: ignore[arg-type]


def controleer(capsys) -> tuple[int, str, str]:
    try:
        call_command("controleer-keten")
    except SystemExit as einde:
        code = einde.code
    else:
        code = 0
    uit = capsys.readouterr()
    return int(code or 0), uit.out, uit.err


def test_sixty_days_end_with_a_consistent_chain(capsys):
    telling = draai()
    assert telling.lks_personen_start == 120
    assert telling.ziekmeldingen_met_lks >= 10 and telling.ziekmeldingen_zonder_lks >= 1
    # Three gemeenten deliver files; the fourth answers through its webservice and pushes its verwijsindex.
    assert telling.leveringen[LeveringStatus.GEACCEPTEERD] >= 5
    assert telling.webservice["gemeenten"] == 1 and telling.webservice["verwijsindex geleverd"] >= 2
    # A bad record (from before the register's name rule) stops the deliveries at the XSD until it is repaired.
    assert telling.slechte_records == telling.records_hersteld >= 1
    assert DkdLevering.objects.filter(status=LeveringStatus.MISLUKT, melding__contains="XSD").exists()
    assert telling.records_afgekeurd == AfgekeurdRecord.objects.count() == 0
    assert telling.rapporten_gepubliceerd >= 5
    assert telling.rapporten_opgehaald == telling.rapporten_gepubliceerd == Signaalrapport.objects.count()
    # Every timestamp is a simulated one.
    assert not Ziektewetclaim.objects.exclude(datum_melding__range=(START, START + timedelta(days=59))).exists()
    assert {d.geopend_op.date() for d in Dossier.objects.all()} <= {START + timedelta(days=n) for n in range(60)}
    # Dossiers only for the people with LKS, each in the gemeente the hub routed the melding to.
    assert Dossier.objects.count() == Melding.objects.filter(type="ziek_uit_dienst").count() >= 10
    assert (
        Dossier.objects.exclude(datum_einde_uitkering=None).count()
        == Melding.objects.filter(type="einde_uitkering").count()
    )

    uitkomst = controleer_keten()
    assert uitkomst.klopt, uitkomst.verschillen
    assert uitkomst.tellingen["dossiers geopend door een melding"] == Dossier.objects.count()
    code, out, _err = controleer(capsys)
    assert code == 0 and "De keten klopt" in out


def test_the_same_seed_gives_the_same_run():
    def aantallen() -> dict[str, object]:
        telling = draai(dagen=21).als_dict()
        telling.pop("seconden")
        telling.pop("fasen")
        telling["dossiers"] = Dossier.objects.count()
        telling["meldingen"] = Melding.objects.count()
        telling["bsns"] = sorted(Ziektewetclaim.objects.values_list("bsn", flat=True))
        return telling

    eerste = aantallen()
    call_command("flush", interactive=False, verbosity=0)
    gemeentelijst.vergeet()
    vergeet_api_keys()
    assert aantallen() == eerste
    assert eerste["ziekmeldingen_met_lks"]


def test_a_second_run_on_the_same_database_is_refused():
    draai(dagen=1)
    with pytest.raises(SimulatieFout, match="verse database"):
        draai(dagen=1)


STORING = {START + timedelta(days=n) for n in range(3)}


def test_injected_faults_are_recovered(capsys):
    storingen = Storingen(
        downloads_kwijt={START + timedelta(days=n) for n in range(14, 21)},
        dubbele_melding={START + timedelta(days=30)},
        hub_onbereikbaar_voor_levering=STORING,
    )
    telling = draai(storingen, dagen=45)
    # No delivery reached the hub while it was unreachable; each gemeente that tried delivered afterwards.
    tijdens = DkdLevering.objects.filter(gestart_op__date__in=STORING)
    assert tijdens.filter(melding__startswith="De hub is niet bereikbaar").exists()
    assert set(tijdens.values_list("status", flat=True)) == {LeveringStatus.MISLUKT}
    for gemeente_id in set(tijdens.values_list("gemeente_id", flat=True)):
        assert DkdLevering.objects.filter(
            gemeente_id=gemeente_id, status=LeveringStatus.GEACCEPTEERD, gestart_op__date__gt=max(STORING)
        ).exists()
    # Downloads were lost after the hub served them; a later fetch looked back and imported them.
    assert telling.ophalen_mislukt >= 1
    assert RapportDownload.objects.count() > OpgehaaldRapport.objects.count()
    # The same melding again is answered with the first result; under another kenmerk the hub refuses it.
    assert telling.dubbele_meldingen == [200, 409]
    code, out, err = controleer(capsys)
    assert code == 0, err
    assert "De keten klopt" in out


def test_controleer_keten_reports_what_was_lost(capsys, gemeente_b):
    # The downloads of the last day are lost, and nothing fetches again after it.
    storingen = Storingen(downloads_kwijt={START + timedelta(days=n) for n in range(25, 30)})
    draai(storingen, dagen=30)
    uitkomst = controleer_keten()
    assert any("0 keer ingelezen" in v for v in uitkomst.verschillen), uitkomst.verschillen

    # A dossier in the wrong gemeente, and a melding at the hub that UWV never sent.
    dossier = Dossier.objects.order_by("pk").first()
    Dossier.objects.filter(pk=dossier.pk).update(gemeente=gemeente_b)
    melding = Melding.objects.filter(type="ziek_uit_dienst").order_by("pk").last()
    Melding.objects.filter(pk=melding.pk).update(kenmerk="ZW-onbekend")

    code, _out, err = controleer(capsys)
    assert code == 1
    assert "0 dossiers bij" in err
    assert f"dossier {dossier.uuid}: geen ziek-uit-dienstmelding" in err
    assert "melding ZW-onbekend: staat bij de hub, maar UWV heeft hem niet verstuurd" in err
    assert "De keten klopt niet" in err
    assert dossier.bsn not in err  # no BSN in the output


def test_simulate_command_prints_a_summary(capsys):
    call_command(
        "simulate", "--start", "2026-03-02", "--dagen", "3", "--gemeenten", "2", "--lks-personen", "20", "--seed", "3"
    )
    out = capsys.readouterr().out
    assert "Simulatie afgerond" in out and "ziekmeldingen met lks" in out


def test_the_largest_registers_go_to_the_largest_cities():
    codes = ["GM0001", "GM0344", "GM0002", "GM0363", "GM0003"]
    gemeenten = [SimpleNamespace(gemeentecode=code) for code in codes]
    omvangen = _grootste_voor_de_grote_steden(gemeenten, [5, 1, 9, 2, 7])  # type: ignore[arg-type]
    # Amsterdam before Utrecht; the other sizes keep their order
    assert omvangen == [5, 7, 1, 9, 2]
