"""Telling a gemeente that a signaalrapport is ready: an e-mail to its users and a CloudEvent to its webhooks.

:meth:`Melder.na_publicatie` runs inside the publication transaction. It writes one
``WebhookAflevering`` per active webhook there (the outbox: it commits with the report or not
at all); after the commit, and once the run has published every gemeente, the e-mails go out
and every aflevering gets its first delivery attempt. What fails is tried again by
``vangnet verstuur-webhooks`` (:func:`verstuur_webhooks`), which a scheduler runs every minute.

The webhook message is a CloudEvent (NL GOV profile, structured JSON mode), signed in the
Standard Webhooks way; docs/signaalrapport.md shows a receiver's check.
"""

import base64
import hashlib
import hmac
import json
import logging
import secrets
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from http.client import HTTPException
from typing import Any, Final

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from vangnet.domain.signaalrapport import TITEL
from vangnet.hub.constants import WebhookStatus
from vangnet.hub.models import Signaalrapport, Webhook, WebhookAflevering
from vangnet.organisations.constants import Product
from vangnet.organisations.models import Gebruiker

logger = logging.getLogger(__name__)

ONDERWERP: Final = f"Er staat een {TITEL} voor u klaar"
PORTAAL_PAD: Final = "/signaalrapporten/"

EVENT_TYPE: Final = "nl.vangnet.signaalrapport.gepubliceerd"
EVENT_SOURCE: Final = "urn:nld:vangnet:hub"
CONTENT_TYPE: Final = "application/cloudevents+json"
GEHEIM_PREFIX: Final = "whsec_"

TIMEOUT_SECONDEN: Final = 10
MAX_POGINGEN: Final = 8
MAX_WACHTTIJD: Final = timedelta(hours=1)
CLAIM_DUUR: Final = timedelta(minutes=2)
"""How long a sender holds an aflevering it is working on; longer than the timeout."""


# --- after publication -------------------------------------------------------------------------


@dataclass(frozen=True)
class Adressering:
    """Who hears of a report, per gemeente: e-mail addresses and active webhooks, read once per run."""

    adressen: dict[int, list[str]]
    webhooks: dict[int, list[int]]

    @classmethod
    def voor(cls, gemeente_ids: Sequence[int]) -> "Adressering":
        """The active users with the machtiging lks_reintegratie_ophalen, and the active webhooks."""
        adressen: defaultdict[int, set[str]] = defaultdict(set)
        for gemeente_id, email in (
            Gebruiker.objects.filter(
                organisatie_id__in=gemeente_ids, is_active=True, machtigingen__code=Product.LKS_REINTEGRATIE_OPHALEN
            )
            .exclude(email="")
            .values_list("organisatie_id", "email")
        ):
            adressen[gemeente_id].add(email)
        webhooks: defaultdict[int, list[int]] = defaultdict(list)
        for gemeente_id, pk in Webhook.objects.filter(gemeente_id__in=gemeente_ids, actief=True).values_list(
            "gemeente_id", "pk"
        ):
            webhooks[gemeente_id].append(pk)
        return cls({k: sorted(v) for k, v in adressen.items()}, dict(webhooks))


@dataclass(frozen=True)
class _TeMelden:
    rapport: Signaalrapport
    adressen: list[str]
    aflevering_pks: list[int]


class Melder:
    """Collects the notifications of the reports a run commits, and sends them when the run ends.

    Sending at the end keeps the publication itself fast and independent of slow mail servers and
    webhooks, and lets all e-mails share one connection. A report whose transaction did not
    commit is never announced. Use it through :func:`melder`, which also sends when the run
    stops with an error, so every report that did commit is announced.
    """

    def __init__(self, adressering: Adressering) -> None:
        self.adressering = adressering
        self._open = True
        self._wachtrij: list[_TeMelden] = []

    def na_publicatie(self, rapport: Signaalrapport) -> None:
        """Inside the publication transaction: the outbox rows now, the rest after the commit."""
        nu = timezone.now()
        afleveringen = WebhookAflevering.objects.bulk_create(
            WebhookAflevering(webhook_id=pk, rapport=rapport, volgende_poging=nu)
            for pk in self.adressering.webhooks.get(rapport.gemeente_id, [])
        )
        item = _TeMelden(rapport, self.adressering.adressen.get(rapport.gemeente_id, []), [a.pk for a in afleveringen])
        transaction.on_commit(partial(self._gecommit, item), robust=True)

    def _gecommit(self, item: _TeMelden) -> None:
        if self._open:
            self._wachtrij.append(item)
        else:  # committed by an outer transaction after the run ended
            verstuur([item])

    def sluit(self) -> None:
        self._open = False
        wachtrij, self._wachtrij = self._wachtrij, []
        verstuur(wachtrij)


