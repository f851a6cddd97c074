"""Reading a Re-integratie_signaalrapport as real files look: tolerant of how it was saved.

The hub writes the report as :mod:`vangnet.domain.signaalrapport` says (``;``, UTF-8, DD-MM-JJJJ),
but a gemeente often uploads a file that went through a spreadsheet first. So this reader accepts:

- the separator ``;``, ``,`` or a tab, sniffed from the header line (the one that occurs most);
  cells may be quoted the CSV way (``"BSN";"Datum ..."``);
- UTF-8 with or without a byte order mark; a file that is not valid UTF-8 is read as Windows-1252
  (cp1252, what Excel on Windows writes), and :attr:`Signaalbestand.codering` says which was used;
  UTF-16 with a byte order mark (Excel's "Unicode-tekst") is read too;
- header names in any case, with runs of spaces collapsed (the seed writes
  "Datum  einde arbeidsverhouding"), in any order; unknown extra columns are ignored;
- dates as DD-MM-JJJJ, D-M-JJJJ (also with ``/`` or ``.``) or ISO JJJJ-MM-DD; an empty cell
  means the date does not apply;
- empty lines, and lines whose cells are all empty (``;;;``), are skipped; empty cells after the
  last column (a trailing separator) are ignored.

Each data line becomes either an :class:`Signaalregel` or one or more :class:`Regelfout` (line,
column, Dutch reason); a line is never dropped silently. A file that cannot be read as a whole (no
header, a required column missing) raises :class:`SignaalbestandFout`.

Kinds of rows: a ziek-uit-dienst row has a datum einde arbeidsverhouding and a datum eerste AO-dag
and no datum einde uitkeringsverhouding; an einde-uitkering row has a datum einde
uitkeringsverhouding (usually with the two dates of the melding it closes).
"""

import codecs
import csv
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from vangnet.domain.bsn import BsnError, parse_bsn
from vangnet.domain.errors import DomainError
from vangnet.domain.signaalrapport import HEADER, datum_cel

Soort = Literal["ziek_uit_dienst", "einde_uitkering"]
ZIEK_UIT_DIENST: Final = "ziek_uit_dienst"
EINDE_UITKERING: Final = "einde_uitkering"

KOLOM_BSN, KOLOM_EINDE_UITKERING, KOLOM_EINDE_ARBEID, KOLOM_EERSTE_AO_DAG = HEADER
SCHEIDINGSTEKENS: Final = (";", ",", "\t")
EERSTE_JAAR: Final = 1900
LAATSTE_JAAR: Final = 2199

