"""The re-integratieverslag (week 91, for the WIA application) as a PDF, generated from the dossier.

Its sections follow Regeling procesgang vangnetters art. 8 (a-k). What the dossier holds is filled
in from it (dates, tasks, plan van aanpak, herijkingen, evaluations, documents, interventions and
contactmomenten); the judgments the dossier cannot hold are entered by the user in a form for this
one report (the bedrijfsarts's or verzekeringsarts's current judgment: functional limitations and
possibilities only, never a diagnosis or complaints). Every section that stays empty is listed at
the top of the report as "ontbreekt", so nobody sends an incomplete report unknowingly.

Medical notes (``MedischeNotitie``) are never read here.
"""

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Final

from django.template.loader import render_to_string
from django.utils import timezone

from vangnet.domain.interventies import bedrag
from vangnet.gemeente.dossiers.constants import DocumentSoort, TaakStatus
from vangnet.gemeente.dossiers.models import Dossier, Taak

HERIJKINGEN: Final = ("herijking_26", "herijking_52", "herijking_78")

ONDERDELEN: Final = {
    "a": "Administratieve gegevens van de vangnetter en het college",
    "b": "De laatst verrichte functie",
    "c": "Bekwaamheden van de vangnetter",
    "d": "Eerste dag van ongeschiktheid",
    "e": "Oordeel over de duurzaamheid van het ziekteverzuim",
    "f": "Plan van aanpak en bijstellingen (art. 5 lid 4)",
    "g": "Resultaten van de periodieke herijkingen (art. 6)",
    "h": "Meest recente evaluatie van het plan van aanpak",
    "i": "Actueel oordeel over het verloop, de functionele beperkingen en mogelijkheden",
    "j": "Actueel oordeel over passende arbeid",
    "k": "Oordeel van de vangnetter",
}


@dataclass(frozen=True)
class Oordeel:
    """What the user enters for this report (form ``ReintegratieverslagForm``); empty strings when not known."""

    soort_arts: str = ""
    naam_arts: str = ""
    datum_oordeel: date | None = None
    laatst_verrichte_functie: str = ""
    bekwaamheden: str = ""
    duurzaamheid: str = ""
    verloop: str = ""
    functionele_beperkingen: str = ""
    mogelijkheden: str = ""
    passende_arbeid: str = ""
    oordeel_vangnetter: str = ""


@dataclass
class Verslag:
    dossier: Dossier
    oordeel: Oordeel
    opgesteld_op: date
    taken: list[Taak]
    plan: Taak | None
    bijstellingen: list[Taak]
    herijkingen: list[Taak]
    evaluatie: Taak | None
    documenten: list[Any]
    interventies: list[Any]
    totale_kosten: str
    contactmomenten: list[Any]
    contact_per_kanaal: list[tuple[str, int]]
    ontbreekt: list[tuple[str, str]] = field(default_factory=list)


def stel_samen(dossier: Dossier, oordeel: Oordeel, vandaag: date | None = None) -> Verslag:
    """Everything the report shows, read from the dossier (a fixed number of queries)."""
    vandaag = vandaag or timezone.localdate()
    taken = list(Taak.objects.filter(dossier=dossier).select_related("document").order_by("uiterlijk", "id"))
    for taak in taken:
        taak.status_vandaag = taak.status_op(vandaag)  # type: ignore[attr-defined]
    gedaan = [t for t in taken if t.status == TaakStatus.GEDAAN]
    plannen = [t for t in gedaan if t.stap == "plan_van_aanpak"]
    plan = max(plannen, key=lambda t: (t.gedaan_op or date.min, t.pk)) if plannen else None
    herijkingen = [t for t in gedaan if t.stap in HERIJKINGEN]
    bijstellingen = [t for t in herijkingen if t.evaluatie_interval_weken or t.evaluatiedata]
    evaluaties = [t for t in gedaan if t.stap == "evaluatie"]
    evaluatie = max(evaluaties, key=lambda t: (t.gedaan_op or date.min, t.pk)) if evaluaties else None
    interventies = list(dossier.interventies.select_related("leverancier"))
    contactmomenten = list(dossier.contactmomenten.order_by("-datum", "-id"))
    per_kanaal: dict[str, int] = {}
    for contact in contactmomenten:
        label = contact.get_kanaal_display()
        per_kanaal[label] = per_kanaal.get(label, 0) + 1
    verslag = Verslag(
        dossier=dossier,
        oordeel=oordeel,
        opgesteld_op=vandaag,
        taken=taken,
        plan=plan,
        bijstellingen=bijstellingen,
        herijkingen=herijkingen,
        evaluatie=evaluatie,
        documenten=list(dossier.documenten.order_by("geupload_op", "id")),
        interventies=interventies,
        totale_kosten=bedrag(sum((i.kosten for i in interventies), Decimal("0.00"))),
        contactmomenten=contactmomenten,
        contact_per_kanaal=sorted(per_kanaal.items()),
    )
    verslag.ontbreekt = ontbrekende_onderdelen(verslag)
    return verslag


def ontbrekende_onderdelen(verslag: Verslag) -> list[tuple[str, str]]:
    """The art. 8 parts the report cannot fill, with why, in the order of the article."""
    o = verslag.oordeel
    ontbreekt: list[tuple[str, str]] = [
        ("a", "naam en adres van de vangnetter staan niet in het dossier; vul ze aan bij de WIA-aanvraag"),
    ]
    leeg = {
        "b": not o.laatst_verrichte_functie.strip(),
        "c": not o.bekwaamheden.strip(),
        "e": not o.duurzaamheid.strip(),
        "f": verslag.plan is None,
        "g": not verslag.herijkingen,
        "h": verslag.evaluatie is None,
        "i": not (o.verloop.strip() and o.functionele_beperkingen.strip() and o.mogelijkheden.strip()),
        "j": not o.passende_arbeid.strip(),
        "k": not o.oordeel_vangnetter.strip(),
    }
    redenen = {
        "b": "niet ingevuld",
        "c": "niet ingevuld",
        "e": "geen oordeel van de arts ingevuld",
        "f": "geen afgerond plan van aanpak in het dossier",
        "g": "nog geen afgeronde herijking in het dossier",
        "h": "nog geen afgeronde evaluatie in het dossier",
        "i": "verloop, functionele beperkingen en mogelijkheden niet alle drie ingevuld",
        "j": "niet ingevuld",
        "k": "niet ingevuld",
    }
    ontbreekt.extend((letter, redenen[letter]) for letter, is_leeg in leeg.items() if is_leeg)
    return ontbreekt


def verslag_html(verslag: Verslag) -> str:
    return render_to_string(
        "gemeente/reintegratieverslag.html",
        {
            "v": verslag,
            "d": verslag.dossier,
            "o": verslag.oordeel,
            "onderdelen": ONDERDELEN,
            "ontbrekend": {letter for letter, _reden in verslag.ontbreekt},
            "document_soorten": dict(DocumentSoort.choices),
        },
    )


def verslag_pdf(html: str, base_url: str | None = None) -> bytes:
    """The HTML as PDF (WeasyPrint, imported here: it is slow to load and only needed for this)."""
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    import weasyprint  # noqa: PLC0415

    pdf = weasyprint.HTML(string=html, base_url=base_url).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf


def bestandsnaam(dossier: Dossier, vandaag: date) -> str:
    """No BSN or name in the file name: the dossier's uuid and the date."""
    return f"re-integratieverslag-{dossier.uuid}-{vandaag:%Y%m%d}.pdf"
