"""The precise checks: the content models, the simple types, and the walk over a parsed element.

Every record that the fast path (snel.py) does not take is parsed by lxml and read here;
so are the Kop and the Sluitstuk. The walk finds the first problem in a ClientSuwi and
words it as an Afkeuring.
"""

import re
from datetime import date
from typing import Any, Final

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from vangnet.domain.bsn import BsnError, is_valid_bsn, parse_bsn
from vangnet.domain.verzamelbestand.model import (
    BERICHTVERSIE,
    CLUSTER,
    Afkeuring,
    BestandFout,
    Bron,
    Foutcode,
    Kop,
    Persoon,
    Relatie,
    Sluitstuk,
    Voorziening,
    _jjjjmmdd,
)

# lxml has no type information; its elements are Any here.
_Element = Any


# ---------------------------------------------------------------------------
# Content models and simple types
# ---------------------------------------------------------------------------

_XML_WITRUIMTE: Final = " \t\r\n"
_ONBEGRENSD: Final = 1 << 62


class _Reeks:
    """An xs:sequence of named elements, each with minOccurs and maxOccurs.

    ``controleer`` returns the first violation for a list of child tags, in Dutch, or None.
    The tag tuples found valid are remembered: a file has few distinct shapes, so most
    records cost one set lookup per element.
    """

    __slots__ = ("geldig", "_index", "_maximum", "_minimum", "namen")

    _GEHEUGEN: Final = 4096

    def __init__(self, *leden: tuple[str, int, int]) -> None:
        self.namen = tuple(naam for naam, _, _ in leden)
        self._minimum = tuple(minimum for _, minimum, _ in leden)
        self._maximum = tuple(maximum for _, _, maximum in leden)
        self._index = {naam: i for i, naam in enumerate(self.namen)}
        self.geldig: set[tuple[str, ...]] = set()

    def controleer(self, tags: tuple[str, ...]) -> str | None:
        if tags in self.geldig:
            return None
        reden = self._eerste_fout(tags)
        if reden is None and len(self.geldig) < self._GEHEUGEN:
            self.geldig.add(tags)
        return reden

    def _eerste_fout(self, tags: tuple[str, ...]) -> str | None:
        positie, aantal = -1, 0
        for k, tag in enumerate(tags):
            i = self._index.get(tag)
            if i is None:
                return _onbekend_element(tag, self._index)
            if i == positie:
                aantal += 1
                if aantal > self._maximum[i]:
                    return f"Element '{tag}' mag maar één keer voorkomen."
                continue
            if i < positie:
                return f"Element '{tag}' staat na '{self.namen[positie]}', maar hoort ervoor."
            for j in range(positie + 1, i):
                if self._minimum[j]:
                    if self.namen[j] in tags[k + 1 :]:
                        return f"Element '{tag}' staat vóór '{self.namen[j]}', maar hoort erna."
                    return f"Verplicht element '{self.namen[j]}' ontbreekt."
            positie, aantal = i, 1
        for j in range(positie + 1, len(self.namen)):
            if self._minimum[j]:
                return f"Verplicht element '{self.namen[j]}' ontbreekt."
        return None


def _onbekend_element(tag: str, bekend: dict[str, int]) -> str:
    if tag.startswith("{"):
        namespace, _, naam = tag[1:].partition("}")
        if naam in bekend:
            return f"Element '{naam}' hoort geen namespace te hebben, maar staat in namespace '{namespace}'."
        return f"Onbekend element '{naam}' (namespace '{namespace}')."
    return f"Onbekend element '{tag}'."


_EEN: Final = (1, 1)
_OPTIONEEL: Final = (0, 1)
_HERHAALBAAR: Final = (0, _ONBEGRENSD)

