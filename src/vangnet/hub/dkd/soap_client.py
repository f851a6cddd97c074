"""The hub's client for a gemeente's DKD webservice: GSDReintegratieInfo over SOAP 1.1.

``SoapWebserviceClient`` implements ``DkdWebserviceClient`` (``webservice.py``); ``raadpleeg``
calls it and records every outcome. It never raises and never waits longer than its budget:

- **Transport.** httpx with lxml, not zeep. The message is one element each way, so a WSDL
  runtime adds nothing; what matters here is control that zeep (on requests) does not give:
  a hard deadline over the whole exchange (connect, send, every read, retries and backoff
  together, enforced by a watchdog that shuts the socket), a cap on the bytes read, our own
  hardened parser, WS-Security signing with signxml (zeep signs only through xmlsec), and an
  exact mapping of every failure to an ``Uitkomst``. The schema of the messages is ours
  (``schemas/GSDDossierReintegratie-v0200*.xsd``); ``vangnet.suwiml.reintegratie`` builds
  and reads them. Only the simulation passes its own httpx transport (in-process, on the WSGI
  application); in production the constructor's ``transport`` stays None: a socket with TLS.
- **Security.** Two-way TLS when ``VANGNET_SOAP_TLS_CERT``/``_KEY`` are set (server checked
  against ``VANGNET_SOAP_TLS_CA`` or the system's CAs, TLS 1.2 at least); WS-Security
  signing of the Timestamp, the WS-Addressing headers and the Body when
  ``VANGNET_SOAP_ONDERTEKENEN`` is on. A signed answer must carry a valid signature.
- **Time.** Connect and read time-outs (``VANGNET_DKD_WEBSERVICE_CONNECT_TIMEOUT``,
  ``_READ_TIMEOUT``), each cut to what is left of ``VANGNET_DKD_WEBSERVICE_BUDGET``.
- **Retries.** At most ``VANGNET_DKD_WEBSERVICE_POGINGEN`` attempts, only after a time-out
  or a refused or lost connection, with doubling backoff, and only while the budget lasts.
- **Circuit breaker.** Per gemeente, derived from the recorded WebserviceAanroep rows (so
  every hub process sees the same state): after ``VANGNET_DKD_CIRCUIT_DREMPEL`` failed
  calls in a row the circuit opens for ``VANGNET_DKD_CIRCUIT_AFKOELING`` seconds, and a
  question is answered at once with ``fout`` / "circuit open tot …" without calling. That
  answer is recorded too and carries the moment the circuit closes, so only the newest
  ``DREMPEL`` rows are ever read. After the cool-down one call is let through: success
  closes the circuit, failure opens it again.

Outcomes: ClientSuwi → ``ok`` with an LKS period for every ReIntegratievoorziening with
Loonkostensubsidie (the verzamelbestand's rule); NietsGevonden → ``niets_gevonden``; a SOAP
fault or an FWI without data → ``fout`` with its text (BSNs masked); time-out → ``timeout``;
refused connection, TLS refusal or HTTP 401/403 → ``geweigerd``; anything unparsable, hostile
(DTD, entities), too large or of the wrong shape → ``ongeldig_antwoord``.
"""

import contextlib
import functools
import random
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final
from urllib.parse import urlsplit

import httpx

from django.conf import settings
from django.utils import timezone

from vangnet.core.logging import mask_bsns
from vangnet.domain.verzamelbestand import Persoon
from vangnet.hub.constants import Uitkomst
from vangnet.hub.dkd.webservice import GESLAAGD, WebserviceAntwoord
from vangnet.hub.models import DkdInstelling, WebserviceAanroep
from vangnet.suwiml import reintegratie
from vangnet.suwiml.berichten import (
    CONTENT_TYPE,
    WSSE,
    Adressering,
    OngeldigBericht,
    bouw_envelop,
    lees_envelop,
    naar_bytes,
    nieuw_message_id,
    parse_veilig,
)
from vangnet.suwiml.http import hub_adres, ondertekenaar
from vangnet.suwiml.ondertekening import onderteken, verifieer

CIRCUIT_OPEN: Final = "circuit open"
_CIRCUIT_TOT = re.compile(r"^circuit open tot (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")
_TIJD = "%Y-%m-%dT%H:%M:%SZ"
_MARGE = 0.01  # seconds: an attempt with less than this left is not started


