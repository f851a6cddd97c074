"""The gemeente's records: imported signaalrapporten, dossiers, their sickness periods and tasks.

Every model names its owning gemeente in ``organisatie_field`` (vangnet.organisations.scoping).
A dossier is never deleted: einde uitkering moves it to "begeleiding naar werk". The parts of the
dossier (tasks, documents, contactmomenten, interventions, the medical compartment) hang off
``Dossier`` with a foreign key of their own, scoped through ``dossier__gemeente_id``. A dossier the
gemeente assigned to a leverancier is shared with it: ``gedeeld_met_field`` names that organisation.

The re-integration file holds no diagnosis or complaints (Autoriteit Persoonsgegevens): medical
notes live only in ``MedischeNotitie``, which views, API and exports show in full to holders of the
machtiging ``medisch`` alone.
"""

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Self

from django.core.files.storage import Storage, storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vangnet.domain.dossierplan import MAX_EVALUATIE_INTERVAL_WEKEN, Evaluatieafspraak, Voortgang
from vangnet.domain.interventies import MAX_UREN, MAX_UURTARIEF, kosten
from vangnet.domain.poortwachter import WEKEN_TUSSEN_EVALUATIES, Onderbreking
from vangnet.gemeente.dossiers.constants import (
    Bron,
    DocumentSoort,
    DossierStatus,
    InterventieSoort,
    InterventieStatus,
    Kanaal,
    TaakStatus,
    Verantwoordelijke,
)
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
    leverancier = models.ForeignKey(
        Organisatie,
        verbose_name=_("leverancier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="toegewezen_dossiers",
        limit_choices_to={"type": "leverancier"},
        help_text=_("De arbodienst of het re-integratiebedrijf dat de gemeente dit dossier heeft toegewezen."),
    )
    leverancier_sinds = models.DateTimeField(_("leverancier toegewezen op"), null=True, blank=True)

    objects = DossierQuerySet.as_manager()
    gedeeld_met_field = "leverancier_id"

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
            models.Index(fields=["leverancier", "status"]),
        ]

    def __str__(self) -> str:
        return f"Dossier {self.uuid}"

    def voortgang(self) -> Voortgang:
        """What the gemeente has done so far, from its completed tasks: what later deadlines depend on."""
        gedaan = [
            taak
            for taak in self.taken.filter(status=TaakStatus.GEDAAN, gedaan_op__isnull=False).order_by("gedaan_op", "id")
            if taak.verantwoordelijke == Verantwoordelijke.GEMEENTE
        ]
        probleemanalyse = next((t for t in reversed(gedaan) if t.stap == "probleemanalyse"), None)
        plan = next((t for t in reversed(gedaan) if t.stap == "plan_van_aanpak"), None)
        afspraken = []
        for taak in gedaan:
            if taak.stap == "plan_van_aanpak" and taak is not plan:
                continue
            if taak.stap == "plan_van_aanpak" or taak.evaluatie_interval_weken or taak.evaluatiedata:
                assert taak.gedaan_op is not None
                afspraken.append(
                    Evaluatieafspraak(
                        vanaf=taak.gedaan_op,
                        interval_weken=taak.evaluatie_interval_weken or WEKEN_TUSSEN_EVALUATIES,
                        data=tuple(date.fromisoformat(d) for d in taak.evaluatiedata),
                    )
                )
        return Voortgang(
            probleemanalyse_op=probleemanalyse.gedaan_op if probleemanalyse else None,
            terugkeer_mogelijk=probleemanalyse is None or probleemanalyse.terugkeer_mogelijk is not False,
            plan_van_aanpak_op=plan.gedaan_op if plan else None,
            evaluatieafspraken=tuple(afspraken),
            einde_uitkering=self.datum_einde_uitkering,
        )

    def totale_kosten(self) -> Decimal:
        """The costs of every intervention of the dossier (hours times rate, in cents)."""
        return sum((i.kosten for i in self.interventies.all()), Decimal("0.00"))

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
    gedeeld_met_field = "dossier__leverancier_id"

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
    gedeeld_met_field = "dossier__leverancier_id"

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
    # What completing the task recorded (vangnet.domain.dossierplan.AFRONDING says what each step asks).
    gedaan_door = models.ForeignKey(
        Gebruiker, verbose_name=_("afgerond door"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gedaan_vastgelegd_op = models.DateTimeField(_("afronding vastgelegd op"), null=True, blank=True)
    document = models.ForeignKey(
        "Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="taken",
        help_text=_("Het document dat de stap vastlegt (probleemanalyse, plan van aanpak, ...)."),
    )
    verslag = models.TextField(
        _("verslag"),
        blank=True,
        help_text=_("Evaluatie of herijking: activiteiten, doelen, afspraken. Geen diagnose of klachten."),
    )
    terugkeer_mogelijk = models.BooleanField(
        _("terugkeer naar arbeid mogelijk"),
        null=True,
        blank=True,
        help_text=_("Probleemanalyse: zijn er mogelijkheden om terug te keren naar arbeid (art. 5 lid 1)?"),
    )
    evaluatie_interval_weken = models.PositiveSmallIntegerField(
        _("evaluatie om de zoveel weken"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_EVALUATIE_INTERVAL_WEKEN)],
        help_text=_("Plan van aanpak of bijstelling bij een herijking: de afgesproken evaluatiemomenten."),
    )
    evaluatiedata = models.JSONField(
        _("evaluatiedata"), default=list, blank=True, help_text=_("Met name genoemde evaluatiemomenten (ISO-datums).")
    )

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


class Termijnwijziging(models.Model):
    """A deadline moved with a written motivation (Regeling procesgang vangnetters art. 7); never deleted."""

    organisatie_field = "taak__dossier__gemeente_id"
    gedeeld_met_field = "taak__dossier__leverancier_id"

    taak = models.ForeignKey(Taak, verbose_name=_("taak"), on_delete=models.PROTECT, related_name="wijzigingen")
    oud_uiterlijk = models.DateField(_("oude termijn"))
    nieuw_uiterlijk = models.DateField(_("nieuwe termijn"))
    motivatie = models.TextField(_("motivatie"))
    overleg_met_vangnetter = models.BooleanField(
        _("overlegd met de vangnetter"), default=False, help_text=_("Art. 7: afwijken na overleg met de vangnetter.")
    )
    door = models.ForeignKey(
        Gebruiker, verbose_name=_("door"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    op = models.DateTimeField(_("vastgelegd op"))

    class Meta:
        verbose_name = _("termijnwijziging")
        verbose_name_plural = _("termijnwijzigingen")
        ordering = ["-op", "-id"]

    def __str__(self) -> str:
        return f"{self.taak_id}: {self.oud_uiterlijk.isoformat()} -> {self.nieuw_uiterlijk.isoformat()}"


def documenten_opslag() -> Storage:
    """Dossier documents live in their own storage (settings.STORAGES["documenten"]), never under a public URL."""
    return storages["documenten"]


def documentpad(document: "Document", bestandsnaam: str) -> str:
    """A path without the person's name or BSN: the dossier's and the document's uuid."""
    return f"dossiers/{document.dossier.uuid}/{document.uuid}"


class Document(models.Model):
    """A typed document of the dossier, uploaded by a user; served only through a permission-checked view."""

    organisatie_field = "dossier__gemeente_id"
    gedeeld_met_field = "dossier__leverancier_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="documenten")
    soort = models.CharField(_("soort"), max_length=40, choices=DocumentSoort.choices)
    bestand = models.FileField(_("bestand"), storage=documenten_opslag, upload_to=documentpad, max_length=200)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=200)
    mime = models.CharField(_("MIME-type"), max_length=100)
    grootte = models.PositiveIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)
    geupload_door = models.ForeignKey(
        Gebruiker, verbose_name=_("geüpload door"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    geupload_op = models.DateTimeField(_("geüpload op"))

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["-geupload_op", "-id"]
        indexes = [models.Index(fields=["dossier", "soort"])]

    def __str__(self) -> str:
        return f"{self.get_soort_display()}: {self.bestandsnaam}"


class Contactmoment(models.Model):
    """A contact about the vangnetter's re-integration (Inspectie SZW: contacts were too few)."""

    organisatie_field = "dossier__gemeente_id"
    gedeeld_met_field = "dossier__leverancier_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="contactmomenten"
    )
    datum = models.DateField(_("datum"))
    kanaal = models.CharField(_("kanaal"), max_length=20, choices=Kanaal.choices)
    met_wie = models.CharField(_("met wie"), max_length=200)
    samenvatting = models.TextField(
        _("samenvatting"), help_text=_("Wat is besproken en afgesproken. Geen diagnose of klachten.")
    )
    vastgelegd_door = models.ForeignKey(
        Gebruiker, verbose_name=_("vastgelegd door"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"))

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["-datum", "-id"]
        indexes = [models.Index(fields=["dossier", "-datum"])]

    def __str__(self) -> str:
        return f"{self.get_kanaal_display()} {self.datum.isoformat()}"


class Interventie(models.Model):
    """A re-integration intervention bought for the vangnetter: supplier, hours and hourly rate."""

    organisatie_field = "dossier__gemeente_id"
    gedeeld_met_field = "dossier__leverancier_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="interventies"
    )
    soort = models.CharField(_("soort"), max_length=40, choices=InterventieSoort.choices)
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)
    leverancier = models.ForeignKey(
        Organisatie,
        verbose_name=_("leverancier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"type": "leverancier"},
    )
    leverancier_naam = models.CharField(
        _("leverancier (naam)"),
        max_length=200,
        blank=True,
        help_text=_("Een leverancier die geen organisatie in vangnet is."),
    )
    uren = models.DecimalField(
        _("uren"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_UREN)],
    )
    uurtarief = models.DecimalField(
        _("uurtarief (EUR, excl. btw)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_UURTARIEF)],
    )
    begindatum = models.DateField(_("begindatum"))
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InterventieStatus.choices, default=InterventieStatus.GEPLAND
    )
    vastgelegd_door = models.ForeignKey(
        Gebruiker, verbose_name=_("vastgelegd door"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"))
    gewijzigd_door = models.ForeignKey(
        Gebruiker, verbose_name=_("gewijzigd door"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("interventie")
        verbose_name_plural = _("interventies")
        ordering = ["begindatum", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=F("begindatum")),
                name="interventie_einde_na_begin",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} ({self.begindatum.isoformat()})"

    @property
    def kosten(self) -> Decimal:
        return kosten(self.uren, self.uurtarief)

    @property
    def leverancier_weergave(self) -> str:
        return self.leverancier.naam if self.leverancier is not None else self.leverancier_naam


class MedischeNotitie(models.Model):
    """The medical compartment: readable only with the machtiging ``medisch``; others see count and dates."""

    organisatie_field = "dossier__gemeente_id"
    gedeeld_met_field = "dossier__leverancier_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="medische_notities"
    )
    datum = models.DateField(_("datum"))
    tekst = models.TextField(_("notitie"))
    auteur = models.ForeignKey(
        Gebruiker, verbose_name=_("auteur"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"))

    class Meta:
        verbose_name = _("medische notitie")
        verbose_name_plural = _("medische notities")
        ordering = ["-datum", "-id"]

    def __str__(self) -> str:
        return f"Medische notitie {self.uuid}"

    def __repr__(self) -> str:
        return f"<MedischeNotitie {self.uuid}>"


class Doorverwijzing(models.Model):
    """The dossier forwarded to the woongemeente through the hub (``POST /api/v1/doorverwijzingen``).

    Shared with the receiving gemeente (``gedeeld_met_field``): it sees who forwarded whom, when and
    why — not the forwarding gemeente's dossier. Never deleted.
    """

    organisatie_field = "dossier__gemeente_id"
    gedeeld_met_field = "naar_gemeente_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="doorverwijzingen"
    )
    naar_gemeente = models.ForeignKey(
        Organisatie,
        verbose_name=_("naar gemeente"),
        on_delete=models.PROTECT,
        related_name="ontvangen_doorverwijzingen",
        limit_choices_to={"type": "gemeente"},
    )
    reden = models.TextField(_("reden"), help_text=_("Bijvoorbeeld: de vangnetter woont in deze gemeente."))
    door = models.ForeignKey(
        Gebruiker, verbose_name=_("door"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    op = models.DateTimeField(_("doorverwezen op"))
    hub_kenmerk = models.CharField(_("kenmerk bij de hub"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")
        ordering = ["-op", "-id"]

    def __str__(self) -> str:
        return f"{self.dossier_id} -> {self.naar_gemeente_id} ({self.op:%d-%m-%Y})"
