"""The history of the verwijsindex a webservice gemeente hands the hub: one row per message."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vangnet.hub.constants import AanleveringStatus, Cluster
from vangnet.organisations.models import ApiSleutel, Gebruiker, Organisatie


class LeveringSoort(models.TextChoices):
    VOLLEDIG = "volledig", _("Volledige vervanging")
    MUTATIE = "mutatie", _("Mutaties")


class LeveringKanaal(models.TextChoices):
    JSON = "json", _("JSON-API")
    SOAP = "soap", _("SOAP (IBVerwijsindex-v0300)")


class VerwijsindexLevering(models.Model):
    """One verwijsindex message of a webservice gemeente: processed (verwerkt) or refused as a whole (geweigerd).

    ``aantal_voor`` and ``aantal_na`` are the size of the gemeente's whole verwijsindex for the
    cluster (its webservice entries plus any batch persons still there) before and after the
    message; the aanlevermonitor compares them for a full replacement. ``afgekeurd`` lists the
    rejected entries: ``{"lijst", "positie", "bsn", "reden"}`` with the position counted from 1
    within its list.
    """

    organisatie_field = "gemeente_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    gemeente = models.ForeignKey(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="verwijsindex_leveringen",
        limit_choices_to={"type": "gemeente"},
    )
    cluster = models.CharField(_("cluster"), max_length=20, choices=Cluster.choices, default=Cluster.REINTEGRATIE)
    soort = models.CharField(_("soort"), max_length=10, choices=LeveringSoort.choices)
    kanaal = models.CharField(_("kanaal"), max_length=10, choices=LeveringKanaal.choices)
    status = models.CharField(_("status"), max_length=10, choices=AanleveringStatus.choices)
    volgnummer = models.PositiveIntegerField(_("volgnummer"), null=True, blank=True)
    bericht_id = models.CharField(
        _("bericht-id"), max_length=200, blank=True, help_text=_("Bij SOAP: de wsa:MessageID van het bericht.")
    )
    inhoud_sha256 = models.CharField(_("SHA-256 van de inhoud"), max_length=64, blank=True)
    ontvangen_op = models.DateTimeField(_("ontvangen op"))
    verwerkt_op = models.DateTimeField(_("verwerkt op"), null=True, blank=True)
    ingediend_door = models.ForeignKey(
        Gebruiker, verbose_name=_("ingediend door"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    api_sleutel = models.ForeignKey(
        ApiSleutel,
        verbose_name=_("API-sleutel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    aantal_in_bericht = models.PositiveIntegerField(_("BSN's in het bericht"), default=0)
    aantal_toegevoegd = models.PositiveIntegerField(_("toegevoegd"), default=0)
    aantal_verwijderd = models.PositiveIntegerField(_("verwijderd"), default=0)
    aantal_afgekeurd = models.PositiveIntegerField(_("afgekeurd"), default=0)
    aantal_voor = models.PositiveIntegerField(_("omvang van de verwijsindex ervoor"), default=0)
    aantal_na = models.PositiveIntegerField(_("omvang van de verwijsindex erna"), default=0)
    batch_vervangen = models.PositiveIntegerField(
        _("personen uit het verzamelbestand vervangen"),
        default=0,
        help_text=_("Bij de eerste volledige vervanging na een overstap: de personen uit het laatste verzamelbestand."),
    )
    afgekeurd = models.JSONField(_("afgekeurde BSN's"), default=list, blank=True)
    fout_code = models.CharField(_("foutcode"), max_length=40, blank=True)
    fout_melding = models.TextField(_("reden van weigering"), blank=True)

    class Meta:
        verbose_name = _("verwijsindexlevering")
        verbose_name_plural = _("verwijsindexleveringen")
        ordering = ["-ontvangen_op", "-id"]
        indexes = [models.Index(fields=["gemeente", "cluster", "status", "-ontvangen_op"])]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "cluster", "volgnummer"],
                condition=Q(status=AanleveringStatus.VERWERKT, volgnummer__isnull=False),
                name="verwijsindexlevering_uniek_volgnummer",
            ),
            models.UniqueConstraint(
                fields=["gemeente", "cluster", "bericht_id"],
                condition=Q(status=AanleveringStatus.VERWERKT) & ~Q(bericht_id=""),
                name="verwijsindexlevering_uniek_bericht_id",
            ),
        ]

    def __str__(self) -> str:
        kenmerk = self.volgnummer if self.volgnummer is not None else self.bericht_id or "?"
        return f"{self.gemeente_id} {self.soort} #{kenmerk} ({self.status})"