@dataclass(frozen=True)
class GsdAntwoord(WebserviceAntwoord):
    """A WebserviceAntwoord that also carries the ClientSuwi read, for the hub's own GSDReintegratieInfo."""

    persoon: Persoon | None = None


@dataclass(frozen=True)
class ClientInstellingen:
    connect_timeout: float
    read_timeout: float
    budget: float
    pogingen: int
    backoff: float
    max_bytes: int
    circuit_drempel: int
    circuit_afkoeling: float
    https_verplicht: bool
    tls_cert: str
    tls_key: str
    tls_ca: str

    @classmethod
    def uit_settings(cls) -> "ClientInstellingen":
        return cls(
            connect_timeout=settings.VANGNET_DKD_WEBSERVICE_CONNECT_TIMEOUT,
            read_timeout=settings.VANGNET_DKD_WEBSERVICE_READ_TIMEOUT,
            budget=settings.VANGNET_DKD_WEBSERVICE_BUDGET,
            pogingen=max(1, settings.VANGNET_DKD_WEBSERVICE_POGINGEN),
            backoff=settings.VANGNET_DKD_WEBSERVICE_BACKOFF,
            max_bytes=settings.VANGNET_DKD_WEBSERVICE_MAX_BYTES,
            circuit_drempel=settings.VANGNET_DKD_CIRCUIT_DREMPEL,
            circuit_afkoeling=settings.VANGNET_DKD_CIRCUIT_AFKOELING,
            https_verplicht=settings.VANGNET_WEBSERVICE_HTTPS_VERPLICHT,
            tls_cert=settings.VANGNET_SOAP_TLS_CERT,
            tls_key=settings.VANGNET_SOAP_TLS_KEY,
            tls_ca=settings.VANGNET_SOAP_TLS_CA,
        )


class _Mislukt(Exception):  # noqa: N818 - an internal signal carrying the outcome
    def __init__(self, uitkomst: Uitkomst, melding: str, *, opnieuw: bool) -> None:
        super().__init__(melding)
        self.uitkomst = uitkomst
        self.melding = melding
        self.opnieuw = opnieuw


