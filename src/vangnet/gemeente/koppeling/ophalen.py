"""Signals from the hub: fetch new signaalrapporten over its API and hand them to the signal intake.

Two ways in, one service (:func:`haal_rapport_op`):

- the scheduled command lists the gemeente's reports (``GET /api/v1/signaalrapporten?nieuw=true``
  and, to catch a report whose earlier fetch was interrupted or that someone downloaded by hand,
  also those of the last days) and fetches each one not fetched before;
- the hub's webhook names one report; its signature and timestamp are checked first
  (:func:`ontvang_webhook`).

Each report is downloaded (``GET .../{id}/download``) and imported with
vangnet.gemeente.dossiers.signaalintake.importeer_signaalrapport (bron ``hub``) in one transaction with the
OpgehaaldRapport that records it, so a report is imported once: fetching again, or the webhook and
the command at the same moment, changes nothing. A report whose file the intake refuses is recorded
as such and not fetched again.
"""

import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date

from vangnet.domain.webhookhandtekening import handtekening_klopt, tijdstip_geldig
from vangnet.gemeente.dossiers.constants import Bron
from vangnet.gemeente.dossiers.signaalintake import SignaalimportGeweigerd, importeer_signaalrapport
from vangnet.gemeente.koppeling.constants import OphaalStatus, OphaalWijze
from vangnet.gemeente.koppeling.hubclient import HubClient
from vangnet.gemeente.koppeling.models import GemeenteKoppeling, OpgehaaldRapport, WebhookOntvangst
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.models import Organisatie

TERUGKIJKEN_DAGEN: Final = 7
EVENT_TYPE: Final = "nl.vangnet.signaalrapport.gepubliceerd"
MAX_WEBHOOK_BYTES: Final = 64 * 1024


@dataclass
class Ophaalresultaat:
    opgehaald: list[OpgehaaldRapport] = field(default_factory=list)
    al_opgehaald: int = 0


def haal_signalen_op(
    gemeente: Organisatie,
    client: HubClient,
    *,
    terugkijken_dagen: int = TERUGKIJKEN_DAGEN,
    vandaag: date | None = None,
) -> Ophaalresultaat:
    """Fetch and import every report of the gemeente not fetched before, oldest first."""
    dag = vandaag or timezone.localdate()
    gezien: dict[str, dict[str, Any]] = {}
    lijsten = [client.signaalrapporten(nieuw=True)]
    if terugkijken_dagen > 0:
        lijsten.append(client.signaalrapporten(van=dag - timedelta(days=terugkijken_dagen)))
    for lijst in lijsten:
        for item in lijst:
            rapport_id = _uuid(item.get("id"))
            if rapport_id is not None:
                gezien[str(rapport_id)] = item
    bekend = {
        str(r)
        for r in OpgehaaldRapport.objects.filter(gemeente=gemeente, rapport__in=list(gezien)).values_list(
            "rapport", flat=True
        )
    }
    resultaat = Ophaalresultaat(al_opgehaald=len(bekend))
    te_halen = sorted(
        (item for rapport_id, item in gezien.items() if rapport_id not in bekend),
        key=lambda item: (str(item.get("publicatiedatum") or ""), str(item.get("gepubliceerd_op") or "")),
    )
    for item in te_halen:
        opgehaald, nieuw = haal_rapport_op(gemeente, client, uuid.UUID(str(item["id"])), OphaalWijze.OPDRACHT, item)
        if nieuw:
            resultaat.opgehaald.append(opgehaald)
        else:
            resultaat.al_opgehaald += 1
    return resultaat


