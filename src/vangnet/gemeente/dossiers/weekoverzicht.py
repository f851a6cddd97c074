"""The weekly digest: per casemanager an e-mail with the overdue and upcoming deadlines of their dossiers.

Run by ``vangnet gemeente-weekoverzicht [--organisatie GMxxxx]`` (schedule it weekly, e.g. Monday
07:00). Recipients are the active users of a gemeente holding ``casemanagement`` with an e-mail
address who are casemanager of at least one dossier with an open task that is overdue or due in the
next ``WEEKOVERZICHT_DAGEN`` days; a casemanager with nothing due gets no mail. The message names a
dossier only by its masked BSN (``******123``) and its portal link (the dossier's uuid): never a
BSN, a name or anything medical.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F
from django.urls import reverse

from vangnet.domain.bsn import mask_bsn
from vangnet.gemeente.dossiers.constants import TaakStatus
from vangnet.gemeente.dossiers.models import Taak
from vangnet.gemeente.dossiers.werklijst import WEEKOVERZICHT_DAGEN
from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.organisations.models import Gebruiker, Organisatie

ONDERWERP: Final = "Weekoverzicht termijnen vangnetters"


@dataclass
class Weekoverzicht:
    casemanager: Gebruiker
    vandaag: date
    te_laat: list[Taak] = field(default_factory=list)
    komend: list[Taak] = field(default_factory=list)

    @property
    def tot_en_met(self) -> date:
        return self.vandaag + timedelta(days=WEEKOVERZICHT_DAGEN)


def ontvangers(gemeente: Organisatie | None = None) -> list[Gebruiker]:
    """Active gemeente users with casemanagement and an e-mail address."""
    gebruikers = Gebruiker.objects.filter(
        is_active=True,
        organisatie__type=OrganisatieType.GEMEENTE,
        machtigingen__code=Product.CASEMANAGEMENT,
    ).exclude(email="")
    if gemeente is not None:
        gebruikers = gebruikers.filter(organisatie=gemeente)
    return list(gebruikers.distinct().order_by("pk"))


def weekoverzichten(vandaag: date, gemeente: Organisatie | None = None) -> list[Weekoverzicht]:
    """One overview per recipient with something due, in two queries whatever the number of dossiers."""
    per_id = {gebruiker.pk: gebruiker for gebruiker in ontvangers(gemeente)}
    taken = (
        Taak.objects.filter(
            status=TaakStatus.OPEN,
            uiterlijk__lte=vandaag + timedelta(days=WEEKOVERZICHT_DAGEN),
            dossier__casemanager_id__in=per_id,
            dossier__gemeente_id=F("dossier__casemanager__organisatie_id"),  # only their own gemeente's
        )
        .select_related("dossier")
        .order_by("dossier__casemanager_id", "uiterlijk", "id")
    )
    overzichten: dict[int, Weekoverzicht] = {}
    for taak in taken:
        casemanager_id = taak.dossier.casemanager_id
        assert casemanager_id is not None
        overzicht = overzichten.setdefault(casemanager_id, Weekoverzicht(per_id[casemanager_id], vandaag))
        (overzicht.te_laat if taak.uiterlijk < vandaag else overzicht.komend).append(taak)
    return list(overzichten.values())


def _regel(taak: Taak) -> str:
    pad = reverse("gemeente:dossier", kwargs={"id": taak.dossier.uuid})
    return (
        f"- {taak.uiterlijk:%d-%m-%Y}  {taak.omschrijving} — dossier {mask_bsn(taak.dossier.bsn)}\n"
        f"  {settings.PORTAL_BASE_URL.rstrip('/')}{pad}\n"
    )


def email_tekst(overzicht: Weekoverzicht) -> str:
    naam = overzicht.casemanager.get_full_name() or overzicht.casemanager.username
    delen = [
        f"Beste {naam},\n\n",
        f"Dit is uw weekoverzicht van {overzicht.vandaag:%d-%m-%Y}: de termijnen van de dossiers waarvan u "
        f"casemanager bent, te laat of uiterlijk {overzicht.tot_en_met:%d-%m-%Y}.\n\n",
        f"Te laat ({len(overzicht.te_laat)}):\n",
        "".join(_regel(taak) for taak in overzicht.te_laat) or "- geen\n",
        f"\nKomende {WEEKOVERZICHT_DAGEN} dagen ({len(overzicht.komend)}):\n",
        "".join(_regel(taak) for taak in overzicht.komend) or "- geen\n",
        "\nAl uw dossiers: ",
        settings.PORTAL_BASE_URL.rstrip("/") + reverse("gemeente:mijn-dossiers"),
        "\n\nWijkt u met een reden af van een termijn, leg dan de motivatie vast in het dossier (art. 7).\n"
        "Dit bericht is automatisch verstuurd; u kunt er niet op antwoorden.\n",
    ]
    return "".join(delen)


def onderwerp(overzicht: Weekoverzicht) -> str:
    return f"{ONDERWERP}: {len(overzicht.te_laat)} te laat, {len(overzicht.komend)} binnenkort"


def verstuur_weekoverzichten(vandaag: date, gemeente: Organisatie | None = None) -> list[Weekoverzicht]:
    """Send every overview (one message per recipient); returns what was sent."""
    overzichten = weekoverzichten(vandaag, gemeente)
    berichten = [
        EmailMessage(onderwerp(o), email_tekst(o), settings.DEFAULT_FROM_EMAIL, [o.casemanager.email])
        for o in overzichten
    ]
    if berichten:
        get_connection().send_messages(berichten)
    return overzichten