class SoapWebserviceClient:
    """Asks a gemeente's endpoint GSDReintegratieInfo for one BSN; see the module's description."""

    def __init__(
        self, instellingen: ClientInstellingen | None = None, *, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.instellingen = instellingen or ClientInstellingen.uit_settings()
        self.transport = transport

    def vraag(self, instelling: DkdInstelling, bsn: str) -> WebserviceAntwoord:
        try:
            return self._vraag(instelling, bsn)
        except Exception as fout:  # noqa: BLE001 - whatever happens, the hub gets an answer
            return GsdAntwoord(Uitkomst.FOUT, melding=f"Onverwachte fout in de webserviceclient: {type(fout).__name__}")

    def _vraag(self, instelling: DkdInstelling, bsn: str) -> GsdAntwoord:
        t = self.instellingen
        open_tot = circuit_open_tot(instelling.gemeente_id, t.circuit_drempel, t.circuit_afkoeling, timezone.now())
        if open_tot is not None:
            return GsdAntwoord(Uitkomst.FOUT, melding=circuit_melding(open_tot, t.circuit_drempel))
        url = instelling.endpoint_url
        schema = urlsplit(url).scheme
        if schema not in ("http", "https") or (t.https_verplicht and schema != "https"):
            return GsdAntwoord(Uitkomst.FOUT, melding="De webservice moet via https bereikbaar zijn.")
        message_id = nieuw_message_id()
        adressering = Adressering(
            action=reintegratie.ACTION_VERZOEK,
            message_id=message_id,
            to=url,
            van=hub_adres(reintegratie.DIENST),
        )
        envelop = bouw_envelop(reintegratie.verzoek(bsn), adressering)
        sleutelpaar = ondertekenaar()
        if sleutelpaar is not None:
            onderteken(envelop, sleutelpaar)
        data = naar_bytes(envelop)
        deadline = time.monotonic() + t.budget
        laatste = GsdAntwoord(Uitkomst.TIMEOUT, melding=f"Geen antwoord binnen {t.budget:g} seconden.")
        for poging in range(t.pogingen):
            rest = deadline - time.monotonic()
            if rest < _MARGE:
                break
            try:
                status, inhoud = self._post(url, data, rest)
            except _Mislukt as mislukt:
                laatste = GsdAntwoord(mislukt.uitkomst, melding=mask_bsns(mislukt.melding))
                if not mislukt.opnieuw:
                    return laatste
            else:
                return self._beoordeel(status, inhoud, bsn, message_id)
            wacht = t.backoff * 2**poging * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not security
            if poging + 1 >= t.pogingen or deadline - time.monotonic() < wacht + _MARGE:
                break
            time.sleep(wacht)
        return laatste

    # --- transport ----------------------------------------------------------------------------

    def _post(self, url: str, data: bytes, rest: float) -> tuple[int, bytes]:
        t = self.instellingen
        timeout = httpx.Timeout(
            connect=min(t.connect_timeout, rest),
            read=min(t.read_timeout, rest),
            write=min(t.read_timeout, rest),
            pool=min(t.connect_timeout, rest),
        )
        headers = {"Content-Type": CONTENT_TYPE, "SOAPAction": '""', "Accept-Encoding": "identity"}
        waakhond = _Waakhond(rest)
        try:
            context = _ssl_context(t.tls_ca, t.tls_cert, t.tls_key)
            with (
                httpx.Client(
                    verify=context, timeout=timeout, trust_env=False, follow_redirects=False, transport=self.transport
                ) as client,
                waakhond,
                client.stream("POST", url, content=data, headers=headers, extensions={"trace": waakhond.trace}) as r,
            ):
                inhoud = bytearray()
                for stuk in r.iter_raw():
                    inhoud += stuk
                    if len(inhoud) > t.max_bytes:
                        raise _Mislukt(
                            Uitkomst.ONGELDIG_ANTWOORD,
                            f"Het antwoord is groter dan {t.max_bytes} bytes.",
                            opnieuw=False,
                        )
                return r.status_code, bytes(inhoud)
        except _Mislukt:
            raise
        except httpx.TimeoutException:
            raise _Mislukt(Uitkomst.TIMEOUT, _te_laat(rest), opnieuw=True) from None
        except (httpx.ConnectError, httpx.ReadError, httpx.WriteError) as fout:
            if waakhond.verlopen:
                raise _Mislukt(Uitkomst.TIMEOUT, _te_laat(rest), opnieuw=False) from None
            tls = isinstance(fout.__cause__ or fout.__context__, ssl.SSLError) or "SSL" in str(fout)
            soort = "TLS-verbinding geweigerd" if tls else "Verbinding geweigerd of verbroken"
            raise _Mislukt(Uitkomst.GEWEIGERD, f"{soort}: {fout}", opnieuw=not tls) from None
        except httpx.RemoteProtocolError:
            if waakhond.verlopen:
                raise _Mislukt(Uitkomst.TIMEOUT, _te_laat(rest), opnieuw=False) from None
            raise _Mislukt(Uitkomst.ONGELDIG_ANTWOORD, "Het antwoord is geen geldig HTTP.", opnieuw=False) from None
        except httpx.HTTPError as fout:
            raise _Mislukt(Uitkomst.FOUT, f"HTTP-fout: {type(fout).__name__}", opnieuw=False) from None

    # --- the answer -----------------------------------------------------------------------------

    def _beoordeel(self, status: int, inhoud: bytes, bsn: str, message_id: str) -> GsdAntwoord:
        if status in (401, 403):
            return GsdAntwoord(Uitkomst.GEWEIGERD, melding=f"De webservice weigert de hub (HTTP {status}).")
        if status not in (200, 500):
            return GsdAntwoord(Uitkomst.FOUT, melding=f"De webservice antwoordde met HTTP {status}.")
        try:
            envelop = lees_envelop(parse_veilig(inhoud, self.instellingen.max_bytes))
            relates_to = envelop.adressering.relates_to
            if relates_to is not None and relates_to != message_id:
                raise OngeldigBericht("Het antwoord hoort bij een ander verzoek (wsa:RelatesTo).")
            if envelop.header is not None and envelop.header.find(f"{{{WSSE}}}Security") is not None:
                verifieer(envelop.root)
            if envelop.fout is not None:
                return GsdAntwoord(
                    Uitkomst.FOUT, melding=mask_bsns(f"De webservice meldt een fout: {envelop.fout.als_tekst()}")
                )
            if status != 200:
                raise OngeldigBericht(f"HTTP {status} zonder SOAP-Fault.")
            antwoord = reintegratie.lees_antwoord(envelop.inhoud, bsn)
        except OngeldigBericht as ongeldig:
            return GsdAntwoord(Uitkomst.ONGELDIG_ANTWOORD, melding=mask_bsns(ongeldig.reden))
        meldingen = mask_bsns("; ".join(m.als_tekst() for m in antwoord.meldingen))
        if antwoord.niets_gevonden:
            return GsdAntwoord(Uitkomst.NIETS_GEVONDEN)
        if antwoord.persoon is None:
            return GsdAntwoord(Uitkomst.FOUT, melding=f"De webservice meldt: {meldingen}")
        return GsdAntwoord(
            Uitkomst.OK,
            perioden=reintegratie.lks_perioden(antwoord.persoon),
            melding=meldingen,
            persoon=antwoord.persoon,
        )


def _te_laat(rest: float) -> str:
    return f"Geen antwoord binnen {rest:.1f} seconden."


@functools.lru_cache(maxsize=8)
def _ssl_context(ca: str, cert: str, key: str) -> ssl.SSLContext:
    """TLS 1.2 or later, the server checked against ``ca`` (or the system's CAs), our certificate when set."""
    context = ssl.create_default_context(cafile=ca or None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if cert:
        context.load_cert_chain(cert, key or None)
    return context


class _Waakhond:
    """Shuts the connection's socket when the time is up, so that no read can outlast the deadline.

    httpx's time-outs hold per read; a server that sends a byte now and then would keep a
    call going for ever. The socket comes from httpcore's trace events.
    """

    def __init__(self, seconden: float) -> None:
        self._timer = threading.Timer(seconden, self._afbreken)
        self._timer.daemon = True
        self._stream: Any = None
        self._lock = threading.Lock()
        self.verlopen = False

    def __enter__(self) -> "_Waakhond":
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def trace(self, naam: str, info: dict[str, Any]) -> None:
        if naam in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            with self._lock:
                self._stream = info.get("return_value")
            if self.verlopen:
                self._afbreken()

    def _afbreken(self) -> None:
        with self._lock:
            self.verlopen = True
            stream = self._stream
        if stream is None:
            return
        with contextlib.suppress(OSError, AttributeError):
            stream.get_extra_info("socket").shutdown(socket.SHUT_RDWR)


# ---------------------------------------------------------------------------
# Circuit breaker
# ---------------------------------------------------------------------------


def circuit_open_tot(gemeente_id: int, drempel: int, afkoeling: float, nu: datetime) -> datetime | None:
    """Until when the circuit of this gemeente is open, or None when the hub may call it now.

    Open when the newest ``drempel`` recorded calls all failed and the cool-down since the
    newest of them has not passed; a recorded "circuit open" answer names its own end.
    """
    if drempel <= 0:
        return None
    rijen = list(
        WebserviceAanroep.objects.filter(gemeente_id=gemeente_id)
        .order_by("-tijdstip", "-id")
        .values_list("tijdstip", "uitkomst", "melding")[:drempel]
    )
    if len(rijen) < drempel or any(uitkomst in GESLAAGD for _, uitkomst, _ in rijen):
        return None
    tijdstip, _, melding = rijen[0]
    gevonden = _CIRCUIT_TOT.match(melding)
    if gevonden:
        open_tot = datetime.strptime(gevonden.group(1), _TIJD).replace(tzinfo=UTC)
    else:
        open_tot = tijdstip + timedelta(seconds=afkoeling)
    return open_tot if nu < open_tot else None


def circuit_melding(open_tot: datetime, drempel: int) -> str:
    return (
        f"{CIRCUIT_OPEN} tot {open_tot.astimezone(UTC).strftime(_TIJD)}: "
        f"de webservice faalde {drempel} keer op rij; de hub vraagt haar tot dan niets."
    )
