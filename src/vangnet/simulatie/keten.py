"""The simulation: gemeenten, employers, UWV and the hub, day by day, through the published interfaces.

Each simulated day runs with the clock on that day (time-machine), so every timestamp and every
"today" of the services is the simulated date. The parties meet only where they meet in reality:

- a gemeente keeps its own LKS register (vangnet.gemeente.register.services), delivers it to the hub's
  API (``lever_register_aan``) on its own rhythm, and fetches its signaalrapporten from the hub's
  API (``haal_signalen_op``), which imports them into its dossiers; its klantmanager works them
  (vangnet.simulatie.dossierwerk); a few gemeenten answer through their own webservice instead
  (vangnet.simulatie.webservice);
- employers report people ill out of service over UWV's API (vangnet.simulatie.werkgevers); UWV
  assesses, ends benefits, and its daily run (``verwerk``) asks the LKS-toets and sends the
  meldingen over the hub's API;
- the hub publishes the day's reports (``publiceer_signaalrapporten``).

The hub's API is called in-process: httpx's WSGI transport on Django's WSGI application, with each
party's own API key. Every random choice comes from one ``random.Random(seed)`` in a fixed order,
so the same seed gives the same run; BSNs come from the synthetic test range only.
"""

import logging
import math
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import time_machine

from django.conf import settings
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

from vangnet.domain.bsn import synthetic_bsn, synthetic_bsn_capacity
from vangnet.gemeente.koppeling.aanleveren import lever_register_aan
from vangnet.gemeente.koppeling.constants import LeveringStatus
from vangnet.gemeente.koppeling.hubclient import HubClient as GemeenteHubClient
from vangnet.gemeente.koppeling.hubclient import HubFout
from vangnet.gemeente.koppeling.models import GemeenteKoppeling
from vangnet.gemeente.koppeling.ophalen import haal_signalen_op
from vangnet.gemeente.register.constants import Kanaal
from vangnet.gemeente.register.models import LksPeriode, LksPersoon, Werkgever
from vangnet.gemeente.register.services import (
    Beschikking,
    NieuweBeschikking,
    PeriodeGegevens,
    PersoonGegevens,
    WerkgeverGegevens,
    beeindig_perioden,
    bewaar_persoon,
    laad_beginstand,
    registreer_beschikkingen,
)
from vangnet.hub.constants import SUPPORTED_BERICHTVERSIES, Aanlevermethode, Frequentie
from vangnet.hub.dkd.instellingen import wijzig_instelling
from vangnet.hub.models import Signaalrapport
from vangnet.hub.signalen.publicatie import publiceer_signaalrapporten
from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.organisations.models import Organisatie
from vangnet.organisations.services import (
    create_api_key,
    ensure_gemeente_organisaties,
    ensure_organisatie,
    ensure_products,
)
from vangnet.simulatie import volumes
from vangnet.simulatie.dossierwerk import Dossierwerk
from vangnet.simulatie.kalender import werkdag
from vangnet.simulatie.webservice import Webservicegemeenten
from vangnet.simulatie.werkgevers import Werkgeversportaal, ZiekmeldingGeweigerd
from vangnet.uwv.claims import Ziekmelding, beeindig_uitkering, beslis
from vangnet.uwv.constants import BerichtStatus, ClaimStatus, Meldingsoort, RedenEinde
from vangnet.uwv.hub_client import HubClient as UwvHubClient
from vangnet.uwv.models import Hubbericht, Ziektewetclaim
from vangnet.uwv.verwerking import verwerk

TIJDZONE = ZoneInfo("Europe/Amsterdam")
UWV_NAAM = "UWV"
OPHAAL_TERUGKIJKEN_DAGEN = 14
WERKGEVER_INDEX_START = 80_000
"""Loonheffingennummers are made from the top of the synthetic range, BSNs from its bottom."""
AUTOMATISCH_OPHALEN_VANAF = 200
"""A gemeente with at least this many LKS persons fetches a report automatically on the day it is published
(webhook); a smaller one when its klantmanager reads the notification e-mail, 0-2 working days later."""

ACHTERNAMEN = ("Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
               "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit",
               "Dijkstra", "Yilmaz", "El Amrani", "Kaya", "Nguyen", "Pinas")  # fmt: skip
BEDRIJVEN = ("Bakkerij", "Schoonmaakbedrijf", "Groenvoorziening", "Installatiebedrijf", "Drukkerij",
             "Kringloopwinkel", "Fietsenmaker", "Supermarkt", "Zorgboerderij", "Koeriersdienst")  # fmt: skip


