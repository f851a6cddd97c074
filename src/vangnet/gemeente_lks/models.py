"""The gemeente's LKS register and its traffic with the hub.

Every model names its owning gemeente in ``organisatie_field`` (vangnet.organisations.scoping).
The register: ``LksPersoon`` and ``Werkgever`` per gemeente, ``LksPeriode`` per decision, and
``LksTaak`` for what needs doing (an employer reported an LKS employee sick). With the hub:
``GemeenteKoppeling`` (address, API key and webhook secret: secrets, admin only), ``DkdLevering``
(each delivery attempt), ``OpgehaaldRapport`` (each signaalrapport fetched) and
``WebhookOntvangst`` (each webhook message accepted, against replays).
"""

import uuid
from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vangnet.gemeente_lks.constants import (
    Kanaal,
    LeveringStatus,
    OphaalStatus,
    OphaalWijze,
    TaakSoort,
    TaakStatus,
)
from vangnet.organisations.models import Gebruiker, Organisatie


def _gemeente(related_name: str) -> "models.ForeignKey[Organisatie]":
    return models.ForeignKey(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name=related_name,
        limit_choices_to={"type": "gemeente"},
    )


def _gebruiker() -> "models.ForeignKey[Gebruiker | None]":
    return models.ForeignKey(
        Gebruiker, verbose_name=_("door"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )


class LksPersoon(models.Model):
    """A person the gemeente pays (or paid) loonkostensubsidie for."""

    organisatie_field = "gemeente_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    gemeente = _gemeente("lks_personen")
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
    gemeente = _gemeente("lks_werkgevers")
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
    gemeente = _gemeente("lks_taken")
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
    afgehandeld_door = _gebruiker()
    aangemaakt_door = _gebruiker()
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
    gemeente = _gemeente("lks_importen")
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 van de inhoud"), max_length=64)
    codering = models.CharField(_("tekencodering"), max_length=20, blank=True)
    scheidingsteken = models.CharField(_("scheidingsteken"), max_length=2, blank=True)
    ontvangen_op = models.DateTimeField(_("ontvangen op"))
    door = _gebruiker()
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
    gemeente = _gemeente("dkd_leveringen")
    gestart_op = models.DateTimeField(_("gestart op"))
    afgerond_op = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    kanaal = models.CharField(_("kanaal"), max_length=10, choices=Kanaal.choices)
    door = _gebruiker()
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

    gemeente = _gemeente("opgehaalde_rapporten")
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

    gemeente = _gemeente("webhook_ontvangsten")
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
