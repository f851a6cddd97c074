"""The gemeente's LKS register.

Every model names its owning gemeente in ``organisatie_field`` (vangnet.organisations.scoping):
``LksPersoon`` and ``Werkgever`` per gemeente, ``LksPeriode`` per decision, ``LksTaak`` for what
needs doing (an employer reported an LKS employee sick) and ``LksImport`` per CSV import. The
traffic with the hub is vangnet.gemeente.koppeling's.
"""

import uuid
from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vangnet.gemeente.register.constants import Kanaal, TaakSoort, TaakStatus
from vangnet.organisations.models import Gebruiker, Organisatie


def gemeente_veld(related_name: str) -> "models.ForeignKey[Organisatie]":
    return models.ForeignKey(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name=related_name,
        limit_choices_to={"type": "gemeente"},
    )


def gebruiker_veld() -> "models.ForeignKey[Gebruiker | None]":
    return models.ForeignKey(
        Gebruiker, verbose_name=_("door"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )


class LksPersoon(models.Model):
    """A person the gemeente pays (or paid) loonkostensubsidie for."""

    organisatie_field = "gemeente_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    gemeente = gemeente_veld("lks_personen")
    bsn = models.CharField(_("BSN"), max_length=9)
    voornamen = models.CharField(_("voornamen"), max_length=200, blank=True)
    voorletters = models.CharField(_("voorletters"), max_length=6, blank=True, help_text=_("Zonder punten: JP."))
    voorvoegsel = models.CharField(_("voorvoegsel"), max_length=10, blank=True)
    achternaam = models.CharField(_("achternaam"), max_length=200)
    geboortedatum = models.DateField(_("geboortedatum"), null=True, blank=True)
    straat = models.CharField(_("straat"), max_length=200, blank=True)
    huisnummer = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    huisnummertoevoeging = models.CharField(_("toevoeging"), max_length=6, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    woonplaats = models.CharField(_("woonplaats"), max_length=200, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("persoon met LKS")
        verbose_name_plural = _("personen met LKS")
        ordering = ["achternaam", "voorletters", "id"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "bsn"], name="lks_een_persoon_per_bsn")]

    def __str__(self) -> str:
        return self.naam

    @property
    def naam(self) -> str:
        delen = [self.voorletters and ".".join(self.voorletters) + ".", self.voorvoegsel, self.achternaam]
        return " ".join(deel for deel in delen if deel)

    @property
    def adres(self) -> str:
        huis = f"{self.huisnummer or ''}{self.huisnummertoevoeging}".strip()
        regel1 = " ".join(deel for deel in (self.straat, huis) if deel)
        regel2 = " ".join(deel for deel in (self.postcode, self.woonplaats) if deel)
        return ", ".join(deel for deel in (regel1, regel2) if deel)


class Werkgever(models.Model):
    """An employer of LKS persons, known by its loonheffingennummer."""

    organisatie_field = "gemeente_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    gemeente = gemeente_veld("lks_werkgevers")
    naam = models.CharField(_("naam"), max_length=200)
    loonheffingennummer = models.CharField(
        _("loonheffingennummer"), max_length=12, help_text=_("Negen cijfers, L en twee cijfers: 123456782L01.")
    )
    contactpersoon = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("werkgever")
        verbose_name_plural = _("werkgevers")
        ordering = ["naam", "id"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "loonheffingennummer"], name="lks_een_werkgever_per_lhnr")
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.loonheffingennummer})"


