"""Filtering and sorting of monitor rows, shared by the portal page, its CSV export and the API."""

from collections.abc import Callable, Mapping
from typing import Any

from django.utils import timezone

from vangnet.domain.aanlevermonitor import PRIORITEIT
from vangnet.hub.dkd.monitor import MonitorRij, monitor_rijen
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.models import Organisatie
from vangnet.organisations.scoping import Caller, scope


def _status_volgorde(rij: MonitorRij) -> int:
    return PRIORITEIT.index(rij.beoordeling.status)


SORTEERSLEUTELS: dict[str, Callable[[MonitorRij], Any]] = {
    "gemeente": lambda r: r.naam.lower(),
    "code": lambda r: r.gemeentecode,
    "provincie": lambda r: (r.provincie, r.naam.lower()),
    "methode": lambda r: (r.methode, r.naam.lower()),
    "status": lambda r: (_status_volgorde(r), r.naam.lower()),
    "laatste_aanlevering": lambda r: r.laatste_aanlevering.timestamp() if r.laatste_aanlevering else float("-inf"),
    "afkeurpercentage": lambda r: r.afkeurpercentage,
    "verwijsindex": lambda r: r.verwijsindex_aantal,
}


def filter_en_sorteer(rijen: list[MonitorRij], params: Mapping[str, str]) -> list[MonitorRij]:
    status = params.get("status", "")
    methode = params.get("methode", "")
    provincie = params.get("provincie", "")
    zoek = params.get("q", "").strip().lower()
    gefilterd = [
        r
        for r in rijen
        if (not status or r.status == status)
        and (not methode or r.methode == methode)
        and (not provincie or r.provincie == provincie)
        and (not zoek or zoek in r.naam.lower() or zoek in r.gemeentecode.lower())
    ]
    sorteer = params.get("sorteer", "status")
    omgekeerd = sorteer.startswith("-")
    sleutel = SORTEERSLEUTELS.get(sorteer.lstrip("-"), SORTEERSLEUTELS["status"])
    return sorted(gefilterd, key=sleutel, reverse=omgekeerd)


def monitor_voor(caller: Caller, params: Mapping[str, str]) -> list[MonitorRij]:
    """The hub sees every gemeente; a gemeente only its own row."""
    gemeenten = scope(Organisatie.objects.filter(type=OrganisatieType.GEMEENTE), caller, hub_sees_all=True)
    rijen = monitor_rijen(gemeenten.order_by("naam"), timezone.now())
    return filter_en_sorteer(rijen, params)
