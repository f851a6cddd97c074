"""The reader: the file as a stream of bytes, its file-level checks, and the scan for its elements."""

import codecs
import hashlib
import re
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, Final, NoReturn

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from vangnet.domain.verzamelbestand.controle import (
    _XML_WITRUIMTE,
    _citaat,
    _Element,
    _gevonden_bsn,
    _lees_kop,
    _lees_sluitstuk,
    _onbekend_element,
    _weergave,
    lees_client,
)
from vangnet.domain.verzamelbestand.model import (
    HASH_VENSTER,
    MAX_ELEMENT_BYTES,
    MAX_PROLOOG_BYTES,
    NAMESPACE,
    ROOT_TAG,
    SLUITSTUK_MARKER,
    Afkeuring,
    BestandFout,
    Foutcode,
    Kop,
    Persoon,
    Sluitstuk,
)
from vangnet.domain.verzamelbestand.snel import _CLIENT_OPEN, _CLIENT_SLUIT, _SNEL_CLIENT, _snelle_persoon

# ---------------------------------------------------------------------------
# The reader
#
# Bytes come in by the chunk and are hashed as read. The prolog (up to and including the
# root element's start tag) is checked on the bytes; everything after it is decoded into a
# text buffer that holds at most a few chunks: what is handled is dropped before the next
# chunk is added. The buffer is scanned for the top-level elements. A plain valid
# ClientSuwi is read straight from the text by a regular expression (snel.py);
# every other element, and whatever is not just white space between the elements, is
# parsed by lxml on its own, inside a copy of the root's start tag so that namespace
# prefixes resolve, and judged by the precise code (controle.py). A syntax error is handed to lxml
# together with text that puts it at the right line and column, so that its message
# names the place in the file.
# ---------------------------------------------------------------------------


# A start or end tag from its '<' as far as the text goes: group 1 is '/' for an end tag,
# group 2 the closing '>'. A quoted value cut off by the end of the text matches up to
# there, so that a tag that is not complete yet is told from one that is malformed.
_TAG: Final = re.compile(r"""<(/?)[^\s<>/"'=!?]+(?:[^<>"']|"[^"<]*(?:"|\Z)|'[^'<]*(?:'|\Z))*(>)?""")
_ROOT_NAAM: Final = re.compile(r"<([^\s/>]+)")
_ENCODING: Final = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