_KOP = _Reeks(
    ("Gemeentecode", *_EEN),
    ("Aanmaakdatum", *_EEN),
    ("Volgnummer", *_EEN),
    ("Berichtversie", *_EEN),
    ("Cluster", *_EEN),
)
_SLUITSTUK = _Reeks(("AantalPersonen", *_EEN), ("Sha256", *_EEN))
_CLIENT = _Reeks(
    ("Burgerservicenr", *_EEN),
    ("Voornamen", *_OPTIONEEL),
    ("Voorletters", *_OPTIONEEL),
    ("Voorvoegsel", *_OPTIONEEL),
    ("SignificantDeelVanDeAchternaam", *_OPTIONEEL),
    ("Geslacht", *_OPTIONEEL),
    ("Geboortedat", *_OPTIONEEL),
    ("Bron", *_OPTIONEEL),
    ("AtlRelatie", *_HERHAALBAAR),
)
_ATL_RELATIE = _Reeks(
    ("Arbeidsvermogen", *_OPTIONEEL),
    ("DoelReintegratievoorziening", *_OPTIONEEL),
    ("ReIntegratievoorziening", *_HERHAALBAAR),
    ("Bron", *_EEN),
)
_VOORZIENING = _Reeks(
    ("RegistratienrRvGsd", *_OPTIONEEL),
    ("DatBRv", *_EEN),
    ("DatERv", *_OPTIONEEL),
    ("CdTypeRvGsd", *_OPTIONEEL),
    ("OmsRv", *_OPTIONEEL),
    ("Loonkostensubsidie", *_OPTIONEEL),
)
_BRON = _Reeks(("CdKolomSuwi", *_EEN), ("CdPartijSuwi", *_EEN), ("CdVestigingSuwi", *_OPTIONEEL))
_ARBEIDSVERMOGEN = _Reeks(("CdArbeidsvermogen", *_EEN))
_DOEL = _Reeks(("CdDoelRv", *_EEN))
_LOONKOSTENSUBSIDIE = _Reeks(("PercLoonwaardeTovWml", *_EEN))
_STANDAARD_PERC = _Reeks(("CdPositiefNegatief", *_OPTIONEEL), ("Percentage", *_OPTIONEEL))

_DATUM = re.compile(
    r"00000000"
    r"|0000(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])(?:0[0-9]|1[0-2])(?:[0-2][0-9]|3[01])"
)
_CIJFERS = re.compile(r"[0-9]*")
_EEN_CIJFER = re.compile(r"\d")  # any Unicode digit, as \d in XSD
_VOORLETTERS = re.compile(r"[A-Z]{1,6}|[.]")
_PERCENTAGE = re.compile(r"[0-9]{5}")
_GEHEEL_GETAL = re.compile(r"[+-]?[0-9]+")
_GEMEENTECODE = re.compile(r"GM[0-9]{4}")
_AANMAAKDATUM = re.compile(r"[0-9]{4}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])")
_VOLGNUMMER = re.compile(r"[1-9][0-9]{0,8}")
_AANTAL = re.compile(r"0|[1-9][0-9]{0,9}")
_SHA256 = re.compile(r"[0-9a-f]{64}")

_HEEFT_ATTRIBUUT = etree.XPath("boolean(descendant-or-self::*/@*)")


class _Afgekeurd(Exception):  # noqa: N818 - an internal signal, not an error type
    """Raised inside the record walk with the first problem; becomes an Afkeuring."""

    def __init__(self, veld: str, reden: str) -> None:
        super().__init__(reden)
        self.veld = veld
        self.reden = reden

    def onder(self, naam: str) -> "_Afgekeurd":
        """Put the name of the enclosing element in front of the path."""
        self.veld = f"{naam}/{self.veld}" if self.veld else naam
        return self


def _weergave(tag: str) -> str:
    return tag[1:].partition("}")[2] if tag.startswith("{") else tag


def _citaat(tekst: str) -> str:
    tekst = tekst.strip(_XML_WITRUIMTE)
    return repr(tekst if len(tekst) <= 40 else tekst[:40] + "…")


def _gevonden_bsn(element: _Element) -> str:
    for kind in element:
        if kind.tag == "Burgerservicenr":
            return str(kind.text or "")
    return ""


# ---------------------------------------------------------------------------
# Kop and Sluitstuk
# ---------------------------------------------------------------------------


