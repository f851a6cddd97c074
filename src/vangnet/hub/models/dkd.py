"""DKD at the hub: deliveries, the current LKS data per gemeente, verwijsindex and settings."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vangnet.hub.constants import (
    SUPPORTED_BERICHTVERSIES,
    AanleveringStatus,
    Aanlevermethode,
    Bronsoort,
    Cluster,
    Frequentie,
    Kanaal,
    Uitkomst,
)
from vangnet.organisations.models import ApiSleutel, Gebruiker, Organisatie


def _gemeente(related_name: str) -> models.ForeignKey[Organisatie]:
    return models.ForeignKey(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name=related_name,
        limit_choices_to={"type": "gemeente"},
    )


# The bulk tables (a row per person or provision, a million per delivery) are written only by
# the ingest service, which sets these keys itself. A database constraint would cost a lookup
# per row (on PostgreSQL all of them at commit) and an index of its own; the composite indexes
# below start with these columns instead.
def _bulk_gemeente() -> models.ForeignKey[Organisatie]:
    return models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )


def _bulk_aanlevering() -> "models.ForeignKey[DkdAanlevering]":
    return models.ForeignKey(
        DkdAanlevering, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )


class DkdAanlevering(models.Model):
    """One delivery attempt of a verzamelbestand: accepted (verwerkt) or refused as a whole (geweigerd)."""

    organisatie_field = "gemeente_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    gemeente = _gemeente("dkd_aanleveringen")
    cluster = models.CharField(_("cluster"), max_length=20, choices=Cluster.choices, default=Cluster.REINTEGRATIE)
    kanaal = models.CharField(_("kanaal"), max_length=10, choices=Kanaal.choices)
    status = models.CharField(_("status"), max_length=10, choices=AanleveringStatus.choices)
    volgnummer = models.PositiveIntegerField(_("volgnummer"), null=True, blank=True)
    aanmaakdatum = models.DateField(_("aanmaakdatum"), null=True, blank=True)
    berichtversie = models.CharField(_("berichtversie"), max_length=40, blank=True)
    bestand_sha256 = models.CharField(_("SHA-256 van het bestand"), max_length=64, blank=True)
    bestandsgrootte = models.BigIntegerField(_("bestandsgrootte (bytes)"), default=0)
    ontvangen_op = models.DateTimeField(_("ontvangen op"))
    verwerkt_op = models.DateTimeField(_("verwerkt op"), null=True, blank=True)
    ingediend_door = models.ForeignKey(
        Gebruiker, verbose_name=_("ingediend door"), on_delete=models.SET_NULL, null=True, blank=True
    )
    api_sleutel = models.ForeignKey(
        ApiSleutel, verbose_name=_("API-sleutel"), on_delete=models.SET_NULL, null=True, blank=True
    )
    aantal_personen = models.PositiveIntegerField(_("personen in het bestand"), default=0)
    aantal_geaccepteerd = models.PositiveIntegerField(_("personen geaccepteerd"), default=0)
    aantal_afgekeurd = models.PositiveIntegerField(_("personen afgekeurd"), default=0)
    aantal_voorzieningen = models.PositiveIntegerField(_("voorzieningen geaccepteerd"), default=0)
    fout_code = models.CharField(_("foutcode"), max_length=40, blank=True)
    fout_melding = models.TextField(_("reden van weigering"), blank=True)

    class Meta:
        verbose_name = _("DKD-aanlevering")
        verbose_name_plural = _("DKD-aanleveringen")
        ordering = ["-ontvangen_op"]
        indexes = [models.Index(fields=["gemeente", "cluster", "status", "-ontvangen_op"])]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "cluster", "volgnummer"],
                condition=Q(status=AanleveringStatus.VERWERKT),
                name="een_verwerkte_aanlevering_per_volgnummer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.gemeente} #{self.volgnummer or '?'} ({self.get_status_display()})"

    @property
    def afkeurpercentage(self) -> float:
        return 100.0 * self.aantal_afgekeurd / self.aantal_personen if self.aantal_personen else 0.0


class AfgekeurdRecord(models.Model):
    """One rejected person record of a delivery: the terugmelding is the list of these."""

    organisatie_field = "aanlevering__gemeente_id"

    aanlevering = models.ForeignKey(
        DkdAanlevering, verbose_name=_("aanlevering"), on_delete=models.CASCADE, related_name="afgekeurde_records"
    )
    positie = models.PositiveIntegerField(_("positie in het bestand"))
    bsn = models.CharField(_("BSN zoals aangeleverd"), max_length=40, blank=True)
    veld = models.CharField(_("veld"), max_length=200)
    reden = models.TextField(_("reden"))

    class Meta:
        verbose_name = _("afgekeurd record")
        verbose_name_plural = _("afgekeurde records")
        ordering = ["aanlevering", "positie"]
        indexes = [models.Index(fields=["aanlevering", "positie"])]

    def __str__(self) -> str:
        return f"{self.aanlevering_id} #{self.positie}: {self.veld}"


class _DkdRij(models.Model):
    """What every row of a delivery's current data has: whose, from which delivery, where in the file."""

    organisatie_field = "gemeente_id"

    gemeente = _bulk_gemeente()
    cluster = models.CharField(_("cluster"), max_length=20, choices=Cluster.choices)
    aanlevering = _bulk_aanlevering()
    positie = models.PositiveIntegerField(_("positie in het bestand"))
    bsn = models.CharField(_("BSN"), max_length=9)

    class Meta:
        abstract = True


