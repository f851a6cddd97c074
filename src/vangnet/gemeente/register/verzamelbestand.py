"""The register as a verzamelbestand (docs/verzamelbestand.md), and its check against the XSD.

Each person with at least one LKS period becomes one ClientSuwi (vangnet.domain.lksregister.dkd_persoon),
in BSN order, read from the database in chunks and written as a stream. Before anything is sent,
the whole file is validated against schemas/verzamelbestand-v1.xsd with lxml (a parser without
DTDs, entities or network access).
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree

from django.conf import settings

from vangnet.domain.lksregister import DkdPeriode, dkd_persoon
from vangnet.domain.verzamelbestand import BERICHTVERSIE, CLUSTER, Kop, Persoon, Sluitstuk, schrijf_verzamelbestand
from vangnet.gemeente.register.models import LksPeriode, LksPersoon
from vangnet.organisations.models import Organisatie

MAX_XSD_FOUTEN = 10
_NEGEN_CIJFERS = re.compile(r"(?<![0-9])[0-9]{9}(?![0-9])")  # a message must not repeat a BSN


class XsdNietGevonden(Exception):
    pass


@dataclass(frozen=True)
class Inhoud:
    aantal_personen: int
    aantal_perioden: int
    sluitstuk: Sluitstuk


PERSONEN_PER_STUK = 2000
_PERSOON_VELDEN = ("pk", "bsn", "voornamen", "voorletters", "voorvoegsel", "achternaam", "geboortedatum")


def personen_voor_dkd(gemeente: Organisatie) -> Iterator[Persoon]:
    """The ClientSuwi records of the gemeente's register, in BSN order (plain rows, read in chunks)."""
    code = gemeente.gemeentecode or ""
    personen = LksPersoon.objects.filter(gemeente=gemeente, perioden__isnull=False).distinct().order_by("bsn")
    positie = 0
    vanaf = ""
    while stuk := list(personen.filter(bsn__gt=vanaf).values_list(*_PERSOON_VELDEN)[:PERSONEN_PER_STUK]):
        perioden: dict[int, list[DkdPeriode]] = {}
        rijen = LksPeriode.objects.filter(persoon_id__in=[rij[0] for rij in stuk]).order_by("begin")
        for persoon_id, begin, einde, loonwaarde, nummer in rijen.values_list(
            "persoon_id", "begin", "einde", "loonwaarde", "beschikkingsnummer"
        ):
            perioden.setdefault(persoon_id, []).append(DkdPeriode(begin, einde, loonwaarde, nummer))
        for pk, bsn, voornamen, voorletters, voorvoegsel, achternaam, geboortedatum in stuk:
            positie += 1
            yield dkd_persoon(
                positie,
                code,
                bsn,
                perioden[pk],
                voornamen=voornamen,
                voorletters=voorletters,
                voorvoegsel=voorvoegsel,
                achternaam=achternaam,
                geboortedatum=geboortedatum,
            )
        if len(stuk) < PERSONEN_PER_STUK:
            return  # the last chunk: no query for the empty one after it
        vanaf = stuk[-1][1]


def schrijf_register(gemeente: Organisatie, doel: BinaryIO, volgnummer: int, aanmaakdatum: date) -> Inhoud:
    """Write the gemeente's verzamelbestand to ``doel``."""
    kop = Kop(gemeente.gemeentecode or "", aanmaakdatum, volgnummer, BERICHTVERSIE, CLUSTER)
    perioden = 0

    def geteld() -> Iterator[Persoon]:
        nonlocal perioden
        for persoon in personen_voor_dkd(gemeente):
            perioden += len(persoon.voorzieningen)
            yield persoon

    sluitstuk = schrijf_verzamelbestand(doel, kop, geteld())
    return Inhoud(sluitstuk.aantal_personen, perioden, sluitstuk)


@cache
def _schema(pad: str) -> Any:
    if not Path(pad).is_file():
        raise XsdNietGevonden(f"Het schema {pad} bestaat niet (VANGNET_VERZAMELBESTAND_XSD).")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(pad, parser))


def valideer_tegen_xsd(bestand: BinaryIO) -> list[str]:
    """The first problems the XSD finds (line and message), or an empty list when the file is valid."""
    schema = _schema(str(settings.VANGNET_VERZAMELBESTAND_XSD))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    bestand.seek(0)
    try:
        document = etree.parse(bestand, parser)
    except etree.XMLSyntaxError as fout:
        return [f"Geen goedgevormde XML: {fout}"]
    if schema.validate(document):
        return []
    return [
        f"regel {fout.line}: {_NEGEN_CIJFERS.sub('*********', fout.message)}"
        for fout in list(schema.error_log)[:MAX_XSD_FOUTEN]
    ]