def _lees_kop(element: _Element, verschuiving: int) -> Kop:
    """The Kop; ``verschuiving`` is added to lxml's line numbers to give those of the file."""
    waarden = _eenvoudige_kinderen(element, _KOP, "Kop", "ongeldige_kop", verschuiving)
    regels = {kind.tag: kind.sourceline + verschuiving for kind in element}
    versie = waarden["Berichtversie"]
    if versie != BERICHTVERSIE:
        raise BestandFout(
            "onbekende_versie",
            f"Berichtversie '{versie}' (regel {regels['Berichtversie']}) wordt niet ondersteund; "
            f"de enige ondersteunde versie is {BERICHTVERSIE}.",
        )
    cluster = waarden["Cluster"]
    if cluster != CLUSTER:
        raise BestandFout(
            "onbekende_versie",
            f"Cluster '{cluster}' (regel {regels['Cluster']}) wordt niet ondersteund; het enige cluster is {CLUSTER}.",
        )
    gemeentecode = waarden["Gemeentecode"]
    if not _GEMEENTECODE.fullmatch(gemeentecode):
        raise BestandFout(
            "ongeldige_kop",
            f"Gemeentecode '{gemeentecode}' (regel {regels['Gemeentecode']}) is ongeldig: "
            "verwacht GM en vier cijfers, zoals GM0344.",
        )
    aanmaakdatum = waarden["Aanmaakdatum"]
    datum = _bestaande_datum(aanmaakdatum) if _AANMAAKDATUM.fullmatch(aanmaakdatum) else None
    if datum is None:
        raise BestandFout(
            "ongeldige_kop",
            f"Aanmaakdatum '{aanmaakdatum}' (regel {regels['Aanmaakdatum']}) is geen bestaande datum "
            "in de vorm JJJJMMDD.",
        )
    volgnummer = waarden["Volgnummer"]
    if not _VOLGNUMMER.fullmatch(volgnummer):
        raise BestandFout(
            "ongeldige_kop",
            f"Volgnummer '{volgnummer}' (regel {regels['Volgnummer']}) moet een geheel getal van 1 tot en met "
            "999999999 zijn, zonder voorloopnullen.",
        )
    return Kop(gemeentecode, datum, int(volgnummer), versie, cluster)


def _lees_sluitstuk(element: _Element, verschuiving: int) -> Sluitstuk:
    """The Sluitstuk; ``verschuiving`` is added to lxml's line numbers to give those of the file."""
    waarden = _eenvoudige_kinderen(element, _SLUITSTUK, "Sluitstuk", "geen_sluitstuk", verschuiving)
    regel = element.sourceline + verschuiving
    aantal, sha256 = waarden["AantalPersonen"], waarden["Sha256"]
    if not _AANTAL.fullmatch(aantal):
        raise BestandFout(
            "geen_sluitstuk",
            f"AantalPersonen '{aantal}' in het Sluitstuk (regel {regel}) is geen aantal.",
        )
    if not _SHA256.fullmatch(sha256):
        raise BestandFout(
            "geen_sluitstuk",
            f"Sha256 in het Sluitstuk (regel {regel}) moet 64 kleine hexadecimale tekens zijn.",
        )
    return Sluitstuk(int(aantal), sha256)


def _eenvoudige_kinderen(
    element: _Element, reeks: _Reeks, naam: str, code: Foutcode, verschuiving: int
) -> dict[str, str]:
    """The text of each child of a Kop or Sluitstuk, after checking its structure."""

    def fout(reden: str, regel: int) -> BestandFout:
        return BestandFout(code, f"{naam} (regel {regel + verschuiving}): {reden}")

    if _HEEFT_ATTRIBUUT(element):
        drager = next(e for e in element.iter() if e.attrib)
        attribuut = _weergave(next(iter(drager.attrib)))
        raise fout(f"attribuut '{attribuut}' op '{drager.tag}' is niet toegestaan.", drager.sourceline)
    kinderen = list(element)
    reden = reeks.controleer(tuple(kind.tag for kind in kinderen))
    if reden is not None:
        raise fout(reden, element.sourceline)
    waarden = {}
    for kind in kinderen:
        tekst = kind.tail
        if tekst and tekst.strip(_XML_WITRUIMTE):
            raise fout(f"losse tekst {_citaat(tekst)} is niet toegestaan.", kind.sourceline)
        if len(kind):
            raise fout(f"element '{kind.tag}' mag alleen tekst bevatten.", kind.sourceline)
        waarden[kind.tag] = kind.text or ""
    tekst = element.text
    if tekst and tekst.strip(_XML_WITRUIMTE):
        raise fout(f"losse tekst {_citaat(tekst)} is niet toegestaan.", element.sourceline)
    return waarden


