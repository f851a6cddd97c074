"""The gemeente's LKS register: the rules for its persons, employers and LKS periods, and their DKD form.

A gemeente records each loonkostensubsidie decision (beschikking) as an LKS period of a person at an
employer. These rules hold wherever a period is entered (portal form, CSV import):

- the BSN passes the 11-proef (:mod:`vangnet.domain.bsn`);
- the employer's loonheffingennummer is a fiscal number (RSIN or BSN, nine digits passing the same
  11-proef) followed by ``L`` and a two-digit subnumber, such as ``123456782L01``;
- dates are real, the einde (if any) is not before the begin, the geboortedatum before the begin;
- the loonwaarde is a percentage of the minimum wage above 0 and below 100, at most two decimals;
- the LKS periods of one person never overlap: both ends count, and a period without einde runs on.

The register is delivered to the hub as a verzamelbestand (:func:`dkd_persoon` turns a person with
its periods into the ClientSuwi the writer takes). Everything here is plain Python: no Django.

python-stdnum 2.1 has no ``nl.loonheffingennr``; vangnet.domain.loonheffingennummer checks the
fiscal part with ``stdnum.nl.bsn``'s 11-proef, which is the RSIN's too.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Final

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import postcode as stdnum_postcode

from vangnet.domain import loonheffingennummer
from vangnet.domain.errors import DomainError
from vangnet.domain.verzamelbestand import Bron, Persoon, Relatie, Voorziening

CD_TYPE_LKS: Final = "05"
"""CdTypeRvGsd of a loonkostensubsidie provision, as vangnet writes it (the example file and the demo)."""
OMS_LKS: Final = "Loonkostensubsidie"
CD_KOLOM_GEMEENTE: Final = 3
"""CdKolomSuwi of the gemeente column in the SUWI chain."""

MAX_BESCHIKKINGSNUMMER: Final = 15  # RegistratienrRvGsd
MAX_VOORVOEGSEL: Final = 10
MAX_NAAM: Final = 200
MAX_VOORLETTERS: Final = 6
HERZIEN_BINNEN_DAGEN: Final = 14
"""An employer's sick report asks for a decision on the LKS within this many days (the gemeente's own term)."""

_SCHEIDING = re.compile(r"[\s.\-]")
_PERCENTAGE = re.compile(r"([0-9]{1,3})(?:[.,]([0-9]{1,2}))?")
_CIJFER = re.compile(r"\d")
_HUISNUMMER = re.compile(r"([0-9]{1,5})\s*(?:[-\s]?\s*([A-Za-z0-9]{1,6}))?")


class LksRegisterFout(DomainError):
    """A value or combination the register does not accept; the message is Dutch and repeats no BSN."""


# --- single values ------------------------------------------------------------------------------------


def parse_loonheffingennummer(waarde: str | None) -> str:
    """``123456782L01`` from input with spaces, dots or dashes and a lower-case l; otherwise LksRegisterFout.

    The rule itself is vangnet.domain.loonheffingennummer's.
    """
    try:
        return loonheffingennummer.parse_loonheffingennummer(waarde)
    except loonheffingennummer.LoonheffingennummerError as fout:
        raise LksRegisterFout(str(fout)) from None


def is_geldig_loonheffingennummer(waarde: str | None) -> bool:
    try:
        parse_loonheffingennummer(waarde)
    except LksRegisterFout:
        return False
    return True


def parse_loonwaarde(waarde: str | Decimal | int | None) -> Decimal:
    """A loonwaarde percentage: ``60``, ``60,5``, ``60.50`` or ``60 %``; above 0 and below 100."""
    if isinstance(waarde, Decimal | int):
        try:
            getal = Decimal(waarde)
        except InvalidOperation:
            raise LksRegisterFout("De loonwaarde is geen getal.") from None
        if not getal.is_finite() or getal != getal.quantize(Decimal("0.01")):
            raise LksRegisterFout("De loonwaarde heeft hoogstens twee decimalen.")
    else:
        tekst = (waarde or "").strip().removesuffix("%").strip()
        if not tekst:
            raise LksRegisterFout("De loonwaarde ontbreekt.")
        gevonden = _PERCENTAGE.fullmatch(tekst)
        if gevonden is None:
            raise LksRegisterFout("De loonwaarde is een percentage met hoogstens twee decimalen, zoals 60 of 62,5.")
        getal = Decimal(f"{gevonden[1]}.{gevonden[2] or '0'}")
    if not Decimal(0) < getal < Decimal(100):
        raise LksRegisterFout("De loonwaarde ligt boven 0 en onder 100 procent van het wettelijk minimumloon.")
    return getal.quantize(Decimal("0.01"))


def perc_loonwaarde(loonwaarde: Decimal) -> str:
    """PercLoonwaardeTovWml as the verzamelbestand writes it: sign and five digits, 60.5 % is ``+06050``."""
    honderdsten = int((parse_loonwaarde(loonwaarde) * 100).to_integral_value())
    return f"+{honderdsten:05d}"


def normaliseer_voorletters(waarde: str | None) -> str | None:
    """``J.P.`` or ``j p`` becomes ``JP``; None when empty. One to six letters."""
    tekst = _SCHEIDING.sub("", waarde or "")
    if not tekst:
        return None
    if not tekst.isalpha() or not tekst.isascii():
        raise LksRegisterFout("Voorletters zijn alleen letters, zoals J.P. of JP.")
    if len(tekst) > MAX_VOORLETTERS:
        raise LksRegisterFout(f"Hoogstens {MAX_VOORLETTERS} voorletters.")
    return tekst.upper()


def controleer_naam(waarde: str | None, veld: str, maximum: int = MAX_NAAM, *, verplicht: bool = False) -> str:
    """A name part without digits, at most ``maximum`` characters; surrounding spaces dropped."""
    tekst = " ".join((waarde or "").split())
    if not tekst:
        if verplicht:
            raise LksRegisterFout(f"{veld} ontbreekt.")
        return ""
    if _CIJFER.search(tekst):
        raise LksRegisterFout(f"{veld} mag geen cijfers bevatten.")
    if len(tekst) > maximum:
        raise LksRegisterFout(f"{veld} heeft hoogstens {maximum} tekens, maar heeft er {len(tekst)}.")
    return tekst


def parse_postcode(waarde: str | None) -> str:
    """``1234 AB`` from ``1234ab``; empty stays empty."""
    tekst = (waarde or "").strip()
    if not tekst:
        return ""
    try:
        return str(stdnum_postcode.validate(tekst))
    except StdnumError:
        raise LksRegisterFout("Een postcode is vier cijfers en twee letters, zoals 3511 AB.") from None


def parse_huisnummer(waarde: str | None) -> tuple[int | None, str]:
    """``12``, ``12a``, ``12-bis`` or ``12 A``: the number and the toevoeging; (None, "") when empty."""
    tekst = (waarde or "").strip()
    if not tekst:
        return None, ""
    gevonden = _HUISNUMMER.fullmatch(tekst)
    if gevonden is None or int(gevonden[1]) == 0:
        raise LksRegisterFout("Een huisnummer is een getal van 1 tot en met 99999, eventueel met een toevoeging.")
    return int(gevonden[1]), (gevonden[2] or "").upper()


def beschikkingsnummer(waarde: str | None) -> str:
    """The gemeente's own number of the decision (RegistratienrRvGsd): at most 15 characters."""
    tekst = (waarde or "").strip()
    if len(tekst) > MAX_BESCHIKKINGSNUMMER:
        raise LksRegisterFout(
            f"Het beschikkingsnummer heeft hoogstens {MAX_BESCHIKKINGSNUMMER} tekens, maar heeft er {len(tekst)}."
        )
    return tekst


