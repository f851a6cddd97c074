"""DKD-instellingen per gemeente and cluster: read with defaults, changed only here."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from vangnet.hub.constants import SUPPORTED_BERICHTVERSIES, Aanlevermethode, Cluster, Frequentie
from vangnet.hub.models import DkdInstelling
from vangnet.organisations.models import Gebruiker, Organisatie


class InstellingFout(ValueError):
    def __init__(self, veld: str, melding: str) -> None:
        super().__init__(melding)
        self.veld = veld
        self.melding = melding


def instelling_van(gemeente: Organisatie, cluster: str = Cluster.REINTEGRATIE) -> DkdInstelling:
    """The stored settings, or the defaults (batch, weekly, current version) when none were saved."""
    gevonden = DkdInstelling.objects.filter(gemeente=gemeente, cluster=cluster).first()
    return gevonden or DkdInstelling(gemeente=gemeente, cluster=cluster)


def controleer_instelling(aanlevermethode: str, berichtversie: str, endpoint_url: str, frequentie: str) -> None:
    if aanlevermethode not in Aanlevermethode.values:
        raise InstellingFout("aanlevermethode", _("Kies verzamelbestand of webservice."))
    if berichtversie not in SUPPORTED_BERICHTVERSIES:
        raise InstellingFout(
            "berichtversie",
            _("Berichtversie %(versie)s wordt niet ondersteund; kies %(ok)s.")
            % {"versie": berichtversie, "ok": ", ".join(SUPPORTED_BERICHTVERSIES)},
        )
    if frequentie not in Frequentie.values:
        raise InstellingFout("frequentie", _("Kies wekelijks of maandelijks."))
    if aanlevermethode == Aanlevermethode.WEBSERVICE:
        if not endpoint_url:
            raise InstellingFout(
                "endpoint_url", _("Bij aanlevermethode webservice is de URL van de webservice verplicht.")
            )
        schema = urlsplit(endpoint_url).scheme
        if settings.VANGNET_WEBSERVICE_HTTPS_VERPLICHT and schema != "https":
            raise InstellingFout("endpoint_url", _("De webservice moet via https bereikbaar zijn (tweezijdig TLS)."))
        if schema not in {"http", "https"}:
            raise InstellingFout("endpoint_url", _("Geef een http- of https-adres."))


@transaction.atomic
def wijzig_instelling(
    gemeente: Organisatie,
    *,
    aanlevermethode: str,
    berichtversie: str,
    endpoint_url: str,
    frequentie: str,
    door: Gebruiker | None = None,
    cluster: str = Cluster.REINTEGRATIE,
) -> DkdInstelling:
    controleer_instelling(aanlevermethode, berichtversie, endpoint_url, frequentie)
    instelling, _created = DkdInstelling.objects.update_or_create(
        gemeente=gemeente,
        cluster=cluster,
        defaults={
            "aanlevermethode": aanlevermethode,
            "berichtversie": berichtversie,
            "endpoint_url": endpoint_url if aanlevermethode == Aanlevermethode.WEBSERVICE else "",
            "frequentie": frequentie,
            "bijgewerkt_door": door,
        },
    )
    return instelling