class _GeenBoom:
    """An lxml parser target that builds nothing: it finds a syntax error in bounded memory."""

    def close(self) -> None:
        return None


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
        self._parser = etree.XMLParser(
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
        self._eof = False
        # Before the root element: the bytes read so far. None once its start tag is found.
        self._proloog: bytes | None = b""
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._ongeldig: bytes | None = None  # from the first bytes that are not UTF-8, once decoded that far
        # After it: the decoded text not yet dropped, and where in it the unhandled part begins.
        self._tekst = ""
        self._pos = 0
        self._regel = 1  # the line of self._tekst[0]
        self._kolom = 1  # and its column
        self._in_root = False  # between the root element's start tag and its end tag
        self._na_root = False  # past the root element's end tag
        self._root_tag = ""  # the root's start tag as written, and where it stands
        self._root_regel = self._root_kolom = 1
        self._root_eind_regel = self._root_eind_kolom = 1
        self._omhulsel = ""  # the root's start tag on one line, and its end tag: around a span for lxml
        self._omhulsel_eind = ""
        self._root_naam = ""
        self._hervat = (-1, 0, 0)  # where the scan of an unfinished element stopped, relative to _pos
        self._niet_snel = -1  # the start of a record (in self._tekst) that the fast path did not take
        # The last top-level element handled: its name, and its start (in self._tekst, or -1 and its line).
        self._vorige_naam: str | None = None
        self._vorige_pos = -1
        self._vorige_regel = 0
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
            snel = _SNEL_CLIENT.fullmatch
            while True:
                if self._sluitstuk is None:
                    # The hot loop: plain records one after the other, straight from the text.
                    tekst, pos, aantal, vorige = self._tekst, self._pos, self._aantal, -1
                    while True:
                        begin = tekst.find("<", pos)
                        if begin < 0 or not tekst.startswith(_CLIENT_OPEN, begin):
                            break
                        if begin != pos and tekst[pos:begin].strip(_XML_WITRUIMTE):
                            break
                        einde = tekst.find(_CLIENT_SLUIT, begin + 12)
                        if einde < 0:
                            break
                        einde += 13
                        gevonden = snel(tekst, begin, einde)
                        persoon = None if gevonden is None else _snelle_persoon(gevonden, aantal + 1)
                        if persoon is None:
                            self._niet_snel = begin  # so that _element does not try again
                            break
                        aantal += 1
                        pos, vorige = einde, begin
                        yield persoon
                    self._pos, self._aantal = pos, aantal
                    if vorige >= 0:
                        self._vorige_naam, self._vorige_pos = "ClientSuwi", vorige
                # Anything else, one element at a time.
                ervoor, begin, einde = self._volgende()
                if ervoor.strip(_XML_WITRUIMTE):
                    self._losse_tekst(ervoor)
                if begin < 0:
                    break
                item = self._element(begin, einde)
                if item is not None:
                    yield item
            if self._sluitstuk is None:
                self._faal("geen_sluitstuk", "Het Sluitstuk ontbreekt: het bestand eindigt zonder Sluitstuk.")
            self._records_klaar = True
        except BestandFout as fout:
            self._fout = fout
            raise

    def _element(self, begin: int, einde: int) -> Persoon | Afkeuring | None:
        """The record for the top-level element at [begin, einde); None for the Sluitstuk, which it reads."""
        tekst, niet_snel, self._niet_snel = self._tekst, self._niet_snel, -1
        if self._sluitstuk is None and begin != niet_snel and tekst.startswith(_CLIENT_OPEN, begin):
            gevonden = _SNEL_CLIENT.fullmatch(tekst, begin, einde)
            persoon = None if gevonden is None else _snelle_persoon(gevonden, self._aantal + 1)
            if persoon is not None:
                self._aantal += 1
                self._klaar(begin, einde, "ClientSuwi")
                return persoon
        element = self._ontleed(begin, einde)
        tag = element.tag
        if self._sluitstuk is not None:
            self._faal(
                "geen_sluitstuk",
                f"Na het Sluitstuk staat nog een element '{_weergave(tag)}' (regel {self._regel_van(begin)}); "
                "het Sluitstuk moet het laatste element zijn.",
            )
        item: Persoon | Afkeuring | None = None
        if tag == "ClientSuwi":
            self._aantal += 1
            item = lees_client(element, self._aantal)
        elif tag == "Sluitstuk":
            self._sluitstuk = _lees_sluitstuk(element, self._regel_van(begin) - 1)
        elif tag == "Kop":  # a second Kop
            self._aantal += 1
            item = Afkeuring(
                self._aantal,
                _gevonden_bsn(element),
                "ClientSuwi",
                f"Element '{tag}' hoort hier niet: na de Kop volgen alleen ClientSuwi-elementen en het Sluitstuk.",
            )
        else:
            self._aantal += 1
            item = Afkeuring(
                self._aantal,
                _gevonden_bsn(element),
                "ClientSuwi",
                _onbekend_element(tag, {"ClientSuwi": 0})
                + " Na de Kop volgen alleen ClientSuwi-elementen en het Sluitstuk.",
            )
        self._klaar(begin, einde, _weergave(tag))
        return item

    def _klaar(self, begin: int, einde: int, naam: str) -> None:
        self._pos = einde
        self._hervat = (-1, 0, 0)
        self._vorige_naam, self._vorige_pos = naam, begin

    def _losse_tekst(self, tekst: str) -> NoReturn:
        if self._vorige_pos >= 0:
            self._vorige_regel = self._regel_van(self._vorige_pos)
        raise BestandFout(
            "geen_xml",
            f"Na het element '{self._vorige_naam}' op regel {self._vorige_regel} staat losse tekst "
            f"{_citaat(tekst)}; tussen de elementen van het Verzamelbestand mag alleen witruimte staan.",
        )

    # -- the Kop ------------------------------------------------------------

    def _lees_kop(self) -> None:
        ervoor, begin, einde = self._volgende()
        if begin < 0:
            self._faal("ongeldige_kop", "De Kop ontbreekt: het Verzamelbestand bevat geen elementen.")
        element = self._ontleed(begin, einde)
        regel = self._regel_van(begin)
        if element.tag != "Kop":
            self._faal(
                "ongeldige_kop",
                f"Het eerste element van het Verzamelbestand moet Kop zijn, maar is "
                f"'{_weergave(element.tag)}' (regel {regel}).",
            )
        if ervoor.strip(_XML_WITRUIMTE):
            self._faal("ongeldige_kop", f"Vóór de Kop staat losse tekst: {_citaat(ervoor)}.")
        self._kop = _lees_kop(element, regel - 1)
        self._klaar(begin, einde, "Kop")

    # -- text in, elements out ---------------------------------------------

    def _volgende(self) -> tuple[str, int, int]:
        """The character data before the next top-level element, and that element's [begin, einde).

        The character data leaves out comments and processing instructions; it is "" when
        there is only white space. ``begin`` is -1 when the root element ends instead: its
        end tag and what follows it, up to the end of the file, have then been checked.
        """
        while True:
            if self._in_root:
                tekst, pos = self._tekst, self._pos
                begin = _na_tussenruimte(tekst, pos)
                if begin >= 0:
                    if tekst.startswith("</", begin):
                        slot = tekst.find(">", begin + 2)
                        if slot >= 0:
                            ervoor = self._tussentekst(pos, begin)
                            if tekst[begin + 2 : slot].rstrip(_XML_WITRUIMTE) != self._root_naam:
                                self._syntaxfout(begin)
                            self._in_root, self._na_root, self._pos = False, True, slot + 1
                            self._epiloog()
                            return ervoor, -1, -1
                    else:
                        einde = self._element_einde(begin)
                        if einde > 0:
                            return self._tussentekst(pos, begin), begin, einde
                        if einde < 0:
                            self._syntaxfout(pos)
            elif self._proloog is None:  # the root element closed itself: <vzb:Verzamelbestand .../>
                self._na_root = True
                self._epiloog()
                return "", -1, -1
            if not self._meer():
                self._syntaxfout(self._pos)

    def _element_einde(self, begin: int) -> int:
        """See _element_einde; resumes where the previous call for this element stopped."""
        tekst = self._tekst
        if tekst.startswith(_CLIENT_OPEN, begin):
            # The first </ClientSuwi> ends it, unless it stands in a comment, CDATA section or PI, or
            # closes a nested ClientSuwi ('<' cannot stand in an attribute value): a record that
            # needs lxml needs no scan then. (If this part is not well-formed, neither is the file.)
            slot = tekst.find(_CLIENT_SLUIT, begin + 12)
            if (
                slot >= 0
                and tekst.find("<ClientSuwi", begin + 12, slot) < 0
                and tekst.find("<!", begin + 12, slot) < 0
                and tekst.find("<?", begin + 12, slot) < 0
            ):
                self._hervat = (-1, 0, 0)
                return slot + 13
        positie = begin - self._pos
        if self._hervat[0] == positie:
            vanaf, diepte = self._pos + self._hervat[1], self._hervat[2]
        else:
            vanaf, diepte = begin, 0
        einde, vanaf, diepte = _element_einde(self._tekst, vanaf, diepte)
        self._hervat = (positie, vanaf - self._pos, diepte) if einde == 0 else (-1, 0, 0)
        return einde

    def _tussentekst(self, begin: int, einde: int) -> str:
        """The character data in [begin, einde) between top-level elements, checked by lxml unless it is white space."""
        stuk = self._tekst[begin:einde]
        if not stuk.strip(_XML_WITRUIMTE):
            return ""
        try:
            root = etree.fromstring((self._omhulsel + stuk + self._omhulsel_eind).encode(), self._parser)
        except etree.XMLSyntaxError:
            self._syntaxfout(begin, einde)
        return str(root.text or "")

    def _ontleed(self, begin: int, einde: int) -> _Element:
        """The top-level element at [begin, einde), parsed by lxml within the root's namespace declarations."""
        data = (self._omhulsel + self._tekst[begin:einde] + self._omhulsel_eind).encode()
        try:
            return etree.fromstring(data, self._parser)[0]
        except etree.XMLSyntaxError:
            self._syntaxfout(begin, einde)

    def _epiloog(self) -> None:
        """After the root element only white space, comments and processing instructions may follow."""
        while True:
            rest = self._tekst[self._pos :].lstrip(_XML_WITRUIMTE)
            if rest:
                self._lxml_tot_het_einde(len(self._tekst) - len(rest))
                return
            self._pos = len(self._tekst)
            if not self._meer():
                return

    def _syntaxfout(self, begin: int, einde: int | None = None) -> NoReturn:
        """The text from ``begin`` is not well-formed: refuse the file with lxml's message.

        With ``einde`` the fault lies in [begin, einde), one element or the text between two:
        lxml reads just that, building a tree, so that it reports a namespace error too. Else
        it reads on to the end of the file, building nothing.
        """
        regel = self._regel_van(begin)
        if einde is None:
            self._lxml_tot_het_einde(begin)
        else:
            parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
            try:
                etree.fromstring(
                    (self._context(begin) + self._tekst[begin:einde] + self._omhulsel_eind).encode(), parser
                )
            except etree.XMLSyntaxError as fout:
                self._geen_xml(fout)
        # lxml found nothing wrong after all: this scanner and lxml disagree.
        self._faal("geen_xml", f"Het bestand is geen goedgevormde XML (na regel {regel}).")

    def _lxml_tot_het_einde(self, begin: int) -> None:
        """Have lxml read from ``begin`` to the end of the file, at the right lines and columns, building nothing.

        Raises BestandFout for its first syntax error.
        """
        parser = etree.XMLParser(
            target=_GeenBoom(), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        )
        try:
            parser.feed(self._context(begin).encode())
            while True:
                stuk = self._tekst[begin:].encode()
                self._pos = len(self._tekst)
                if self._ongeldig is not None:
                    parser.feed(stuk + self._ongeldig)  # lxml names the bytes that are not UTF-8
                    break
                if stuk:
                    parser.feed(stuk)
                if not self._meer():
                    break
                begin = self._pos
            parser.close()
        except etree.XMLSyntaxError as fout:
            self._geen_xml(fout)

    def _context(self, positie: int) -> str:
        """Text that brings lxml to the line and column of ``positie``: within the root element, or after it."""
        regel, kolom = self._regel_van(positie), self._kolom_van(positie)
        if self._na_root:
            return "<a/>" + ("\n" * (regel - 1) + " " * (kolom - 1) if regel > 1 else " " * max(0, kolom - 5))
        context = "\n" * (self._root_regel - 1) + " " * (self._root_kolom - 1) + self._root_tag
        if regel > self._root_eind_regel:
            return context + "\n" * (regel - self._root_eind_regel) + " " * (kolom - 1)
        return context + " " * max(0, kolom - self._root_eind_kolom)

    def _regel_van(self, positie: int) -> int:
        return self._regel + self._tekst.count("\n", 0, positie)

    def _kolom_van(self, positie: int) -> int:
        regeleinde = self._tekst.rfind("\n", 0, positie)
        return positie - regeleinde if regeleinde >= 0 else self._kolom + positie

    # -- bytes in, text out ---------------------------------------------------

    def _meer(self) -> bool:
        """Add the next chunk to the text, dropping what is handled; False at the end of the file."""
        if self._eof:
            return False
        if self._ongeldig is not None:  # the text before the bytes that are not UTF-8 is used up
            self._syntaxfout(self._pos)
        self._bewaak_grootte()
        while True:
            blok = self._lees_blok()
            if not blok:
                self._eof = True
                if self._proloog is not None:
                    self._proloog_gelezen(self._proloog, eof=True)
                    raise AssertionError("unreachable: the prolog check raises at the end of the file")
                self._voeg_toe(self._decodeer(b"", eof=True))
                if self._ongeldig is not None:  # the file ends inside a UTF-8 sequence
                    self._syntaxfout(self._pos)
                self._sluit_hash()
                return False
            self._hash_blok(blok)
            if self._proloog is not None:
                blok = self._proloog + blok
                begin = self._proloog_gelezen(blok, eof=False)
                if begin is None:
                    self._proloog = blok
                    continue
                self._proloog = None
                blok = blok[begin:]
            self._voeg_toe(self._decodeer(blok, eof=False))
            return True

    def _voeg_toe(self, nieuw: str) -> None:
        tekst, weg = self._tekst, self._pos
        if weg:
            if self._vorige_pos >= 0:
                self._vorige_regel = self._regel + tekst.count("\n", 0, self._vorige_pos)
                self._vorige_pos = -1
            regels = tekst.count("\n", 0, weg)
            if regels:
                self._regel += regels
                self._kolom = weg - tekst.rfind("\n", 0, weg)
            else:
                self._kolom += weg
            self._tekst, self._pos = tekst[weg:] + nieuw, 0
        elif nieuw:
            self._tekst = tekst + nieuw

    def _decodeer(self, blok: bytes, *, eof: bool) -> str:
        """The text of ``blok``; up to bytes that are not UTF-8, which lxml reports once the text is used up."""
        try:
            return str(self._decoder.decode(blok, eof))
        except UnicodeDecodeError as fout:
            data = bytes(fout.object)  # what the decoder had kept of the previous chunk, and blok
            self._ongeldig = data[fout.start :]
            return data[: fout.start].decode("utf-8")

    def _bewaak_grootte(self) -> None:
        """Refuse the file when what is not handled yet (one element, normally) has grown too large."""
        rest = len(self._tekst) - self._pos
        if rest * 4 <= MAX_ELEMENT_BYTES or len(self._tekst[self._pos :].encode()) <= MAX_ELEMENT_BYTES:
            return
        if self._vorige_pos >= 0:
            self._vorige_regel = self._regel_van(self._vorige_pos)
        regel = f" (na regel {self._vorige_regel})" if self._vorige_naam is not None else ""
        self._faal(
            "te_groot",
            f"Het bestand bevat een element van meer dan {MAX_ELEMENT_BYTES // (1024 * 1024)} MiB{regel}; "
            "één ClientSuwi is nooit zo groot.",
        )

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

    def _proloog_gelezen(self, buffer: bytes, *, eof: bool) -> int | None:
        """Check the bytes up to the root's start tag; the offset just past it, or None when more bytes are needed."""
        plaats = _begin_hoofdelement(buffer, eof=eof)
        if plaats is None:
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
            return None
        begin, start = plaats
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
        # Where the root's start tag stands, for lxml's line numbers; and how to wrap a span in it.
        self._root_tag = buffer[begin:start].decode("utf-8")
        self._root_regel = buffer.count(b"\n", 0, begin) + 1
        self._root_kolom = begin - buffer.rfind(b"\n", 0, begin)
        self._regel = self._root_eind_regel = buffer.count(b"\n", 0, start) + 1
        self._kolom = self._root_eind_kolom = start - buffer.rfind(b"\n", 0, start)
        gevonden = _ROOT_NAAM.match(self._root_tag)
        assert gevonden is not None  # lxml read it as a start tag
        self._root_naam = gevonden.group(1)
        self._omhulsel = re.sub(r"[\t\r\n]", " ", self._root_tag)
        self._omhulsel_eind = f"</{self._root_naam}>"
        self._in_root = not self._root_tag.endswith("/>")
        return start

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


def _na_tussenruimte(tekst: str, positie: int) -> int:
    """The '<' of the next element or end tag from ``positie``, past comments, PIs and CDATA; -1: text ends first."""
    while True:
        begin = tekst.find("<", positie)
        if begin < 0:
            return -1
        if tekst.startswith("<!--", begin):
            slot, lengte = tekst.find("-->", begin + 4), 3
        elif tekst.startswith("<?", begin):
            slot, lengte = tekst.find("?>", begin + 2), 2
        elif tekst.startswith("<![CDATA[", begin):
            slot, lengte = tekst.find("]]>", begin + 9), 3
        elif _afgebroken_markering(tekst, begin):
            return -1
        else:
            return begin
        if slot < 0:
            return -1
        positie = slot + lengte


def _afgebroken_markering(tekst: str, begin: int) -> bool:
    """Whether the text ends inside '<!--' or '<![CDATA[' at ``begin``, so that it cannot be told yet."""
    rest = tekst[begin : begin + 9]
    return len(rest) < 9 and ("<![CDATA[".startswith(rest) or "<!--".startswith(rest))


def _element_einde(tekst: str, vanaf: int, diepte: int) -> tuple[int, int, int]:
    """Scan an element for its end by counting start and end tags, from ``vanaf`` at nesting ``diepte``.

    Start with the position of its '<' and depth 0. Returns (einde, vanaf, diepte): einde is
    the position just past its end tag; 0 when the text ends first (vanaf and diepte say
    where to resume); -1 when a tag is malformed. The names of the tags are not compared,
    nor anything else checked: lxml parses the element afterwards.
    """
    while True:
        begin = tekst.find("<", vanaf)
        if begin < 0:
            return 0, len(tekst), diepte
        if tekst.startswith("<!--", begin):
            slot, lengte = tekst.find("-->", begin + 4), 3
        elif tekst.startswith("<?", begin):
            slot, lengte = tekst.find("?>", begin + 2), 2
        elif tekst.startswith("<![CDATA[", begin):
            slot, lengte = tekst.find("]]>", begin + 9), 3
        else:
            tag = _TAG.match(tekst, begin)
            if tag is None:
                afgebroken = begin + 2 >= len(tekst) or _afgebroken_markering(tekst, begin)  # '<', '</', '<!-'
                return (0 if afgebroken else -1), begin, diepte
            vanaf = tag.end()
            if tag.group(2) is None:
                return (0 if vanaf == len(tekst) else -1), begin, diepte
            if tag.group(1):
                diepte -= 1
            elif tekst[vanaf - 2] != "/":
                diepte += 1
            if diepte <= 0:
                return vanaf, vanaf, 0
            continue
        if slot < 0:
            return 0, begin, diepte
        vanaf = slot + lengte


def _begin_hoofdelement(buffer: bytes, *, eof: bool) -> tuple[int, int] | None:
    """Where the root element's start tag begins and ends (just past its '>'); None when not (yet) found.

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
            start = _einde_starttag(buffer, i)
            return None if start is None else (i, start)


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
