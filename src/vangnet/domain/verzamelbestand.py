"""The verzamelbestand (DKD batch file), version 1: read it as a stream, and write it.

A gemeente delivers, for the cluster Reintegratie, every person it has re-integration
provisions for in one XML file: a ``Kop`` (header), one ``ClientSuwi`` per person with
exactly the content of SuwiML GSDDossierReintegratie-v0200, and a ``Sluitstuk``
(trailer) with the number of persons and the SHA-256 of the file up to the trailer. The
format is described for municipal engineers in ``docs/verzamelbestand.md``; its schema is
``schemas/verzamelbestand-v1.xsd``.

Two kinds of fault:

- a **file-level** fault (:class:`BestandFout`) refuses the whole file: not XML, a DTD,
  an unknown version, a bad Kop, a missing or wrong Sluitstuk, a wrong hash or count;
- a **record-level** fault refuses one person: the reader yields an :class:`Afkeuring`
  (with the first problem found in that ClientSuwi) instead of a :class:`Persoon`, and
  goes on with the next.

The reader does not validate against the XSD per record (too slow); it applies the same
rules in Python — element order, cardinality, lengths and patterns — plus the rules an
XSD cannot express: the elfproef of the Burgerservicenr, real dates for DatBRv and DatERv
with DatERv not before DatBRv, and no overlapping loonkostensubsidie periods within one
person. The tests keep the XSD and the reader in step. A BSN that occurs twice in one
file is *not* detected here: the hub checks that in its database.

Memory stays bounded whatever the file's size: each ClientSuwi is dropped from the tree
once read, and a single element that grows beyond :data:`MAX_ELEMENT_BYTES` without
ending refuses the file.
"""

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO, Final, Literal, NoReturn

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from vangnet.domain.bsn import BsnError, is_valid_bsn, parse_bsn
from vangnet.domain.errors import DomainError

NAMESPACE: Final = "urn:vangnet:dkd:verzamelbestand:v1"
ROOT_TAG: Final = f"{{{NAMESPACE}}}Verzamelbestand"
BERICHTVERSIE: Final = "GSDDossierReintegratie-v0200"
CLUSTER: Final = "Reintegratie"

HASH_VENSTER: Final = 64 * 1024
"""The trailer must start within this many bytes of the end of the file."""

MAX_ELEMENT_BYTES: Final = 4 * 1024 * 1024
"""A top-level element (Kop, one ClientSuwi, Sluitstuk) that grows beyond this refuses the file."""

MAX_PROLOOG_BYTES: Final = 64 * 1024
"""The XML declaration and comments before the root element may take at most this many bytes."""

SLUITSTUK_MARKER: Final = b"<Sluitstuk"

Foutcode = Literal[
    "geen_xml",
    "leeg",
    "te_groot",
    "dtd_niet_toegestaan",
    "onbekende_versie",
    "ongeldige_kop",
    "geen_sluitstuk",
    "aantal_klopt_niet",
    "hash_klopt_niet",
]

# lxml has no type information; its elements are Any here.
_Element = Any


class BestandFout(DomainError):  # noqa: N818 - the name is the Dutch domain term
    """The whole file is refused; ``code`` says why in one word, the message in Dutch."""

    def __init__(self, code: Foutcode, melding: str) -> None:
        super().__init__(melding)
        self.code: Foutcode = code


# ---------------------------------------------------------------------------
# What the file holds
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Kop:
    """The header: who delivers, when, which sequence number, in which version and cluster."""

    gemeentecode: str
    aanmaakdatum: date
    volgnummer: int
    berichtversie: str
    cluster: str


@dataclass(frozen=True)
class Bron:
    """A SuwiML source party: CdKolomSuwi, CdPartijSuwi and optionally CdVestigingSuwi."""

    cd_kolom: int
    cd_partij: str
    cd_vestiging: str | None = None


@dataclass(frozen=True)
class Relatie:
    """An AtlRelatie without its provisions (those are in :attr:`Persoon.voorzieningen`)."""

    bron: Bron
    cd_arbeidsvermogen: str | None = None
    cd_doel_rv: str | None = None


@dataclass(frozen=True)
class Voorziening:
    """A ReIntegratievoorziening of the AtlRelatie ``relatie`` (0-based index into Persoon.relaties).

    ``is_lks`` is True when the Loonkostensubsidie element is present; ``perc_loonwaarde``
    then holds its PercLoonwaardeTovWml as CdPositiefNegatief followed by Percentage, each
    part only when present: "+06000", "06000", "+" or "" (both parts are optional).
    """

    relatie: int
    begin: date
    einde: date | None = None
    registratienr: str | None = None
    cd_type: str | None = None
    omschrijving: str | None = None
    perc_loonwaarde: str | None = None
    is_lks: bool = False


@dataclass(frozen=True)
class Persoon:
    """A valid ClientSuwi; ``positie`` is its 1-based place among the records of the file."""

    positie: int
    bsn: str
    voornamen: str | None = None
    voorletters: str | None = None
    voorvoegsel: str | None = None
    achternaam: str | None = None
    geslacht: str | None = None
    geboortedat: str | None = None
    bron: Bron | None = None
    relaties: tuple[Relatie, ...] = ()
    voorzieningen: tuple[Voorziening, ...] = ()

    @property
    def lks_perioden(self) -> tuple[tuple[date, date | None], ...]:
        """(begin, einde) of each loonkostensubsidie provision; einde None means still running."""
        return tuple((v.begin, v.einde) for v in self.voorzieningen if v.is_lks)