class SimulatieFout(Exception):
    """The simulation cannot run; the message is Dutch."""


@dataclass(frozen=True)
class Instellingen:
    start: date
    dagen: int
    gemeenten: int | None = None  # None: all
    seed: int = 1
    schaal: float = 1.0
    """Multiplies every volume (LKS population, signals, sick reports without LKS)."""
    lks_personen: int | None = None
    """The LKS population of the simulated gemeenten; default their share of the national figure."""
    signalen_per_jaar: float | None = None
    """LKS vangnetters ill out of service per year in the simulated gemeenten; default their share."""
    zonder_lks_per_jaar: float | None = None
    batchgemeenten: tuple[str, ...] = ()
    """Gemeentecodes that surely deliver verzamelbestanden (the demo's users' gemeenten): never among those
    that do not deliver or that answer through a webservice."""
    """Simulated people ill out of service without LKS per year; default the share of the national sample."""


@dataclass
class Storingen:
    """Faults injected on purpose (tests): the run must recover from them or controleer-keten must see them."""

    downloads_kwijt: set[date] = field(default_factory=set)
    """On these days every report download is lost after the hub served it."""
    dubbele_melding: set[date] = field(default_factory=set)
    """On these days UWV sends an accepted ziek-uit-dienst melding again, and once more under a new kenmerk."""
    hub_onbereikbaar_voor_levering: set[date] = field(default_factory=set)
    """On these days no gemeente reaches the hub when it delivers."""
    webservice_onbereikbaar: set[date] = field(default_factory=set)
    """On these days the hub cannot reach the webservice gemeenten' endpoints (vangnet.simulatie.webservice)."""


@dataclass
class Telling:
    lks_personen_start: int = 0
    lks_perioden_nieuw: int = 0
    lks_perioden_beeindigd: int = 0
    leveringen: dict[str, int] = field(default_factory=dict)
    leveringen_te_laat: int = 0
    slechte_records: int = 0
    records_hersteld: int = 0
    records_afgekeurd: int = 0
    ziekmeldingen_met_lks: int = 0
    ziekmeldingen_zonder_lks: int = 0
    afgewezen: int = 0
    hersteld: int = 0
    rapporten_gepubliceerd: int = 0
    rapporten_opgehaald: int = 0
    ophalen_mislukt: int = 0
    dubbele_meldingen: list[int] = field(default_factory=list)
    dossierwerk: dict[str, int] = field(default_factory=dict)
    """What the gemeenten' klantmanagers did (vangnet.simulatie.dossierwerk)."""
    webservice: dict[str, int] = field(default_factory=dict)
    """The webservice gemeenten: how many, their verwijsindex pushes, days unreachable."""
    seconden: float = 0.0
    fasen: dict[str, float] = field(default_factory=dict)
    """Seconds spent per phase of the day (measured, so not part of a deterministic comparison)."""

    def als_dict(self) -> dict[str, Any]:
        return {k: (dict(sorted(v.items())) if isinstance(v, dict) else v) for k, v in self.__dict__.items()}


@dataclass
class _Gemeente:
    organisatie: Organisatie
    omvang: int
    wekelijks: bool
    levert: bool  # False: one of the gemeenten that do not deliver for DKD at all
    leverdag: int  # weekday (weekly) or day of the month (monthly)
    volgende_levering: date
    ophalen_op: date | None = None  # the day it fetches: notified of a new report, or retrying a failed fetch
    werkgevers: list[Werkgever] = field(default_factory=list)
    lopend: list[tuple[int, date]] = field(default_factory=list)  # (LksPeriode pk, begin) of running periods
    beschikkingen: int = 0
    slecht_record: int | None = None  # LksPersoon pk of a bad record: the XSD or the hub refuses it
    juiste_bsn: str | None = None  # a BSN typo: the right BSN (otherwise a name the XSD refuses)
    herstel_op: date | None = None  # the day the gemeente repairs it

    @property
    def code(self) -> str:
        return self.organisatie.gemeentecode or ""


class Simulatienet(httpx.BaseTransport):
    """httpx's WSGI transport on the project's WSGI application, with switches for injected faults."""

    def __init__(self) -> None:
        self._wsgi = httpx.WSGITransport(app=get_wsgi_application())
        self.onbereikbaar = False
        self.downloads_kwijt = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.onbereikbaar:
            raise httpx.ConnectError("verbinding geweigerd (gesimuleerde storing)", request=request)
        response = self._wsgi.handle_request(request)
        if self.downloads_kwijt and request.url.path.endswith("/download"):
            response.read()
            raise httpx.ReadError("verbinding verbroken tijdens het downloaden (gesimuleerde storing)", request=request)
        return response