# --- periods --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Periode:
    """An LKS period; ``einde`` None means it still runs. ``sleutel`` identifies a stored one (or None)."""

    begin: date
    einde: date | None = None
    sleutel: object = None

    def __post_init__(self) -> None:
        if self.einde is not None and self.einde < self.begin:
            raise LksRegisterFout(f"De einddatum ({_dmj(self.einde)}) ligt vóór de begindatum ({_dmj(self.begin)}).")

    def overlapt(self, ander: "Periode") -> bool:
        """Whether the two share at least one day (both ends inclusive)."""
        mijn_einde = self.einde or date.max
        ander_einde = ander.einde or date.max
        return self.begin <= ander_einde and ander.begin <= mijn_einde

    def omschrijving(self) -> str:
        return f"{_dmj(self.begin)} t/m {_dmj(self.einde)}" if self.einde else f"{_dmj(self.begin)} (loopt nog)"


def overlappende_periode(nieuw: Periode, bestaande: Iterable[Periode]) -> Periode | None:
    """The first stored period (by begin) that ``nieuw`` overlaps, itself (same sleutel) left out."""
    kandidaten = sorted(
        (p for p in bestaande if nieuw.sleutel is None or p.sleutel != nieuw.sleutel), key=lambda p: p.begin
    )
    return next((p for p in kandidaten if nieuw.overlapt(p)), None)


