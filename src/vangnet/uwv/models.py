"""UWV's records: the Ziektewet claim from an employer's report, the meldingen to the hub, the letters.

UWV keeps its own copy of everything it learns from the hub (the LKS-toets outcome, the hub's
answer to each melding); it never reads the hub's tables. Every model names its owning UWV
organisation in ``organisatie_field`` (vangnet.organisations.scoping).
"""

import uuid
from datetime import date

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from vangnet.organisations.models import ApiSleutel, Gebruiker, Organisatie
from vangnet.uwv.constants import (
    Beoordeling,
    BerichtStatus,
    Brieftype,
    Bron,
    ClaimStatus,
    LksUitkomst,
    Meldingsoort,
    RedenEinde,
    Termijnsoort,
)


class Ziektewetclaim(models.Model):
    """A claim for Ziektewet benefit of someone whose employment ended while sick ("ziek uit dienst").

    The deadlines are stored as dates (computed by vangnet.domain.ziektewet when the claim is
    registered or changed), with the next one not yet met in ``volgende_termijn`` and
    ``volgende_uiterlijk``, so the worklist can filter and sort in the database.
    """

    organisatie_field = "uwv_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    uwv = models.ForeignKey(
        Organisatie,
        verbose_name=_("UWV"),
        on_delete=models.PROTECT,
        related_name="ziektewetclaims",
        limit_choices_to={"type": "uwv"},
    )
    bsn = models.CharField(_("BSN"), max_length=9, help_text=_("Van de (ex-)werknemer."))
    werkgever_naam = models.CharField(_("naam werkgever"), max_length=200)
    loonheffingennummer = models.CharField(
        _("loonheffingennummer"), max_length=12, help_text=_("Van de werkgever, bijvoorbeeld 123456782L01.")
    )
    datum_einde_arbeidsverhouding = models.DateField(_("datum einde arbeidsverhouding"))
    datum_eerste_ao_dag = models.DateField(_("eerste AO-dag"), help_text=_("Eerste dag van arbeidsongeschiktheid."))
    datum_melding = models.DateField(
        _("datum melding"), help_text=_("De dag waarop de melding van de werkgever binnenkwam.")
    )
    ontvangen_op = models.DateTimeField(_("geregistreerd op"))
    bron = models.CharField(_("bron"), max_length=10, choices=Bron.choices)
    ingevoerd_door = models.ForeignKey(
        Gebruiker, verbose_name=_("ingevoerd door"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    api_sleutel = models.ForeignKey(
        ApiSleutel, verbose_name=_("API-sleutel"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    status = models.CharField(_("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.LOPEND)
    beoordeling = models.CharField(
        _("beoordeling"), max_length=15, choices=Beoordeling.choices, default=Beoordeling.IN_BEHANDELING
    )
    beoordeling_uiterlijk = models.DateField(
        _("beslissen uiterlijk"), help_text=_("Zes weken na de melding; eenmaal te verlengen met vier weken.")
    )
    verlengd_op = models.DateField(_("verlengd op"), null=True, blank=True)
    reden_verlenging = models.TextField(_("reden verlenging"), blank=True)
    beoordeeld_op = models.DateField(_("beslist op"), null=True, blank=True)
    ezwb_uiterlijk = models.DateField(_("EZWb uiterlijk"), help_text=_("Week 52 (Ziektewet art. 19aa)."))
    ezwb_gedaan_op = models.DateField(_("EZWb gedaan op"), null=True, blank=True)
    wia_brief_uiterlijk = models.DateField(_("WIA-brief uiterlijk"), help_text=_("Week 89 (Wet WIA art. 64)."))
    einde_wachttijd = models.DateField(_("einde wachttijd"), help_text=_("Week 104: einde van de Ziektewet-uitkering."))
    datum_einde_uitkering = models.DateField(_("datum einde uitkering"), null=True, blank=True)
    reden_einde = models.CharField(_("reden einde uitkering"), max_length=20, choices=RedenEinde.choices, blank=True)
    volgende_termijn = models.CharField(_("volgende termijn"), max_length=20, choices=Termijnsoort.choices, blank=True)
    volgende_uiterlijk = models.DateField(_("volgende termijn uiterlijk"), null=True, blank=True)

    lks_betaald = models.CharField(
        _("LKS betaald"), max_length=12, choices=LksUitkomst.choices, default=LksUitkomst.TE_TOETSEN
    )
    lks_gemeentecode = models.CharField(_("gemeentecode (LKS)"), max_length=6, blank=True)
    lks_gemeentenaam = models.CharField(_("gemeente (LKS)"), max_length=100, blank=True)
    lks_reden = models.TextField(_("toelichting LKS-toets"), blank=True)
    lks_getoetst_op = models.DateTimeField(_("laatst getoetst op"), null=True, blank=True)
    lks_opnieuw_na = models.DateTimeField(
        _("opnieuw toetsen na"), null=True, blank=True, help_text=_("Bij 'onbekend' of een onbereikbare hub.")
    )
    lks_pogingen = models.PositiveIntegerField(_("pogingen LKS-toets"), default=0)

    class Meta:
        verbose_name = _("Ziektewet-claim")
        verbose_name_plural = _("Ziektewet-claims")
        ordering = ["-ontvangen_op"]
        constraints = [
            models.UniqueConstraint(fields=["uwv", "bsn", "datum_eerste_ao_dag"], name="uwv_een_claim_per_ziektegeval"),
            models.UniqueConstraint(
                fields=["uwv", "bsn"], condition=Q(status="lopend"), name="uwv_een_lopende_claim_per_bsn"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "volgende_uiterlijk"]),
            models.Index(fields=["lks_betaald", "lks_opnieuw_na"]),
        ]

    def __str__(self) -> str:
        return f"Ziektewet-claim {self.uuid}"

    @property
    def kenmerk(self) -> str:
        """The stable reference of this claim towards the hub (no BSN in it)."""
        return f"ZW-{self.uuid}"


class Hubbericht(models.Model):
    """A melding for the hub, stored before it is sent: the outbox that makes a retry send the same thing.

    ``kenmerk`` is the hub's idempotency key: a retry after a lost answer is answered with the
    first result. ``inhoud`` is the exact body, fixed when the bericht is made.
    """

    organisatie_field = "claim__uwv_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    claim = models.ForeignKey(
        Ziektewetclaim, verbose_name=_("claim"), on_delete=models.PROTECT, related_name="hubberichten"
    )
    soort = models.CharField(_("soort"), max_length=20, choices=Meldingsoort.choices)
    kenmerk = models.CharField(_("kenmerk"), max_length=64, unique=True)
    inhoud = models.JSONField(_("inhoud"), help_text=_("De body zoals die naar de hub gaat."))
    status = models.CharField(_("status"), max_length=10, choices=BerichtStatus.choices, default=BerichtStatus.WACHTEND)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"))
    pogingen = models.PositiveIntegerField(_("pogingen"), default=0)
    laatste_poging_op = models.DateTimeField(_("laatste poging"), null=True, blank=True)
    volgende_poging_op = models.DateTimeField(_("volgende poging na"), null=True, blank=True)
    verzonden_op = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    http_status = models.PositiveSmallIntegerField(_("HTTP-status van de hub"), null=True, blank=True)
    hub_id = models.UUIDField(_("id bij de hub"), null=True, blank=True)
    gemeentecode = models.CharField(_("gemeentecode"), max_length=6, blank=True)
    gemeentenaam = models.CharField(_("gemeente"), max_length=100, blank=True)
    fout = models.TextField(_("fout"), blank=True, help_text=_("Wat de hub of de verbinding meldde."))

    class Meta:
        verbose_name = _("melding aan de hub")
        verbose_name_plural = _("meldingen aan de hub")
        ordering = ["aangemaakt_op", "id"]
        constraints = [models.UniqueConstraint(fields=["claim", "soort"], name="uwv_een_bericht_per_soort")]
        indexes = [models.Index(fields=["status", "volgende_poging_op"])]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.kenmerk}"


class Brief(models.Model):
    """A letter to the (ex-)employee, stored as the HTML it was made from; the PDF is rendered from it."""

    organisatie_field = "claim__uwv_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    claim = models.ForeignKey(Ziektewetclaim, verbose_name=_("claim"), on_delete=models.PROTECT, related_name="brieven")
    type = models.CharField(_("type"), max_length=25, choices=Brieftype.choices)
    datum = models.DateField(_("datum"), help_text=_("De datum in de brief."))
    html = models.TextField(_("HTML"))
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"))
    door = models.ForeignKey(
        Gebruiker, verbose_name=_("door"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")
        ordering = ["datum", "id"]
        constraints = [models.UniqueConstraint(fields=["claim", "type"], name="uwv_een_brief_per_type")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} ({self.datum:%d-%m-%Y})"

    @property
    def bestandsnaam(self) -> str:
        """Type, date and a piece of the letter's own id: never a BSN."""
        return f"uwv-brief-{self.type.replace('_', '-')}-{self.datum:%Y%m%d}-{str(self.uuid)[:8]}.pdf"


def te_laat(claims: QuerySet[Ziektewetclaim], vandaag: date) -> QuerySet[Ziektewetclaim]:
    """The claims whose next deadline passed before ``vandaag``: late from the day after the last day."""
    return claims.filter(volgende_uiterlijk__lt=vandaag)
