"""Pushing the gemeente's verwijsindex to the hub, for a gemeente that answers through its own webservice.

A gemeente whose DKD-instelling at the hub says ``webservice`` keeps its data at home and tells
the hub which BSNs it holds: every person of the register with a current or recent LKS period
(one that has not ended, or ended at most ``VERWIJSTERMIJN`` ago: longer than the LKS-toets's
two-year window, so a switch from the verzamelbestand loses nobody the toets can still ask
about). The hub's ``PUT /api/v1/dkd/verwijsindex`` replaces the whole index in one transaction;
its volgnummer is the next one after the highest the hub lists for the gemeente, so every push
is new. An empty index is not sent unless ``leeg_toestaan``: it would make everyone invisible.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.gemeente.koppeling.hubclient import HubClient, HubFout, foutmelding
from vangnet.gemeente.register.models import LksPersoon
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.models import Organisatie

VERWIJSTERMIJN: Final = timedelta(days=3 * 366)
"""How long after its end an LKS period keeps its person in the verwijsindex."""


class VerwijsindexNietMogelijk(Exception):
    pass


@dataclass
class VerwijsindexResultaat:
    """What the push did: the volgnummer used, the BSNs sent and the hub's answer (or why nothing was sent)."""

    volgnummer: int | None = None
    aantal_bsns: int = 0
    http_status: int | None = None
    verstuurd: bool = False
    geslaagd: bool = False
    melding: str = ""
    hub: dict[str, Any] = field(default_factory=dict)


def verwijsindex_bsns(gemeente: Organisatie, vandaag: date | None = None) -> list[str]:
    """The BSNs of the register with an LKS period that runs or ended at most VERWIJSTERMIJN ago, sorted."""
    grens = (vandaag or timezone.localdate()) - VERWIJSTERMIJN
    return list(
        LksPersoon.objects.filter(gemeente=gemeente)
        .filter(Q(perioden__begin__isnull=False) & (Q(perioden__einde__isnull=True) | Q(perioden__einde__gte=grens)))
        .values_list("bsn", flat=True)
        .distinct()
        .order_by("bsn")
    )


def lever_verwijsindex_aan(
    gemeente: Organisatie,
    *,
    client: HubClient | None = None,
    vandaag: date | None = None,
    leeg_toestaan: bool = False,
) -> VerwijsindexResultaat:
    """Send the gemeente's full verwijsindex to the hub with the next volgnummer; never raises for the hub."""
    if gemeente.type != OrganisatieType.GEMEENTE or not gemeente.gemeentecode:
        raise VerwijsindexNietMogelijk(_("Alleen een gemeente levert een verwijsindex aan."))
    bsns = verwijsindex_bsns(gemeente, vandaag)
    resultaat = VerwijsindexResultaat(aantal_bsns=len(bsns))
    if not bsns and not leeg_toestaan:
        resultaat.melding = _(
            "Het register heeft geen personen met een lopende of recente LKS-periode; een lege verwijsindex zou "
            "iedereen onvindbaar maken en is niet verstuurd."
        )
        return resultaat
    eigen_client = client is None
    try:
        client = client or HubClient.voor(gemeente)
        resultaat.volgnummer = client.laatste_verwijsindex_volgnummer() + 1
        antwoord = client.vervang_verwijsindex(resultaat.volgnummer, bsns)
    except HubFout as fout:
        resultaat.http_status = fout.status_code
        resultaat.melding = fout.melding
        return resultaat
    finally:
        if eigen_client and client is not None:
            client.close()
    resultaat.verstuurd = True
    resultaat.http_status = antwoord.status_code
    resultaat.hub = antwoord.body
    if antwoord.status_code == 200:
        resultaat.geslaagd = True
        if antwoord.body.get("herhaald"):
            resultaat.melding = _("De hub had dit volgnummer al verwerkt en gaf het eerste resultaat terug.")
    else:
        resultaat.melding = foutmelding(antwoord.status_code, antwoord.body)
    return resultaat