def haal_rapport_op(
    gemeente: Organisatie,
    client: HubClient,
    rapport_id: uuid.UUID,
    wijze: str,
    gegevens: dict[str, Any] | None = None,
) -> tuple[OpgehaaldRapport, bool]:
    """Download and import one report unless it was fetched before; (the record, whether it is new).

    Raises HubFout when the hub cannot be reached; then nothing is recorded and a later run tries again.
    """
    eerder = OpgehaaldRapport.objects.filter(gemeente=gemeente, rapport=rapport_id).first()
    if eerder is not None:
        return eerder, False
    gegevens = gegevens or {}
    inhoud = client.download(rapport_id)
    bestandsnaam = str(gegevens.get("bestandsnaam") or f"signaalrapport-{rapport_id}.csv")[:255]
    try:
        with transaction.atomic():
            opgehaald = OpgehaaldRapport(
                gemeente=gemeente,
                rapport=rapport_id,
                bestandsnaam=bestandsnaam,
                publicatiedatum=parse_date(str(gegevens.get("publicatiedatum") or "")),
                opgehaald_op=timezone.now(),
                wijze=wijze,
            )
            try:
                resultaat = importeer_signaalrapport(gemeente, inhoud, bestandsnaam, Bron.HUB)
            except SignaalimportGeweigerd as weigering:
                opgehaald.status = OphaalStatus.GEWEIGERD
                opgehaald.melding = weigering.melding
            else:
                opgehaald.status = OphaalStatus.AL_INGELEZEN if resultaat.herhaald else OphaalStatus.INGELEZEN
                opgehaald.signaalimport = resultaat.signaalimport.uuid
            opgehaald.save()
    except IntegrityError:
        # Fetched at the same moment by the webhook or another run: that one counts.
        return OpgehaaldRapport.objects.get(gemeente=gemeente, rapport=rapport_id), False
    return opgehaald, True


# --- the webhook ----------------------------------------------------------------------------------


class WebhookGeweigerd(Exception):
    """The message is not accepted: 401 for anything about authenticity, 400/413 for its form."""

    def __init__(self, status_code: int, reden: str) -> None:
        super().__init__(reden)
        self.status_code = status_code
        self.reden = reden


@dataclass(frozen=True)
class WebhookBericht:
    gemeente: Organisatie
    rapport: uuid.UUID | None
    gegevens: dict[str, Any]
    herhaald: bool  # the same message id was accepted before (a retry of the hub)


def ontvang_webhook(headers: dict[str, str], body: bytes, *, nu: float | None = None) -> WebhookBericht:
    """Check a webhook message of the hub and record it; raises WebhookGeweigerd.

    The gemeente is read from ``data.gemeentecode`` and the message is then checked with that
    gemeente's secret: a message that does not verify tells nothing. A timestamp more than five
    minutes off, or a message id and timestamp seen before (a replay), is refused.
    """
    if len(body) > MAX_WEBHOOK_BYTES:
        raise WebhookGeweigerd(413, "Het bericht is te groot.")
    bericht_id = headers.get("webhook-id", "")
    handtekeningen = headers.get("webhook-signature", "")
    if not bericht_id or not handtekeningen or len(bericht_id) > 100:
        raise WebhookGeweigerd(401, "Het bericht is niet ondertekend.")
    tijdstip = tijdstip_geldig(headers.get("webhook-timestamp", ""), time.time() if nu is None else nu)
    if tijdstip is None:
        raise WebhookGeweigerd(401, "Het tijdstip van het bericht ontbreekt of is te oud.")
    try:
        event = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise WebhookGeweigerd(401, "De handtekening klopt niet.") from None
    data = event.get("data") if isinstance(event, dict) else None
    gemeentecode = data.get("gemeentecode") if isinstance(data, dict) else None
    koppeling = (
        GemeenteKoppeling.objects.select_related("gemeente")
        .filter(gemeente__gemeentecode=gemeentecode, gemeente__type=OrganisatieType.GEMEENTE)
        .exclude(webhook_geheim="")
        .first()
        if isinstance(gemeentecode, str)
        else None
    )
    if koppeling is None or not handtekening_klopt(
        koppeling.webhook_geheim, bericht_id, tijdstip, body, handtekeningen
    ):
        raise WebhookGeweigerd(401, "De handtekening klopt niet.")
    assert isinstance(event, dict) and isinstance(data, dict)
    rapport = _uuid(event.get("subject")) if event.get("type") == EVENT_TYPE else None
    herhaald = WebhookOntvangst.objects.filter(gemeente=koppeling.gemeente, bericht_id=bericht_id).exists()
    try:
        with transaction.atomic():
            WebhookOntvangst.objects.create(
                gemeente=koppeling.gemeente,
                bericht_id=bericht_id,
                tijdstip=tijdstip,
                ontvangen_op=timezone.now(),
                rapport=rapport,
            )
    except IntegrityError:
        raise WebhookGeweigerd(401, "Dit bericht is al eerder ontvangen (herhaling).") from None
    gegevens = {"bestandsnaam": data.get("bestandsnaam"), "publicatiedatum": data.get("publicatiedatum")}
    return WebhookBericht(koppeling.gemeente, rapport, gegevens, herhaald)


def _uuid(waarde: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(waarde)) if waarde else None
    except ValueError:
        return None
