"""Every change to the LKS register: persons, employers, LKS periods and the tasks of a sick report.

Forms, the CSV import and the API call these; the values arrive checked one by one (the domain
rules in vangnet.domain.lksregister), and what needs the register itself is checked here: one
person per BSN and one employer per loonheffingennummer in a gemeente, one period per begin date,
and no overlapping LKS periods of a person (the person's row is locked while that is checked).
A refusal is :class:`RegisterFout`, naming the field and a Dutch reason.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.core.bulk import voeg_in, werk_bij
from vangnet.domain.lksregister import (
    LksRegisterFout,
    Periode,
    controleer_geboortedatum,
    controleer_geen_overlap,
    herzien_uiterlijk,
)
from vangnet.gemeente.register.constants import TaakSoort, TaakStatus
from vangnet.gemeente.register.models import LksPeriode, LksPersoon, LksTaak, Werkgever
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.models import Gebruiker, Organisatie


class RegisterFout(Exception):
    """A change the register refuses; ``veld`` is the form field (or None for the whole)."""

    def __init__(self, veld: str | None, reden: str) -> None:
        super().__init__(reden)
        self.veld = veld
        self.reden = reden


@dataclass(frozen=True)
class PersoonGegevens:
    """A person's values, each already checked (vangnet.domain.lksregister)."""

    bsn: str
    achternaam: str
    voornamen: str = ""
    voorletters: str = ""
    voorvoegsel: str = ""
    geboortedatum: date | None = None
    straat: str = ""
    huisnummer: int | None = None
    huisnummertoevoeging: str = ""
    postcode: str = ""
    woonplaats: str = ""


@dataclass(frozen=True)
class WerkgeverGegevens:
    naam: str
    loonheffingennummer: str
    contactpersoon: str = ""
    telefoon: str = ""
    email: str = ""


@dataclass(frozen=True)
class PeriodeGegevens:
    begin: date
    einde: date | None
    loonwaarde: Decimal
    beschikkingsnummer: str = ""


def _controleer_gemeente(gemeente: Organisatie) -> None:
    if gemeente.type != OrganisatieType.GEMEENTE:
        raise RegisterFout(None, _("Alleen een gemeente houdt een LKS-register bij."))


def _zet(obj: object, waarden: dict[str, object]) -> bool:
    """Set the attributes that differ; True when anything changed."""
    gewijzigd = False
    for naam, waarde in waarden.items():
        if getattr(obj, naam, None) != waarde:
            setattr(obj, naam, waarde)
            gewijzigd = True
    return gewijzigd


# --- persons ------------------------------------------------------------------------------------------


def bewaar_persoon(
    gemeente: Organisatie,
    gegevens: PersoonGegevens,
    persoon: LksPersoon | None = None,
    *,
    velden: frozenset[str] | None = None,
) -> tuple[LksPersoon, bool]:
    """Create or change a person; returns it and whether anything changed.

    ``velden`` limits a change of an existing person to those fields (the CSV columns present).
    """
    _controleer_gemeente(gemeente)
    waarden = {f.name: getattr(gegevens, f.name) for f in fields(gegevens)}
    if persoon is not None and velden is not None:
        waarden = {naam: waarde for naam, waarde in waarden.items() if naam in velden or naam == "bsn"}
    dubbel = LksPersoon.objects.filter(gemeente=gemeente, bsn=gegevens.bsn)
    if persoon is not None:
        dubbel = dubbel.exclude(pk=persoon.pk)
    if dubbel.exists():
        raise RegisterFout("bsn", _("Er staat al een persoon met dit BSN in het register."))
    geboortedatum = waarden.get("geboortedatum", persoon.geboortedatum if persoon else None)
    if persoon is not None and isinstance(geboortedatum, date):
        eerste = persoon.perioden.order_by("begin").values_list("begin", flat=True).first()
        try:
            controleer_geboortedatum(geboortedatum, eerste, timezone.localdate())
        except LksRegisterFout as fout:
            raise RegisterFout("geboortedatum", str(fout)) from None
    if persoon is None:
        persoon = LksPersoon(gemeente=gemeente)
        _zet(persoon, waarden)
        gewijzigd = True
    else:
        gewijzigd = _zet(persoon, waarden)
    if gewijzigd:
        try:
            with transaction.atomic():
                persoon.save()
        except IntegrityError:
            raise RegisterFout("bsn", _("Er staat al een persoon met dit BSN in het register.")) from None
    return persoon, gewijzigd


# --- employers ----------------------------------------------------------------------------------------


