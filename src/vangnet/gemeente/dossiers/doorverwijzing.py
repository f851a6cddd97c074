"""Forwarding a dossier to the woongemeente through the hub (Regeling art. 1b).

The klantmanager of the dossier's gemeente forwards it: the gemeente's hub client POSTs the
person's ziek-uit-dienst dates to the hub's ``POST /api/v1/doorverwijzingen`` (docs/gemeente.md),
the hub puts a ziek-uit-dienst row in the woongemeente's next signaalrapport, and only when the hub
accepted it is a ``Doorverwijzing`` recorded on the dossier. That record is shared with the
receiving gemeente (``gedeeld_met_field``), so both dossiers show the forwarding: the sender's on
its own dossier, the receiver's on the dossier its import opens for the same BSN.

The hub's kenmerk is ``<dossier uuid>-<gemeentecode>``: a retry after a lost answer is the same
forwarding at the hub, and one dossier is forwarded to one gemeente once.
"""

from typing import Any

import httpx

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.gemeente.dossiers.models import Doorverwijzing, Dossier
from vangnet.gemeente.dossiers.services import DossierFout, GeenToegang, mag_toewijzen
from vangnet.gemeente.koppeling.hubclient import HubClient, HubFout
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.models import Organisatie
from vangnet.organisations.scoping import Caller, scope


def hub_kenmerk(dossier: Dossier, naar: Organisatie) -> str:
    return f"{dossier.uuid}-{naar.gemeentecode}"


def verwijs_door(
    caller: Caller, dossier: Dossier, naar: Organisatie, reden: str, *, transport: httpx.BaseTransport | None = None
) -> Doorverwijzing:
    if not mag_toewijzen(caller, dossier):
        raise GeenToegang(_("Alleen de gemeente van het dossier kan het doorverwijzen."))
    if naar.type != OrganisatieType.GEMEENTE or not naar.gemeentecode:
        raise DossierFout(_("Kies een gemeente."), "naar_gemeente")
    if naar.pk == dossier.gemeente_id:
        raise DossierFout(_("Verwijs door naar een andere gemeente dan de eigen."), "naar_gemeente")
    if not reden.strip():
        raise DossierFout(_("Geef de reden van de doorverwijzing."), "reden")
    kenmerk = hub_kenmerk(dossier, naar)
    if Doorverwijzing.objects.filter(hub_kenmerk=kenmerk).exists():
        raise DossierFout(_("Dit dossier is al naar deze gemeente doorverwezen."), "naar_gemeente")
    body: dict[str, Any] = {
        "kenmerk": kenmerk,
        "bsn": dossier.bsn,
        "naar_gemeente": naar.gemeentecode,
        "datum_einde_arbeidsverhouding": dossier.datum_einde_arbeidsverhouding.isoformat(),
        "datum_eerste_ao_dag": dossier.datum_eerste_ao_dag.isoformat(),
    }
    try:
        with HubClient.voor(dossier.gemeente, transport=transport) as client:
            client.verwijs_door(body)
    except HubFout as fout:
        melding = _("De hub heeft de doorverwijzing niet aangenomen: %(fout)s") % {"fout": fout.melding}
        raise DossierFout(melding) from None
    return Doorverwijzing.objects.create(
        dossier=dossier,
        naar_gemeente=naar,
        reden=reden.strip(),
        door=caller.gebruiker,
        op=timezone.now(),
        hub_kenmerk=kenmerk,
    )


def doorverwijzingen_bij(caller: Caller, dossier: Dossier) -> QuerySet[Doorverwijzing]:
    """What the dossier page shows: this dossier's forwardings, and those to its gemeente for the same person."""
    return scope(
        Doorverwijzing.objects.filter(
            Q(dossier=dossier) | Q(naar_gemeente_id=dossier.gemeente_id, dossier__bsn=dossier.bsn)
        ).select_related("dossier__gemeente", "naar_gemeente", "door"),
        caller,
    )