# ---------------------------------------------------------------------------
# ClientSuwi
#
# This walk reads every record that the fast path (snel.py) does not take, and a large
# delivery may hold many, so it visits each element once and builds the path of a field
# (Afkeuring.veld) only when something is wrong: an _Afgekeurd carries a path relative to
# the element being read ("" for the element itself), and each level puts its own name in
# front on the way out.
# ---------------------------------------------------------------------------

_bron_cache: dict[tuple[str, str, str | None], Bron] = {}
_relatie_cache: dict[tuple[Bron, str | None, str | None], Relatie] = {}
_datum_cache: dict[str, date] = {}
_CACHE_GROOTTE: Final = 100_000


def lees_client(element: _Element, positie: int) -> Persoon | Afkeuring:
    """The precise walk over a parsed ClientSuwi: its Persoon, or an Afkeuring with its first problem."""
    try:
        return _client(element, positie)
    except _Afgekeurd as afgekeurd:
        return Afkeuring(positie, _gevonden_bsn(element), afgekeurd.veld or "ClientSuwi", afgekeurd.reden)


def _client(element: _Element, positie: int) -> Persoon:
    if _HEEFT_ATTRIBUUT(element):
        _zoek_attribuut(element)
    kinderen, tags = _kinderen(element, _CLIENT)
    bsn = ""
    voornamen = voorletters = voorvoegsel = achternaam = geslacht = geboortedat = None
    bron: Bron | None = None
    relaties: list[Relatie] = []
    voorzieningen: list[Voorziening] = []
    for tag, kind in zip(tags, kinderen, strict=True):
        if tag == "AtlRelatie":
            try:
                relaties.append(_atl_relatie(kind, len(relaties), voorzieningen))
            except _Afgekeurd as afgekeurd:
                raise afgekeurd.onder(f"AtlRelatie[{len(relaties) + 1}]") from None
            continue
        if tag == "Bron":
            try:
                bron = _bron(kind)
            except _Afgekeurd as afgekeurd:
                raise afgekeurd.onder("Bron") from None
            continue
        waarde = _blad(kind, tag)
        if tag == "Burgerservicenr":
            bsn = _burgerservicenr(waarde)
        elif tag == "Voornamen":
            voornamen = _naam(waarde, tag, 200)
        elif tag == "Voorletters":
            voorletters = _voorletters(waarde)
        elif tag == "Voorvoegsel":
            voorvoegsel = _naam(waarde, tag, 10)
        elif tag == "SignificantDeelVanDeAchternaam":
            achternaam = _naam(waarde, tag, 200)
        elif tag == "Geslacht":
            geslacht = _geslacht(waarde)
        else:
            geboortedat = _datum(waarde, tag)
    if len(voorzieningen) > 1:
        _controleer_lks_overlap(voorzieningen)
    return Persoon(
        positie,
        bsn,
        voornamen,
        voorletters,
        voorvoegsel,
        achternaam,
        geslacht,
        geboortedat,
        bron,
        tuple(relaties),
        tuple(voorzieningen),
    )


def _kinderen(element: _Element, reeks: _Reeks) -> tuple[list[_Element], tuple[str, ...]]:
    """The children of a complex element and their tags, after checking order, number and stray text."""
    kinderen = list(element)
    tags = tuple([kind.tag for kind in kinderen])
    if tags not in reeks.geldig:
        reden = reeks.controleer(tags)
        if reden is not None:
            raise _Afgekeurd("", reden)
    tekst = element.text
    if tekst is not None and tekst.strip(_XML_WITRUIMTE):
        raise _Afgekeurd("", f"Losse tekst {_citaat(tekst)} is hier niet toegestaan.")
    for kind in kinderen:
        tekst = kind.tail
        if tekst is not None and tekst.strip(_XML_WITRUIMTE):
            raise _Afgekeurd("", f"Losse tekst {_citaat(tekst)} na '{kind.tag}' is hier niet toegestaan.")
    return kinderen, tags