_SPATIES = re.compile(r"\s+")
_DMJ = re.compile(r"([0-9]{1,2})([-/.])([0-9]{1,2})\2([0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_REGELEINDE = re.compile(r"\r\n|\r|\n")


class SignaalbestandFout(DomainError):
    """The file as a whole cannot be read as a signaalrapport; nothing in it was used."""


@dataclass(frozen=True)
class Signaalregel:
    """A valid data line: the BSN (nine digits), its dates, and which kind of signal it is."""

    regel: int
    bsn: str
    datum_einde_uitkeringsverhouding: date | None
    datum_einde_arbeidsverhouding: date | None
    datum_eerste_ao_dag: date | None
    soort: Soort


@dataclass(frozen=True)
class Regelfout:
    """What is wrong with a line: its number in the file (the header is usually line 1), the column
    (None when the line as a whole is wrong) and the reason in Dutch. The reason never repeats a BSN."""

    regel: int
    kolom: str | None
    reden: str

    def as_json(self) -> dict[str, int | str | None]:
        return {"regel": self.regel, "kolom": self.kolom, "reden": self.reden}


@dataclass(frozen=True)
class Signaalbestand:
    """The outcome of reading a file: good rows and errors, each in file order."""

    regels: tuple[Signaalregel, ...]
    fouten: tuple[Regelfout, ...]
    scheidingsteken: str
    codering: str
    aantal_regels: int  # data lines read (not empty), with or without errors

    @property
    def regels_met_fout(self) -> int:
        return len({fout.regel for fout in self.fouten})


def normaliseer_kolomnaam(naam: str) -> str:
    """Case-insensitive, surrounding spaces stripped and runs of spaces (also no-break spaces) as one."""
    return _SPATIES.sub(" ", naam.replace("\ufeff", "")).strip().casefold()


_KOLOMMEN: Final = {normaliseer_kolomnaam(kolom): kolom for kolom in HEADER}


def lees_signaalrapport(inhoud: bytes) -> Signaalbestand:
    """Read a whole signaalrapport; see the module docstring for what is accepted."""
    tekst, codering = decodeer(inhoud)
    regels = _REGELEINDE.split(tekst)
    kop_index = next((i for i, regel in enumerate(regels) if regel.strip()), None)
    if kop_index is None:
        raise SignaalbestandFout("Het bestand is leeg: er staat geen kopregel in.")
    scheidingsteken = _snuffel_scheidingsteken(regels[kop_index])
    kop = lees_kop(cellen_van(regels[kop_index], scheidingsteken))
    goed: list[Signaalregel] = []
    fouten: list[Regelfout] = []
    aantal = 0
    for index in range(kop_index + 1, len(regels)):
        cellen = cellen_van(regels[index], scheidingsteken)
        if not any(cel.strip() for cel in cellen):
            continue
        aantal += 1
        regel, regelfouten = lees_regel(index + 1, cellen, kop)
        if regel is not None:
            goed.append(regel)
        fouten.extend(regelfouten)
    return Signaalbestand(tuple(goed), tuple(fouten), scheidingsteken, codering, aantal)


def decodeer(inhoud: bytes) -> tuple[str, str]:
    """The text and the codec used: UTF-8 (with BOM: "utf-8-sig"), UTF-16 with BOM, else cp1252."""
    if inhoud.startswith(codecs.BOM_UTF8):
        try:
            return inhoud[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise SignaalbestandFout("Het bestand begint als UTF-8 maar is geen geldige UTF-8.") from None
    if inhoud.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return inhoud.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise SignaalbestandFout("Het bestand begint als UTF-16 maar is geen geldige UTF-16.") from None
    try:
        return inhoud.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return inhoud.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise SignaalbestandFout("Het bestand is geen tekst in UTF-8 of Windows-1252.") from None


def _snuffel_scheidingsteken(kopregel: str) -> str:
    tellingen = {teken: kopregel.count(teken) for teken in SCHEIDINGSTEKENS}
    beste = max(SCHEIDINGSTEKENS, key=lambda teken: tellingen[teken])
    if tellingen[beste] == 0:
        raise SignaalbestandFout(
            "In de kopregel staat geen scheidingsteken (; of ,): dit is geen signaalrapport met "
            f"de kolommen {', '.join(HEADER)}."
        )
    return beste


def cellen_van(regel: str, scheidingsteken: str) -> list[str]:
    """The cells of one line; an empty or blank line has none."""
    if not regel.strip():
        return []
    return next(csv.reader([regel], delimiter=scheidingsteken, quotechar='"', skipinitialspace=True), [])


@dataclass(frozen=True)
class Kop:
    """Where each required column is, and how many columns the header has (trailing empty ones left out)."""

    posities: dict[str, int]
    breedte: int


def lees_kop(cellen: list[str]) -> Kop:
    """The header line's cells as a :class:`Kop`; a missing or doubled column is a file-level error."""
    return Kop(kolomposities(cellen, _KOLOMMEN, HEADER, SignaalbestandFout), breedte(cellen))


def kolomposities(
    cellen: Sequence[str], kolom_van: Mapping[str, str], verplicht: Sequence[str], fout: type[DomainError]
) -> dict[str, int]:
    """Where each known column stands in a header line (names compared by normaliseer_kolomnaam).

    Raises ``fout`` for a column named twice or a required one missing; unknown columns are ignored.
    """
    posities: dict[str, int] = {}
    for positie, naam in enumerate(cellen):
        kolom = kolom_van.get(normaliseer_kolomnaam(naam))
        if kolom is None:
            continue
        if kolom in posities:
            raise fout(f"De kolom '{kolom}' staat twee keer in de kopregel.")
        posities[kolom] = positie
    ontbrekend = [kolom for kolom in verplicht if kolom not in posities]
    if ontbrekend:
        namen = ", ".join(f"'{kolom}'" for kolom in ontbrekend)
        werkwoord = "De kolom {} ontbreekt" if len(ontbrekend) == 1 else "De kolommen {} ontbreken"
        raise fout(f"{werkwoord.format(namen)} in de kopregel. Verwacht: {'; '.join(verplicht)}.")
    return posities


def breedte(cellen: Sequence[str]) -> int:
    """The number of cells without the empty ones at the end (a trailing separator)."""
    aantal = len(cellen)
    while aantal and not cellen[aantal - 1].strip():
        aantal -= 1
    return aantal


def lees_regel(nummer: int, cellen: list[str], kop: Kop) -> tuple[Signaalregel | None, list[Regelfout]]:
    """One data line: a valid row, or the errors that keep it out (all of them, not just the first)."""
    if len(cellen) < kop.breedte or breedte(cellen) > kop.breedte:
        aantal = len(cellen) if len(cellen) < kop.breedte else breedte(cellen)
        cellen_woord = "cel" if aantal == 1 else "cellen"
        return None, [
            Regelfout(nummer, None, f"De regel heeft {aantal} {cellen_woord}, de kopregel {kop.breedte} kolommen.")
        ]
    cel = {kolom: cellen[positie] for kolom, positie in kop.posities.items()}
    fouten: list[Regelfout] = []
    bsn = _lees_bsn(nummer, cel[KOLOM_BSN], fouten)
    datums = {kolom: _lees_datum(nummer, kolom, cel[kolom], fouten) for kolom in HEADER[1:]}
    einde_uitkering = datums[KOLOM_EINDE_UITKERING]
    einde_arbeid = datums[KOLOM_EINDE_ARBEID]
    eerste_ao_dag = datums[KOLOM_EERSTE_AO_DAG]
    leeg = {kolom for kolom in HEADER[1:] if not cel[kolom].strip()}
    soort = _soort(nummer, leeg, fouten)
    _controleer_volgorde(nummer, einde_uitkering, einde_arbeid, eerste_ao_dag, fouten)
    if fouten or bsn is None or soort is None:
        return None, fouten
    return Signaalregel(nummer, bsn, einde_uitkering, einde_arbeid, eerste_ao_dag, soort), []


def _lees_bsn(nummer: int, cel: str, fouten: list[Regelfout]) -> str | None:
    try:
        return parse_bsn(cel.strip())
    except BsnError as fout:
        fouten.append(Regelfout(nummer, KOLOM_BSN, str(fout)))
        return None


def parse_datum(tekst: str) -> date | None:
    """DD-MM-JJJJ, D-M-JJJJ (also with / or .) or JJJJ-MM-DD; None for an empty cell.

    Otherwise a :class:`DomainError` with a Dutch reason (the cell's error, not the file's).
    """
    tekst = tekst.strip()
    if not tekst:
        return None
    dmj = _DMJ.fullmatch(tekst)
    iso = _ISO.fullmatch(tekst)
    if dmj is not None:
        dag, maand, jaar = int(dmj[1]), int(dmj[3]), int(dmj[4])
    elif iso is not None:
        jaar, maand, dag = int(iso[1]), int(iso[2]), int(iso[3])
    else:
        # The text is not echoed: a misplaced cell could hold a BSN.
        raise DomainError("Geen datum: verwacht DD-MM-JJJJ, D-M-JJJJ of JJJJ-MM-DD.")
    try:
        datum = date(jaar, maand, dag)
    except ValueError:
        raise DomainError(f"De datum {tekst} bestaat niet.") from None
    if not EERSTE_JAAR <= datum.year <= LAATSTE_JAAR:
        raise DomainError(f"De datum {tekst} ligt niet tussen {EERSTE_JAAR} en {LAATSTE_JAAR}.")
    return datum


def _lees_datum(nummer: int, kolom: str, cel: str, fouten: list[Regelfout]) -> date | None:
    try:
        return parse_datum(cel)
    except DomainError as fout:
        fouten.append(Regelfout(nummer, kolom, str(fout)))
        return None


def _soort(nummer: int, leeg: set[str], fouten: list[Regelfout]) -> Soort | None:
    if KOLOM_EINDE_UITKERING not in leeg:
        return EINDE_UITKERING
    ziek_uit_dienst = (KOLOM_EINDE_ARBEID, KOLOM_EERSTE_AO_DAG)
    ontbrekend = [kolom for kolom in ziek_uit_dienst if kolom in leeg]
    if not ontbrekend:
        return ZIEK_UIT_DIENST
    if len(ontbrekend) == len(ziek_uit_dienst):
        fouten.append(
            Regelfout(
                nummer,
                None,
                "De regel heeft geen datums: een einde-uitkeringsregel heeft een datum einde uitkeringsverhouding, "
                "een ziek-uit-dienstregel een datum einde arbeidsverhouding en een datum eerste AO-dag.",
            )
        )
    else:
        fouten.append(
            Regelfout(
                nummer,
                ontbrekend[0],
                "Deze datum ontbreekt: een ziek-uit-dienstregel heeft een datum einde arbeidsverhouding en een "
                "datum eerste AO-dag.",
            )
        )
    return None


def _controleer_volgorde(
    nummer: int,
    einde_uitkering: date | None,
    einde_arbeid: date | None,
    eerste_ao_dag: date | None,
    fouten: list[Regelfout],
) -> None:
    # An eerste AO-dag after the einde arbeidsverhouding is no error: the ZW vangnet also covers
    # who falls ill shortly after leaving (ZW art. 29 lid 2) and a relapse after betermelding.
    if eerste_ao_dag is not None and einde_uitkering is not None and einde_uitkering < eerste_ao_dag:
        fouten.append(
            Regelfout(
                nummer,
                KOLOM_EINDE_UITKERING,
                f"De datum einde uitkeringsverhouding ({datum_cel(einde_uitkering)}) ligt vóór de eerste AO-dag "
                f"({datum_cel(eerste_ao_dag)}).",
            )
        )
