"""Signaalrapporten as gemeenten really receive them: built from rows, in the styles a spreadsheet saves."""

import codecs
from dataclasses import dataclass
from datetime import date

from vangnet.domain.bsn import synthetic_bsn

KOLOMMEN = ("BSN", "Datum einde uitkeringsverhouding", "Datum einde arbeidsverhouding", "Datum eerste AO-dag")
# The column names as the Inlichtingenbureau's manual (seed 002) prints them: two spaces in one.
SEED_KOP = ("BSN", "Datum einde uitkeringsverhouding", "Datum  einde arbeidsverhouding", "Datum eerste AO-dag")

BSN_1, BSN_2, BSN_3, BSN_4 = (synthetic_bsn(n) for n in range(10, 14))


@dataclass(frozen=True)
class Rij:
    bsn: str
    einde_uitkering: date | None = None
    einde_arbeid: date | None = None
    eerste_ao_dag: date | None = None


def datum(d: date | None, stijl: str) -> str:
    if d is None:
        return ""
    if stijl == "iso":
        return d.isoformat()
    if stijl == "kort":
        return f"{d.day}-{d.month}-{d.year}"
    return f"{d.day:02d}-{d.month:02d}-{d.year}"


def rapport(
    rijen: list[Rij],
    *,
    scheidingsteken: str = ";",
    stijlen: tuple[str, ...] = ("dmj",),
    bom: bool = False,
    kop: tuple[str, ...] = SEED_KOP,
    volgorde: tuple[int, ...] = (0, 1, 2, 3),
    regeleinde: str = "\r\n",
    extra_regels: tuple[str, ...] = (),
) -> bytes:
    """The file; row i uses date style stijlen[i % len(stijlen)]; extra_regels are appended raw."""
    lijnen = [scheidingsteken.join(kop[i] for i in volgorde)]
    for index, rij in enumerate(rijen):
        stijl = stijlen[index % len(stijlen)]
        cellen = (
            rij.bsn,
            datum(rij.einde_uitkering, stijl),
            datum(rij.einde_arbeid, stijl),
            datum(rij.eerste_ao_dag, stijl),
        )
        lijnen.append(scheidingsteken.join(cellen[i] for i in volgorde))
    lijnen.extend(extra_regels)
    inhoud = (regeleinde.join(lijnen) + regeleinde).encode()
    return codecs.BOM_UTF8 + inhoud if bom else inhoud


D = date.fromisoformat

# Three ziek-uit-dienst signals that arrive on 2026-03-20:
# 1. in time: eerste AO-dag 2026-03-02, overname 2026-03-10 (before week 6);
# 2. overname after week 6: the employer's probleemanalyse, a fresh one for the gemeente;
# 3. too late: week 6 (2026-02-15) passed before the signal came, so the probleemanalyse is onverwijld.
VANDAAG = D("2026-03-20")
DRIE_SIGNALEN = [
    Rij(BSN_1, einde_arbeid=D("2026-03-10"), eerste_ao_dag=D("2026-03-02")),
    Rij(BSN_2, einde_arbeid=D("2026-02-15"), eerste_ao_dag=D("2025-12-01")),
    Rij(BSN_3, einde_arbeid=D("2026-01-20"), eerste_ao_dag=D("2026-01-05")),
]