def _blad(element: _Element, tag: str) -> str:
    """The text of a simple element, which may hold no elements."""
    if len(element):
        raise _Afgekeurd(tag, f"Element '{tag}' mag alleen tekst bevatten, geen elementen.")
    tekst: str | None = element.text
    return "" if tekst is None else tekst


def _zoek_attribuut(client: _Element) -> None:
    """Raise for the first attribute in document order, naming the element that carries it."""

    def zoek(element: _Element, pad: str) -> None:
        if element.attrib:
            raise _Afgekeurd(pad, f"Attribuut '{_weergave(next(iter(element.attrib)))}' is niet toegestaan.")
        tellers: dict[str, int] = {}
        for kind in element:
            tellers[kind.tag] = tellers.get(kind.tag, 0) + 1
            naam = f"{kind.tag}[{tellers[kind.tag]}]" if kind.tag in _HERHAALBARE_TAGS else _weergave(kind.tag)
            zoek(kind, f"{pad}/{naam}" if pad else naam)

    zoek(client, "")


_HERHAALBARE_TAGS: Final = frozenset({"AtlRelatie", "ReIntegratievoorziening"})


def _burgerservicenr(waarde: str) -> str:
    if len(waarde) != 9:
        raise _Afgekeurd("Burgerservicenr", f"Burgerservicenr moet 9 cijfers hebben, maar heeft er {len(waarde)}.")
    if not _CIJFERS.fullmatch(waarde):
        raise _Afgekeurd("Burgerservicenr", "Burgerservicenr mag alleen cijfers bevatten.")
    if not is_valid_bsn(waarde):
        try:
            parse_bsn(waarde)
        except BsnError as fout:
            raise _Afgekeurd("Burgerservicenr", str(fout)) from None
    return waarde


def _naam(waarde: str, tag: str, maximum: int) -> str:
    if len(waarde) > maximum:
        raise _Afgekeurd(tag, f"{tag} mag hoogstens {maximum} tekens hebben, maar heeft er {len(waarde)}.")
    if _EEN_CIJFER.search(waarde):
        raise _Afgekeurd(tag, f"{tag} mag geen cijfers bevatten: {waarde!r}.")
    return waarde


def _voorletters(waarde: str) -> str:
    if not _VOORLETTERS.fullmatch(waarde):
        raise _Afgekeurd(
            "Voorletters",
            f"Voorletters {waarde!r} moet bestaan uit 1 tot 6 hoofdletters zonder punten (zoals 'JP'), "
            "of uit één punt als de voorletters onbekend zijn.",
        )
    return waarde


def _geslacht(waarde: str) -> str:
    if len(waarde) != 1 or not "0" <= waarde <= "9":
        raise _Afgekeurd("Geslacht", f"Geslacht {waarde!r} moet één cijfer zijn (0 onbekend, 1 man, 2 vrouw).")
    return waarde


def _datum(waarde: str, tag: str) -> str:
    if not _DATUM.fullmatch(waarde):
        raise _Afgekeurd(
            tag, f"{tag} {waarde!r} is geen datum in de vorm JJJJMMDD (met 00 voor een onbekende maand of dag)."
        )
    return waarde


def _bron(element: _Element) -> Bron:
    kinderen, tags = _kinderen(element, _BRON)
    kolom = _blad(kinderen[0], tags[0])
    partij = _blad(kinderen[1], tags[1])
    vestiging = _blad(kinderen[2], tags[2]) if len(kinderen) == 3 else None
    sleutel = (kolom, partij, vestiging)
    bron = _bron_cache.get(sleutel)
    if bron is not None:
        return bron
    kolom_waarde = _cd_kolom(kolom)
    if kolom_waarde is None:
        raise _Afgekeurd("CdKolomSuwi", f"CdKolomSuwi {kolom!r} moet een geheel getal van 0 tot en met 99 zijn.")
    for tag, waarde in (("CdPartijSuwi", partij), ("CdVestigingSuwi", vestiging)):
        if waarde is not None and (len(waarde) != 4 or not _CIJFERS.fullmatch(waarde)):
            raise _Afgekeurd(tag, f"{tag} {waarde!r} moet uit precies 4 cijfers bestaan.")
    bron = Bron(kolom_waarde, partij, vestiging)
    if len(_bron_cache) < _CACHE_GROOTTE:
        _bron_cache[sleutel] = bron
    return bron


