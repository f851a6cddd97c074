"""Verzamelbestanden for tests, written with the domain writer."""

import io
from datetime import date

from vangnet.domain.bsn import synthetic_bsn
from vangnet.domain.verzamelbestand import Bron, Kop, Persoon, Relatie, Voorziening, schrijf_verzamelbestand

BRON = Bron(cd_kolom=3, cd_partij="0344")


def persoon(
    n: int,
    positie: int = 1,
    perioden: tuple[tuple[date, date | None], ...] = ((date(2025, 1, 1), date(2025, 12, 31)),),
    bsn: str | None = None,
) -> Persoon:
    return Persoon(
        positie=positie,
        bsn=bsn or synthetic_bsn(n),
        achternaam=f"Testpersoon{'abcdefghij'[n % 10]}",
        relaties=(Relatie(bron=BRON),),
        voorzieningen=tuple(
            Voorziening(relatie=0, begin=begin, einde=einde, cd_type="05", perc_loonwaarde="+06000", is_lks=True)
            for begin, einde in perioden
        ),
    )


def personen(aantal: int, start: int = 0) -> list[Persoon]:
    return [persoon(start + i, positie=i + 1) for i in range(aantal)]


def verzamelbestand(
    gemeentecode: str, volgnummer: int, mensen: list[Persoon], aanmaakdatum: date = date(2026, 11, 20)
) -> bytes:
    doel = io.BytesIO()
    kop = Kop(gemeentecode, aanmaakdatum, volgnummer, "GSDDossierReintegratie-v0200", "Reintegratie")
    schrijf_verzamelbestand(doel, kop, mensen)
    return doel.getvalue()