class DkdPersoon(_DkdRij):
    """A person in the current accepted delivery of a batch gemeente (the ClientSuwi of the file)."""

    voornamen = models.CharField(_("voornamen"), max_length=200, blank=True)
    voorletters = models.CharField(_("voorletters"), max_length=6, blank=True)
    voorvoegsel = models.CharField(_("voorvoegsel"), max_length=10, blank=True)
    achternaam = models.CharField(_("achternaam"), max_length=200, blank=True)
    geslacht = models.CharField(_("geslacht"), max_length=1, blank=True)
    geboortedat = models.CharField(_("geboortedatum (EEJJMMDD)"), max_length=8, blank=True)
    bron_kolom = models.PositiveSmallIntegerField(_("bron: kolom"), null=True, blank=True)
    bron_partij = models.CharField(_("bron: partij"), max_length=4, blank=True)
    bron_vestiging = models.CharField(_("bron: vestiging"), max_length=4, blank=True)
    relaties = models.JSONField(_("arbeidsrelaties"), default=list)

    class Meta:
        verbose_name = _("DKD-persoon")
        verbose_name_plural = _("DKD-personen")
        indexes = [
            models.Index(fields=["bsn"]),
            models.Index(fields=["aanlevering", "bsn", "positie"]),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente_id} #{self.positie}"


class DkdVoorziening(_DkdRij):
    """A re-integration provision (ReIntegratievoorziening) of a person; is_lks marks loonkostensubsidie."""

    relatie = models.PositiveSmallIntegerField(_("arbeidsrelatie (index)"))
    registratienr = models.CharField(_("registratienummer"), max_length=15, blank=True)
    begin = models.DateField(_("begindatum"))
    einde = models.DateField(_("einddatum"), null=True, blank=True)
    cd_type = models.CharField(_("type voorziening"), max_length=2, blank=True)
    omschrijving = models.CharField(_("omschrijving"), max_length=100, blank=True)
    perc_loonwaarde = models.CharField(_("loonwaarde t.o.v. WML"), max_length=6, blank=True)
    is_lks = models.BooleanField(_("loonkostensubsidie"), default=False)

    class Meta:
        verbose_name = _("DKD-voorziening")
        verbose_name_plural = _("DKD-voorzieningen")
        indexes = [models.Index(fields=["aanlevering", "bsn", "positie"])]

    def __str__(self) -> str:
        return f"{self.gemeente_id} #{self.positie} {self.begin:%d-%m-%Y}"


class Verwijsindex(models.Model):
    """The verwijsindex entries a webservice gemeente hands the hub: it holds DKD data on this BSN.

    For a batch gemeente the persons of its current delivery (DkdPersoon) are its entries;
    copying a million of them here per delivery would double the cost of storing it.
    ``vangnet.hub.dkd.verwijsindex`` answers for both sources.
    """

    organisatie_field = "gemeente_id"

    bsn = models.CharField(_("BSN"), max_length=9)
    gemeente = _bulk_gemeente()
    cluster = models.CharField(_("cluster"), max_length=20, choices=Cluster.choices)
    bron = models.CharField(_("bron"), max_length=12, choices=Bronsoort.choices)
    aanlevering = models.ForeignKey(
        DkdAanlevering,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    bijgewerkt_op = models.DateTimeField(_("bijgewerkt op"))

    class Meta:
        verbose_name = _("verwijsindex")
        verbose_name_plural = _("verwijsindex")
        constraints = [
            models.UniqueConstraint(fields=["bsn", "gemeente", "cluster"], name="verwijsindex_uniek_per_gemeente")
        ]
        indexes = [models.Index(fields=["gemeente", "cluster"])]

    def __str__(self) -> str:
        return f"{self.gemeente_id} {self.cluster} ({self.bron})"


class DkdInstelling(models.Model):
    """How a gemeente delivers for a cluster: by batch file or by webservice, and how often."""

    organisatie_field = "gemeente_id"

    gemeente = _gemeente("dkd_instellingen")
    cluster = models.CharField(_("cluster"), max_length=20, choices=Cluster.choices, default=Cluster.REINTEGRATIE)
    aanlevermethode = models.CharField(
        _("aanlevermethode"), max_length=20, choices=Aanlevermethode.choices, default=Aanlevermethode.VERZAMELBESTAND
    )
    berichtversie = models.CharField(
        _("berichtversie"),
        max_length=40,
        choices=[(v, v) for v in SUPPORTED_BERICHTVERSIES],
        default=SUPPORTED_BERICHTVERSIES[0],
    )
    endpoint_url = models.URLField(
        _("URL van de webservice"), blank=True, help_text=_("Alleen bij aanlevermethode webservice; https verplicht.")
    )
    frequentie = models.CharField(
        _("aanleverfrequentie"), max_length=12, choices=Frequentie.choices, default=Frequentie.WEKELIJKS
    )
    bijgewerkt_op = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    bijgewerkt_door = models.ForeignKey(Gebruiker, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("DKD-instelling")
        verbose_name_plural = _("DKD-instellingen")
        constraints = [models.UniqueConstraint(fields=["gemeente", "cluster"], name="een_instelling_per_cluster")]

    def __str__(self) -> str:
        return f"{self.gemeente}: {self.get_aanlevermethode_display()}"


class WebserviceAanroep(models.Model):
    """One call of the hub to a gemeente's DKD webservice: its outcome and latency, for the monitor."""

    organisatie_field = "gemeente_id"

    gemeente = _gemeente("+")
    tijdstip = models.DateTimeField(_("tijdstip"))
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=Uitkomst.choices)
    duur_ms = models.PositiveIntegerField(_("duur (ms)"))
    melding = models.CharField(_("melding"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("webservice-aanroep")
        verbose_name_plural = _("webservice-aanroepen")
        indexes = [models.Index(fields=["gemeente", "-tijdstip"])]

    def __str__(self) -> str:
        return f"{self.gemeente_id} {self.tijdstip:%d-%m-%Y %H:%M}: {self.uitkomst}"
