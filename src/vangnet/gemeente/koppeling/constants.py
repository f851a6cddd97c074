from django.db import models
from django.utils.translation import gettext_lazy as _


class LeveringStatus(models.TextChoices):
    """How a delivery attempt of the register to the hub ended."""

    GEACCEPTEERD = "geaccepteerd", _("Geaccepteerd door de hub")
    HERHAALD = "herhaald", _("Al eerder verwerkt (zelfde volgnummer)")
    GEWEIGERD = "geweigerd", _("Geweigerd door de hub")
    MISLUKT = "mislukt", _("Niet verstuurd of geen antwoord")
    ALLEEN_BESTAND = "alleen_bestand", _("Alleen bestand gemaakt")


class OphaalStatus(models.TextChoices):
    INGELEZEN = "ingelezen", _("Ingelezen")
    AL_INGELEZEN = "al_ingelezen", _("Was al ingelezen")
    GEWEIGERD = "geweigerd", _("Niet ingelezen (bestandsfout)")


class OphaalWijze(models.TextChoices):
    OPDRACHT = "opdracht", _("Ophaalopdracht")
    WEBHOOK = "webhook", _("Webhook van de hub")
