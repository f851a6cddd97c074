"""The gemeente's records: imported signaalrapporten, dossiers, their sickness periods and tasks.

Every model names its owning gemeente in ``organisatie_field`` (vangnet.organisations.scoping).
A dossier is never deleted: einde uitkering moves it to "begeleiding naar werk". Later parts of
the dossier (documents, contactmomenten, interventions, the medical compartment) hang off
``Dossier`` with a foreign key of their own, scoped through ``dossier__gemeente_id`` like ``Taak``.
"""

import uuid
from datetime import date, timedelta
from typing import Self

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vangnet.domain.poortwachter import Onderbreking
from vangnet.gemeente.constants import Bron, DossierStatus, TaakStatus, Verantwoordelijke
from vangnet.organisations.models import ApiSleutel, Gebruiker, Organisatie


class Signaalimport(models.Model):
    """One signaalrapport read by the gemeente. The same content again is the same import (its hash)."""

    organisatie_field = "gemeente_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    gemeente = models.ForeignKey(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="signaalimporten",
        limit_choices_to={"type": "gemeente"},
    )
    bron = models.CharField(_("bron"), max_length=10, choices=Bron.choices)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 van de inhoud"), max_length=64)
    grootte = models.PositiveIntegerField(_("grootte (bytes)"), default=0)
    codering = models.CharField(_("tekencodering"), max_length=20, blank=True)
    scheidingsteken = models.CharField(_("scheidingsteken"), max_length=2, blank=True)
    ontvangen_op = models.DateTimeField(_("ontvangen op"))
    door = models.ForeignKey(
        Gebruiker, verbose_name=_("door"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    api_sleutel = models.ForeignKey(
        ApiSleutel, verbose_name=_("API-sleutel"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aantal_regels = models.PositiveIntegerField(_("regels"), default=0, help_text=_("Gelezen regels, zonder de kop."))
    aantal_nieuwe_dossiers = models.PositiveIntegerField(_("nieuwe dossiers"), default=0)
    aantal_heropend = models.PositiveIntegerField(_("heropende dossiers"), default=0)
    aantal_gesloten = models.PositiveIntegerField(_("uitkering beëindigd"), default=0)
    aantal_al_bekend = models.PositiveIntegerField(_("al bekend"), default=0)
    aantal_fouten = models.PositiveIntegerField(_("regels met een fout"), default=0)
    fouten = models.JSONField(
        _("fouten per regel"), default=list, blank=True, help_text=_("Lijst van {regel, kolom, reden}.")
    )

    class Meta:
        verbose_name = _("signaalimport")
        verbose_name_plural = _("signaalimporten")
        ordering = ["-ontvangen_op"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "sha256"], name="een_import_per_inhoud")]

    def __str__(self) -> str:
        return f"{self.bestandsnaam or self.uuid} ({self.gemeente})"

    @property
    def scheidingsteken_naam(self) -> str:
        return {";": "puntkomma", ",": "komma", "\t": "tab"}.get(self.scheidingsteken, self.scheidingsteken)

    @property
    def codering_naam(self) -> str:
        namen = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 met BOM", "utf-16": "UTF-16", "cp1252": "Windows-1252"}
        return namen.get(self.codering, self.codering)


class DossierQuerySet(models.QuerySet["Dossier"]):
    def met_volgende_taak(self, vandaag: date) -> Self:
        """Adds the first open task (omschrijving, uiterlijk) and the number of late tasks."""
        open_taken = Taak.objects.filter(dossier=OuterRef("pk"), status=TaakStatus.OPEN).order_by("uiterlijk", "id")
        te_laat = (
            Taak.objects.filter(dossier=OuterRef("pk"), status=TaakStatus.OPEN, uiterlijk__lt=vandaag)
            .order_by()
            .values("dossier")
            .annotate(aantal=Count("id"))
            .values("aantal")
        )
        return self.annotate(
            volgende_taak=Subquery(open_taken.values("omschrijving")[:1]),
            volgende_uiterlijk=Subquery(open_taken.values("uiterlijk")[:1]),
            aantal_te_laat=Coalesce(Subquery(te_laat), Value(0)),
        )

    def met_te_late_taken(self, vandaag: date) -> Self:
        return self.filter(Exists(Taak.objects.te_laat(vandaag).filter(dossier=OuterRef("pk"))))


class Dossier(models.Model):
    """A vangnetter's case at the gemeente, opened by a ziek-uit-dienst signal.

    The dates are those of the first sickness period (a relapse within 4 weeks is a further
    ``Ziekteperiode`` of the same dossier); ``datum_einde_uitkering`` is that of the last period,
    empty while the Ziektewet benefit runs.
    """

    organisatie_field = "gemeente_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    gemeente = models.ForeignKey(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        limit_choices_to={"type": "gemeente"},
    )
    bsn = models.CharField(_("BSN"), max_length=9)
    datum_einde_arbeidsverhouding = models.DateField(
        _("datum einde arbeidsverhouding"), help_text=_("De overname: vanaf deze datum is de gemeente aan zet.")
    )
    datum_eerste_ao_dag = models.DateField(_("datum eerste AO-dag"))
    datum_einde_uitkering = models.DateField(_("datum einde uitkering"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=30, choices=DossierStatus.choices, default=DossierStatus.UITKERING
    )
    casemanager = models.ForeignKey(
        Gebruiker,
        verbose_name=_("casemanager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dossiers",
    )
    geopend_op = models.DateTimeField(_("geopend op"))
    bron = models.ForeignKey(
        Signaalimport,
        verbose_name=_("geopend door import"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="geopende_dossiers",
    )

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-geopend_op", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "bsn", "datum_eerste_ao_dag"], name="een_dossier_per_eerste_ao_dag"
            ),
            models.UniqueConstraint(
                fields=["gemeente", "bsn"],
                condition=Q(status=DossierStatus.UITKERING),
                name="een_lopende_uitkering_per_persoon",
            ),
        ]
        indexes = [
            models.Index(fields=["gemeente", "status", "-geopend_op"]),
            models.Index(fields=["gemeente", "bsn"]),
        ]

    def __str__(self) -> str:
        return f"Dossier {self.uuid}"

    def onderbrekingen(self) -> list[Onderbreking]:
        """The recoveries between the dossier's sickness periods (each less than 4 weeks)."""
        return onderbrekingen_tussen(list(self.ziekteperiodes.order_by("eerste_ao_dag")))


def onderbrekingen_tussen(periodes: list["Ziekteperiode"]) -> list[Onderbreking]:
    """Fit from the day after a period's einde uitkering to the day before the next eerste AO-dag."""
    resultaat = []
    for vorige, volgende in zip(periodes, periodes[1:], strict=False):
        if vorige.datum_einde_uitkering is None:
            continue
        begin = vorige.datum_einde_uitkering + timedelta(days=1)
        einde = volgende.eerste_ao_dag - timedelta(days=1)
        if begin <= einde:
            resultaat.append(Onderbreking(begin, einde))
    return resultaat


class Ziekteperiode(models.Model):
    """One ziek-uit-dienst signal of a dossier; a relapse within 4 weeks adds one (the periods add up)."""

    organisatie_field = "dossier__gemeente_id"

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="ziekteperiodes"
    )
    eerste_ao_dag = models.DateField(_("eerste AO-dag"))
    datum_einde_arbeidsverhouding = models.DateField(_("datum einde arbeidsverhouding"), null=True, blank=True)
    datum_einde_uitkering = models.DateField(_("datum einde uitkering"), null=True, blank=True)
    geopend_door = models.ForeignKey(
        Signaalimport,
        verbose_name=_("geopend door import"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    gesloten_door = models.ForeignKey(
        Signaalimport,
        verbose_name=_("gesloten door import"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ziekteperiode")
        verbose_name_plural = _("ziekteperiodes")
        ordering = ["dossier", "eerste_ao_dag"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "eerste_ao_dag"], name="een_periode_per_eerste_ao_dag")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: vanaf {self.eerste_ao_dag.isoformat()}"


class TaakQuerySet(models.QuerySet["Taak"]):
    def te_laat(self, vandaag: date) -> Self:
        return self.filter(status=TaakStatus.OPEN, uiterlijk__lt=vandaag)

    def met_actuele_status(self, vandaag: date) -> Self:
        """Adds ``status_vandaag``: te_laat for an open task past its deadline, else the stored status."""
        return self.annotate(
            status_vandaag=models.Case(
                models.When(status=TaakStatus.OPEN, uiterlijk__lt=vandaag, then=Value(TaakStatus.TE_LAAT.value)),
                default=F("status"),
                output_field=models.CharField(),
            )
        )


class Taak(models.Model):
    """A Poortwachter step of a dossier, from vangnet.domain.poortwachter, with its deadline and status."""

    organisatie_field = "dossier__gemeente_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="taken")
    stap = models.CharField(_("stap"), max_length=40, help_text=_("Code uit vangnet.domain.poortwachter.STAPPEN."))
    volgnummer = models.PositiveSmallIntegerField(
        _("volgnummer"), default=1, help_text=_("De hoeveelste taak met deze stap (evaluaties: 1, 2, ...).")
    )
    week = models.PositiveSmallIntegerField(_("ziekteweek"), null=True, blank=True)
    omschrijving = models.CharField(_("omschrijving"), max_length=200)
    grondslag = models.CharField(_("grondslag"), max_length=200, blank=True)
    uiterlijk = models.DateField(_("uiterlijk"))
    oorspronkelijk_uiterlijk = models.DateField(
        _("oorspronkelijk uiterlijk"),
        null=True,
        blank=True,
        help_text=_("De termijn volgens de tijdlijn, als die is verschoven (onverwijld of met motivatie)."),
    )
    verantwoordelijke = models.CharField(_("verantwoordelijke"), max_length=20, choices=Verantwoordelijke.choices)
    status = models.CharField(_("status"), max_length=20, choices=TaakStatus.choices, default=TaakStatus.OPEN)
    gedaan_op = models.DateField(_("gedaan op"), null=True, blank=True)
    motivatie_afwijking = models.TextField(
        _("motivatie afwijking"),
        blank=True,
        help_text=_("Waarom van de termijn is afgeweken (Regeling procesgang vangnetters art. 7)."),
    )
    toelichting = models.TextField(_("toelichting"), blank=True)

    objects = TaakQuerySet.as_manager()

    class Meta:
        verbose_name = _("taak")
        verbose_name_plural = _("taken")
        ordering = ["dossier", "uiterlijk", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "stap", "volgnummer"], name="een_taak_per_stap_en_volgnummer"),
            models.CheckConstraint(condition=~Q(status=TaakStatus.TE_LAAT), name="te_laat_wordt_niet_opgeslagen"),
        ]
        indexes = [
            models.Index(fields=["dossier", "status", "uiterlijk"]),
            models.Index(fields=["status", "uiterlijk"]),
        ]

    def __str__(self) -> str:
        return f"{self.omschrijving} uiterlijk {self.uiterlijk.isoformat()}"

    def status_op(self, vandaag: date) -> str:
        if self.status == TaakStatus.OPEN and self.uiterlijk < vandaag:
            return TaakStatus.TE_LAAT.value
        return str(self.status)

    @property
    def actuele_status(self) -> str:
        """The status today (Europe/Amsterdam): an open task past its deadline is te_laat."""
        return self.status_op(timezone.localdate())

    @property
    def actuele_status_label(self) -> str:
        return str(TaakStatus(self.actuele_status).label)
