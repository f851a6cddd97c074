"""The simulation's parties at work: employers report over UWV's API, klantmanagers work their dossiers, and the
hub reaches the webservice gemeenten in-process, also through a day they are unreachable."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from vangnet.domain.aanlevermonitor import Status
from vangnet.gemeente.dossiers.constants import TaakStatus
from vangnet.gemeente.dossiers.models import Contactmoment, Dossier, Taak
from vangnet.gemeente.dossiers.werklijst import met_werklijst
from vangnet.hub.constants import Aanlevermethode, Uitkomst
from vangnet.hub.dkd.monitor import monitor_rijen
from vangnet.hub.models import AfgekeurdRecord, DkdInstelling, WebserviceAanroep
from vangnet.simulatie import volumes
from vangnet.simulatie.controle import controleer_keten
from vangnet.simulatie.keten import Instellingen, Simulatie, SimulatieFout, Storingen
from vangnet.simulatie.werkgevers import SLEUTELNAAM
from vangnet.uwv.constants import Bron
from vangnet.uwv.models import Ziektewetclaim

pytestmark = pytest.mark.django_db(transaction=True)

START = date(2026, 3, 2)
STORING = {START + timedelta(days=n) for n in range(20, 30)}


def test_sixty_days_with_an_unreachable_webservice_end_clean():
    simulatie = Simulatie(
        Instellingen(START, 60, gemeenten=4, seed=7, lks_personen=120, signalen_per_jaar=300),
        Storingen(webservice_onbereikbaar=STORING),
    )
    monitor: dict[date, set[str]] = {}
    te_laat: set[date] = set()

    def bij_dag(dag: date) -> None:
        webservice = simulatie.webservice.codes
        gemeenten = [g.organisatie for g in simulatie.gemeenten if g.code in webservice]
        avond = datetime.combine(dag, time(20), tzinfo=ZoneInfo("Europe/Amsterdam"))
        monitor[dag] = {rij.status for rij in monitor_rijen(gemeenten, avond)}
        # The gemeenten' own werklijst: dossiers with overdue tasks.
        if met_werklijst(Dossier.objects.all(), dag).filter(aantal_te_laat__gt=0).exists():
            te_laat.add(dag)

    telling = simulatie.draai(bij_dag)

    # One of the four gemeenten answers through its own SOAP endpoint and pushes its verwijsindex monthly.
    assert telling.webservice["gemeenten"] == len(simulatie.webservice.codes) == 1
    assert DkdInstelling.objects.get(aanlevermethode=Aanlevermethode.WEBSERVICE).gemeente.gemeentecode in (
        simulatie.webservice.codes
    )
    assert telling.webservice["verwijsindex geleverd"] >= 2
    assert telling.webservice["dagen onbereikbaar"] >= len(STORING)
    aanroepen = WebserviceAanroep.objects.all()
    assert aanroepen.filter(uitkomst=Uitkomst.OK).exists()
    # During the fault the toets answered onbekend and the monitor saw the gemeente unreachable ...
    assert aanroepen.filter(uitkomst=Uitkomst.GEWEIGERD, tijdstip__date__in=STORING).exists()
    assert Status.ONBEREIKBAAR in monitor[max(STORING)]
    assert Status.ONBEREIKBAAR not in monitor[START + timedelta(days=10)]
    # ... UWV asked again later and nothing was lost.
    assert Ziektewetclaim.objects.filter(lks_pogingen__gt=1, lks_betaald="ja").exists()
    uitkomst = controleer_keten()
    assert uitkomst.klopt, uitkomst.verschillen

    # The employers reported through UWV's API, with the portal's key.
    claims = Ziektewetclaim.objects.all()
    assert claims.count() == telling.ziekmeldingen_met_lks + telling.ziekmeldingen_zonder_lks
    assert set(claims.values_list("bron", "api_sleutel__naam")) == {(Bron.API, SLEUTELNAAM)}

    # The klantmanagers took the dossiers on and completed tasks, some of them late.
    werk = telling.dossierwerk
    assert werk["dossiers binnen"] == Dossier.objects.count()
    assert werk["dossiers opgepakt"] == Dossier.objects.exclude(casemanager=None).count() >= 10
    assert Contactmoment.objects.count() == werk["dossiers opgepakt"]
    gedaan = Taak.objects.filter(status=TaakStatus.GEDAAN)
    assert (
        gedaan.filter(stap="probleemanalyse", document__soort="probleemanalyse").count()
        == (werk["probleemanalyses afgerond"])
    )
    assert werk["probleemanalyses afgerond"] >= 5 and werk["plannen van aanpak afgerond"] >= 1
    assert not gedaan.filter(gedaan_door=None).exists()
    assert werk["te laat afgerond"] >= 1, werk
    assert te_laat, "the werklijst never showed an overdue task"


def test_a_report_uwv_refuses_stops_the_simulation_with_its_reason():
    simulatie = Simulatie(Instellingen(START, 1, gemeenten=2, seed=3, lks_personen=10))
    simulatie.draai()
    with time_machine.travel(START, tick=False), pytest.raises(SimulatieFout) as fout:
        simulatie._meld_ziek("123456789", "Bakkerij Jansen", "123456782L01", START, START)
    assert str(fout.value).startswith("UWV weigerde een gesimuleerde ziekmelding:")
    assert "BSN" in str(fout.value) and "HTTP 400" in str(fout.value)


def test_every_monitor_status_occurs_and_the_chain_stays_consistent(monkeypatch):
    # More of the gemeenten' own faults than the national estimates, to see each in a short run.
    monkeypatch.setattr(volumes, "BSN_TIKFOUT_KANS", 0.5)
    monkeypatch.setattr(volumes, "VERWIJSINDEX_VERGETEN_KANS", 1.0)
    simulatie = Simulatie(
        Instellingen(START, 75, gemeenten=10, seed=7, lks_personen=200, signalen_per_jaar=400),
        Storingen(webservice_onbereikbaar=STORING),
    )
    gezien: set[str] = set()

    def bij_dag(dag: date) -> None:
        avond = datetime.combine(dag, time(20), tzinfo=ZoneInfo("Europe/Amsterdam"))
        gezien.update(rij.status for rij in monitor_rijen([g.organisatie for g in simulatie.gemeenten], avond))

    telling = simulatie.draai(bij_dag)

    assert gezien == {status.value for status in Status}
    # the typos were refused by the hub record by record, and repaired
    assert telling.records_afgekeurd > 0 and telling.records_hersteld > 0
    assert telling.records_afgekeurd == AfgekeurdRecord.objects.count()
    assert telling.webservice["verwijsindex vergeten"] > 0
    assert controleer_keten().klopt
