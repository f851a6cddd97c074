"""Webservice gemeenten: a seeded handful keep their LKS data at home and answer the hub's questions over SOAP.

Such a gemeente's DKD-instelling at the hub says ``webservice``, with the address of its own
GSDDossierReintegratie-v0200 provider (``/gemeente/<code>/soap/...``, vangnet.gemeente.register.soap_provider).
Instead of a verzamelbestand it pushes its verwijsindex every week (``lever_verwijsindex_aan`` →
``PUT /api/v1/dkd/verwijsindex``). When UWV's LKS-toets asks about a BSN that index names, the hub
calls the provider with its own SOAP client (vangnet.hub.dkd.soap_client), here in-process:

- ``VANGNET_DKD_WEBSERVICE_CLIENT`` names :class:`SoapClientInProcess`: the hub's client with this
  module's transport, and without a pause between its retries (the simulated clock is not the wall's);
- the transport (:class:`Gemeenteproxy`) stands in for the TLS proxy in front of the gemeenten: it
  passes the subject of the hub's client certificate in a header, which the provider maps to the hub
  (``VANGNET_SOAP_CLIENTCERT_HEADER``, ``VANGNET_SOAP_CERTIFICAAT_ORGANISATIES``);
- on a day of ``Storingen.webservice_onbereikbaar``, and now and then by chance for one gemeente,
  the endpoint refuses the connection. The toets answers ``onbekend``, UWV asks again later (the
  toets after ``opnieuw_na``, a melding the hub answered 503 after its Retry-After), and the hub's
  aanlevermonitor shows the gemeente ``onbereikbaar`` from its WebserviceAanroep rows.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit

import httpx

from django.core.wsgi import get_wsgi_application
from django.test import override_settings
from django.urls import reverse

from vangnet.gemeente.koppeling.verwijsindex import lever_verwijsindex_aan
from vangnet.hub.constants import SUPPORTED_BERICHTVERSIES, Aanlevermethode, Frequentie
from vangnet.hub.dkd.instellingen import wijzig_instelling
from vangnet.hub.dkd.soap_client import ClientInstellingen, SoapWebserviceClient
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.services import ensure_organisatie
from vangnet.simulatie import volumes

if TYPE_CHECKING:
    from vangnet.simulatie.keten import Simulatie, _Gemeente

STORING_KANS: Final = 0.01
"""Chance, per webservice gemeente and day, that its endpoint cannot be reached that day (not on the last day)."""
HUB_NAAM: Final = "Inlichtingenbureau (hub)"
CERTIFICAAT_HEADER: Final = "X-Simulatie-Client-Dn"
HUB_CERTIFICAAT: Final = "CN=vangnet-hub,O=Inlichtingenbureau,C=NL"
PUSH_INTERVAL: Final = timedelta(days=30)
RUIME_TIJD: Final = 600.0

_TRANSPORT: ContextVar[httpx.BaseTransport | None] = ContextVar("simulatie_webservice_transport", default=None)


class SoapClientInProcess(SoapWebserviceClient):
    """The hub's SOAP client on the simulation's transport: ``VANGNET_DKD_WEBSERVICE_CLIENT`` during a run."""

    def __init__(self) -> None:
        # No waiting between attempts, and time limits no busy machine reaches: a time-out measured in
        # real seconds would make the run depend on the machine's load instead of the seed.
        instellingen = replace(
            ClientInstellingen.uit_settings(),
            backoff=0.0,
            connect_timeout=RUIME_TIJD,
            read_timeout=RUIME_TIJD,
            budget=RUIME_TIJD,
        )
        super().__init__(instellingen, transport=_TRANSPORT.get())


class Gemeenteproxy(httpx.BaseTransport):
    """The TLS proxy in front of the gemeenten's endpoints, in-process; ``onbereikbaar`` holds today's faults."""

    def __init__(self) -> None:
        self._wsgi = httpx.WSGITransport(app=get_wsgi_application())
        self.onbereikbaar: set[str] = set()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if _gemeentecode(request.url.path) in self.onbereikbaar:
            raise httpx.ConnectError("verbinding geweigerd (gesimuleerde storing)", request=request)
        request.headers[CERTIFICAAT_HEADER] = HUB_CERTIFICAAT
        return self._wsgi.handle_request(request)


def _gemeentecode(pad: str) -> str:
    delen = pad.strip("/").split("/")
    return delen[1] if len(delen) > 2 and delen[0] == "gemeente" else ""


class Webservicegemeenten:
    def __init__(self, simulatie: "Simulatie") -> None:
        self.sim = simulatie
        self.proxy = Gemeenteproxy()
        self.gemeenten: list[_Gemeente] = []
        self._volgende_push: dict[str, date] = {}
        self._hub_uuid = ""

    @property
    def codes(self) -> list[str]:
        return [g.code for g in self.gemeenten]

    def richt_in(self) -> None:
        """Choose the webservice gemeenten (with the seed) and set their DKD-instelling at the hub."""
        sim = self.sim
        self._hub_uuid = str(ensure_organisatie(HUB_NAAM, OrganisatieType.HUB).uuid)
        aantal = round(volumes.WEBSERVICE_AANDEEL * len(sim.gemeenten))
        if len(sim.gemeenten) >= 3:
            aantal = max(1, aantal)
        # Only gemeenten that take part in DKD; a register that went through the switch to the webservice was
        # checked, so none with a bad record.
        kandidaten = [
            g for g in sim.gemeenten if g.levert and g.slecht_record is None and g.code not in sim.i.batchgemeenten
        ]
        aantal = min(aantal, len(kandidaten))
        if aantal:
            self.gemeenten = sorted(sim.rng.sample(kandidaten, aantal), key=lambda g: g.code)
        for gemeente in self.gemeenten:
            wijzig_instelling(
                gemeente.organisatie,
                aanlevermethode=Aanlevermethode.WEBSERVICE,
                berichtversie=SUPPORTED_BERICHTVERSIES[0],
                endpoint_url=self._endpoint(gemeente.code),
                frequentie=Frequentie.MAANDELIJKS,
            )
            # The verwijsindex takes the place of the verzamelbestand: the batch delivery never falls due.
            gemeente.volgende_levering = date.max
            self._volgende_push[gemeente.code] = sim.i.start
        sim.telling.webservice["gemeenten"] = len(self.gemeenten)

    def _endpoint(self, code: str) -> str:
        host = urlsplit(self.sim.hub_url).netloc
        return f"https://{host}" + reverse("register:soap-gsd-dossier-reintegratie", kwargs={"gemeentecode": code})

    @contextmanager
    def actief(self) -> Iterator[None]:
        """While the days run, the hub's webservice client reaches the gemeenten through the proxy."""
        token = _TRANSPORT.set(self.proxy)
        try:
            with override_settings(
                VANGNET_DKD_WEBSERVICE_CLIENT=f"{__name__}.{SoapClientInProcess.__name__}",
                VANGNET_SOAP_CLIENTCERT_HEADER=CERTIFICAAT_HEADER,
                VANGNET_SOAP_CERTIFICAAT_ORGANISATIES=json.dumps({HUB_CERTIFICAAT: self._hub_uuid}),
            ):
                yield
        finally:
            _TRANSPORT.reset(token)

    def begin_dag(self, dag: date, *, laatste: bool) -> None:
        """Which endpoints are down today: one draw per webservice gemeente, every day, so the order is fixed."""
        storing = dag in self.sim.storingen.webservice_onbereikbaar
        onbereikbaar = set()
        for gemeente in self.gemeenten:
            toevallig = self.sim.rng.random() < STORING_KANS and not laatste
            if storing or toevallig:
                onbereikbaar.add(gemeente.code)
        self.proxy.onbereikbaar = onbereikbaar
        if onbereikbaar:
            self._tel("dagen onbereikbaar", len(onbereikbaar))

    def lever(self, dag: date) -> None:
        """Push the verwijsindex of every webservice gemeente whose month is over; a failed push is retried tomorrow."""
        for gemeente in self.gemeenten:
            if self._volgende_push[gemeente.code] > dag:
                continue
            client = self.sim.hubclient(gemeente.organisatie)
            resultaat = lever_verwijsindex_aan(gemeente.organisatie, client=client, vandaag=dag)
            if resultaat.geslaagd:
                self._volgende_push[gemeente.code] = dag + PUSH_INTERVAL
                if self.sim.rng.random() < volumes.VERWIJSINDEX_VERGETEN_KANS:
                    # The next push is forgotten: the index ages until the one after.
                    self._volgende_push[gemeente.code] = dag + timedelta(days=self.sim.rng.randint(40, 70))
                    self._tel("verwijsindex vergeten")
                self._tel("verwijsindex geleverd")
            else:
                self._volgende_push[gemeente.code] = dag + timedelta(days=1)
                self._tel("verwijsindex mislukt")

    def _tel(self, wat: str, aantal: int = 1) -> None:
        tellingen = self.sim.telling.webservice
        tellingen[wat] = tellingen.get(wat, 0) + aantal