@contextmanager
def melder(gemeente_ids: Sequence[int]) -> Iterator[Melder]:
    bundel = Melder(Adressering.voor(gemeente_ids))
    try:
        yield bundel
    finally:
        bundel.sluit()


def verstuur(items: Sequence[_TeMelden]) -> None:
    """The e-mails over one connection, then a first attempt of every webhook aflevering."""
    berichten = [bericht for item in items for bericht in email_berichten(item.rapport, item.adressen)]
    if berichten:
        try:
            get_connection().send_messages(berichten)
        except Exception as fout:  # mail trouble must not stop the run; the reports are in the portal
            logger.error("E-mail over %s signaalrapporten niet verstuurd: %s", len(items), type(fout).__name__)
    for item in items:
        for pk in item.aflevering_pks:
            lever_af(pk)


# --- e-mail --------------------------------------------------------------------------------------


def portaal_url() -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + PORTAAL_PAD


def email_tekst(rapport: Signaalrapport) -> str:
    """The body: which report for which gemeente and where to fetch it; never a BSN or a count."""
    gepubliceerd = timezone.localtime(rapport.gepubliceerd_op)
    return (
        "Geachte heer/mevrouw,\n"
        "\n"
        f"Er staat een nieuw {TITEL} voor gemeente {rapport.gemeente.naam} voor u klaar "
        "in het portaal van vangnet.\n"
        "\n"
        f"Titel: {rapport.titel}\n"
        f"Bestand: {rapport.bestandsnaam}\n"
        f"Gepubliceerd: {gepubliceerd:%d-%m-%Y} om {gepubliceerd:%H:%M} uur\n"
        "\n"
        "U haalt het rapport op in het portaal onder LKS re-integratie, Ophalen:\n"
        f"{portaal_url()}\n"
        "\n"
        "U ontvangt dit bericht omdat u de machtiging 'LKS re-integratie ophalen' heeft. "
        "Dit bericht is automatisch verstuurd; u kunt er niet op antwoorden.\n"
    )


def email_berichten(rapport: Signaalrapport, adressen: Sequence[str]) -> list[EmailMessage]:
    """One message per recipient, so nobody sees the others' addresses."""
    if not adressen:
        return []
    tekst = email_tekst(rapport)
    return [EmailMessage(ONDERWERP, tekst, settings.DEFAULT_FROM_EMAIL, [adres]) for adres in adressen]


# --- webhooks: the message --------------------------------------------------------------------


def nieuw_geheim() -> str:
    """A signing secret as Standard Webhooks writes it: ``whsec_`` and 32 random bytes in base64."""
    return GEHEIM_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def _sleutel(geheim: str) -> bytes:
    try:
        return base64.b64decode(geheim.removeprefix(GEHEIM_PREFIX), validate=True)
    except ValueError:
        return geheim.encode("utf-8")


def handtekening(geheim: str, bericht_id: str, tijdstip: int, body: bytes) -> str:
    """``v1,`` and the base64 HMAC-SHA256 of ``{id}.{timestamp}.{body}`` with the webhook's key."""
    te_tekenen = f"{bericht_id}.{tijdstip}.".encode() + body
    digest = hmac.new(_sleutel(geheim), te_tekenen, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def download_url(rapport: Signaalrapport) -> str:
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}/api/v1/signaalrapporten/{rapport.uuid}/download"


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def cloudevent(aflevering: WebhookAflevering) -> dict[str, Any]:
    """The CloudEvent (NL GOV profile) for one aflevering; the same id on every retry."""
    rapport = aflevering.rapport
    return {
        "specversion": "1.0",
        "type": EVENT_TYPE,
        "source": EVENT_SOURCE,
        "subject": str(rapport.uuid),
        "id": str(aflevering.event_id),
        "time": _rfc3339(rapport.gepubliceerd_op),
        "datacontenttype": "application/json",
        "dataref": download_url(rapport),
        "data": {
            "gemeentecode": rapport.gemeente.gemeentecode,
            "publicatiedatum": rapport.publicatiedatum.isoformat(),
            "bestandsnaam": rapport.bestandsnaam,
            "aantal_signalen": rapport.aantal_signalen,
        },
    }