def bewaar_werkgever(
    gemeente: Organisatie,
    gegevens: WerkgeverGegevens,
    werkgever: Werkgever | None = None,
    *,
    velden: frozenset[str] | None = None,
) -> tuple[Werkgever, bool]:
    """Create or change an employer; returns it and whether anything changed."""
    _controleer_gemeente(gemeente)
    waarden = {f.name: getattr(gegevens, f.name) for f in fields(gegevens)}
    if werkgever is not None and velden is not None:
        waarden = {naam: waarde for naam, waarde in waarden.items() if naam in velden or naam == "loonheffingennummer"}
    dubbel = Werkgever.objects.filter(gemeente=gemeente, loonheffingennummer=gegevens.loonheffingennummer)
    if werkgever is not None:
        dubbel = dubbel.exclude(pk=werkgever.pk)
    if dubbel.exists():
        raise RegisterFout(
            "loonheffingennummer", _("Er staat al een werkgever met dit loonheffingennummer in het register.")
        )
    if werkgever is None:
        werkgever = Werkgever(gemeente=gemeente)
        _zet(werkgever, waarden)
        gewijzigd = True
    else:
        gewijzigd = _zet(werkgever, waarden)
    if gewijzigd:
        try:
            with transaction.atomic():
                werkgever.save()
        except IntegrityError:
            raise RegisterFout(
                "loonheffingennummer", _("Er staat al een werkgever met dit loonheffingennummer in het register.")
            ) from None
    return werkgever, gewijzigd


# --- LKS periods --------------------------------------------------------------------------------------


@transaction.atomic
def bewaar_periode(
    persoon: LksPersoon,
    werkgever: Werkgever,
    gegevens: PeriodeGegevens,
    periode: LksPeriode | None = None,
) -> tuple[LksPeriode, bool]:
    """Create or change an LKS period of ``persoon``; refused when it overlaps another of theirs."""
    if werkgever.gemeente_id != persoon.gemeente_id:
        raise RegisterFout("werkgever", _("Deze werkgever hoort niet bij uw gemeente."))
    if periode is not None and periode.persoon_id != persoon.pk:
        raise RegisterFout(None, _("Deze LKS-periode hoort niet bij deze persoon."))
    # Lock the person: two changes at once must not both pass the overlap check.
    LksPersoon.objects.select_for_update().filter(pk=persoon.pk).first()
    try:
        nieuw = Periode(gegevens.begin, gegevens.einde, periode.pk if periode else None)
    except LksRegisterFout as fout:
        raise RegisterFout("einde", str(fout)) from None
    if persoon.geboortedatum is not None and persoon.geboortedatum >= gegevens.begin:
        raise RegisterFout("begin", _("De begindatum ligt niet na de geboortedatum van de persoon."))
    bestaande = [Periode(b, e, pk) for pk, b, e in persoon.perioden.values_list("pk", "begin", "einde")]
    if any(p.begin == gegevens.begin and p.sleutel != nieuw.sleutel for p in bestaande):
        raise RegisterFout("begin", _("Deze persoon heeft al een LKS-periode met deze begindatum."))
    try:
        controleer_geen_overlap(nieuw, bestaande)
    except LksRegisterFout as fout:
        raise RegisterFout("begin", str(fout)) from None
    waarden: dict[str, object] = {
        "werkgever": werkgever,
        "begin": gegevens.begin,
        "einde": gegevens.einde,
        "loonwaarde": gegevens.loonwaarde,
        "beschikkingsnummer": gegevens.beschikkingsnummer,
    }
    if periode is None:
        periode = LksPeriode(persoon=persoon, werkgever=werkgever)
        _zet(periode, waarden)
        gewijzigd = True
    else:
        gewijzigd = _zet(periode, waarden)
    if gewijzigd:
        periode.save()
    return periode, gewijzigd


@dataclass(frozen=True)
class Beschikking:
    """One person of an initial register, with their running LKS period at ``werkgever`` (an index)."""

    persoon: PersoonGegevens
    werkgever: int
    periode: PeriodeGegevens


@dataclass(frozen=True)
class NieuweBeschikking:
    """A person new to ``gemeente``'s register, with their first LKS period at one of its employers."""

    gemeente: Organisatie
    persoon: PersoonGegevens
    werkgever: Werkgever
    periode: PeriodeGegevens


