"""The aanlevermonitor: one row per gemeente with its DKD facts and status (rules in vangnet.domain)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Max, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from vangnet.domain.aanlevermonitor import (
    FAAL_VENSTER,
    STATUS_LABELS,
    Aanleverfeiten,
    Beoordeling,
    beoordeel,
    faalpercentage,
)
from vangnet.domain.gemeenten import by_code
from vangnet.hub.constants import AanleveringStatus, Aanlevermethode, Cluster, Frequentie, Uitkomst
from vangnet.hub.dkd.verwijsindex import webservice_omvang
from vangnet.hub.dkd.verwijsindex_levering import index_voor_monitor, leveringsstand
from vangnet.hub.models import DkdAanlevering, DkdInstelling, WebserviceAanroep
from vangnet.organisations.models import Organisatie

MISLUKT = (Uitkomst.TIMEOUT, Uitkomst.GEWEIGERD, Uitkomst.ONGELDIG_ANTWOORD, Uitkomst.FOUT)

CSV_HEADER = (
    "Gemeentecode", "Gemeente", "Provincie", "Methode", "Frequentie", "Status", "Laatste aanlevering",
    "Volgnummer", "Geaccepteerd", "Afgekeurd", "Afkeurpercentage", "Verwijsindex (BSN's)",
    "Verwijsindex bijgewerkt", "Webservice laatste succes", "Webservice mislukt 7 dagen (%)", "Redenen",
)  # fmt: skip


@dataclass(frozen=True)
class MonitorRij:
    gemeente_id: int
    gemeentecode: str
    naam: str
    provincie: str
    methode: str
    frequentie: str
    laatste_aanlevering: datetime | None
    volgnummer: int | None
    aantal_geaccepteerd: int
    aantal_afgekeurd: int
    afkeurpercentage: float
    verwijsindex_aantal: int
    verwijsindex_bijgewerkt_op: datetime | None
    webservice_laatste_succes: datetime | None
    webservice_faalpercentage: float
    beoordeling: Beoordeling

    @property
    def status(self) -> str:
        return self.beoordeling.status.value

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.beoordeling.status]

    def as_csv_row(self) -> tuple[object, ...]:
        return (
            self.gemeentecode, self.naam, self.provincie, self.methode, self.frequentie, self.status,
            _datum(self.laatste_aanlevering), self.volgnummer or "", self.aantal_geaccepteerd, self.aantal_afgekeurd,
            f"{self.afkeurpercentage:.1f}".replace(".", ","), self.verwijsindex_aantal,
            _datum(self.verwijsindex_bijgewerkt_op), _datum(self.webservice_laatste_succes),
            f"{self.webservice_faalpercentage:.1f}".replace(".", ","), " ".join(self.beoordeling.redenen),
        )  # fmt: skip


def _datum(moment: datetime | None) -> str:
    return moment.strftime("%d-%m-%Y %H:%M") if moment else ""


def _laatste_per_gemeente(queryset: QuerySet[DkdAanlevering], aantal: int) -> dict[int, list[DkdAanlevering]]:
    genummerd = queryset.annotate(
        rang=Window(RowNumber(), partition_by=[F("gemeente_id")], order_by=[F("ontvangen_op").desc(), F("id").desc()])
    ).filter(rang__lte=aantal)
    per_gemeente: dict[int, list[DkdAanlevering]] = {}
    for aanlevering in genummerd.order_by("gemeente_id", "rang"):
        per_gemeente.setdefault(aanlevering.gemeente_id, []).append(aanlevering)
    return per_gemeente


def monitor_rijen(gemeenten: Iterable[Organisatie], nu: datetime) -> list[MonitorRij]:
    """One row per gemeente, in the order given; a handful of queries whatever the number of gemeenten."""
    gemeenten = list(gemeenten)
    ids = [g.pk for g in gemeenten]
    cluster = Cluster.REINTEGRATIE
    instellingen = {i.gemeente_id: i for i in DkdInstelling.objects.filter(gemeente_id__in=ids, cluster=cluster)}
    aanleveringen = DkdAanlevering.objects.filter(gemeente_id__in=ids, cluster=cluster)
    verwerkt = _laatste_per_gemeente(aanleveringen.filter(status=AanleveringStatus.VERWERKT), 2)
    laatste_poging = _laatste_per_gemeente(aanleveringen, 1)
    webservice_index = webservice_omvang(ids, cluster)
    leveringen = leveringsstand(ids, cluster)
    aanroepen = {
        r["gemeente_id"]: r
        for r in WebserviceAanroep.objects.filter(gemeente_id__in=ids, tijdstip__gte=nu - FAAL_VENSTER)
        .values("gemeente_id")
        .annotate(totaal=Count("id"), mislukt=Count("id", filter=Q(uitkomst__in=MISLUKT)))
    }
    succes = {
        r["gemeente_id"]: r["laatst"]
        for r in WebserviceAanroep.objects.filter(gemeente_id__in=ids)
        .exclude(uitkomst__in=MISLUKT)
        .values("gemeente_id")
        .annotate(laatst=Max("tijdstip"))
    }
    laatste_drie_mislukt = _laatste_drie_mislukt(ids)
    rijen = []
    for gemeente in gemeenten:
        instelling = instellingen.get(gemeente.pk)
        methode = instelling.aanlevermethode if instelling else Aanlevermethode.VERZAMELBESTAND
        frequentie = instelling.frequentie if instelling else Frequentie.WEKELIJKS
        geleverd = verwerkt.get(gemeente.pk, [])
        laatste = geleverd[0] if geleverd else None
        poging = laatste_poging.get(gemeente.pk, [None])[0]
        index, index_vorig = index_voor_monitor(laatste, webservice_index.get(gemeente.pk), leveringen.get(gemeente.pk))
        calls = aanroepen.get(gemeente.pk, {"totaal": 0, "mislukt": 0})
        feiten = Aanleverfeiten(
            nu=nu,
            methode=methode,
            frequentie=frequentie,
            laatste_verwerkt_op=laatste.verwerkt_op if laatste else None,
            laatste_geaccepteerd=laatste.aantal_geaccepteerd if laatste else 0,
            laatste_afkeurpercentage=laatste.afkeurpercentage if laatste else 0.0,
            vorige_geaccepteerd=geleverd[1].aantal_geaccepteerd if len(geleverd) > 1 else None,
            laatste_poging_geweigerd=poging is not None and poging.status == AanleveringStatus.GEWEIGERD,
            verwijsindex_aantal=index.aantal,
            verwijsindex_vorig_aantal=index_vorig,
            verwijsindex_bijgewerkt_op=index.bijgewerkt_op,
            aanroepen_7d=calls["totaal"],
            mislukt_7d=calls["mislukt"],
            laatste_aanroepen_mislukt=gemeente.pk in laatste_drie_mislukt,
        )
        code = gemeente.gemeentecode or ""
        rijen.append(
            MonitorRij(
                gemeente_id=gemeente.pk,
                gemeentecode=code,
                naam=gemeente.naam,
                provincie=_provincie(code),
                methode=methode,
                frequentie=frequentie,
                laatste_aanlevering=feiten.laatste_verwerkt_op,
                volgnummer=laatste.volgnummer if laatste else None,
                aantal_geaccepteerd=feiten.laatste_geaccepteerd,
                aantal_afgekeurd=laatste.aantal_afgekeurd if laatste else 0,
                afkeurpercentage=feiten.laatste_afkeurpercentage,
                verwijsindex_aantal=feiten.verwijsindex_aantal,
                verwijsindex_bijgewerkt_op=feiten.verwijsindex_bijgewerkt_op,
                webservice_laatste_succes=succes.get(gemeente.pk),
                webservice_faalpercentage=faalpercentage(feiten),
                beoordeling=beoordeel(feiten),
            )
        )
    return rijen


def _laatste_drie_mislukt(ids: list[int]) -> set[int]:
    genummerd = (
        WebserviceAanroep.objects.filter(gemeente_id__in=ids)
        .annotate(rang=Window(RowNumber(), partition_by=[F("gemeente_id")], order_by=F("tijdstip").desc()))
        .filter(rang__lte=3)
        .values_list("gemeente_id", "uitkomst")
    )
    tellingen: dict[int, list[str]] = {}
    for gemeente_id, uitkomst in genummerd:
        tellingen.setdefault(gemeente_id, []).append(uitkomst)
    return {g for g, uitkomsten in tellingen.items() if len(uitkomsten) == 3 and all(u in MISLUKT for u in uitkomsten)}


def _provincie(code: str) -> str:
    try:
        return by_code(code).provincie
    except ValueError:
        return ""