def controleer_geen_overlap(nieuw: Periode, bestaande: Iterable[Periode]) -> None:
    ander = overlappende_periode(nieuw, bestaande)
    if ander is not None:
        raise LksRegisterFout(
            f"Deze LKS-periode ({nieuw.omschrijving()}) overlapt met een andere LKS-periode van deze persoon "
            f"({ander.omschrijving()})."
        )


def controleer_geboortedatum(geboortedatum: date | None, begin: date | None, vandaag: date) -> None:
    if geboortedatum is None:
        return
    if geboortedatum > vandaag:
        raise LksRegisterFout("De geboortedatum ligt in de toekomst.")
    if begin is not None and geboortedatum >= begin:
        raise LksRegisterFout("De geboortedatum ligt niet vóór de begindatum van de LKS-periode.")


def herzien_uiterlijk(eerste_ziektedag: date, gemeld_op: date) -> date:
    """Due date of the task "LKS tijdig stopzetten / herzien" after an employer's sick report.

    HERZIEN_BINNEN_DAGEN after the report, or after the eerste ziektedag when that lies later
    (a sickness announced in advance, such as an operation).
    """
    return max(eerste_ziektedag, gemeld_op) + timedelta(days=HERZIEN_BINNEN_DAGEN)


# --- DKD ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DkdPeriode:
    begin: date
    einde: date | None
    loonwaarde: Decimal
    beschikkingsnummer: str = ""


def dkd_persoon(
    positie: int,
    gemeentecode: str,
    bsn: str,
    perioden: Sequence[DkdPeriode],
    *,
    voornamen: str = "",
    voorletters: str = "",
    voorvoegsel: str = "",
    achternaam: str = "",
    geboortedatum: date | None = None,
) -> Persoon:
    """The ClientSuwi of one registered person: names, one AtlRelatie with the gemeente as Bron, and a
    ReIntegratievoorziening of type loonkostensubsidie per period, in order of begin."""
    if not gemeentecode.startswith("GM") or len(gemeentecode) != 6:
        raise LksRegisterFout(f"Gemeentecode '{gemeentecode}' is geen CBS-code zoals GM0344.")
    bron = Bron(cd_kolom=CD_KOLOM_GEMEENTE, cd_partij=gemeentecode[2:])
    voorzieningen = tuple(
        Voorziening(
            relatie=0,
            begin=p.begin,
            einde=p.einde,
            registratienr=p.beschikkingsnummer or None,
            cd_type=CD_TYPE_LKS,
            omschrijving=OMS_LKS,
            perc_loonwaarde=perc_loonwaarde(p.loonwaarde),
            is_lks=True,
        )
        for p in sorted(perioden, key=lambda p: p.begin)
    )
    return Persoon(
        positie=positie,
        bsn=bsn,
        voornamen=voornamen or None,
        voorletters=voorletters or None,
        voorvoegsel=voorvoegsel or None,
        achternaam=achternaam or None,
        geboortedat=_jjjjmmdd(geboortedatum) if geboortedatum else None,
        bron=bron,
        relaties=(Relatie(bron=bron),),
        voorzieningen=voorzieningen,
    )


def _dmj(datum: date) -> str:
    return f"{datum.day:02d}-{datum.month:02d}-{datum.year:04d}"


def _jjjjmmdd(datum: date) -> str:
    return f"{datum.year:04d}{datum.month:02d}{datum.day:02d}"
