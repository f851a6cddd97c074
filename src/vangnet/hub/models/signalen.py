"""Meldingen from UWV, the signal each creates for the responsible gemeente, and the daily reports."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vangnet.hub.constants import MeldingType, RedenEindeUitkering, WebhookStatus
from vangnet.organisations.models import ApiSleutel, Gebruiker, Organisatie


class Melding(models.Model):
    """A melding of UWV: someone fell ill out of service (opens), or their ZW benefit ended (closes).

    ``kenmerk`` is UWV's idempotency key, unique per sender. The responsible gemeente is fixed
    when the ziek-uit-dienst melding arrives; the einde-uitkering melding points at that one.
    """

    organisatie_field = "afzender_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    afzender = models.ForeignKey(
        Organisatie, verbose_name=_("afzender"), on_delete=models.PROTECT, related_name="verzonden_meldingen"
    )
    kenmerk = models.CharField(_("kenmerk"), max_length=64)
    type = models.CharField(_("type"), max_length=20, choices=MeldingType.choices)
    bsn = models.CharField(_("BSN"), max_length=9)
    gemeente = models.ForeignKey(
        Organisatie, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="ontvangen_meldingen"
    )
    datum_einde_arbeidsverhouding = models.DateField(_("datum einde arbeidsverhouding"), null=True, blank=True)
    datum_eerste_ao_dag = models.DateField(_("datum eerste AO-dag"), null=True, blank=True)
    datum_einde_uitkeringsverhouding = models.DateField(_("datum einde uitkeringsverhouding"), null=True, blank=True)
    reden = models.CharField(_("reden"), max_length=20, choices=RedenEindeUitkering.choices, blank=True)
    ziek_uit_dienst = models.OneToOneField(
        "self",
        verbose_name=_("ziek-uit-dienstmelding"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="einde_uitkering",
        help_text=_("Bij een einde-uitkeringsmelding: de melding die de uitkering opende."),
    )
    is_open = models.BooleanField(
        _("open"), default=False, help_text=_("Een ziek-uit-dienstmelding zonder einde-uitkeringsmelding.")
    )
    inhoud_sha256 = models.CharField(_("SHA-256 van de inhoud"), max_length=64)
    ontvangen_op = models.DateTimeField(_("ontvangen op"))
    api_sleutel = models.ForeignKey(ApiSleutel, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    gebruiker = models.ForeignKey(Gebruiker, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-ontvangen_op"]
        constraints = [
            models.UniqueConstraint(fields=["afzender", "kenmerk"], name="een_melding_per_kenmerk"),
            models.UniqueConstraint(fields=["bsn"], condition=Q(is_open=True), name="een_open_melding_per_bsn"),
        ]
        indexes = [models.Index(fields=["bsn", "type"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.kenmerk}"


class Signaalrapport(models.Model):
    """One published Re-integratie_signaalrapport: the CSV for one gemeente, stored whole."""

    organisatie_field = "gemeente_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    gemeente = models.ForeignKey(
        Organisatie, verbose_name=_("voor"), on_delete=models.PROTECT, related_name="signaalrapporten"
    )
    publicatiedatum = models.DateField(_("publicatiedatum"))
    gepubliceerd_op = models.DateTimeField(_("gepubliceerd op"))
    titel = models.CharField(_("titel"), max_length=200)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=200)
    inhoud = models.BinaryField(_("inhoud (CSV)"))
    aantal_signalen = models.PositiveIntegerField(_("aantal signalen"))
    verwijderd_op = models.DateTimeField(_("verwijderd op"), null=True, blank=True)
    verwijderd_door = models.ForeignKey(
        Gebruiker, verbose_name=_("verwijderd door"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("signaalrapport")
        verbose_name_plural = _("signaalrapporten")
        ordering = ["-publicatiedatum", "-gepubliceerd_op"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "bestandsnaam"], name="een_rapport_per_bestandsnaam"),
        ]
        indexes = [models.Index(fields=["gemeente", "-publicatiedatum"])]

    def __str__(self) -> str:
        return self.bestandsnaam


class Signaal(models.Model):
    """The row a melding adds to the next signaalrapport of the responsible gemeente."""

    organisatie_field = "gemeente_id"

    melding = models.OneToOneField(Melding, verbose_name=_("melding"), on_delete=models.PROTECT, related_name="signaal")
    gemeente = models.ForeignKey(Organisatie, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    bsn = models.CharField(_("BSN"), max_length=9)
    datum_einde_uitkeringsverhouding = models.DateField(_("datum einde uitkeringsverhouding"), null=True, blank=True)
    datum_einde_arbeidsverhouding = models.DateField(_("datum einde arbeidsverhouding"), null=True, blank=True)
    datum_eerste_ao_dag = models.DateField(_("datum eerste AO-dag"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"))
    # No database constraint: only the publication links signals, to the reports it writes in the
    # same transaction, and reports are never deleted. A deferred check of each linked signal at
    # commit took a fifth of the publication's time on PostgreSQL.
    rapport = models.ForeignKey(
        Signaalrapport,
        verbose_name=_("signaalrapport"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signalen",
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["aangemaakt_op", "id"]
        indexes = [
            models.Index(fields=["gemeente", "aangemaakt_op"], condition=Q(rapport=None), name="signaal_ongepubliceerd")
        ]

    def __str__(self) -> str:
        return f"{self.gemeente_id} {self.aangemaakt_op:%d-%m-%Y}"


class RapportDownload(models.Model):
    """Who downloaded which signaalrapport when: the audit trail of every download."""

    organisatie_field = "rapport__gemeente_id"

    rapport = models.ForeignKey(
        Signaalrapport, verbose_name=_("signaalrapport"), on_delete=models.PROTECT, related_name="downloads"
    )
    tijdstip = models.DateTimeField(_("tijdstip"))
    kanaal = models.CharField(_("kanaal"), max_length=10)
    gebruiker = models.ForeignKey(Gebruiker, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    api_sleutel = models.ForeignKey(ApiSleutel, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("download van een signaalrapport")
        verbose_name_plural = _("downloads van signaalrapporten")
        ordering = ["-tijdstip"]

    def __str__(self) -> str:
        return f"{self.rapport_id} {self.tijdstip:%d-%m-%Y %H:%M}"


class Webhook(models.Model):
    """A URL a gemeente registered to receive a CloudEvent for every report published for it."""

    organisatie_field = "gemeente_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    gemeente = models.ForeignKey(Organisatie, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    url = models.URLField(_("URL"))
    geheim = models.CharField(_("geheim voor de handtekening"), max_length=128)
    actief = models.BooleanField(_("actief"), default=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url


class WebhookAflevering(models.Model):
    """One CloudEvent to one webhook: attempted until delivered or out of attempts."""

    organisatie_field = "webhook__gemeente_id"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="afleveringen")
    rapport = models.ForeignKey(Signaalrapport, on_delete=models.PROTECT, related_name="+")
    event_id = models.UUIDField(_("event-id"), default=uuid.uuid4, unique=True)
    status = models.CharField(_("status"), max_length=12, choices=WebhookStatus.choices, default=WebhookStatus.WACHTEND)
    pogingen = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    volgende_poging = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    laatste_fout = models.CharField(_("laatste fout"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("webhook-aflevering")
        verbose_name_plural = _("webhook-afleveringen")
        constraints = [models.UniqueConstraint(fields=["webhook", "rapport"], name="een_aflevering_per_rapport")]
        indexes = [models.Index(fields=["status", "volgende_poging"])]

    def __str__(self) -> str:
        return f"{self.webhook_id} {self.rapport_id}: {self.status}"