def _cd_kolom(tekst: str) -> int | None:
    """An xs:nonNegativeInteger of at most 2 digits: surrounding white space, a sign and leading zeros allowed."""
    tekst = tekst.strip(_XML_WITRUIMTE)
    if not _GEHEEL_GETAL.fullmatch(tekst):
        return None
    waarde = int(tekst)
    return waarde if 0 <= waarde <= 99 else None


def _atl_relatie(element: _Element, index: int, voorzieningen: list[Voorziening]) -> Relatie:
    kinderen, tags = _kinderen(element, _ATL_RELATIE)
    cd_arbeidsvermogen = cd_doel = None
    bron: Bron | None = None
    nummer = 0
    for tag, kind in zip(tags, kinderen, strict=True):
        try:
            if tag == "ReIntegratievoorziening":
                nummer += 1
                voorzieningen.append(_voorziening(kind, index))
            elif tag == "Bron":
                bron = _bron(kind)
            elif tag == "Arbeidsvermogen":
                cd_arbeidsvermogen = _code_in(kind, _ARBEIDSVERMOGEN, 2)
            else:
                cd_doel = _code_in(kind, _DOEL, 1)
        except _Afgekeurd as afgekeurd:
            raise afgekeurd.onder(f"{tag}[{nummer}]" if tag == "ReIntegratievoorziening" else tag) from None
    assert bron is not None  # the content model requires it
    return _gedeelde_relatie(bron, cd_arbeidsvermogen, cd_doel)


def _gedeelde_relatie(bron: Bron, cd_arbeidsvermogen: str | None, cd_doel: str | None) -> Relatie:
    """Equal relations are one shared (immutable) object: a file has few distinct ones."""
    sleutel = (bron, cd_arbeidsvermogen, cd_doel)
    relatie = _relatie_cache.get(sleutel)
    if relatie is None:
        relatie = Relatie(bron, cd_arbeidsvermogen, cd_doel)
        if len(_relatie_cache) < _CACHE_GROOTTE:
            _relatie_cache[sleutel] = relatie
    return relatie


def _code_in(element: _Element, reeks: _Reeks, lengte: int) -> str:
    """The code inside a wrapper such as Arbeidsvermogen/CdArbeidsvermogen: exactly ``lengte`` characters."""
    kinderen, tags = _kinderen(element, reeks)
    tag = tags[0]
    waarde = _blad(kinderen[0], tag)
    if len(waarde) != lengte:
        tekens = "teken" if lengte == 1 else "tekens"
        raise _Afgekeurd(tag, f"{tag} {waarde!r} moet precies {lengte} {tekens} hebben, maar heeft er {len(waarde)}.")
    return waarde


def _voorziening(element: _Element, relatie: int) -> Voorziening:
    kinderen, tags = _kinderen(element, _VOORZIENING)
    registratienr = cd_type = omschrijving = perc = None
    begin = einde = None
    is_lks = False
    for tag, kind in zip(tags, kinderen, strict=True):
        if tag == "Loonkostensubsidie":
            is_lks = True
            try:
                perc = _loonkostensubsidie(kind)
            except _Afgekeurd as afgekeurd:
                raise afgekeurd.onder(tag) from None
            continue
        waarde = _blad(kind, tag)
        if tag == "DatBRv":
            begin = _bestaande(waarde, tag)
        elif tag == "DatERv":
            einde = _bestaande(waarde, tag)
            if begin is not None and einde < begin:
                raise _Afgekeurd(tag, f"DatERv {waarde} ligt vóór DatBRv {_jjjjmmdd(begin)}.")
        elif tag == "RegistratienrRvGsd":
            registratienr = _tekst_tot(waarde, tag, 15)
        elif tag == "CdTypeRvGsd":
            if len(waarde) != 2:
                raise _Afgekeurd(
                    tag, f"CdTypeRvGsd {waarde!r} moet precies 2 tekens hebben, maar heeft er {len(waarde)}."
                )
            cd_type = waarde
        else:
            omschrijving = _tekst_tot(waarde, tag, 100)
    assert begin is not None  # the content model requires DatBRv
    return Voorziening(relatie, begin, einde, registratienr, cd_type, omschrijving, perc, is_lks)


