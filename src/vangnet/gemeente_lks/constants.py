from django.db import models
from django.utils.translation import gettext_lazy as _


class LeveringStatus(models.TextChoices):
    """How a delivery attempt of the register to the hub ended."""

    GEACCEPTEERD = "geaccepteerd", _("Geaccepteerd door de hub")
    HERHAALD = "herhaald", _("Al eerder verwerkt (zelfde volgnummer)")
    GEWEIGERD = "geweigerd", _("Geweigerd door de hub")
    MISLUKT = "mislukt", _("Niet verstuurd of geen antwoord")
    ALLEEN_BESTAND = "alleen_bestand", _("Alleen bestand gemaakt")


class Kanaal(models.TextChoices):
    PORTAAL = "portaal", _("Portaal")
    CLI = "cli", _("Opdrachtregel")
    API = "api", _("API")


class TaakStatus(models.TextChoices):
    """`te_laat` is never stored: an open task past its uiterlijk, worked out on the day asked."""

    OPEN = "open", _("Open")
    GEDAAN = "gedaan", _("Gedaan")
    TE_LAAT = "te_laat", _("Te laat")


class TaakSoort(models.TextChoices):
    LKS_HERZIEN = "lks_herzien", _("LKS tijdig stopzetten / herzien")


class OphaalStatus(models.TextChoices):
    INGELEZEN = "ingelezen", _("Ingelezen")
    AL_INGELEZEN = "al_ingelezen", _("Was al ingelezen")
    GEWEIGERD = "geweigerd", _("Niet ingelezen (bestandsfout)")


class OphaalWijze(models.TextChoices):
    OPDRACHT = "opdracht", _("Ophaalopdracht")
    WEBHOOK = "webhook", _("Webhook van de hub")
