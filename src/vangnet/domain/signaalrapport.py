"""The Re-integratie_signaalrapport: the daily CSV the hub publishes for one gemeente.

One row per signal, ``;``-separated, UTF-8, dates as DD-MM-JJJJ and an empty cell where a
date does not apply. The file is named ``{Gemeentenaam}_LKSRi_rapport_{YYYYMMDD}.csv`` with
the name in ASCII (see :func:`vangnet.domain.gemeenten.ascii_name`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

from vangnet.domain.gemeenten import ascii_name

HEADER: Final = ("BSN", "Datum einde uitkeringsverhouding", "Datum einde arbeidsverhouding", "Datum eerste AO-dag")
SEPARATOR: Final = ";"
TITEL: Final = "Re-integratie_signaalrapport"


@dataclass(frozen=True)
class Signaalregel:
    """One row of the report; a date that does not apply is None."""

    bsn: str
    datum_einde_uitkeringsverhouding: date | None
    datum_einde_arbeidsverhouding: date | None
    datum_eerste_ao_dag: date | None

    def cellen(self) -> tuple[str, str, str, str]:
        return (
            self.bsn,
            datum_cel(self.datum_einde_uitkeringsverhouding),
            datum_cel(self.datum_einde_arbeidsverhouding),
            datum_cel(self.datum_eerste_ao_dag),
        )


def datum_cel(datum: date | None) -> str:
    """DD-MM-JJJJ, or empty when the date does not apply."""
    return "" if datum is None else f"{datum.day:02d}-{datum.month:02d}-{datum.year:04d}"


def bestandsnaam(gemeentenaam: str, publicatiedatum: date) -> str:
    """``Utrecht_LKSRi_rapport_20261122.csv``; "'s-Gravenhage" gives ``s-Gravenhage_...``."""
    return f"{ascii_name(gemeentenaam)}_LKSRi_rapport_{publicatiedatum:%Y%m%d}.csv"


def titel(publicatiedatum: date) -> str:
    """The title the portal lists, as the Inlichtingenbureau portal shows it."""
    return f"{TITEL} {datum_cel(publicatiedatum)}"


def csv_inhoud(regels: Iterable[Signaalregel]) -> bytes:
    """The whole file: the header and one line per signal, CRLF line ends, UTF-8 without BOM.

    The cells are digits and dates only, so nothing needs quoting or escaping.
    """
    lines = [SEPARATOR.join(HEADER)]
    lines.extend(SEPARATOR.join(regel.cellen()) for regel in regels)
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