def _tekst_tot(waarde: str, tag: str, maximum: int) -> str:
    if len(waarde) > maximum:
        raise _Afgekeurd(tag, f"{tag} mag hoogstens {maximum} tekens hebben, maar heeft er {len(waarde)}.")
    return waarde


def _loonkostensubsidie(element: _Element) -> str:
    kinderen, _ = _kinderen(element, _LOONKOSTENSUBSIDIE)
    try:
        return _standaard_perc(kinderen[0])
    except _Afgekeurd as afgekeurd:
        raise afgekeurd.onder("PercLoonwaardeTovWml") from None


def _standaard_perc(element: _Element) -> str:
    """A StandaardPerc as CdPositiefNegatief followed by Percentage, each only when present."""
    kinderen, tags = _kinderen(element, _STANDAARD_PERC)
    delen = ""
    for tag, kind in zip(tags, kinderen, strict=True):
        waarde = _blad(kind, tag)
        if tag == "CdPositiefNegatief":
            if waarde != "+" and waarde != "-":
                raise _Afgekeurd(tag, f"CdPositiefNegatief {waarde!r} moet '+' of '-' zijn.")
        elif not _PERCENTAGE.fullmatch(waarde):
            raise _Afgekeurd(
                tag, f"Percentage {waarde!r} moet uit precies 5 cijfers bestaan (twee decimalen: 06000 is 60,00%)."
            )
        delen += waarde
    return delen


def _bestaande(waarde: str, tag: str) -> date:
    """A DatBRv or DatERv: a Datum that is also a real date without unknown parts."""
    datum = _datum_cache.get(waarde)
    if datum is not None:
        return datum
    _datum(waarde, tag)
    if waarde[:4] == "0000" or waarde[4:6] == "00" or waarde[6:] == "00":
        raise _Afgekeurd(
            tag, f"{tag} {waarde} heeft een onbekend deel (0000 of 00); {tag} moet een volledige datum zijn."
        )
    datum = _bestaande_datum(waarde)
    if datum is None:
        raise _Afgekeurd(tag, f"{waarde} is geen bestaande datum.")
    if len(_datum_cache) < _CACHE_GROOTTE:
        _datum_cache[waarde] = datum
    return datum


def _bestaande_datum(jjjjmmdd: str) -> date | None:
    try:
        return date(int(jjjjmmdd[:4]), int(jjjjmmdd[4:6]), int(jjjjmmdd[6:8]))
    except ValueError:
        return None


def _controleer_lks_overlap(voorzieningen: list[Voorziening]) -> None:
    """No two loonkostensubsidie periods of one person share a day (ends inclusive, no end = running)."""
    lks = [(v.begin, v.einde or date.max, i) for i, v in enumerate(voorzieningen) if v.is_lks]
    if len(lks) < 2:
        return
    lks.sort()
    langste = lks[0]
    for periode in lks[1:]:
        if periode[0] <= langste[1]:
            eerste, tweede = sorted((langste[2], periode[2]))
            raise _Afgekeurd(
                _pad_van(voorzieningen, tweede),
                f"LKS-periode {_periode(voorzieningen[eerste])} overlapt met LKS-periode "
                f"{_periode(voorzieningen[tweede])}.",
            )
        if periode[1] > langste[1]:
            langste = periode


def _pad_van(voorzieningen: list[Voorziening], index: int) -> str:
    relatie = voorzieningen[index].relatie
    nummer = sum(1 for v in voorzieningen[: index + 1] if v.relatie == relatie)
    return f"AtlRelatie[{relatie + 1}]/ReIntegratievoorziening[{nummer}]"


def _periode(voorziening: Voorziening) -> str:
    if voorziening.einde is None:
        return f"vanaf {voorziening.begin.isoformat()} (lopend)"
    return f"{voorziening.begin.isoformat()} t/m {voorziening.einde.isoformat()}"