class LksPeriode(models.Model):
    """One LKS decision: a person at an employer from begin to einde (None: still running)."""

    organisatie_field = "persoon__gemeente_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    persoon = models.ForeignKey(
        LksPersoon, verbose_name=_("persoon"), on_delete=models.CASCADE, related_name="perioden"
    )
    werkgever = models.ForeignKey(
        Werkgever, verbose_name=_("werkgever"), on_delete=models.PROTECT, related_name="perioden"
    )
    begin = models.DateField(_("begindatum"))
    einde = models.DateField(_("einddatum"), null=True, blank=True, help_text=_("Leeg: de LKS loopt nog."))
    loonwaarde = models.DecimalField(
        _("loonwaarde (%)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("De loonwaarde in procenten van het wettelijk minimumloon, boven 0 en onder 100."),
    )
    beschikkingsnummer = models.CharField(_("beschikkingsnummer"), max_length=15, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("LKS-periode")
        verbose_name_plural = _("LKS-perioden")
        ordering = ["persoon", "begin"]
        constraints = [
            models.UniqueConstraint(fields=["persoon", "begin"], name="lks_een_periode_per_begin"),
            models.CheckConstraint(
                name="lks_einde_niet_voor_begin", condition=Q(einde__isnull=True) | Q(einde__gte=models.F("begin"))
            ),
            models.CheckConstraint(
                name="lks_loonwaarde_tussen_0_en_100", condition=Q(loonwaarde__gt=0, loonwaarde__lt=100)
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.persoon} {self.begin:%d-%m-%Y}–{self.einde:%d-%m-%Y}"
            if self.einde
            else f"{self.persoon} {self.begin:%d-%m-%Y}–"
        )

    def loopt_op(self, datum: date) -> bool:
        return self.begin <= datum and (self.einde is None or self.einde >= datum)


class LksTaakQuerySet(models.QuerySet["LksTaak"]):
    def open(self) -> "LksTaakQuerySet":
        return self.filter(status=TaakStatus.OPEN)


class LksTaak(models.Model):
    """Something the register's keeper must do by a date; now: LKS tijdig stopzetten / herzien after a sick report."""

    organisatie_field = "gemeente_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    gemeente = gemeente_veld("lks_taken")
    soort = models.CharField(_("soort"), max_length=20, choices=TaakSoort.choices, default=TaakSoort.LKS_HERZIEN)
    persoon = models.ForeignKey(LksPersoon, verbose_name=_("persoon"), on_delete=models.CASCADE, related_name="taken")
    periode = models.ForeignKey(
        LksPeriode, verbose_name=_("LKS-periode"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    werkgever = models.ForeignKey(
        Werkgever, verbose_name=_("gemeld door werkgever"), on_delete=models.PROTECT, related_name="ziekmeldingen"
    )
    eerste_ziektedag = models.DateField(_("eerste ziektedag"))
    gemeld_op = models.DateField(_("gemeld op"))
    kanaal = models.CharField(_("kanaal"), max_length=10, choices=Kanaal.choices)
    uiterlijk = models.DateField(_("uiterlijk"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=[(TaakStatus.OPEN, TaakStatus.OPEN.label), (TaakStatus.GEDAAN, TaakStatus.GEDAAN.label)],
        default=TaakStatus.OPEN,
    )
    toelichting = models.TextField(
        _("toelichting"), blank=True, help_text=_("Wat is er besloten (gestopt, herzien, doorgelopen)?")
    )
    afgehandeld_op = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    afgehandeld_door = gebruiker_veld()
    aangemaakt_door = gebruiker_veld()
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = LksTaakQuerySet.as_manager()

    class Meta:
        verbose_name = _("LKS-taak")
        verbose_name_plural = _("LKS-taken")
        ordering = ["uiterlijk", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["persoon", "soort", "eerste_ziektedag"], name="lks_een_taak_per_ziekmelding"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} ({self.persoon}, uiterlijk {self.uiterlijk:%d-%m-%Y})"

    def status_op(self, vandaag: date) -> str:
        if self.status == TaakStatus.OPEN and self.uiterlijk < vandaag:
            return TaakStatus.TE_LAAT
        return self.status


class LksImport(models.Model):
    """One CSV file read into the register, with its counts and row errors."""

    organisatie_field = "gemeente_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    gemeente = gemeente_veld("lks_importen")
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 van de inhoud"), max_length=64)
    codering = models.CharField(_("tekencodering"), max_length=20, blank=True)
    scheidingsteken = models.CharField(_("scheidingsteken"), max_length=2, blank=True)
    ontvangen_op = models.DateTimeField(_("ontvangen op"))
    door = gebruiker_veld()
    aantal_regels = models.PositiveIntegerField(_("regels"), default=0)
    aantal_nieuw = models.PositiveIntegerField(_("nieuwe LKS-perioden"), default=0)
    aantal_bijgewerkt = models.PositiveIntegerField(_("bijgewerkte LKS-perioden"), default=0)
    aantal_ongewijzigd = models.PositiveIntegerField(_("ongewijzigd"), default=0)
    aantal_fouten = models.PositiveIntegerField(_("regels met een fout"), default=0)
    fouten = models.JSONField(
        _("fouten per regel"), default=list, blank=True, help_text=_("Lijst van {regel, kolom, reden}.")
    )

    class Meta:
        verbose_name = _("LKS-import")
        verbose_name_plural = _("LKS-importen")
        ordering = ["-ontvangen_op", "-id"]

    def __str__(self) -> str:
        return f"{self.bestandsnaam or self.uuid} ({self.gemeente})"

    @property
    def scheidingsteken_naam(self) -> str:
        return {";": "puntkomma", ",": "komma", "\t": "tab"}.get(self.scheidingsteken, self.scheidingsteken)
