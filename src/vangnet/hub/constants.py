from django.db import models
from django.utils.translation import gettext_lazy as _


class Cluster(models.TextChoices):
    REINTEGRATIE = "Reintegratie", _("Re-integratie")


class Aanlevermethode(models.TextChoices):
    VERZAMELBESTAND = "verzamelbestand", _("Verzamelbestand (batch)")
    WEBSERVICE = "webservice", _("Webservice")


class Frequentie(models.TextChoices):
    WEKELIJKS = "wekelijks", _("Wekelijks")
    MAANDELIJKS = "maandelijks", _("Maandelijks")


class Bronsoort(models.TextChoices):
    BATCH = "batch", _("Verzamelbestand")
    WEBSERVICE = "webservice", _("Webservice")


class Kanaal(models.TextChoices):
    API = "api", _("API")
    PORTAAL = "portaal", _("Portaal")
    CLI = "cli", _("Opdrachtregel")


class AanleveringStatus(models.TextChoices):
    VERWERKT = "verwerkt", _("Verwerkt")
    GEWEIGERD = "geweigerd", _("Geweigerd")


class Uitkomst(models.TextChoices):
    """Outcome of one call of the hub to a gemeente webservice."""

    OK = "ok", _("Antwoord")
    NIETS_GEVONDEN = "niets_gevonden", _("Niets gevonden")
    TIMEOUT = "timeout", _("Time-out")
    GEWEIGERD = "geweigerd", _("Verbinding geweigerd")
    ONGELDIG_ANTWOORD = "ongeldig_antwoord", _("Ongeldig antwoord")
    FOUT = "fout", _("Fout")


SUPPORTED_BERICHTVERSIES = ("GSDDossierReintegratie-v0200",)


class MeldingType(models.TextChoices):
    ZIEK_UIT_DIENST = "ziek_uit_dienst", _("Ziek uit dienst")
    EINDE_UITKERING = "einde_uitkering", _("Einde uitkering")


class RedenEindeUitkering(models.TextChoices):
    BETERMELDING = "betermelding", _("Betermelding")
    WERKHERVATTING = "werkhervatting", _("Werkhervatting")
    MAXIMUMDUUR = "maximumduur", _("Einde wachttijd (104 weken)")
    OVERLIJDEN = "overlijden", _("Overlijden")
    ANDERS = "anders", _("Andere reden")


class LksBetaald(models.TextChoices):
    JA = "ja", _("Ja")
    NEE = "nee", _("Nee")
    ONBEKEND = "onbekend", _("Onbekend")


class WebhookStatus(models.TextChoices):
    WACHTEND = "wachtend", _("Wachtend")
    AFGELEVERD = "afgeleverd", _("Afgeleverd")
    MISLUKT = "mislukt", _("Mislukt")
