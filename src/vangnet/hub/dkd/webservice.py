"""The hub asking a webservice gemeente for a person's LKS periods, and recording how that went.

The transport (SOAP GSDReintegratieInfo) is a client class named by the setting
``VANGNET_DKD_WEBSERVICE_CLIENT``; it receives the gemeente's DKD-instelling and a BSN and
answers with a :class:`WebserviceAntwoord`. Every call is recorded as a WebserviceAanroep
(outcome and latency, never the BSN), which feeds the aanlevermonitor's ``onbereikbaar``.
"""

import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from vangnet.domain.lks import LksPeriode
from vangnet.hub.constants import Aanlevermethode, Cluster, Uitkomst
from vangnet.hub.models import DkdInstelling, WebserviceAanroep

GESLAAGD = frozenset({Uitkomst.OK, Uitkomst.NIETS_GEVONDEN})


@dataclass(frozen=True)
class WebserviceAntwoord:
    uitkomst: Uitkomst
    perioden: tuple[LksPeriode, ...] = ()
    melding: str = ""

    @property
    def geslaagd(self) -> bool:
        return self.uitkomst in GESLAAGD


class DkdWebserviceClient(Protocol):
    def vraag(self, instelling: DkdInstelling, bsn: str) -> WebserviceAntwoord: ...


class GeenClient:
    """Used until a transport is configured: every call fails, so the toets answers ``onbekend``."""

    def vraag(self, instelling: DkdInstelling, bsn: str) -> WebserviceAntwoord:
        return WebserviceAntwoord(Uitkomst.FOUT, melding=_("Er is geen webserviceclient ingesteld."))


def client() -> DkdWebserviceClient:
    client_class = import_string(settings.VANGNET_DKD_WEBSERVICE_CLIENT)
    instance: DkdWebserviceClient = client_class()
    return instance


def opnieuw_na() -> timedelta:
    """How long to wait before asking again for a person whose gemeente did not answer."""
    return timedelta(minutes=settings.VANGNET_TOETS_OPNIEUW_MINUTEN)


def raadpleeg(gemeente_id: int, bsn: str, cluster: str = Cluster.REINTEGRATIE) -> WebserviceAntwoord:
    """Ask the gemeente's endpoint for one person; the outcome is recorded, whatever it is."""
    instelling = DkdInstelling.objects.filter(
        gemeente_id=gemeente_id, cluster=cluster, aanlevermethode=Aanlevermethode.WEBSERVICE
    ).first()
    started = time.monotonic()
    if instelling is None or not instelling.endpoint_url:
        antwoord = WebserviceAntwoord(Uitkomst.FOUT, melding=_("De gemeente heeft geen webservice-URL ingesteld."))
    else:
        try:
            antwoord = client().vraag(instelling, bsn)
        except Exception as error:  # noqa: BLE001 - a failing client must not fail the toets
            antwoord = WebserviceAntwoord(Uitkomst.FOUT, melding=type(error).__name__)
    WebserviceAanroep.objects.create(
        gemeente_id=gemeente_id,
        tijdstip=timezone.now(),
        uitkomst=antwoord.uitkomst,
        duur_ms=round((time.monotonic() - started) * 1000),
        melding=antwoord.melding[:300],
    )
    return antwoord
