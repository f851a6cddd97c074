"""Reading the gemeente's LKS register from a CSV file: one LKS period (with its person and employer) per line.

The file is what a spreadsheet or the old municipal system exports, so it is read tolerantly, as
:mod:`vangnet.domain.signaalimport` reads a signaalrapport: ``;``, ``,`` or tab (sniffed from the
header line), UTF-8 with or without BOM (else Windows-1252), header names in any case and with
runs of spaces collapsed, dates as ``DD-MM-JJJJ``, ``D-M-JJJJ`` or ``JJJJ-MM-DD``; empty lines are
skipped. The columns are in :data:`KOLOMMEN` (docs/gemeente-lks.md shows them with an example).

Each data line becomes a :class:`Registerregel` or, when anything in it is wrong, one
:class:`Regelfout` per wrong cell (line, column, Dutch reason): a line is taken whole or not at all.
A file that cannot be read as a whole (no header, a required column missing or doubled) raises
:class:`LksBestandFout`. The rules that need the register itself (overlap with the periods already
stored) are checked by the service that stores the lines.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final, TypeVar

from vangnet.domain.bsn import parse_bsn
from vangnet.domain.errors import DomainError
from vangnet.domain.lksregister import (
    MAX_VOORVOEGSEL,
    LksRegisterFout,
    Periode,
    beschikkingsnummer,
    controleer_geboortedatum,
    controleer_naam,
    normaliseer_voorletters,
    parse_huisnummer,
    parse_loonheffingennummer,
    parse_loonwaarde,
    parse_postcode,
)
from vangnet.domain.signaalimport import (
    Regelfout,
    SignaalbestandFout,
    breedte,
    cellen_van,
    decodeer,
    kolomposities,
    normaliseer_kolomnaam,
    parse_datum,
)

T = TypeVar("T")

BSN: Final = "BSN"
VOORNAMEN: Final = "Voornamen"
VOORLETTERS: Final = "Voorletters"
VOORVOEGSEL: Final = "Voorvoegsel"
ACHTERNAAM: Final = "Achternaam"
GEBOORTEDATUM: Final = "Geboortedatum"
STRAAT: Final = "Straat"
HUISNUMMER: Final = "Huisnummer"
POSTCODE: Final = "Postcode"
WOONPLAATS: Final = "Woonplaats"
WERKGEVER: Final = "Werkgever"
LOONHEFFINGENNUMMER: Final = "Loonheffingennummer"
CONTACTPERSOON: Final = "Contactpersoon"
TELEFOON: Final = "Telefoon"
EMAIL: Final = "E-mail"
BEGINDATUM: Final = "Begindatum"
EINDDATUM: Final = "Einddatum"
LOONWAARDE: Final = "Loonwaarde"
BESCHIKKINGSNUMMER: Final = "Beschikkingsnummer"

VERPLICHT: Final = (BSN, ACHTERNAAM, WERKGEVER, LOONHEFFINGENNUMMER, BEGINDATUM, LOONWAARDE)
KOLOMMEN: Final = (
    BSN, VOORNAMEN, VOORLETTERS, VOORVOEGSEL, ACHTERNAAM, GEBOORTEDATUM, STRAAT, HUISNUMMER, POSTCODE, WOONPLAATS,
    WERKGEVER, LOONHEFFINGENNUMMER, CONTACTPERSOON, TELEFOON, EMAIL, BEGINDATUM, EINDDATUM, LOONWAARDE,
    BESCHIKKINGSNUMMER,
)  # fmt: skip
"""Every column in the order of the example file; only VERPLICHT must be present."""

ALIASSEN: Final = {
    "burgerservicenummer": BSN,
    "geslachtsnaam": ACHTERNAAM,
    "geboortedat": GEBOORTEDATUM,
    "werkgever naam": WERKGEVER,
    "naam werkgever": WERKGEVER,
    "loonheffingsnummer": LOONHEFFINGENNUMMER,
    "email": EMAIL,
    "e-mailadres": EMAIL,
    "begin": BEGINDATUM,
    "datum begin": BEGINDATUM,
    "einde": EINDDATUM,
    "datum einde": EINDDATUM,
    "loonwaarde (%)": LOONWAARDE,
    "loonwaarde percentage": LOONWAARDE,
    "percentage loonwaarde": LOONWAARDE,
}
SCHEIDINGSTEKENS: Final = (";", ",", "\t")
MAX_TEKST: Final = 200

_REGELEINDE = re.compile(r"\r\n|\r|\n")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_TELEFOON = re.compile(r"\+?[0-9][0-9 ()\-]{5,19}")
_KOLOM_VAN: Final = {normaliseer_kolomnaam(k): k for k in KOLOMMEN} | {
    normaliseer_kolomnaam(alias): kolom for alias, kolom in ALIASSEN.items()
}


class LksBestandFout(DomainError):
    """The file as a whole cannot be read as an LKS register; nothing in it was used."""


@dataclass(frozen=True)
class Registerregel:
    """A valid line: a person, an employer and one LKS period, each value checked and normalised."""

    regel: int
    bsn: str
    achternaam: str
    werkgever: str
    loonheffingennummer: str
    begin: date
    einde: date | None
    loonwaarde: Decimal
    voornamen: str = ""
    voorletters: str = ""
    voorvoegsel: str = ""
    geboortedatum: date | None = None
    straat: str = ""
    huisnummer: int | None = None
    huisnummertoevoeging: str = ""
    postcode: str = ""
    woonplaats: str = ""
    contactpersoon: str = ""
    telefoon: str = ""
    email: str = ""
    beschikkingsnummer: str = ""


@dataclass(frozen=True)
class Registerbestand:
    regels: tuple[Registerregel, ...]
    fouten: tuple[Regelfout, ...]
    kolommen: frozenset[str]
    """The columns the file has: a person's or employer's value is only changed for these."""
    scheidingsteken: str
    codering: str
    aantal_regels: int


def lees_lks_register(inhoud: bytes, vandaag: date) -> Registerbestand:
    """Read a whole register file; see the module docstring for what is accepted."""
    try:
        tekst, codering = decodeer(inhoud)
    except SignaalbestandFout as fout:
        raise LksBestandFout(str(fout)) from None
    regels = _REGELEINDE.split(tekst)
    kop_index = next((i for i, regel in enumerate(regels) if regel.strip()), None)
    if kop_index is None:
        raise LksBestandFout("Het bestand is leeg: er staat geen kopregel in.")
    scheidingsteken = _scheidingsteken(regels[kop_index])
    posities, kopbreedte = _kop(cellen_van(regels[kop_index], scheidingsteken))
    goed: list[Registerregel] = []
    fouten: list[Regelfout] = []
    aantal = 0
    for index in range(kop_index + 1, len(regels)):
        cellen = cellen_van(regels[index], scheidingsteken)
        if not any(cel.strip() for cel in cellen):
            continue
        aantal += 1
        regel, regelfouten = lees_regel(index + 1, cellen, posities, kopbreedte, vandaag)
        if regel is not None:
            goed.append(regel)
        fouten.extend(regelfouten)
    return Registerbestand(tuple(goed), tuple(fouten), frozenset(posities), scheidingsteken, codering, aantal)


def _scheidingsteken(kopregel: str) -> str:
    tellingen = {teken: kopregel.count(teken) for teken in SCHEIDINGSTEKENS}
    beste = max(SCHEIDINGSTEKENS, key=lambda teken: tellingen[teken])
    if tellingen[beste] == 0:
        raise LksBestandFout(
            f"In de kopregel staat geen scheidingsteken (; of ,). Verwacht de kolommen {', '.join(VERPLICHT)} "
            "en eventueel meer."
        )
    return beste


def _kop(cellen: list[str]) -> tuple[dict[str, int], int]:
    return kolomposities(cellen, _KOLOM_VAN, VERPLICHT, LksBestandFout), breedte(cellen)


def lees_regel(
    nummer: int, cellen: list[str], posities: dict[str, int], kopbreedte: int, vandaag: date
) -> tuple[Registerregel | None, list[Regelfout]]:
    """One data line: a valid row, or every error that keeps it out."""
    if len(cellen) < kopbreedte or breedte(cellen) > kopbreedte:
        aantal = len(cellen) if len(cellen) < kopbreedte else breedte(cellen)
        woord = "cel" if aantal == 1 else "cellen"
        return None, [Regelfout(nummer, None, f"De regel heeft {aantal} {woord}, de kopregel {kopbreedte} kolommen.")]
    cel = {kolom: cellen[positie].strip() for kolom, positie in posities.items()}
    fouten: list[Regelfout] = []

    def lees(kolom: str, functie: Callable[[str], T], standaard: T) -> T:
        try:
            return functie(cel.get(kolom, ""))
        except (DomainError, ValueError) as fout:
            fouten.append(Regelfout(nummer, kolom, str(fout)))
            return standaard

    bsn = lees(BSN, parse_bsn, "")
    achternaam = lees(ACHTERNAAM, lambda t: controleer_naam(t, "Achternaam", verplicht=True), "")
    voornamen = lees(VOORNAMEN, lambda t: controleer_naam(t, "Voornamen"), "")
    voorletters = lees(VOORLETTERS, lambda t: normaliseer_voorletters(t) or "", "")
    voorvoegsel = lees(VOORVOEGSEL, lambda t: controleer_naam(t, "Voorvoegsel", MAX_VOORVOEGSEL), "")
    geboortedatum = lees(GEBOORTEDATUM, parse_datum, None)
    straat = lees(STRAAT, lambda t: _tekst(t, "Straat"), "")
    geen_huisnummer: tuple[int | None, str] = (None, "")
    huisnummer, toevoeging = lees(HUISNUMMER, parse_huisnummer, geen_huisnummer)
    postcode = lees(POSTCODE, parse_postcode, "")
    woonplaats = lees(WOONPLAATS, lambda t: controleer_naam(t, "Woonplaats"), "")
    werkgever = lees(WERKGEVER, lambda t: _tekst(t, "De naam van de werkgever", verplicht=True), "")
    loonheffingennummer = lees(LOONHEFFINGENNUMMER, parse_loonheffingennummer, "")
    contactpersoon = lees(CONTACTPERSOON, lambda t: _tekst(t, "Contactpersoon"), "")
    telefoon = lees(TELEFOON, parse_telefoon, "")
    email = lees(EMAIL, parse_email, "")
    begin = lees(BEGINDATUM, _verplichte_datum, None)
    einde = lees(EINDDATUM, parse_datum, None)
    loonwaarde = lees(LOONWAARDE, parse_loonwaarde, Decimal(0))
    nummer_beschikking = lees(BESCHIKKINGSNUMMER, beschikkingsnummer, "")
    if begin is not None and einde is not None and not any(f.kolom == EINDDATUM for f in fouten):
        lees(EINDDATUM, lambda _: Periode(begin, einde), None)
    if not any(f.kolom in (GEBOORTEDATUM, BEGINDATUM) for f in fouten):
        lees(GEBOORTEDATUM, lambda _: controleer_geboortedatum(geboortedatum, begin, vandaag), None)
    if fouten or begin is None:
        return None, fouten
    regel = Registerregel(
        regel=nummer,
        bsn=bsn,
        achternaam=achternaam,
        werkgever=werkgever,
        loonheffingennummer=loonheffingennummer,
        begin=begin,
        einde=einde,
        loonwaarde=loonwaarde,
        voornamen=voornamen,
        voorletters=voorletters,
        voorvoegsel=voorvoegsel,
        geboortedatum=geboortedatum,
        straat=straat,
        huisnummer=huisnummer,
        huisnummertoevoeging=toevoeging,
        postcode=postcode,
        woonplaats=woonplaats,
        contactpersoon=contactpersoon,
        telefoon=telefoon,
        email=email,
        beschikkingsnummer=nummer_beschikking,
    )
    return regel, []


def _verplichte_datum(tekst: str) -> date:
    datum = parse_datum(tekst)
    if datum is None:
        raise LksRegisterFout("De begindatum ontbreekt.")
    return datum


def _tekst(tekst: str, veld: str, *, verplicht: bool = False) -> str:
    tekst = " ".join(tekst.split())
    if not tekst and verplicht:
        raise LksRegisterFout(f"{veld} ontbreekt.")
    if len(tekst) > MAX_TEKST:
        raise LksRegisterFout(f"{veld} heeft hoogstens {MAX_TEKST} tekens, maar heeft er {len(tekst)}.")
    return tekst


def parse_email(tekst: str) -> str:
    tekst = tekst.strip()
    if tekst and (len(tekst) > 254 or not _EMAIL.fullmatch(tekst)):
        raise LksRegisterFout("Dit is geen e-mailadres.")
    return tekst


def parse_telefoon(tekst: str) -> str:
    tekst = " ".join(tekst.split())
    if tekst and not _TELEFOON.fullmatch(tekst):
        raise LksRegisterFout("Een telefoonnummer is cijfers, eventueel met +, spaties, haakjes of streepjes.")
    return tekst


VOORBEELD_KOP: Final = KOLOMMEN
"""The header of the example file offered for download."""

VOORBEELD_REGEL: Final = (
    "999990019", "Jan Pieter", "JP", "van", "Testpersoon", "12-03-1985", "Stationsplein", "1", "3511 ED",
    "Utrecht", "Werkbedrijf Voorbeeld BV", "123456782L01", "A. de Vries", "030 123 45 67", "hr@voorbeeld.example",
    "01-01-2025", "", "60,00", "LKS-2025-0001",
)  # fmt: skip