@contextmanager
def _zonder_verbindingen_sluiten() -> Iterator[None]:
    """In one process every request shares the caller's database connection: do not close it per request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@contextmanager
def _stil(logger: str, niveau: int = logging.WARNING) -> Iterator[None]:
    """Every in-process request (and every expected refusal) would otherwise be logged on the console."""
    log = logging.getLogger(logger)
    vorig = log.level
    log.setLevel(niveau)
    try:
        yield
    finally:
        log.setLevel(vorig)


def _grootste_voor_de_grote_steden(gemeenten: list[Organisatie], omvangen: list[int]) -> list[int]:
    """The register sizes with the largest ones moved to the largest cities (volumes.GROOTSTE_GEMEENTEN)."""
    steden = [n for code in volumes.GROOTSTE_GEMEENTEN for n, g in enumerate(gemeenten) if g.gemeentecode == code]
    volgorde = sorted(range(len(omvangen)), key=lambda n: omvangen[n], reverse=True)
    voor_de_steden = dict(zip(steden, (omvangen[n] for n in volgorde), strict=False))
    overige = iter([omvangen[n] for n in sorted(volgorde[len(steden) :])])
    return [voor_de_steden[n] if n in voor_de_steden else next(overige) for n in range(len(omvangen))]


def verdeel(totaal: int, gewichten: list[float]) -> list[int]:
    """``totaal`` in whole parts by weight (largest remainder), each part at least 1."""
    som = sum(gewichten)
    exact = [max(0, totaal - len(gewichten)) * g / som for g in gewichten]
    delen = [1 + math.floor(e) for e in exact]
    rest = max(0, totaal - sum(delen))
    for n in sorted(range(len(exact)), key=lambda n: exact[n] - math.floor(exact[n]), reverse=True)[:rest]:
        delen[n] += 1
    return delen


def poisson(rng: random.Random, verwachting: float) -> int:
    """A Poisson draw (Knuth's method; the expectations here are small), from ``rng`` only."""
    if verwachting <= 0:
        return 0
    if verwachting > 30:
        return max(0, round(rng.gauss(verwachting, math.sqrt(verwachting))))
    grens, k, p = math.exp(-verwachting), 0, 1.0
    while True:
        p *= rng.random()
        if p <= grens:
            return k
        k += 1


class Simulatie:
    def __init__(self, instellingen: Instellingen, storingen: Storingen | None = None) -> None:
        if instellingen.dagen < 1:
            raise SimulatieFout("Het aantal dagen moet minstens 1 zijn.")
        self.i = instellingen
        self.storingen = storingen or Storingen()
        self.rng = random.Random(instellingen.seed)  # noqa: S311 - a reproducible simulation, no secrets
        self.telling = Telling()
        self.net = Simulatienet()
        self.hub_url = settings.VANGNET_HUB_URL
        self.gemeenten: list[_Gemeente] = []
        self._per_organisatie: dict[int, _Gemeente] = {}
        self.uwv: Organisatie | None = None
        self.uwv_sleutel = ""
        self.claims: list[tuple[int, date]] = []  # (claim pk, day of the decision) of running claims
        self._volgende_bsn = 0
        self._volgende_werkgever = WERKGEVER_INDEX_START
        self._nieuw: list[tuple[_Gemeente, NieuweBeschikking]] = []
        self._einden: dict[int, date] = {}
        """Register changes of the day not yet stored (``_bewaar_registerwijzigingen``)."""
        self._hubclients: dict[int, GemeenteHubClient] = {}
        self.ziek_per_dag_met_lks = 0.0
        self.ziek_per_dag_zonder_lks = 0.0
        self.werkgeversportaal = Werkgeversportaal(self.net, self.hub_url)
        self.webservice = Webservicegemeenten(self)
        self.dossierwerk = Dossierwerk(self.rng, self.telling.dossierwerk)

    # --- the run -------------------------------------------------------------------------------------

    def draai(self, bij_dag: Callable[[date], None] | None = None) -> Telling:
        begin = time.perf_counter()
        with _zonder_verbindingen_sluiten(), _stil("httpx"), _stil("django.request", logging.ERROR):
            with self._klok(self.i.start - timedelta(days=1), 20, "inrichten"):
                self._richt_in()
                assert self.uwv is not None
                self.werkgeversportaal.richt_in(self.uwv, self.uwv_sleutel)
                self.webservice.richt_in()
            with self.werkgeversportaal.actief(), self.webservice.actief(), self._hubclients_open():
                for n in range(self.i.dagen):
                    dag = self.i.start + timedelta(days=n)
                    self._dag(dag, laatste=n == self.i.dagen - 1)
                    if bij_dag is not None:
                        bij_dag(dag)
        self.telling.seconden = round(time.perf_counter() - begin, 1)
        self.telling.fasen = {fase: round(seconden, 1) for fase, seconden in self.telling.fasen.items()}
        return self.telling

    @contextmanager
    def _hubclients_open(self) -> Iterator[None]:
        try:
            yield
        finally:
            for client in self._hubclients.values():
                client.close()
            self._hubclients.clear()

    def hubclient(self, gemeente: Organisatie) -> GemeenteHubClient:
        """The gemeente's client of the hub, made once, as a gemeente's system keeps its connection set up."""
        client = self._hubclients.get(gemeente.pk)
        if client is None:
            client = self._hubclients[gemeente.pk] = GemeenteHubClient.voor(gemeente, transport=self.net)
        return client

    @contextmanager
    def _klok(self, dag: date, uur: int, fase: str) -> Iterator[None]:
        """The clock on ``uur`` o'clock of the simulated day; the time the phase takes is counted."""
        begin = time.perf_counter()
        try:
            with time_machine.travel(datetime(dag.year, dag.month, dag.day, uur, tzinfo=TIJDZONE), tick=True):
                yield
        finally:
            self.telling.fasen[fase] = self.telling.fasen.get(fase, 0.0) + time.perf_counter() - begin

    def _dag(self, dag: date, *, laatste: bool) -> None:
        self.webservice.begin_dag(dag, laatste=laatste)
        with self._klok(dag, 7, "register"):
            for gemeente in self.gemeenten:
                self._register_bij(gemeente, dag)
            self._bewaar_registerwijzigingen()
        with self._klok(dag, 8, "aanleveren"):
            self.net.onbereikbaar = dag in self.storingen.hub_onbereikbaar_voor_levering
            try:
                for gemeente in self.gemeenten:
                    if gemeente.levert and gemeente.volgende_levering <= dag:
                        self._lever(gemeente, dag)
                self.webservice.lever(dag)  # the webservice gemeenten push their verwijsindex instead
            finally:
                self.net.onbereikbaar = False
        with self._klok(dag, 10, "ziekmeldingen"):
            self._ziekmeldingen(dag)
            self._bewaar_registerwijzigingen()
            self._uwv_verwerkt()
        with self._klok(dag, 14, "beslissen_en_herstel"):
            self._beslissingen_en_herstel(dag)
            self._uwv_verwerkt()
            if dag in self.storingen.dubbele_melding:
                self._dubbele_melding()
        with self._klok(dag, 16, "dossierwerk"):
            self.dossierwerk.werk(dag)
        with self._klok(dag, 18, "publiceren"):
            rapporten = publiceer_signaalrapporten(dag)
            self.telling.rapporten_gepubliceerd += len(rapporten)
            self._meld_rapporten(rapporten, dag)
        with self._klok(dag, 19, "ophalen"):
            self.net.downloads_kwijt = dag in self.storingen.downloads_kwijt
            try:
                for gemeente in self.gemeenten:
                    if laatste or self._haalt_op(gemeente, dag):
                        self._haal_op(gemeente, dag)
            finally:
                self.net.downloads_kwijt = False

    # --- set-up: organisations, keys, the initial registers ------------------------------------------

    def _richt_in(self) -> None:
        ensure_products()
        ensure_gemeente_organisaties()
        if LksPersoon.objects.exists() or Ziektewetclaim.objects.exists():
            raise SimulatieFout(
                "De database bevat al LKS-registers of Ziektewet-claims; de simulatie begint op een verse "
                "database (bijvoorbeeld: vangnet migrate op een nieuw SQLite-bestand)."
            )
        self.uwv = ensure_organisatie(UWV_NAAM, OrganisatieType.UWV)
        self.uwv_sleutel = create_api_key(self.uwv, "simulatie", [Product.LKS_TOETS]).plain_key
        alle = list(Organisatie.objects.filter(type=OrganisatieType.GEMEENTE).order_by("gemeentecode"))
        if self.i.gemeenten is not None:
            if not 1 <= self.i.gemeenten <= len(alle):
                raise SimulatieFout(f"Kies tussen 1 en {len(alle)} gemeenten.")
            alle = sorted(self.rng.sample(alle, self.i.gemeenten), key=lambda g: g.gemeentecode or "")
        aandeel = len(alle) / Organisatie.objects.filter(type=OrganisatieType.GEMEENTE).count()
        totaal = self.i.lks_personen
        if totaal is None:
            totaal = round(volumes.LKS_PERSONEN_NATIONAAL * aandeel * self.i.schaal)
        signalen = self.i.signalen_per_jaar
        if signalen is None:
            signalen = volumes.SIGNALEN_PER_JAAR * aandeel * self.i.schaal
        zonder = self.i.zonder_lks_per_jaar
        if zonder is None:
            zonder = volumes.ZW_NA_EINDE_DIENST_PER_JAAR / volumes.ZONDER_LKS_STEEKPROEF * aandeel * self.i.schaal
        self.ziek_per_dag_met_lks = signalen / 365
        self.ziek_per_dag_zonder_lks = zonder / 365
        omvangen = _grootste_voor_de_grote_steden(alle, verdeel(totaal, [self.rng.paretovariate(1.16) for _ in alle]))
        kandidaten = [n for n, g in enumerate(alle) if g.gemeentecode not in self.i.batchgemeenten]
        zonder_levering = set(self.rng.sample(kandidaten, round(volumes.LEVERT_NIET_KANS * len(alle))))
        for n, (organisatie, omvang) in enumerate(zip(alle, omvangen, strict=True)):
            wekelijks = self.rng.random() < volumes.WEKELIJKS_KANS
            leverdag = self.rng.randrange(5) if wekelijks else self.rng.randint(1, 28)
            gemeente = _Gemeente(
                organisatie=organisatie,
                omvang=omvang,
                wekelijks=wekelijks,
                levert=n not in zonder_levering,
                leverdag=leverdag,
                volgende_levering=self.i.start,
            )
            GemeenteKoppeling.objects.update_or_create(
                gemeente=organisatie,
                defaults={
                    "hub_url": self.hub_url,
                    "api_sleutel": create_api_key(
                        organisatie, "simulatie", [Product.DKD_AANLEVEREN, Product.LKS_REINTEGRATIE_OPHALEN]
                    ).plain_key,
                },
            )
            if gemeente.levert:
                # The gemeente's DKD-instellingen at the hub, so the aanlevermonitor expects its rhythm.
                wijzig_instelling(
                    organisatie,
                    aanlevermethode=Aanlevermethode.VERZAMELBESTAND,
                    berichtversie=SUPPORTED_BERICHTVERSIES[0],
                    endpoint_url="",
                    frequentie=Frequentie.WEKELIJKS if wekelijks else Frequentie.MAANDELIJKS,
                )
            self._laad_register(gemeente)
            if self.rng.random() < volumes.SLECHT_RECORD_KANS:
                # A record from before the register checked names (a digit in it): the file fails the
                # XSD, nothing is sent, and the gemeente repairs the record a few days after it noticed.
                periode_pk, _begin = gemeente.lopend[self.rng.randrange(len(gemeente.lopend))]
                persoon = LksPersoon.objects.get(perioden__pk=periode_pk)
                LksPersoon.objects.filter(pk=persoon.pk).update(achternaam=f"{persoon.achternaam} 2")
                gemeente.slecht_record = persoon.pk
                self.telling.slechte_records += 1
            self.gemeenten.append(gemeente)
        self.telling.lks_personen_start = sum(len(g.lopend) for g in self.gemeenten)
        self._per_organisatie = {g.organisatie.pk: g for g in self.gemeenten}

    def _bsn(self) -> str:
        if self._volgende_bsn >= WERKGEVER_INDEX_START:
            raise SimulatieFout("De synthetische BSN's zijn op: kies minder gemeenten, dagen of een kleinere schaal.")
        self._volgende_bsn += 1
        return synthetic_bsn(self._volgende_bsn - 1)

    def _loonheffingennummer(self) -> str:
        if self._volgende_werkgever >= synthetic_bsn_capacity():
            raise SimulatieFout("De synthetische loonheffingennummers zijn op.")
        self._volgende_werkgever += 1
        return f"{synthetic_bsn(self._volgende_werkgever - 1)}L01"

    def _laad_register(self, gemeente: _Gemeente) -> None:
        """The gemeente's register at the start, loaded in one go as from its previous system."""
        werkgevers = [self._werkgever_gegevens() for _ in range(max(1, gemeente.omvang // 8))]
        beschikkingen = []
        for _ in range(gemeente.omvang):
            begin = self.i.start - timedelta(days=self.rng.randint(60, 3 * 365))
            persoon, periode = self._beschikking(gemeente, begin)
            beschikkingen.append(Beschikking(persoon, self.rng.randrange(len(werkgevers)), periode))
        gemeente.werkgevers, perioden = laad_beginstand(gemeente.organisatie, werkgevers, beschikkingen)
        gemeente.lopend += perioden

    def _werkgever_gegevens(self) -> WerkgeverGegevens:
        naam = f"{self.rng.choice(BEDRIJVEN)} {self.rng.choice(ACHTERNAMEN)}"
        return WerkgeverGegevens(naam, self._loonheffingennummer())

    def _beschikking(self, gemeente: _Gemeente, begin: date) -> tuple[PersoonGegevens, PeriodeGegevens]:
        achternaam = self.rng.choice(ACHTERNAMEN)
        geboren = begin - timedelta(days=self.rng.randint(18 * 365, 60 * 365))
        voorletters = "".join(self.rng.choice("ABCDEFGHJKLMNPRSTW") for _ in range(self.rng.randint(1, 3)))
        gemeente.beschikkingen += 1
        persoon = PersoonGegevens(
            bsn=self._bsn(), achternaam=achternaam, voorletters=voorletters, geboortedatum=geboren
        )
        periode = PeriodeGegevens(
            begin=begin,
            einde=None,
            loonwaarde=Decimal(self.rng.randint(30, 85)),
            beschikkingsnummer=f"LKS-{gemeente.beschikkingen:06d}",
        )
        return persoon, periode

    def _nieuwe_lks(self, gemeente: _Gemeente, begin: date) -> None:
        gegevens, periode_gegevens = self._beschikking(gemeente, begin)
        werkgever = gemeente.werkgevers[self.rng.randrange(len(gemeente.werkgevers))]
        self._nieuw.append((gemeente, NieuweBeschikking(gemeente.organisatie, gegevens, werkgever, periode_gegevens)))

    def _beeindig_lks(self, periode: tuple[int, date], einde: date) -> None:
        periode_pk, begin = periode
        self._einden[periode_pk] = max(einde, begin)

    def _bewaar_registerwijzigingen(self) -> None:
        """The day's new LKS decisions and ends, each gemeente in its own register, stored in one go."""
        if self._einden:
            beeindig_perioden(self._einden)
            self._einden = {}
        if self._nieuw:
            perioden = registreer_beschikkingen([beschikking for _gemeente, beschikking in self._nieuw])
            for (gemeente, beschikking), periode_pk in zip(self._nieuw, perioden, strict=True):
                gemeente.lopend.append((periode_pk, beschikking.periode.begin))
            self._nieuw = []

    # --- the gemeente -----------------------------------------------------------------------------------

    def _register_bij(self, gemeente: _Gemeente, dag: date) -> None:
        """New LKS decisions and LKS periods that end, at the rate that keeps the population steady."""
        if gemeente.slecht_record is not None and gemeente.herstel_op is not None and gemeente.herstel_op <= dag:
            persoon = LksPersoon.objects.get(pk=gemeente.slecht_record)
            gegevens = PersoonGegevens(
                bsn=gemeente.juiste_bsn or persoon.bsn,
                achternaam=persoon.achternaam.removesuffix(" 2"),
                voorletters=persoon.voorletters,
                geboortedatum=persoon.geboortedatum,
            )
            bewaar_persoon(gemeente.organisatie, gegevens, persoon)
            gemeente.slecht_record = gemeente.herstel_op = gemeente.juiste_bsn = None
            self.telling.records_hersteld += 1
        kans = gemeente.omvang / volumes.LKS_DUUR_DAGEN
        for _ in range(poisson(self.rng, kans)):
            if gemeente.lopend:
                self._beeindig_lks(gemeente.lopend.pop(self.rng.randrange(len(gemeente.lopend))), dag)
                self.telling.lks_perioden_beeindigd += 1
        for _ in range(poisson(self.rng, kans)):
            self._nieuwe_lks(gemeente, dag)
            self.telling.lks_perioden_nieuw += 1

    def _lever(self, gemeente: _Gemeente, dag: date) -> None:
        if self.rng.random() < volumes.TE_LAAT_KANS and gemeente.volgende_levering == dag:
            gemeente.volgende_levering = dag + timedelta(days=self.rng.randint(1, 5))
            self.telling.leveringen_te_laat += 1
            return
        if gemeente.slecht_record is None and gemeente.lopend and self.rng.random() < volumes.BSN_TIKFOUT_KANS:
            self._maak_bsn_tikfout(gemeente)
        onbereikbaar = self.net.onbereikbaar or self.rng.random() < volumes.STORING_KANS
        vorige, self.net.onbereikbaar = self.net.onbereikbaar, onbereikbaar
        try:
            levering = lever_register_aan(
                gemeente.organisatie, kanaal=Kanaal.API, client=self.hubclient(gemeente.organisatie), vandaag=dag
            )
        finally:
            self.net.onbereikbaar = vorige
        status = str(levering.status)
        self.telling.records_afgekeurd += levering.aantal_afgekeurd or 0
        if gemeente.slecht_record is not None and gemeente.herstel_op is None:
            if gemeente.juiste_bsn is None and "XSD" in levering.melding:
                gemeente.herstel_op = dag + timedelta(days=self.rng.randint(1, 3))
            elif gemeente.juiste_bsn is not None and levering.aantal_afgekeurd:
                # The terugmelding names the record; the gemeente corrects the BSN some days later.
                gemeente.herstel_op = dag + timedelta(days=self.rng.randint(2, 10))
        self.telling.leveringen[status] = self.telling.leveringen.get(status, 0) + 1
        if status in (LeveringStatus.GEACCEPTEERD, LeveringStatus.HERHAALD):
            gemeente.volgende_levering = self._volgende_leverdag(gemeente, dag)
        else:
            gemeente.volgende_levering = dag + timedelta(days=1)

    def _maak_bsn_tikfout(self, gemeente: _Gemeente) -> None:
        """A BSN typo in the gemeente's back office reaches the register (the last digit off by one, so the
        11-proef fails): the XSD lets it pass, the hub refuses the record and names it in the terugmelding."""
        periode_pk, _begin = gemeente.lopend[self.rng.randrange(len(gemeente.lopend))]
        persoon = LksPersoon.objects.get(perioden__pk=periode_pk)
        fout = persoon.bsn[:8] + str((int(persoon.bsn[8]) + 1) % 10)
        LksPersoon.objects.filter(pk=persoon.pk).update(bsn=fout)
        gemeente.slecht_record, gemeente.juiste_bsn = persoon.pk, persoon.bsn
        self.telling.slechte_records += 1

    @staticmethod
    def _volgende_leverdag(gemeente: _Gemeente, dag: date) -> date:
        if gemeente.wekelijks:
            return dag + timedelta(days=(gemeente.leverdag - dag.weekday()) % 7 or 7)
        jaar, maand = (dag.year, dag.month + 1) if dag.month < 12 else (dag.year + 1, 1)
        return date(jaar, maand, gemeente.leverdag)

    def _meld_rapporten(self, rapporten: list[Signaalrapport], dag: date) -> None:
        """The hub's notification (webhook or e-mail) of each new report reaches its gemeente."""
        for rapport in rapporten:
            gemeente = self._per_organisatie[rapport.gemeente_id]
            vertraging = 0 if gemeente.omvang >= AUTOMATISCH_OPHALEN_VANAF else self.rng.randint(0, 2)
            ophalen_op = werkdag(dag, vertraging)
            if gemeente.ophalen_op is None or ophalen_op < gemeente.ophalen_op:
                gemeente.ophalen_op = ophalen_op

    @staticmethod
    def _haalt_op(gemeente: _Gemeente, dag: date) -> bool:
        return gemeente.ophalen_op is not None and gemeente.ophalen_op <= dag

    def _haal_op(self, gemeente: _Gemeente, dag: date) -> None:
        try:
            client = self.hubclient(gemeente.organisatie)
            resultaat = haal_signalen_op(
                gemeente.organisatie, client, terugkijken_dagen=OPHAAL_TERUGKIJKEN_DAGEN, vandaag=dag
            )
        except HubFout:
            self.telling.ophalen_mislukt += 1
            gemeente.ophalen_op = werkdag(dag, 1)  # tried again the next working day
            return
        gemeente.ophalen_op = None
        self.telling.rapporten_opgehaald += len(resultaat.opgehaald)
        self.dossierwerk.na_ophalen(gemeente.organisatie, resultaat.opgehaald, dag)

    # --- employers and UWV ------------------------------------------------------------------------------

    def _uwv_client(self) -> UwvHubClient:
        return UwvHubClient(self.hub_url, self.uwv_sleutel, transport=self.net)

    def _uwv_verwerkt(self) -> None:
        with self._uwv_client() as client:
            verwerk(client)

    def _ziekmeldingen(self, dag: date) -> None:
        assert self.uwv is not None
        for _ in range(poisson(self.rng, self.ziek_per_dag_met_lks)):
            kandidaten = [g for g in self.gemeenten if any(begin <= dag - timedelta(days=45) for _, begin in g.lopend)]
            if not kandidaten:
                break
            gemeente = self.rng.choices(kandidaten, weights=[len(g.lopend) for g in kandidaten])[0]
            oud_genoeg = [n for n, (_, begin) in enumerate(gemeente.lopend) if begin <= dag - timedelta(days=45)]
            lopend = gemeente.lopend.pop(self.rng.choice(oud_genoeg))
            periode = LksPeriode.objects.select_related("persoon", "werkgever").get(pk=lopend[0])
            einde_dienst = dag - timedelta(days=self.rng.randint(0, 10))
            bsn = periode.persoon.bsn
            if periode.persoon_id == gemeente.slecht_record and gemeente.juiste_bsn:
                bsn = gemeente.juiste_bsn  # the employer knows the right BSN, also while the register has a typo
            self._meld_ziek(bsn, periode.werkgever.naam, periode.werkgever.loonheffingennummer,
                            einde_dienst, dag)  # fmt: skip
            # The employment ended, so the gemeente ends the LKS on that day.
            self._beeindig_lks(lopend, einde_dienst)
            self.telling.ziekmeldingen_met_lks += 1
        for _ in range(poisson(self.rng, self.ziek_per_dag_zonder_lks)):
            naam = f"{self.rng.choice(BEDRIJVEN)} {self.rng.choice(ACHTERNAMEN)}"
            einde_dienst = dag - timedelta(days=self.rng.randint(0, 10))
            self._meld_ziek(self._bsn(), naam, self._loonheffingennummer(), einde_dienst, dag)
            self.telling.ziekmeldingen_zonder_lks += 1

    def _meld_ziek(self, bsn: str, werkgever: str, lhn: str, einde_dienst: date, dag: date) -> None:
        assert self.uwv is not None
        eerste_ao_dag = einde_dienst - timedelta(days=self.rng.randint(0, 14))
        melding = Ziekmelding(bsn, werkgever, lhn, einde_dienst, min(eerste_ao_dag, dag), dag)
        try:
            claim_pk = self.werkgeversportaal.meld(melding)  # over UWV's API, as an employers' portal does
        except ZiekmeldingGeweigerd as fout:
            raise SimulatieFout(f"UWV weigerde een gesimuleerde ziekmelding: {fout.reden}") from None
        self.claims.append((claim_pk, dag + timedelta(days=self.rng.randint(14, 42))))

    def _beslissingen_en_herstel(self, dag: date) -> None:
        lopend: list[tuple[int, date]] = []
        # Only what the day's choices need: beslis and beeindig_uitkering read the claim again under a lock.
        claims = Ziektewetclaim.objects.only("status", "beoordeeld_op").in_bulk([pk for pk, _dag in self.claims])
        for claim_pk, beslisdag in self.claims:
            claim = claims[claim_pk]
            if beslisdag <= dag and claim.beoordeeld_op is None:
                afwijzen = self.rng.random() < volumes.AFWIJZING_KANS
                claim = beslis(claim, not afwijzen, dag)
                self.telling.afgewezen += afwijzen
            if claim.status == ClaimStatus.LOPEND and self.rng.random() < 1 / volumes.HERSTEL_DAGEN:
                reden = RedenEinde.BETERMELDING if self.rng.random() < 0.8 else RedenEinde.WERKHERVATTING
                claim = beeindig_uitkering(claim, dag, reden)
                self.telling.hersteld += 1
            if claim.status == ClaimStatus.LOPEND:
                lopend.append((claim_pk, beslisdag))
        self.claims = lopend

    def _dubbele_melding(self) -> None:
        """A fault: an accepted ziek-uit-dienst melding of a running claim is sent again, and once more under
        another kenmerk."""
        bericht = (
            Hubbericht.objects.filter(
                soort=Meldingsoort.ZIEK_UIT_DIENST, status=BerichtStatus.VERZONDEN, claim__status=ClaimStatus.LOPEND
            )
            .order_by("pk")
            .first()
        )
        if bericht is None:
            return
        with self._uwv_client() as client:
            self.telling.dubbele_meldingen.append(client.stuur_melding(bericht.inhoud).status_code)
            anders = {**bericht.inhoud, "kenmerk": f"{bericht.kenmerk}-dubbel"}
            self.telling.dubbele_meldingen.append(client.stuur_melding(anders).status_code)
