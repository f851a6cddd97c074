"""The gemeente's traffic with the hub.

Every model names its owning gemeente in ``organisatie_field`` (vangnet.organisations.scoping):
``GemeenteKoppeling`` (address, API key and webhook secret: secrets, admin only), ``DkdLevering``
(each delivery attempt of the register), ``OpgehaaldRapport`` (each signaalrapport fetched) and
``WebhookOntvangst`` (each webhook message accepted, against replays).
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from vangnet.gemeente.koppeling.constants import LeveringStatus, OphaalStatus, OphaalWijze
from vangnet.gemeente.register.constants import Kanaal
from vangnet.gemeente.register.models import gebruiker_veld, gemeente_veld
from vangnet.organisations.models import Organisatie


class GemeenteKoppeling(models.Model):
    """How this gemeente reaches the hub. ``api_sleutel`` and ``webhook_geheim`` are secrets: admin only.

    Empty ``hub_url`` or ``api_sleutel`` fall back to the settings VANGNET_HUB_URL and
    VANGNET_HUB_API_KEY. ``laatste_volgnummer`` is the Volgnummer of the last verzamelbestand made.
    """

    organisatie_field = "gemeente_id"

    gemeente = models.OneToOneField(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="hub_koppeling",
        limit_choices_to={"type": "gemeente"},
    )
    hub_url = models.URLField(
        _("adres van de hub"), blank=True, help_text=_("Bijvoorbeeld https://hub.example; leeg: VANGNET_HUB_URL.")
    )
    api_sleutel = models.CharField(
        _("API-sleutel bij de hub"),
        max_length=200,
        blank=True,
        help_text=_(
            "Geheim. Een sleutel van de hub met de machtigingen dkd_aanleveren en lks_reintegratie_ophalen; "
            "leeg: VANGNET_HUB_API_KEY."
        ),
    )
    webhook_geheim = models.CharField(
        _("webhookgeheim"),
        max_length=200,
        blank=True,
        help_text=_("Geheim. Het whsec_-geheim dat de hub gaf bij het registreren van de webhook."),
    )
    laatste_volgnummer = models.PositiveIntegerField(_("laatste volgnummer"), default=0)

    class Meta:
        verbose_name = _("koppeling met de hub")
        verbose_name_plural = _("koppelingen met de hub")

    def __str__(self) -> str:
        return str(self.gemeente)


class DkdLevering(models.Model):
    """One attempt to deliver the register to the hub as a verzamelbestand."""

    organisatie_field = "gemeente_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    gemeente = gemeente_veld("dkd_leveringen")
    gestart_op = models.DateTimeField(_("gestart op"))
    afgerond_op = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    kanaal = models.CharField(_("kanaal"), max_length=10, choices=Kanaal.choices)
    door = gebruiker_veld()
    volgnummer = models.PositiveIntegerField(_("volgnummer"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=LeveringStatus.choices)
    aantal_personen = models.PositiveIntegerField(_("personen in het bestand"), default=0)
    aantal_perioden = models.PositiveIntegerField(_("LKS-perioden in het bestand"), default=0)
    bestand_sha256 = models.CharField(_("SHA-256 van het bestand"), max_length=64, blank=True)
    bestandsgrootte = models.PositiveBigIntegerField(_("bestandsgrootte (bytes)"), default=0)
    http_status = models.PositiveSmallIntegerField(_("HTTP-status van de hub"), null=True, blank=True)
    hub_aanlevering = models.UUIDField(_("aanlevering bij de hub"), null=True, blank=True)
    hub_status = models.CharField(_("status bij de hub"), max_length=20, blank=True)
    aantal_geaccepteerd = models.PositiveIntegerField(_("geaccepteerd door de hub"), null=True, blank=True)
    aantal_afgekeurd = models.PositiveIntegerField(_("afgekeurd door de hub"), null=True, blank=True)
    terugmelding_url = models.CharField(_("terugmelding"), max_length=300, blank=True)
    melding = models.TextField(_("melding"), blank=True)

    class Meta:
        verbose_name = _("DKD-levering")
        verbose_name_plural = _("DKD-leveringen")
        ordering = ["-gestart_op", "-id"]

    def __str__(self) -> str:
        return f"{self.gemeente} #{self.volgnummer or '?'} ({self.get_status_display()})"


class OpgehaaldRapport(models.Model):
    """A signaalrapport fetched from the hub and handed to the signal intake; once per report."""

    organisatie_field = "gemeente_id"

    gemeente = gemeente_veld("opgehaalde_rapporten")
    rapport = models.UUIDField(_("rapport bij de hub"))
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=255, blank=True)
    publicatiedatum = models.DateField(_("publicatiedatum"), null=True, blank=True)
    opgehaald_op = models.DateTimeField(_("opgehaald op"))
    wijze = models.CharField(_("opgehaald via"), max_length=10, choices=OphaalWijze.choices)
    status = models.CharField(_("status"), max_length=20, choices=OphaalStatus.choices)
    signaalimport = models.UUIDField(_("signaalimport"), null=True, blank=True)
    melding = models.TextField(_("melding"), blank=True)

    class Meta:
        verbose_name = _("opgehaald signaalrapport")
        verbose_name_plural = _("opgehaalde signaalrapporten")
        ordering = ["-opgehaald_op", "-id"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "rapport"], name="lks_rapport_een_keer_opgehaald")]

    def __str__(self) -> str:
        return self.bestandsnaam or str(self.rapport)


class WebhookOntvangst(models.Model):
    """A webhook message from the hub whose signature held; the same id and timestamp again is a replay."""

    organisatie_field = "gemeente_id"

    gemeente = gemeente_veld("webhook_ontvangsten")
    bericht_id = models.CharField(_("Webhook-Id"), max_length=100)
    tijdstip = models.BigIntegerField(_("Webhook-Timestamp"))
    ontvangen_op = models.DateTimeField(_("ontvangen op"))
    rapport = models.UUIDField(_("rapport bij de hub"), null=True, blank=True)

    class Meta:
        verbose_name = _("ontvangen webhookbericht")
        verbose_name_plural = _("ontvangen webhookberichten")
        ordering = ["-ontvangen_op", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "bericht_id", "tijdstip"], name="lks_webhook_een_keer")
        ]

    def __str__(self) -> str:
        return self.bericht_id