def bericht(aflevering: WebhookAflevering, tijdstip: int) -> tuple[bytes, dict[str, str]]:
    """The exact body and the headers of one POST."""
    body = json.dumps(cloudevent(aflevering), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    bericht_id = str(aflevering.event_id)
    headers = {
        "Content-Type": CONTENT_TYPE,
        "User-Agent": "vangnet-hub",
        "Webhook-Id": bericht_id,
        "Webhook-Timestamp": str(tijdstip),
        "Webhook-Signature": handtekening(aflevering.webhook.geheim, bericht_id, tijdstip, body),
    }
    return body, headers


# --- webhooks: delivery -------------------------------------------------------------------------


class _GeenDoorverwijzing(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer like any other non-2xx: the hub posts only to the registered URL."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_GeenDoorverwijzing())


def post(url: str, body: bytes, headers: dict[str, str]) -> str | None:
    """POST once; None on a 2xx answer, otherwise a short Dutch reason without URL or secrets."""
    if not url.lower().startswith(("https://", "http://")):
        return "Alleen http(s)-adressen worden aangeroepen"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - scheme checked
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDEN) as response:
            response.read(65536)
        return None
    except urllib.error.HTTPError as fout:
        fout.close()
        return f"HTTP-status {fout.code}"
    except urllib.error.URLError as fout:
        if isinstance(fout.reason, TimeoutError):
            return f"Geen antwoord binnen {TIMEOUT_SECONDEN} seconden"
        return f"Verbinding mislukt: {fout.reason}"
    except TimeoutError:
        return f"Geen antwoord binnen {TIMEOUT_SECONDEN} seconden"
    except (OSError, HTTPException, ValueError) as fout:
        return f"Verbinding mislukt: {type(fout).__name__}"


def wachttijd(pogingen: int) -> timedelta:
    """The wait after the n-th failed attempt: 1, 2, 4 ... minutes, at most an hour."""
    return min(timedelta(minutes=2 ** (pogingen - 1)), MAX_WACHTTIJD)


def lever_af(aflevering_pk: int) -> str | None:
    """Attempt one due aflevering; returns its new status, or None when it was not due (or taken).

    The attempt is claimed first with a conditional UPDATE, so two senders never post the same
    attempt; the claim lapses after CLAIM_DUUR should the sender die. A receiver still sees a
    message at least once, possibly more: the Webhook-Id header stays the same on every retry.
    """
    nu = timezone.now()
    claim = WebhookAflevering.objects.filter(
        pk=aflevering_pk, status=WebhookStatus.WACHTEND, volgende_poging__lte=nu
    ).update(volgende_poging=nu + CLAIM_DUUR)
    if not claim:
        return None
    aflevering = WebhookAflevering.objects.select_related("webhook", "rapport__gemeente").get(pk=aflevering_pk)
    if not aflevering.webhook.actief:
        aflevering.status = WebhookStatus.MISLUKT
        aflevering.volgende_poging = None
        aflevering.laatste_fout = "De webhook is verwijderd; er is niets verstuurd."
        aflevering.save(update_fields=["status", "volgende_poging", "laatste_fout"])
        return aflevering.status
    body, headers = bericht(aflevering, int(nu.timestamp()))
    fout = post(aflevering.webhook.url, body, headers)
    aflevering.pogingen += 1
    if fout is None:
        aflevering.status = WebhookStatus.AFGELEVERD
        aflevering.volgende_poging = None
        aflevering.laatste_fout = ""
    elif aflevering.pogingen >= MAX_POGINGEN:
        aflevering.status = WebhookStatus.MISLUKT
        aflevering.volgende_poging = None
        aflevering.laatste_fout = fout[:300]
    else:
        aflevering.volgende_poging = timezone.now() + wachttijd(aflevering.pogingen)
        aflevering.laatste_fout = fout[:300]
    aflevering.save(update_fields=["status", "pogingen", "volgende_poging", "laatste_fout"])
    if fout is not None:
        logger.warning(
            "Webhook-aflevering %s (poging %s) mislukt: %s", aflevering.event_id, aflevering.pogingen, fout[:300]
        )
    return aflevering.status


@dataclass
class Telling:
    afgeleverd: int = 0
    opnieuw: int = 0
    mislukt: int = 0


def verstuur_webhooks() -> Telling:
    """Attempt every aflevering that is due now, oldest first (the scheduler's job)."""
    telling = Telling()
    due = WebhookAflevering.objects.filter(status=WebhookStatus.WACHTEND, volgende_poging__lte=timezone.now())
    for pk in list(due.order_by("volgende_poging", "pk").values_list("pk", flat=True)):
        status = lever_af(pk)
        if status == WebhookStatus.AFGELEVERD:
            telling.afgeleverd += 1
        elif status == WebhookStatus.MISLUKT:
            telling.mislukt += 1
        elif status == WebhookStatus.WACHTEND:
            telling.opnieuw += 1
    return telling
