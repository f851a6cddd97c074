"""The worklist and caseload: which dossiers need the casemanager now, computed in the database.

Everything here is a fixed number of queries whatever the number of dossiers: the per-dossier
figures are correlated subqueries (annotations), never a query per row.

Definitions (docs/gemeente.md, "Worklist and caseload"):

- *te laat*: an open task whose ``uiterlijk`` is before today;
- *deze week*: an open task due today or in the next 6 days (``DEZE_WEEK_DAGEN``);
- *actief*: a dossier with an open task due within ``ACTIEF_WEKEN`` weeks from today (overdue
  tasks included) or a contactmoment in the last ``ACTIEF_WEKEN`` weeks; every other dossier is
  *passief* (nothing due and nobody spoken to: the Inspectie's "caseload out of view").
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, cast

from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OrderBy,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from vangnet.gemeente.dossiers.constants import TaakStatus
from vangnet.gemeente.dossiers.models import Contactmoment, Dossier, DossierQuerySet, Taak

ACTIEF_WEKEN: Final = 6
"""Weeks ahead (open tasks) and back (contactmomenten) that make a dossier active."""
DEZE_WEEK_DAGEN: Final = 7
"""'Deze week': today and the 6 days after it, so that on Friday next Monday is in view."""
WEEKOVERZICHT_DAGEN: Final = 14
"""The weekly digest lists open tasks due in the next 14 days (and all overdue ones)."""


def einde_deze_week(vandaag: date) -> date:
    return vandaag + timedelta(days=DEZE_WEEK_DAGEN - 1)


def _aantal_open(van: date | None, tot_en_met: date | None) -> Subquery:
    taken = Taak.objects.filter(dossier=OuterRef("pk"), status=TaakStatus.OPEN)
    if van is not None:
        taken = taken.filter(uiterlijk__gte=van)
    if tot_en_met is not None:
        taken = taken.filter(uiterlijk__lte=tot_en_met)
    return Subquery(
        taken.order_by().values("dossier").annotate(aantal=Count("id")).values("aantal"), output_field=IntegerField()
    )


def met_werklijst(dossiers: QuerySet[Dossier], vandaag: date) -> QuerySet[Dossier]:
    """Annotates the worklist figures of each dossier, on top of ``met_volgende_taak``.

    Adds ``volgende_taak``, ``volgende_uiterlijk``, ``aantal_te_laat``, ``aantal_deze_week``,
    ``laatste_contact`` (date or None) and ``actief`` (bool).
    """
    horizon = vandaag + timedelta(weeks=ACTIEF_WEKEN)
    contacten = Contactmoment.objects.filter(dossier=OuterRef("pk")).order_by("-datum")
    bezig = Exists(
        Taak.objects.filter(dossier=OuterRef("pk"), status=TaakStatus.OPEN, uiterlijk__lte=horizon)
    ) | Exists(Contactmoment.objects.filter(dossier=OuterRef("pk"), datum__gte=vandaag - timedelta(weeks=ACTIEF_WEKEN)))
    return (
        cast(DossierQuerySet, dossiers)
        .met_volgende_taak(vandaag)
        .annotate(
            aantal_deze_week=Coalesce(_aantal_open(vandaag, einde_deze_week(vandaag)), Value(0)),
            laatste_contact=Subquery(contacten.values("datum")[:1], output_field=DateField()),
            actief=bezig,
        )
    )


# --- filters and sorting -------------------------------------------------------------------------

SORTERINGEN: Final[dict[str, tuple[str, tuple[OrderBy | str, ...]]]] = {
    "termijn": ("Eerstvolgende termijn", (F("volgende_uiterlijk").asc(nulls_last=True), "-geopend_op", "-id")),
    "te_laat": ("Meeste te late taken", ("-aantal_te_laat", F("volgende_uiterlijk").asc(nulls_last=True), "-id")),
    "laatste_contact": ("Langst geen contact", (F("laatste_contact").asc(nulls_first=True), "-id")),
    "eerste_ao_dag": ("Eerste AO-dag (oudste eerst)", ("datum_eerste_ao_dag", "id")),
    "geopend": ("Nieuwste dossier eerst", ("-geopend_op", "-id")),
}


def filter_werklijst(
    dossiers: QuerySet[Dossier],
    vandaag: date,
    *,
    te_laat: bool = False,
    deze_week: bool = False,
    caseload: str = "",
) -> QuerySet[Dossier]:
    """Filters on the annotations of :func:`met_werklijst` (``caseload``: ``actief`` or ``passief``)."""
    if te_laat:
        dossiers = dossiers.filter(Q(aantal_te_laat__gt=0))
    if deze_week:
        dossiers = dossiers.filter(Q(aantal_deze_week__gt=0))
    if caseload == "actief":
        dossiers = dossiers.filter(Q(actief=True))
    elif caseload == "passief":
        dossiers = dossiers.filter(Q(actief=False))
    return dossiers


def sorteer(dossiers: QuerySet[Dossier], sortering: str) -> QuerySet[Dossier]:
    _label, volgorde = SORTERINGEN.get(sortering, SORTERINGEN["termijn"])
    return dossiers.order_by(*volgorde)


@dataclass(frozen=True)
class Caseload:
    totaal: int
    actief: int
    passief: int
    met_te_late_taken: int
    met_termijn_deze_week: int
    zonder_casemanager: int


def caseload(dossiers: QuerySet[Dossier]) -> Caseload:
    """The counts over an annotated (met_werklijst) queryset, in two queries.

    ``actief`` is counted on its own: in an aggregate over the annotated rows Django leaves the
    ``Exists | Exists`` annotation out of the inner query (and counts nothing).
    """
    cijfers = dossiers.order_by().aggregate(
        totaal=Count("pk"),
        te_laat=Count("pk", filter=Q(aantal_te_laat__gt=0)),
        deze_week=Count("pk", filter=Q(aantal_deze_week__gt=0)),
        zonder_casemanager=Count("pk", filter=Q(casemanager__isnull=True)),
    )
    actief = dossiers.order_by().filter(Q(actief=True)).count()
    return Caseload(
        totaal=cijfers["totaal"],
        actief=actief,
        passief=cijfers["totaal"] - actief,
        met_te_late_taken=cijfers["te_laat"],
        met_termijn_deze_week=cijfers["deze_week"],
        zonder_casemanager=cijfers["zonder_casemanager"],
    )


def open_termijnen(taken: QuerySet[Taak], vandaag: date, tot_en_met: date) -> tuple[QuerySet[Taak], QuerySet[Taak]]:
    """(overdue, due from today through ``tot_en_met``) open tasks, earliest first, with their dossier."""
    open_taken = taken.filter(status=TaakStatus.OPEN).select_related("dossier", "dossier__casemanager")
    te_laat = open_taken.filter(uiterlijk__lt=vandaag).order_by("uiterlijk", "id")
    komend = open_taken.filter(uiterlijk__gte=vandaag, uiterlijk__lte=tot_en_met).order_by("uiterlijk", "id")
    return te_laat, komend