@transaction.atomic
def laad_beginstand(
    gemeente: Organisatie, werkgevers: list[WerkgeverGegevens], beschikkingen: list[Beschikking]
) -> tuple[list[Werkgever], list[tuple[int, date]]]:
    """Fill an empty register in one go (a conversion from the gemeente's previous system).

    Returns the employers (in the given order) and the (pk, begin) of each period (in the order of
    ``beschikkingen``).
    """
    _controleer_gemeente(gemeente)
    if LksPersoon.objects.filter(gemeente=gemeente).exists() or Werkgever.objects.filter(gemeente=gemeente).exists():
        raise RegisterFout(None, _("Een beginstand laden kan alleen in een leeg register."))
    if len({w.loonheffingennummer for w in werkgevers}) != len(werkgevers):
        raise RegisterFout("loonheffingennummer", _("Een loonheffingennummer staat meer dan eens in de beginstand."))
    voeg_in(Werkgever, [Werkgever(gemeente=gemeente, **vars(w)) for w in werkgevers])
    opgeslagen = list(Werkgever.objects.filter(gemeente=gemeente).order_by("pk"))
    nieuw = [NieuweBeschikking(gemeente, b.persoon, opgeslagen[b.werkgever], b.periode) for b in beschikkingen]
    perioden = registreer_beschikkingen(nieuw)
    return opgeslagen, [(pk, b.periode.begin) for pk, b in zip(perioden, beschikkingen, strict=True)]


def _in_reeks(n: int, veld: str | None, reden: str) -> RegisterFout:
    """A refusal of the ``n``-th (from 1) of several changes made together."""
    return RegisterFout(veld, _("Wijziging %(n)s: %(reden)s") % {"n": n, "reden": reden})


@transaction.atomic
def registreer_beschikkingen(beschikkingen: Sequence[NieuweBeschikking]) -> list[int]:
    """New persons, each with their first LKS period, in a few statements, for one register or several.

    Returns the pk of each new period, in the given order. All or nothing: the first refusal is a
    RegisterFout naming the change by its number, and nothing is stored. A new person has no other
    period, so the overlap check holds by construction; the other checks run on the whole set: a
    gemeente with its own employer, one person per BSN in a gemeente, a valid period after the birth.
    """
    sleutels = [(b.gemeente.pk, b.persoon.bsn) for b in beschikkingen]
    bestaand = set(_personen(sleutels).values_list("gemeente_id", "bsn"))
    gezien: set[tuple[int, str]] = set()
    for n, (b, sleutel) in enumerate(zip(beschikkingen, sleutels, strict=True), start=1):
        if b.gemeente.type != OrganisatieType.GEMEENTE:
            raise _in_reeks(n, None, _("Alleen een gemeente houdt een LKS-register bij."))
        if b.werkgever.gemeente_id != b.gemeente.pk:
            raise _in_reeks(n, "werkgever", _("Deze werkgever hoort niet bij uw gemeente."))
        if sleutel in bestaand:
            raise _in_reeks(n, "bsn", _("Er staat al een persoon met dit BSN in het register."))
        if sleutel in gezien:
            raise _in_reeks(n, "bsn", _("Dit BSN staat al eerder tussen deze nieuwe personen."))
        gezien.add(sleutel)
        if b.persoon.geboortedatum is not None and b.persoon.geboortedatum >= b.periode.begin:
            raise _in_reeks(n, "begin", _("De begindatum ligt niet na de geboortedatum van de persoon."))
        try:
            Periode(b.periode.begin, b.periode.einde)
        except LksRegisterFout as fout:
            raise _in_reeks(n, "einde", str(fout)) from None
    try:
        with transaction.atomic():
            voeg_in(LksPersoon, [LksPersoon(gemeente=b.gemeente, **vars(b.persoon)) for b in beschikkingen])
    except IntegrityError:  # stored at the same moment by another change
        raise RegisterFout("bsn", _("Er staat al een persoon met dit BSN in het register.")) from None
    personen = {
        (gemeente, bsn): pk for gemeente, bsn, pk in _personen(sleutels).values_list("gemeente_id", "bsn", "pk")
    }
    persoon_pks = [personen[sleutel] for sleutel in sleutels]
    voeg_in(
        LksPeriode,
        [
            LksPeriode(persoon_id=persoon_pk, werkgever=b.werkgever, **vars(b.periode))
            for persoon_pk, b in zip(persoon_pks, beschikkingen, strict=True)
        ],
    )
    perioden = dict(LksPeriode.objects.filter(persoon_id__in=persoon_pks).values_list("persoon_id", "pk"))
    return [perioden[pk] for pk in persoon_pks]


def _personen(sleutels: list[tuple[int, str]]) -> QuerySet[LksPersoon]:
    """The persons among these (gemeente pk, bsn), and perhaps a few more (the index does the work)."""
    return LksPersoon.objects.filter(gemeente_id__in={g for g, _bsn in sleutels}, bsn__in={bsn for _g, bsn in sleutels})