@dataclass(frozen=True)
class Afkeuring:
    """A rejected record: where it is, its BSN as found (unchecked, '' when absent), and the first problem.

    ``veld`` is a path within the ClientSuwi such as
    "AtlRelatie[1]/ReIntegratievoorziening[2]/DatERv"; for a problem with the content of an
    element (order, a missing or unknown element, stray text) it names that element, and
    "ClientSuwi" the record itself.
    """

    positie: int
    bsn: str
    veld: str
    reden: str


@dataclass(frozen=True)
class Sluitstuk:
    """The trailer: how many records the file holds and the SHA-256 of the bytes before it."""

    aantal_personen: int
    sha256: str


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
_XML_ONGELDIG_TEKEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TE_ESCAPEN = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")

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


# ---------------------------------------------------------------------------
# The reader
# ---------------------------------------------------------------------------


class VerzamelbestandLezer:
    """Reads a verzamelbestand from a binary stream, in bounded memory.

    Use in this order: :meth:`kop`, then iterate :meth:`records` to the end, then
    :meth:`sluitstuk`. Each may raise :class:`BestandFout`, after which the file as a whole
    is refused, including the records already yielded. ``bytes_gelezen`` counts the bytes
    read so far (for a progress bar).

    A BSN that occurs twice in one file is not detected here: the hub does that.
    """

    def __init__(self, bron: BinaryIO, max_bytes: int | None = None, chunk_size: int = 1 << 20) -> None:
        if chunk_size < 1:
            raise ValueError(f"chunk_size moet positief zijn, maar is {chunk_size}.")
        self._bron = bron
        self._max_bytes = max_bytes
        self._chunk_size = chunk_size
        self.bytes_gelezen = 0
        self._parser = etree.XMLPullParser(
            events=("end",),
            tag=("Kop", "ClientSuwi", "Sluitstuk"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            collect_ids=False,
        )
        self._hasher = hashlib.sha256()
        self._staart = b""  # the last bytes read, not yet hashed
        self._hash: str | None = None
        self._marker_gevonden = False
        self._proloog: bytes | None = b""  # None once the root element is found
        self._root: _Element = None
        self._vorige: _Element = None  # the last top-level element handled, cleared
        self._zonder_element = 0  # bytes fed since a top-level element last ended
        self._elementen = self._lees_elementen()
        self._fout: BestandFout | None = None
        self._kop: Kop | None = None
        self._records_gestart = False
        self._records_klaar = False
        self._aantal = 0
        self._sluitstuk: Sluitstuk | None = None

    # -- public -------------------------------------------------------------

    def kop(self) -> Kop:
        """The header, reading only as far as its end."""
        if self._kop is None:
            self._bewaak(self._lees_kop)
        assert self._kop is not None
        return self._kop

    def records(self) -> Iterator[Persoon | Afkeuring]:
        """One Persoon or Afkeuring per record, in file order; can be iterated only once."""
        if self._records_gestart:
            raise RuntimeError("records() kan maar één keer worden doorlopen.")
        self._records_gestart = True
        return self._records()

    def sluitstuk(self) -> Sluitstuk:
        """The trailer, after checking the number of records and the hash."""
        if self._fout is not None:
            raise self._fout
        if not self._records_klaar:
            raise RuntimeError("Lees eerst alle records (records()) voordat u het sluitstuk opvraagt.")
        assert self._sluitstuk is not None
        if not self._marker_gevonden:
            self._faal(
                "geen_sluitstuk",
                f"Het Sluitstuk begint niet in de laatste {HASH_VENSTER // 1024} KiB van het bestand; "
                "na het Sluitstuk mag alleen nog het einde van het Verzamelbestand staan.",
            )
        if self._sluitstuk.aantal_personen != self._aantal:
            self._faal(
                "aantal_klopt_niet",
                f"Volgens het Sluitstuk bevat het bestand {self._sluitstuk.aantal_personen} personen, "
                f"maar er staan {self._aantal} ClientSuwi-elementen in.",
            )
        if self._sluitstuk.sha256 != self._hash:
            self._faal(
                "hash_klopt_niet",
                f"De Sha256 in het Sluitstuk ({self._sluitstuk.sha256}) is niet de SHA-256 van het bestand "
                f"tot aan '<Sluitstuk' ({self._hash}): het bestand is onderweg veranderd of verkeerd berekend.",
            )
        return self._sluitstuk

    # -- the record loop ----------------------------------------------------

    def _records(self) -> Iterator[Persoon | Afkeuring]:
        self.kop()
        try:
            for element in self._elementen:
                yield from self._onverwachte_voorgangers(element)
                tag = element.tag
                if self._sluitstuk is not None:
                    self._faal(
                        "geen_sluitstuk",
                        f"Na het Sluitstuk staat nog een element '{tag}' (regel {element.sourceline}); "
                        "het Sluitstuk moet het laatste element zijn.",
                    )
                if tag == "ClientSuwi":
                    self._aantal += 1
                    yield _lees_client(element, self._aantal)
                elif tag == "Sluitstuk":
                    self._sluitstuk = _lees_sluitstuk(element)
                else:  # a second Kop
                    self._aantal += 1
                    yield Afkeuring(
                        self._aantal,
                        _gevonden_bsn(element),
                        "ClientSuwi",
                        f"Element '{tag}' hoort hier niet: na de Kop volgen alleen ClientSuwi-elementen "
                        "en het Sluitstuk.",
                    )
                self._klaar_met(element)
            # The file has ended: what is left after the last handled element?
            if self._root is not None:
                yield from self._onverwachte_voorgangers(None)
            if self._sluitstuk is None:
                self._faal("geen_sluitstuk", "Het Sluitstuk ontbreekt: het bestand eindigt zonder Sluitstuk.")
            self._records_klaar = True
        except BestandFout as fout:
            self._fout = fout
            raise

    def _onverwachte_voorgangers(self, element: _Element) -> Iterator[Afkeuring]:
        """Top-level elements without an event (unknown names) between the last handled one and ``element``."""
        vorige = self._vorige
        if vorige is not None:
            _controleer_staart(vorige)
        voorgangers = []
        # At the end of the file (element None) look back from the root's last child.
        kandidaat = element.getprevious() if element is not None else _laatste_kind(self._root)
        while kandidaat is not None and kandidaat is not vorige:
            voorgangers.append(kandidaat)
            kandidaat = kandidaat.getprevious()
        for onbekend in reversed(voorgangers):
            if self._sluitstuk is not None:
                self._faal(
                    "geen_sluitstuk",
                    f"Na het Sluitstuk staat nog een element '{_weergave(onbekend.tag)}' "
                    f"(regel {onbekend.sourceline}); het Sluitstuk moet het laatste element zijn.",
                )
            self._aantal += 1
            yield Afkeuring(
                self._aantal,
                _gevonden_bsn(onbekend),
                "ClientSuwi",
                _onbekend_element(onbekend.tag, {"ClientSuwi": 0})
                + " Na de Kop volgen alleen ClientSuwi-elementen en het Sluitstuk.",
            )
            _controleer_staart(onbekend)

    def _klaar_met(self, element: _Element) -> None:
        element.clear(keep_tail=True)
        root = self._root
        while element.getprevious() is not None:
            del root[0]
        self._vorige = element

    # -- the Kop ------------------------------------------------------------

    def _lees_kop(self) -> None:
        for element in self._elementen:
            eerste = element.getprevious()
            if eerste is not None:
                while eerste.getprevious() is not None:
                    eerste = eerste.getprevious()
                self._faal(
                    "ongeldige_kop",
                    f"Het eerste element van het Verzamelbestand moet Kop zijn, maar is "
                    f"'{_weergave(eerste.tag)}' (regel {eerste.sourceline}).",
                )
            if element.tag != "Kop":
                self._faal(
                    "ongeldige_kop",
                    f"Het eerste element van het Verzamelbestand moet Kop zijn, maar is "
                    f"'{element.tag}' (regel {element.sourceline}).",
                )
            tekst = self._root.text
            if tekst and tekst.strip(_XML_WITRUIMTE):
                self._faal("ongeldige_kop", f"Vóór de Kop staat losse tekst: {_citaat(tekst)}.")
            self._kop = _lees_kop(element)
            self._klaar_met(element)
            return
        self._faal("ongeldige_kop", "De Kop ontbreekt: het Verzamelbestand bevat geen elementen.")

    # -- bytes in, elements out ----------------------------------------------

    def _lees_elementen(self) -> Iterator[_Element]:
        """The top-level elements as each one ends, in file order, until the end of the file."""
        while True:
            blok = self._lees_blok()
            if not blok:
                break
            self._hash_blok(blok)
            if self._proloog is not None:
                blok = self._proloog + blok
                if not self._proloog_gelezen(blok, eof=False):
                    self._proloog = blok
                    continue
                self._proloog = None
            self._zonder_element += len(blok)
            syntaxfout = self._voer(blok)
            yield from self._top_elementen()  # the elements before a syntax error come first
            if syntaxfout is not None:
                self._geen_xml(syntaxfout)
            if self._zonder_element > MAX_ELEMENT_BYTES:
                regel = f" (na regel {self._vorige.sourceline})" if self._vorige is not None else ""
                self._faal(
                    "te_groot",
                    f"Het bestand bevat een element van meer dan {MAX_ELEMENT_BYTES // (1024 * 1024)} MiB{regel}; "
                    "één ClientSuwi is nooit zo groot.",
                )
        if self._proloog is not None:
            self._proloog_gelezen(self._proloog, eof=True)
            raise AssertionError("unreachable: the prolog check raises at the end of the file")
        try:
            self._parser.close()
        except etree.XMLSyntaxError as fout:
            self._geen_xml(fout)
        yield from self._top_elementen()
        self._sluit_hash()

    def _top_elementen(self) -> Iterator[_Element]:
        for _, element in self._parser.read_events():
            if self._root is None:
                self._root = element.getroottree().getroot()
            if element.getparent() is self._root:
                self._zonder_element = 0
                yield element

    def _voer(self, blok: bytes) -> Any:
        """Feed the parser; return its syntax error, if any, so that earlier elements can be handled first."""
        try:
            self._parser.feed(blok)
        except etree.XMLSyntaxError as fout:
            return fout
        return None

    def _lees_blok(self) -> bytes:
        grootte = self._chunk_size
        if self._max_bytes is not None:
            grootte = min(grootte, self._max_bytes - self.bytes_gelezen + 1)
        blok = self._bron.read(grootte)
        self.bytes_gelezen += len(blok)
        if self._max_bytes is not None and self.bytes_gelezen > self._max_bytes:
            self._faal("te_groot", f"Het bestand is groter dan de toegestane {self._max_bytes} bytes.")
        return bytes(blok)

    def _hash_blok(self, blok: bytes) -> None:
        staart = self._staart + blok
        if len(staart) > HASH_VENSTER:
            grens = len(staart) - HASH_VENSTER
            self._hasher.update(memoryview(staart)[:grens])
            staart = staart[grens:]
        self._staart = staart

    def _sluit_hash(self) -> None:
        positie = self._staart.rfind(SLUITSTUK_MARKER)
        if positie >= 0:
            self._marker_gevonden = True
            self._hasher.update(self._staart[:positie])
            self._hash = self._hasher.hexdigest()
        self._staart = b""

    def _proloog_gelezen(self, buffer: bytes, *, eof: bool) -> bool:
        """Check the bytes before the root element; False when more bytes are needed."""
        start = _begin_hoofdelement(buffer, eof=eof)
        if start is None:
            if eof:
                if not buffer.removeprefix(b"\xef\xbb\xbf").strip(b" \t\r\n"):
                    self._faal("leeg", "Het bestand is leeg.")
                self._faal("geen_xml", "Het bestand is geen XML: het hoofdelement ontbreekt of is afgebroken.")
            if len(buffer) > MAX_PROLOOG_BYTES:
                self._faal(
                    "geen_xml",
                    f"Het bestand is geen verzamelbestand: in de eerste {MAX_PROLOOG_BYTES // 1024} KiB "
                    "begint geen hoofdelement.",
                )
            return False
        parser = etree.XMLPullParser(
            events=("start",), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        )
        try:
            parser.feed(buffer[:start])
        except etree.XMLSyntaxError as fout:
            self._geen_xml(fout)
        root = next((element for _, element in parser.read_events()), None)
        if root is None:
            self._faal("geen_xml", "Het bestand is geen XML: het hoofdelement is onleesbaar.")
        if root.tag != ROOT_TAG:
            namespace, _, naam = root.tag[1:].partition("}") if root.tag.startswith("{") else ("", "", root.tag)
            in_namespace = f"in namespace '{namespace}'" if namespace else "zonder namespace"
            self._faal(
                "onbekende_versie",
                f"Het hoofdelement is '{naam}' {in_namespace}; een verzamelbestand versie 1 heeft "
                f"'Verzamelbestand' in namespace '{NAMESPACE}'.",
            )
        if root.nsmap.get(None):
            self._faal(
                "onbekende_versie",
                f'Het hoofdelement declareert de standaard-namespace (xmlns="{root.nsmap[None]}"), waardoor ook '
                "Kop, ClientSuwi en Sluitstuk in een namespace komen; die horen geen namespace te hebben. "
                f'Gebruik een voorvoegsel: xmlns:vzb="{NAMESPACE}".',
            )
        return True

    def _geen_xml(self, fout: Any) -> NoReturn:
        regel = f" (regel {fout.lineno})" if getattr(fout, "lineno", None) else ""
        self._faal("geen_xml", f"Het bestand is geen goedgevormde XML{regel}: {fout.msg}")

    def _faal(self, code: Foutcode, melding: str) -> NoReturn:
        self._fout = BestandFout(code, melding)
        raise self._fout

    def _bewaak(self, stap: Callable[[], None]) -> None:
        if self._fout is not None:
            raise self._fout
        try:
            stap()
        except BestandFout as fout:
            self._fout = fout
            raise


def _begin_hoofdelement(buffer: bytes, *, eof: bool) -> int | None:
    """The offset just past the root element's start tag; None when not (yet) found.

    Raises BestandFout for a DOCTYPE, a byte-order mark other than UTF-8's, an encoding
    other than UTF-8, or text before the root element.
    """
    if len(buffer) < 4 and not eof:
        return None  # too few bytes to tell a byte-order mark
    if buffer.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BestandFout("geen_xml", "Het bestand is in UTF-16 opgeslagen; een verzamelbestand is UTF-8.")
    i = 3 if buffer.startswith(b"\xef\xbb\xbf") else 0
    einde = len(buffer)
    while True:
        while i < einde and buffer[i] in b" \t\r\n":
            i += 1
        if i >= einde:
            return None
        regel = buffer.count(b"\n", 0, i) + 1
        if buffer[i] != ord("<"):
            raise BestandFout(
                "geen_xml", f"Het bestand is geen XML: op regel {regel} staat tekst vóór het eerste element."
            )
        if buffer.startswith(b"<?", i):
            slot = buffer.find(b"?>", i + 2)
            if slot < 0:
                return None
            if buffer.startswith(b"<?xml", i):
                _controleer_encoding(buffer[i : slot + 2])
            i = slot + 2
        elif buffer.startswith(b"<!--", i):
            slot = buffer.find(b"-->", i + 4)
            if slot < 0:
                return None
            i = slot + 3
        elif buffer.startswith(b"<!", i):
            if einde - i < len(b"<!DOCTYPE") and not eof:
                return None
            if buffer.startswith(b"<!DOCTYPE", i):
                raise BestandFout(
                    "dtd_niet_toegestaan",
                    f"Het bestand bevat een DOCTYPE (regel {regel}); een verzamelbestand mag geen DTD en geen "
                    "entiteiten bevatten.",
                )
            raise BestandFout("geen_xml", f"Het bestand is geen XML: onverwachte '<!' op regel {regel}.")
        else:
            return _einde_starttag(buffer, i)


def _einde_starttag(buffer: bytes, begin: int) -> int | None:
    """The offset just past the '>' that closes the start tag at ``begin``, skipping quoted values."""
    quote = 0
    for i in range(begin + 1, len(buffer)):
        teken = buffer[i]
        if quote:
            if teken == quote:
                quote = 0
        elif teken in b"\"'":
            quote = teken
        elif teken == ord(">"):
            return i + 1
    return None


def _controleer_encoding(declaratie: bytes) -> None:
    gevonden = _ENCODING.search(declaratie)
    if gevonden is not None and gevonden.group(1).upper() not in {b"UTF-8", b"UTF8"}:
        naam = gevonden.group(1).decode("ascii")
        raise BestandFout("geen_xml", f"Het bestand heeft tekenset {naam}; een verzamelbestand is UTF-8.")


def _controleer_staart(element: _Element) -> None:
    tekst = element.tail
    if tekst and tekst.strip(_XML_WITRUIMTE):
        raise BestandFout(
            "geen_xml",
            f"Na het element '{_weergave(element.tag)}' op regel {element.sourceline} staat losse tekst "
            f"{_citaat(tekst)}; tussen de elementen van het Verzamelbestand mag alleen witruimte staan.",
        )


def _laatste_kind(element: _Element) -> _Element:
    for kind in element.iterchildren(reversed=True):
        return kind
    return None


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


def _lees_kop(element: _Element) -> Kop:
    waarden = _eenvoudige_kinderen(element, _KOP, "Kop", "ongeldige_kop")
    regels = {kind.tag: kind.sourceline for kind in element}
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


def _lees_sluitstuk(element: _Element) -> Sluitstuk:
    waarden = _eenvoudige_kinderen(element, _SLUITSTUK, "Sluitstuk", "geen_sluitstuk")
    aantal, sha256 = waarden["AantalPersonen"], waarden["Sha256"]
    if not _AANTAL.fullmatch(aantal):
        raise BestandFout(
            "geen_sluitstuk",
            f"AantalPersonen '{aantal}' in het Sluitstuk (regel {element.sourceline}) is geen aantal.",
        )
    if not _SHA256.fullmatch(sha256):
        raise BestandFout(
            "geen_sluitstuk",
            f"Sha256 in het Sluitstuk (regel {element.sourceline}) moet 64 kleine hexadecimale tekens zijn.",
        )
    return Sluitstuk(int(aantal), sha256)


def _eenvoudige_kinderen(element: _Element, reeks: _Reeks, naam: str, code: Foutcode) -> dict[str, str]:
    """The text of each child of a Kop or Sluitstuk, after checking its structure."""

    def fout(reden: str, regel: int) -> BestandFout:
        return BestandFout(code, f"{naam} (regel {regel}): {reden}")

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
# This walk is the hot loop of a million-record delivery, so it visits each element once
# and builds the path of a field (Afkeuring.veld) only when something is wrong: an
# _Afgekeurd carries a path relative to the element being read ("" for the element
# itself), and each level puts its own name in front on the way out.
# ---------------------------------------------------------------------------

_bron_cache: dict[tuple[str, str, str | None], Bron] = {}
_relatie_cache: dict[tuple[Bron, str | None, str | None], Relatie] = {}
_datum_cache: dict[str, date] = {}
_CACHE_GROOTTE: Final = 100_000


def _lees_client(element: _Element, positie: int) -> Persoon | Afkeuring:
    persoon = _snel(element, positie)
    if persoon is not None:
        return persoon
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


def _jjjjmmdd(datum: date) -> str:
    return f"{datum.year:04d}{datum.month:02d}{datum.day:02d}"


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


# ---------------------------------------------------------------------------
# The fast path
#
# Most records are valid and alike. For those one pass in C is enough: serialize the
# record (lxml) and match it against a regular expression that spells out the content
# model with the lexical rules of the simple types. A record the expression does not
# accept, or that breaks a rule checked afterwards (elfproef, real dates, overlap), goes to
# the precise walk above, which finds and words the first problem: the fast path rejects
# nothing and words no message. The tests check that both paths read alike.
# ---------------------------------------------------------------------------

_W = r"[ \t\n]*"  # white space between elements; a carriage return is serialized as &#13; (slow path)
_TEKEN = r"[^<&]"  # a character of text that needed no escaping
_NAAM = r"[^<&\d]"  # a character of a name: no digit (any Unicode digit, as \d in XSD)


def _blad_re(naam: str, patroon: str, groep: bool, *, optioneel: bool = True) -> str:
    inhoud = f"({patroon})" if groep else f"(?:{patroon})"
    element = f"{_W}<{naam}>{inhoud}</{naam}>"
    return f"(?:{element})?" if optioneel else element


def _bron_re(groep: bool) -> str:
    return (
        f"{_W}<Bron>"
        + _blad_re("CdKolomSuwi", f"{_TEKEN}*", groep, optioneel=False)  # _cd_kolom decides
        + _blad_re("CdPartijSuwi", "[0-9]{4}", groep, optioneel=False)
        + _blad_re("CdVestigingSuwi", "[0-9]{4}", groep)
        + f"{_W}</Bron>"
    )


def _voorziening_re(groep: bool) -> str:
    """Groups: RegistratienrRvGsd, DatBRv, DatERv, CdTypeRvGsd, OmsRv, '<Loonkostensubsidie>', sign, percentage."""
    lks = "(<Loonkostensubsidie>)" if groep else "<Loonkostensubsidie>"
    return (
        f"{_W}<ReIntegratievoorziening>"
        + _blad_re("RegistratienrRvGsd", f"{_TEKEN}{{0,15}}", groep)
        + _blad_re("DatBRv", "[0-9]{8}", groep, optioneel=False)
        + _blad_re("DatERv", "[0-9]{8}", groep)
        + _blad_re("CdTypeRvGsd", f"{_TEKEN}{{2}}", groep)
        + _blad_re("OmsRv", f"{_TEKEN}{{0,100}}", groep)
        + f"(?:{_W}{lks}{_W}(?:<PercLoonwaardeTovWml/>|<PercLoonwaardeTovWml>"
        + _blad_re("CdPositiefNegatief", "[+-]", groep)
        + _blad_re("Percentage", "[0-9]{5}", groep)
        + f"{_W}</PercLoonwaardeTovWml>){_W}</Loonkostensubsidie>)?"
        + f"{_W}</ReIntegratievoorziening>"
    )


def _relatie_re(groep: bool) -> str:
    """Groups: CdArbeidsvermogen, CdDoelRv, all ReIntegratievoorzieningen, then the three of Bron."""
    voorzieningen = f"((?:{_voorziening_re(False)})*)" if groep else f"(?:{_voorziening_re(False)})*"
    return (
        f"{_W}<AtlRelatie>"
        + f"(?:{_W}<Arbeidsvermogen>{_blad_re('CdArbeidsvermogen', f'{_TEKEN}{{2}}', groep, optioneel=False)}"
        + f"{_W}</Arbeidsvermogen>)?"
        + f"(?:{_W}<DoelReintegratievoorziening>{_blad_re('CdDoelRv', _TEKEN, groep, optioneel=False)}"
        + f"{_W}</DoelReintegratievoorziening>)?"
        + voorzieningen
        + _bron_re(groep)
        + f"{_W}</AtlRelatie>"
    )


_SNEL_VOORZIENING: Final = re.compile(_voorziening_re(True))
_SNEL_RELATIE: Final = re.compile(_relatie_re(True))
# Groups: the seven simple elements, the three of Bron, all AtlRelaties.
_SNEL_CLIENT: Final = re.compile(
    r'<ClientSuwi(?: xmlns:[A-Za-z_][\w.-]*="[^"]*")*>'  # lxml repeats the namespace declarations in scope
    + _blad_re("Burgerservicenr", "[0-9]{9}", True, optioneel=False)
    + _blad_re("Voornamen", f"{_NAAM}{{1,200}}", True)
    + _blad_re("Voorletters", r"[A-Z]{1,6}|\.", True)
    + _blad_re("Voorvoegsel", f"{_NAAM}{{1,10}}", True)
    + _blad_re("SignificantDeelVanDeAchternaam", f"{_NAAM}{{1,200}}", True)
    + _blad_re("Geslacht", "[0-9]", True)
    + _blad_re("Geboortedat", _DATUM.pattern, True)
    + f"(?:{_bron_re(True)})?"
    + f"((?:{_relatie_re(False)})*)"
    + f"{_W}</ClientSuwi>"
)


def _snel(element: _Element, positie: int) -> Persoon | None:
    """The Persoon of a plain valid record, or None when the precise walk must decide."""
    gevonden = _SNEL_CLIENT.fullmatch(etree.tostring(element, encoding="unicode", with_tail=False))
    if gevonden is None:
        return None
    bsn, voornamen, voorletters, voorvoegsel, achternaam, geslacht, geboortedat, kolom, partij, vestiging, atl = (
        gevonden.groups()
    )
    if not is_valid_bsn(bsn):
        return None
    bron = None
    if kolom is not None:
        bron = _snelle_bron(kolom, partij, vestiging)
        if bron is None:
            return None
    relaties: list[Relatie] = []
    voorzieningen: list[Voorziening] = []
    if atl:
        for relatie in _SNEL_RELATIE.finditer(atl):
            cd_arbeidsvermogen, cd_doel, alle, kolom, partij, vestiging = relatie.groups()
            relatie_bron = _snelle_bron(kolom, partij, vestiging)
            if relatie_bron is None:
                return None
            if alle:
                for voorziening in _SNEL_VOORZIENING.finditer(alle):
                    nieuw = _snelle_voorziening(voorziening.groups(), len(relaties))
                    if nieuw is None:
                        return None
                    voorzieningen.append(nieuw)
            relaties.append(_gedeelde_relatie(relatie_bron, cd_arbeidsvermogen, cd_doel))
    if len(voorzieningen) > 1:
        try:
            _controleer_lks_overlap(voorzieningen)
        except _Afgekeurd:
            return None
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


def _snelle_bron(kolom: str, partij: str, vestiging: str | None) -> Bron | None:
    sleutel = (kolom, partij, vestiging)
    bron = _bron_cache.get(sleutel)
    if bron is not None:
        return bron
    waarde = _cd_kolom(kolom)
    if waarde is None:
        return None
    bron = Bron(waarde, partij, vestiging)
    if len(_bron_cache) < _CACHE_GROOTTE:
        _bron_cache[sleutel] = bron
    return bron


def _snelle_voorziening(delen: tuple[str | None, ...], relatie: int) -> Voorziening | None:
    registratienr, begin_tekst, einde_tekst, cd_type, omschrijving, lks, teken, percentage = delen
    assert begin_tekst is not None  # DatBRv is required by the expression
    try:
        begin = _bestaande(begin_tekst, "DatBRv")
        einde = None if einde_tekst is None else _bestaande(einde_tekst, "DatERv")
    except _Afgekeurd:
        return None
    if einde is not None and einde < begin:
        return None
    perc = None if lks is None else (teken or "") + (percentage or "")
    return Voorziening(relatie, begin, einde, registratienr, cd_type, omschrijving, perc, lks is not None)


# ---------------------------------------------------------------------------
# The writer
# ---------------------------------------------------------------------------

_BUFFER_BYTES: Final = 1 << 20


def schrijf_client_suwi(persoon: Persoon, inspringen: str | None = None) -> str:
    """The ClientSuwi element of ``persoon``, unqualified, as text (no XML declaration).

    ``inspringen`` (for example two spaces) puts each element on its own line; the first
    line is not indented and there is no line break at the end. Values are written as
    given, escaped for XML: the writer does not validate them, so that tests can write
    invalid records. It refuses only what it cannot write faithfully.
    """
    return _client_suwi_tekst(persoon, inspringen, "")


def _client_suwi_tekst(persoon: Persoon, inspringen: str | None, basis: str) -> str:
    _controleer_schrijfbaar(persoon)
    if inspringen is None:
        return _compacte_client_suwi(persoon)
    delen: list[str] = ["<ClientSuwi>"]
    schrijver = _Regels(delen, inspringen, 1, basis)
    schrijver.blad("Burgerservicenr", persoon.bsn)
    schrijver.blad("Voornamen", persoon.voornamen)
    schrijver.blad("Voorletters", persoon.voorletters)
    schrijver.blad("Voorvoegsel", persoon.voorvoegsel)
    schrijver.blad("SignificantDeelVanDeAchternaam", persoon.achternaam)
    schrijver.blad("Geslacht", persoon.geslacht)
    schrijver.blad("Geboortedat", persoon.geboortedat)
    if persoon.bron is not None:
        schrijver.bron(persoon.bron)
    for index, relatie in enumerate(persoon.relaties):
        schrijver.open("AtlRelatie")
        if relatie.cd_arbeidsvermogen is not None:
            schrijver.open("Arbeidsvermogen")
            schrijver.blad("CdArbeidsvermogen", relatie.cd_arbeidsvermogen)
            schrijver.sluit("Arbeidsvermogen")
        if relatie.cd_doel_rv is not None:
            schrijver.open("DoelReintegratievoorziening")
            schrijver.blad("CdDoelRv", relatie.cd_doel_rv)
            schrijver.sluit("DoelReintegratievoorziening")
        for voorziening in persoon.voorzieningen:
            if voorziening.relatie == index:
                schrijver.voorziening(voorziening)
        schrijver.bron(relatie.bron)
        schrijver.sluit("AtlRelatie")
    schrijver.diepte = 0
    schrijver.regel("</ClientSuwi>")
    return "".join(delen)


def _compacte_client_suwi(persoon: Persoon) -> str:
    """The same as _Regels without indentation, in fewer steps: the writer of a million-record file."""
    delen = ["<ClientSuwi><Burgerservicenr>", _escape(persoon.bsn), "</Burgerservicenr>"]
    for naam, waarde in (
        ("Voornamen", persoon.voornamen),
        ("Voorletters", persoon.voorletters),
        ("Voorvoegsel", persoon.voorvoegsel),
        ("SignificantDeelVanDeAchternaam", persoon.achternaam),
        ("Geslacht", persoon.geslacht),
        ("Geboortedat", persoon.geboortedat),
    ):
        if waarde is not None:
            delen.append(f"<{naam}>{_escape(waarde)}</{naam}>")
    if persoon.bron is not None:
        delen.append(_compacte_bron(persoon.bron))
    for index, relatie in enumerate(persoon.relaties):
        delen.append("<AtlRelatie>")
        if relatie.cd_arbeidsvermogen is not None:
            delen.append(
                f"<Arbeidsvermogen><CdArbeidsvermogen>{_escape(relatie.cd_arbeidsvermogen)}"
                "</CdArbeidsvermogen></Arbeidsvermogen>"
            )
        if relatie.cd_doel_rv is not None:
            delen.append(
                f"<DoelReintegratievoorziening><CdDoelRv>{_escape(relatie.cd_doel_rv)}"
                "</CdDoelRv></DoelReintegratievoorziening>"
            )
        for v in persoon.voorzieningen:
            if v.relatie != index:
                continue
            delen.append("<ReIntegratievoorziening>")
            if v.registratienr is not None:
                delen.append(f"<RegistratienrRvGsd>{_escape(v.registratienr)}</RegistratienrRvGsd>")
            delen.append(f"<DatBRv>{_jjjjmmdd(v.begin)}</DatBRv>")
            if v.einde is not None:
                delen.append(f"<DatERv>{_jjjjmmdd(v.einde)}</DatERv>")
            if v.cd_type is not None:
                delen.append(f"<CdTypeRvGsd>{_escape(v.cd_type)}</CdTypeRvGsd>")
            if v.omschrijving is not None:
                delen.append(f"<OmsRv>{_escape(v.omschrijving)}</OmsRv>")
            if v.is_lks:
                perc = v.perc_loonwaarde or ""
                teken, percentage = (perc[0], perc[1:]) if perc[:1] in ("+", "-") else ("", perc)
                teken_xml = f"<CdPositiefNegatief>{teken}</CdPositiefNegatief>" if teken else ""
                percentage_xml = f"<Percentage>{_escape(percentage)}</Percentage>" if percentage else ""
                inhoud = teken_xml + percentage_xml
                perc_xml = (
                    f"<PercLoonwaardeTovWml>{inhoud}</PercLoonwaardeTovWml>" if inhoud else "<PercLoonwaardeTovWml/>"
                )
                delen.append(f"<Loonkostensubsidie>{perc_xml}</Loonkostensubsidie>")
            delen.append("</ReIntegratievoorziening>")
        delen.append(_compacte_bron(relatie.bron))
        delen.append("</AtlRelatie>")
    delen.append("</ClientSuwi>")
    return "".join(delen)


def _compacte_bron(bron: Bron) -> str:
    vestiging = "" if bron.cd_vestiging is None else f"<CdVestigingSuwi>{_escape(bron.cd_vestiging)}</CdVestigingSuwi>"
    return (
        f"<Bron><CdKolomSuwi>{bron.cd_kolom}</CdKolomSuwi><CdPartijSuwi>{_escape(bron.cd_partij)}</CdPartijSuwi>"
        f"{vestiging}</Bron>"
    )


def schrijf_verzamelbestand(
    doel: BinaryIO, kop: Kop, personen: Iterable[Persoon], *, inspringen: str | None = None
) -> Sluitstuk:
    """Write a complete verzamelbestand to ``doel``, streaming, and return its Sluitstuk.

    ``positie`` of the personen is not written (a record's place in the file is its
    position); ``inspringen`` makes the file readable for people (the example file) at the
    cost of size.
    """
    hasher = hashlib.sha256()
    buffer: list[bytes] = []
    gebufferd = 0

    def schrijf(data: bytes) -> None:
        nonlocal gebufferd
        buffer.append(data)
        gebufferd += len(data)
        if gebufferd >= _BUFFER_BYTES:
            leeg()

    def leeg() -> None:
        nonlocal gebufferd
        blok = b"".join(buffer)
        hasher.update(blok)
        doel.write(blok)
        buffer.clear()
        gebufferd = 0

    nl = "\n" if inspringen is not None else ""
    binnen = inspringen or ""
    schrijf(f'<?xml version="1.0" encoding="UTF-8"?>\n<vzb:Verzamelbestand xmlns:vzb="{NAMESPACE}">\n'.encode())
    kop_delen = ["<Kop>"]
    regels = _Regels(kop_delen, inspringen, 1, binnen)
    regels.blad("Gemeentecode", kop.gemeentecode)
    regels.blad("Aanmaakdatum", _jjjjmmdd(kop.aanmaakdatum))
    regels.blad("Volgnummer", str(kop.volgnummer))
    regels.blad("Berichtversie", kop.berichtversie)
    regels.blad("Cluster", kop.cluster)
    regels.diepte = 0
    regels.regel("</Kop>")
    schrijf(f"{binnen}{''.join(kop_delen)}\n".encode())
    aantal = 0
    for persoon in personen:
        aantal += 1
        schrijf(f"{binnen}{_client_suwi_tekst(persoon, inspringen, binnen)}\n".encode())
    schrijf(binnen.encode())  # indentation before '<Sluitstuk' is part of the hashed bytes
    leeg()
    sluitstuk = Sluitstuk(aantal, hasher.hexdigest())
    doel.write(
        (
            f"<Sluitstuk>{nl}{binnen * 2}<AantalPersonen>{aantal}</AantalPersonen>{nl}"
            f"{binnen * 2}<Sha256>{sluitstuk.sha256}</Sha256>{nl}{binnen}</Sluitstuk>\n"
            "</vzb:Verzamelbestand>\n"
        ).encode()
    )
    return sluitstuk


class _Regels:
    """Appends elements to ``delen``; with ``inspringen`` each on a new line, after ``basis`` and the indentation."""

    __slots__ = ("basis", "delen", "diepte", "inspringen")

    def __init__(self, delen: list[str], inspringen: str | None, diepte: int, basis: str = "") -> None:
        self.delen = delen
        self.inspringen = inspringen
        self.diepte = diepte
        self.basis = basis

    def regel(self, tekst: str) -> None:
        if self.inspringen is not None:
            self.delen.append("\n" + self.basis + self.inspringen * self.diepte)
        self.delen.append(tekst)

    def blad(self, naam: str, waarde: str | None) -> None:
        if waarde is not None:
            self.regel(f"<{naam}>{_escape(waarde)}</{naam}>")

    def open(self, naam: str) -> None:
        self.regel(f"<{naam}>")
        self.diepte += 1

    def sluit(self, naam: str) -> None:
        self.diepte -= 1
        self.regel(f"</{naam}>")

    def bron(self, bron: Bron) -> None:
        self.open("Bron")
        self.blad("CdKolomSuwi", str(bron.cd_kolom))
        self.blad("CdPartijSuwi", bron.cd_partij)
        self.blad("CdVestigingSuwi", bron.cd_vestiging)
        self.sluit("Bron")

    def voorziening(self, voorziening: Voorziening) -> None:
        self.open("ReIntegratievoorziening")
        self.blad("RegistratienrRvGsd", voorziening.registratienr)
        self.blad("DatBRv", _jjjjmmdd(voorziening.begin))
        if voorziening.einde is not None:
            self.blad("DatERv", _jjjjmmdd(voorziening.einde))
        self.blad("CdTypeRvGsd", voorziening.cd_type)
        self.blad("OmsRv", voorziening.omschrijving)
        if voorziening.is_lks:
            self.open("Loonkostensubsidie")
            perc = voorziening.perc_loonwaarde or ""
            teken, percentage = (perc[0], perc[1:]) if perc[:1] in ("+", "-") else (None, perc)
            if teken is None and not percentage:
                self.regel("<PercLoonwaardeTovWml/>")
            else:
                self.open("PercLoonwaardeTovWml")
                self.blad("CdPositiefNegatief", teken)
                self.blad("Percentage", percentage or None)
                self.sluit("PercLoonwaardeTovWml")
            self.sluit("Loonkostensubsidie")
        self.sluit("ReIntegratievoorziening")


def _escape(waarde: str) -> str:
    if _TE_ESCAPEN.search(waarde) is None:
        return waarde
    ongeldig = _XML_ONGELDIG_TEKEN.search(waarde)
    if ongeldig is not None:
        raise DomainError(f"Het teken U+{ord(ongeldig.group()):04X} kan niet in een XML-bestand staan.")
    if "&" in waarde:
        waarde = waarde.replace("&", "&amp;")
    if "<" in waarde:
        waarde = waarde.replace("<", "&lt;")
    if ">" in waarde:
        waarde = waarde.replace(">", "&gt;")
    if "\r" in waarde:
        waarde = waarde.replace("\r", "&#13;")
    return waarde


def _controleer_schrijfbaar(persoon: Persoon) -> None:
    vorige = 0
    for voorziening in persoon.voorzieningen:
        if not 0 <= voorziening.relatie < len(persoon.relaties):
            raise DomainError(
                f"Voorziening verwijst naar relatie {voorziening.relatie}, maar de persoon heeft er "
                f"{len(persoon.relaties)}."
            )
        if voorziening.relatie < vorige:
            raise DomainError("De voorzieningen moeten op volgorde van hun relatie staan, zoals in het bestand.")
        vorige = voorziening.relatie
        if voorziening.perc_loonwaarde is not None and not voorziening.is_lks:
            raise DomainError("Een voorziening met perc_loonwaarde moet is_lks hebben (Loonkostensubsidie).")


__all__ = [
    "BERICHTVERSIE",
    "CLUSTER",
    "NAMESPACE",
    "Afkeuring",
    "BestandFout",
    "Bron",
    "Foutcode",
    "Kop",
    "Persoon",
    "Relatie",
    "Sluitstuk",
    "VerzamelbestandLezer",
    "Voorziening",
    "schrijf_client_suwi",
    "schrijf_verzamelbestand",
]
