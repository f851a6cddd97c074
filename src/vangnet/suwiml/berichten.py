"""SOAP 1.1 envelopes with WS-Addressing headers, SOAP faults and FWI messages; parsed with a hardened parser.

Nothing here knows a particular service: a service module builds its body element and hands
it to :func:`bouw_envelop`, and reads an incoming message with :func:`parse_veilig` and
:func:`lees_envelop`. Every problem with an incoming message raises :class:`OngeldigBericht`
with a Dutch reason that never contains the message's content (so no BSN).
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

# lxml has no type information; its elements are Any here.
Element = Any

SOAP_ENV: Final = "http://schemas.xmlsoap.org/soap/envelope/"
WSA: Final = "http://www.w3.org/2005/08/addressing"
WSA_ANONIEM: Final = "http://www.w3.org/2005/08/addressing/anonymous"
WSSE: Final = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU: Final = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
DS: Final = "http://www.w3.org/2000/09/xmldsig#"
FWI: Final = "http://bkwi.nl/SuwiML/FWI/v0205"

CONTENT_TYPE: Final = "text/xml; charset=utf-8"
MAX_BERICHT_BYTES: Final = 1024 * 1024
"""The largest SOAP message vangnet reads unless a caller says otherwise."""

_ENVELOPE = f"{{{SOAP_ENV}}}Envelope"
_HEADER = f"{{{SOAP_ENV}}}Header"
_BODY = f"{{{SOAP_ENV}}}Body"
_FAULT = f"{{{SOAP_ENV}}}Fault"
_MUST_UNDERSTAND = f"{{{SOAP_ENV}}}mustUnderstand"
_FWI_SOORTEN: Final = ("Fout", "Waarschuwing", "Informatie")


class OngeldigBericht(Exception):
    """An incoming message that vangnet does not accept; ``reden`` says why, in Dutch."""

    def __init__(self, reden: str) -> None:
        super().__init__(reden)
        self.reden = reden


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------


def parse_veilig(data: bytes, max_bytes: int = MAX_BERICHT_BYTES) -> Element:
    """The root element of ``data``, refusing what could hurt the reader.

    Refused: more than ``max_bytes``; a document type declaration (so no DTD, no entity, no
    "billion laughs" and no external entity can come in); anything that is not well-formed
    XML. The parser loads nothing from the network, expands no entity, keeps libxml2's
    limits on depth and text size (huge_tree off), and drops comments and processing
    instructions.
    """
    if len(data) > max_bytes:
        raise OngeldigBericht(f"Het bericht is groter dan {max_bytes} bytes.")
    if not data.strip():
        raise OngeldigBericht("Het bericht is leeg.")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise OngeldigBericht("Een DOCTYPE (DTD of entiteiten) is niet toegestaan.")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as fout:
        raise OngeldigBericht(f"Het bericht is geen goedgevormde XML (regel {fout.lineno}).") from None
    except (ValueError, etree.LxmlError):
        raise OngeldigBericht("Het bericht is geen goedgevormde XML.") from None
    if root is None:
        raise OngeldigBericht("Het bericht is geen goedgevormde XML.")
    # The byte check misses a declaration in another encoding (UTF-16): the parsed document tells.
    if root.getroottree().docinfo.doctype or any(isinstance(e, etree._Entity) for e in root.iter()):
        raise OngeldigBericht("Een DOCTYPE (DTD of entiteiten) is niet toegestaan.")
    return root


# ---------------------------------------------------------------------------
# WS-Addressing
# ---------------------------------------------------------------------------


def nieuw_message_id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


@dataclass(frozen=True)
class Adressering:
    """The WS-Addressing 1.0 headers of one message; None where a header is absent."""

    action: str | None
    message_id: str | None
    to: str | None = None
    van: str | None = None
    relates_to: str | None = None

    def elementen(self) -> list[Element]:
        """The header elements, in the order the SuwiML implementation agreements list them."""
        elementen = []
        for naam, waarde in (("Action", self.action), ("MessageID", self.message_id)):
            if waarde is not None:
                elementen.append(_tekst_element(f"{{{WSA}}}{naam}", waarde))
        if self.van is not None:
            van = etree.Element(f"{{{WSA}}}From", nsmap={"wsa": WSA})
            etree.SubElement(van, f"{{{WSA}}}Address").text = self.van
            elementen.append(van)
        if self.to is not None:
            elementen.append(_tekst_element(f"{{{WSA}}}To", self.to))
        if self.relates_to is not None:
            elementen.append(_tekst_element(f"{{{WSA}}}RelatesTo", self.relates_to))
        return elementen


def _tekst_element(tag: str, tekst: str) -> Element:
    element = etree.Element(tag, nsmap={"wsa": WSA})
    element.text = tekst
    return element


def antwoord_adressering(verzoek: Adressering, action: str, van: str | None) -> Adressering:
    """The headers of the answer to ``verzoek``: a new MessageID, RelatesTo its MessageID, To its From."""
    return Adressering(
        action=action,
        message_id=nieuw_message_id(),
        to=verzoek.van or WSA_ANONIEM,
        van=van,
        relates_to=verzoek.message_id,
    )


def controleer_adressering(adressering: Adressering, action: str) -> None:
    """The headers a request must carry: the expected Action, a MessageID and a To."""
    if adressering.action is None:
        raise OngeldigBericht("De WS-Addressing-header Action ontbreekt.")
    if adressering.action != action:
        raise OngeldigBericht(f"Onbekende WS-Addressing-Action; verwacht is {action}.")
    if not adressering.message_id:
        raise OngeldigBericht("De WS-Addressing-header MessageID ontbreekt.")
    if not adressering.to:
        raise OngeldigBericht("De WS-Addressing-header To ontbreekt.")


# ---------------------------------------------------------------------------
# Envelopes
# ---------------------------------------------------------------------------


def bouw_envelop(inhoud: Element, adressering: Adressering | None) -> Element:
    """An Envelope with the WS-Addressing headers and ``inhoud`` as the only child of the Body."""
    # wsu is declared here so that the wsu:Id attributes a signature adds need no declaration of their own.
    envelop = etree.Element(_ENVELOPE, nsmap={"soapenv": SOAP_ENV, "wsa": WSA, "wsu": WSU})
    header = etree.SubElement(envelop, _HEADER)
    if adressering is not None:
        header.extend(adressering.elementen())
    body = etree.SubElement(envelop, _BODY)
    body.append(inhoud)
    return envelop


def naar_bytes(envelop: Element) -> bytes:
    result: bytes = etree.tostring(envelop, xml_declaration=True, encoding="UTF-8")
    return result


@dataclass(frozen=True)
class Envelop:
    """An incoming envelope taken apart: the element under the Body, or the Fault, and the headers."""

    root: Element
    header: Element | None
    body: Element
    inhoud: Element
    adressering: Adressering
    fout: "SoapFout | None" = None

    def onbegrepen_headers(self, begrepen: Iterable[str] = ()) -> list[str]:
        """Header elements marked mustUnderstand="1" that are neither WS-Addressing, WS-Security nor in ``begrepen``."""
        if self.header is None:
            return []
        bekend = set(begrepen) | {f"{{{WSSE}}}Security"}
        return [
            etree.QName(kind).localname
            for kind in self.header
            if isinstance(kind.tag, str)
            and kind.get(_MUST_UNDERSTAND) in ("1", "true")
            and kind.tag not in bekend
            and etree.QName(kind).namespace != WSA
        ]


def lees_envelop(root: Element) -> Envelop:
    """Check the SOAP 1.1 shape (Envelope, optional Header, Body with one element) and read the headers."""
    if root.tag != _ENVELOPE:
        if isinstance(root.tag, str) and etree.QName(root).localname == "Envelope":
            raise OngeldigBericht("Alleen SOAP 1.1 wordt ondersteund (namespace van de Envelope).")
        raise OngeldigBericht("Het bericht is geen SOAP-envelop.")
    kinderen = list(root)
    _geen_losse_tekst(root)
    tags = [k.tag for k in kinderen]
    if tags not in ([_BODY], [_HEADER, _BODY]):
        raise OngeldigBericht("De SOAP-envelop moet een optionele Header en dan precies één Body bevatten.")
    header = kinderen[0] if len(kinderen) == 2 else None
    body = kinderen[-1]
    _geen_losse_tekst(body)
    inhoud = list(body)
    if len(inhoud) != 1:
        raise OngeldigBericht("De SOAP-Body moet precies één element bevatten.")
    adressering = _lees_adressering(header)
    fout = lees_fout(inhoud[0]) if inhoud[0].tag == _FAULT else None
    return Envelop(root, header, body, inhoud[0], adressering, fout)


def _geen_losse_tekst(element: Element) -> None:
    teksten = [element.text, *(k.tail for k in element)]
    if any(t is not None and t.strip() for t in teksten):
        raise OngeldigBericht(f"Losse tekst in {etree.QName(element).localname} is niet toegestaan.")


def _lees_adressering(header: Element | None) -> Adressering:
    waarden: dict[str, str] = {}
    if header is not None:
        for kind in header:
            if not isinstance(kind.tag, str) or etree.QName(kind).namespace != WSA:
                continue
            naam = etree.QName(kind).localname
            if naam in waarden:
                raise OngeldigBericht(f"De WS-Addressing-header {naam} staat er meer dan eens.")
            if naam in ("From", "ReplyTo", "FaultTo"):
                adres = kind.find(f"{{{WSA}}}Address")
                waarden[naam] = (adres.text or "").strip() if adres is not None else ""
            else:
                waarden[naam] = (kind.text or "").strip()
    return Adressering(
        action=waarden.get("Action"),
        message_id=waarden.get("MessageID"),
        to=waarden.get("To"),
        van=waarden.get("From"),
        relates_to=waarden.get("RelatesTo"),
    )


# ---------------------------------------------------------------------------
# FWI and SOAP faults
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FwiMelding:
    """One FWI message: ``soort`` is Fout, Waarschuwing or Informatie; ``bron_dn`` the raising party."""

    code: str
    tekst: str
    bron_dn: str
    details: tuple[str, ...] = ()
    soort: str = "Fout"

    def als_tekst(self) -> str:
        return " ".join([f"{self.code}:", self.tekst, *self.details]).strip()


def fwi_inhoud(element: Element, melding: FwiMelding) -> Element:
    """Fill ``element`` (a Fout, Waarschuwing or Informatie, or fwi:Fout) with the Melding sequence."""
    etree.SubElement(element, "Code").text = melding.code
    etree.SubElement(element, "Tekst").text = melding.tekst
    for detail in melding.details:
        etree.SubElement(element, "Detail").text = detail
    bron = etree.SubElement(element, "Bron")
    etree.SubElement(bron, "DN").text = melding.bron_dn
    return element


def bouw_fwi(meldingen: Sequence[FwiMelding], tag: str = f"{{{FWI}}}FWI") -> Element:
    """An FWI element (qualified ``fwi:FWI`` by default; IBVerwijsindex uses a local ``FWI``)."""
    fwi = etree.Element(tag, nsmap={"fwi": FWI})
    for melding in meldingen:
        fwi_inhoud(etree.SubElement(fwi, melding.soort), melding)
    return fwi


def lees_fwi(element: Element) -> list[FwiMelding]:
    """The messages of an FWI element; raises OngeldigBericht when it is not one."""
    meldingen = []
    for kind in element:
        if kind.tag not in _FWI_SOORTEN:
            raise OngeldigBericht(f"Onbekend element in FWI: {_naam(kind)}.")
        meldingen.append(_lees_melding(kind, kind.tag))
    if not meldingen:
        raise OngeldigBericht("Een FWI moet minstens één melding bevatten.")
    return meldingen


def _lees_melding(element: Element, soort: str) -> FwiMelding:
    kinderen = list(element)
    tags = [k.tag for k in kinderen]
    details = tags[2:-1]
    if tags[:2] != ["Code", "Tekst"] or tags[-1:] != ["Bron"] or any(t != "Detail" for t in details):
        raise OngeldigBericht(f"De {soort} in de FWI heeft niet de vorm Code, Tekst, Detail*, Bron.")
    dn = kinderen[-1].find("DN")
    if dn is None or len(kinderen[-1]) != 1:
        raise OngeldigBericht(f"De Bron van de {soort} in de FWI moet precies één DN bevatten.")
    for kind in [*kinderen[:-1], dn]:
        if len(kind):
            raise OngeldigBericht(f"{kind.tag} in de FWI mag alleen tekst bevatten.")
    return FwiMelding(
        code=kinderen[0].text or "",
        tekst=kinderen[1].text or "",
        bron_dn=dn.text or "",
        details=tuple(k.text or "" for k in kinderen[2:-1]),
        soort=soort,
    )


@dataclass(frozen=True)
class SoapFout:
    """A SOAP 1.1 Fault; ``melding`` is its ``fwi:Fout`` detail when there is one."""

    faultcode: str
    faultstring: str
    melding: FwiMelding | None = None

    def als_tekst(self) -> str:
        return self.melding.als_tekst() if self.melding is not None else f"{self.faultcode}: {self.faultstring}"


@dataclass(frozen=True)
class Fout:
    """A fault to send: ``client`` says the request was wrong (soapenv:Client), else the server failed."""

    melding: FwiMelding
    client: bool = True
    http_status: int = 500
    faultstring: str = ""


def bouw_fout(fout: Fout) -> Element:
    """A soapenv:Fault with faultcode, faultstring and detail/fwi:Fout (the AanvraagNietOk fault)."""
    fault = etree.Element(_FAULT, nsmap={"soapenv": SOAP_ENV})
    etree.SubElement(fault, "faultcode").text = "soapenv:Client" if fout.client else "soapenv:Server"
    etree.SubElement(fault, "faultstring").text = fout.faultstring or fout.melding.tekst
    detail = etree.SubElement(fault, "detail")
    fwi_inhoud(etree.SubElement(detail, f"{{{FWI}}}Fout", nsmap={"fwi": FWI}), fout.melding)
    return fault


def lees_fout(fault: Element) -> SoapFout:
    """A received Fault; its fwi:Fout detail is read when present and well-formed."""
    faultcode = fault.find("faultcode")
    faultstring = fault.find("faultstring")
    if faultcode is None or faultstring is None:
        raise OngeldigBericht("Een SOAP-Fault moet faultcode en faultstring bevatten.")
    melding = None
    detail = fault.find("detail")
    fwi_fout = detail.find(f"{{{FWI}}}Fout") if detail is not None else None
    if fwi_fout is not None:
        melding = _lees_melding(fwi_fout, "Fout")
    return SoapFout((faultcode.text or "").strip(), (faultstring.text or "").strip(), melding)


def _naam(element: Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else "?"