@transaction.atomic
def beeindig_perioden(einden: Mapping[int, date]) -> None:
    """End running LKS periods (pk: einde) in one go. Ending a running period only shortens it, so it
    cannot come to overlap another. All or nothing: a period that is gone or already ended, or an einde
    before its begin, is refused naming the change by its number, and nothing is stored."""
    perioden = LksPeriode.objects.select_for_update().in_bulk(list(einden))
    nu = timezone.now()
    for n, (pk, einde) in enumerate(einden.items(), start=1):
        periode = perioden.get(pk)
        if periode is None:
            raise _in_reeks(n, None, _("Deze LKS-periode bestaat niet (meer)."))
        if periode.einde is not None:
            raise _in_reeks(n, "einde", _("Deze LKS-periode is al beëindigd."))
        try:
            Periode(periode.begin, einde)
        except LksRegisterFout as fout:
            raise _in_reeks(n, "einde", str(fout)) from None
        periode.einde, periode.gewijzigd_op = einde, nu
    werk_bij(list(perioden.values()), ["einde", "gewijzigd_op"])


@transaction.atomic
def verwijder_periode(periode: LksPeriode) -> None:
    """A period entered by mistake; the next delivery to the hub no longer holds it."""
    periode.delete()


# --- sick reports ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ziekmelding:
    taak: LksTaak
    nieuw: bool  # False: this sick report was already known (same person and eerste ziektedag)
    periode_gevonden: bool


def meld_ziek(
    gemeente: Organisatie,
    werkgever: Werkgever,
    bsn: str,
    eerste_ziektedag: date,
    *,
    kanaal: str,
    door: Gebruiker | None = None,
    gemeld_op: date | None = None,
) -> Ziekmelding:
    """An employer reports an LKS employee sick: a task "LKS tijdig stopzetten / herzien" with a due date.

    The same person and eerste ziektedag again is the same report (its task is returned). The
    period it concerns is the one at this employer that runs on the eerste ziektedag, if any.
    """
    _controleer_gemeente(gemeente)
    if werkgever.gemeente_id != gemeente.pk:
        raise RegisterFout("werkgever", _("Deze werkgever staat niet in het register van uw gemeente."))
    vandaag = gemeld_op or timezone.localdate()
    persoon = LksPersoon.objects.filter(gemeente=gemeente, bsn=bsn).first()
    if persoon is None:
        raise RegisterFout("bsn", _("Er staat geen persoon met dit BSN in het LKS-register."))
    if eerste_ziektedag.year < 1900 or (eerste_ziektedag - vandaag).days > 366:
        raise RegisterFout("eerste_ziektedag", _("De eerste ziektedag ligt te ver in de toekomst of het verleden."))
    eerder = LksTaak.objects.filter(
        persoon=persoon, soort=TaakSoort.LKS_HERZIEN, eerste_ziektedag=eerste_ziektedag
    ).first()
    if eerder is not None:
        return Ziekmelding(eerder, nieuw=False, periode_gevonden=eerder.periode_id is not None)
    periode = next(
        (p for p in persoon.perioden.filter(werkgever=werkgever).order_by("-begin") if p.loopt_op(eerste_ziektedag)),
        None,
    )
    try:
        with transaction.atomic():
            taak = LksTaak.objects.create(
                gemeente=gemeente,
                soort=TaakSoort.LKS_HERZIEN,
                persoon=persoon,
                periode=periode,
                werkgever=werkgever,
                eerste_ziektedag=eerste_ziektedag,
                gemeld_op=vandaag,
                kanaal=kanaal,
                uiterlijk=herzien_uiterlijk(eerste_ziektedag, vandaag),
                aangemaakt_door=door,
            )
    except IntegrityError:
        taak = LksTaak.objects.get(persoon=persoon, soort=TaakSoort.LKS_HERZIEN, eerste_ziektedag=eerste_ziektedag)
        return Ziekmelding(taak, nieuw=False, periode_gevonden=taak.periode_id is not None)
    return Ziekmelding(taak, nieuw=True, periode_gevonden=periode is not None)


def handel_taak_af(taak: LksTaak, toelichting: str, door: Gebruiker | None) -> None:
    """Mark the task done with what was decided; a done task stays in the register's history."""
    toelichting = toelichting.strip()
    if not toelichting:
        raise RegisterFout("toelichting", _("Schrijf op wat er is besloten."))
    if taak.status != TaakStatus.OPEN:
        raise RegisterFout(None, _("Deze taak is al afgehandeld."))
    taak.status = TaakStatus.GEDAAN
    taak.toelichting = toelichting
    taak.afgehandeld_op = timezone.now()
    taak.afgehandeld_door = door
    taak.save(update_fields=["status", "toelichting", "afgehandeld_op", "afgehandeld_door"])
