"""The messages of SuwiML's IBVerwijsindex-v0300: a gemeente tells the hub whether it holds DKD data on a BSN.

The public shape (``schemas/IBVerwijsindex-v0300.xsd``): a Burgerservicenr, one ClusteringIb per IB
clustering with IndDkd (1 = ja: the gemeente holds DKD data on the person, 2 = nee: no longer), and
the Bron of the sender. The answer is an ``IBVerwijsindexResponse`` with an ``Acknowledgement``
and/or an unqualified ``FWI``. Reading is strict about order and types and never names the BSN in
its errors. The hub's endpoint is ``vangnet.hub.dkd.verwijsindex_soap``.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from vangnet.suwiml.berichten import Element, FwiMelding, OngeldigBericht, bouw_fwi

DIENST: Final = "IBVerwijsindex-v0300"
NAMESPACE: Final = "http://bkwi.nl/SuwiML/Diensten/IBVerwijsindex/v0300"
_ACTIONS: Final = "http://bkwi.nl/SuwiML/Diensten/IBVerwijsindex-v0300"
ACTION_VERZOEK: Final = f"{_ACTIONS}/IBVerwijsindex"
ACTION_ANTWOORD: Final = f"{_ACTIONS}/IBVerwijsindexResponse"
ACTION_FOUT: Final = f"{_ACTIONS}/Fout"
XSD: Final = "IBVerwijsindex-v0300.xsd"
WSDL: Final = "IBVerwijsindex-v0300.wsdl"
MAX_BYTES: Final = 64 * 1024  # one BSN per message: a few kilobytes, signature included

IND_JA: Final = frozenset({"1", "J"})  # the schema says one digit (1 = ja); J is read as well
IND_NEE: Final = frozenset({"2", "N"})

_VERZOEK = f"{{{NAMESPACE}}}IBVerwijsindex"
_ANTWOORD = f"{{{NAMESPACE}}}IBVerwijsindexResponse"


@dataclass(frozen=True)
class Clustering:
    code: str
    ind_dkd: str


@dataclass(frozen=True)
class IbVerwijzing:
    """One IBVerwijsindex request: the BSN (as sent; checked by the service), its clusterings, the sender."""

    bsn: str
    clusteringen: tuple[Clustering, ...]
    cd_kolom: int
    cd_partij: str
    cd_vestiging: str | None = None


def verzoek(verwijzing: IbVerwijzing) -> Element:
    """The body of a request: smls:IBVerwijsindex."""
    root = etree.Element(_VERZOEK, nsmap={"smls": NAMESPACE})
    etree.SubElement(root, "Burgerservicenr").text = verwijzing.bsn
    for clustering in verwijzing.clusteringen:
        element = etree.SubElement(root, "ClusteringIb")
        etree.SubElement(element, "CdClusteringIb").text = clustering.code
        etree.SubElement(element, "IndDkd").text = clustering.ind_dkd
    bron = etree.SubElement(root, "Bron")
    etree.SubElement(bron, "CdKolomSuwi").text = str(verwijzing.cd_kolom)
    etree.SubElement(bron, "CdPartijSuwi").text = verwijzing.cd_partij
    if verwijzing.cd_vestiging is not None:
        etree.SubElement(bron, "CdVestigingSuwi").text = verwijzing.cd_vestiging
    return root


def lees_verzoek(inhoud: Element) -> IbVerwijzing:
    """Read a request in the order and with the types of the schema; raises OngeldigBericht (without the BSN).

    The value of the Burgerservicenr is left to the service, which rejects a bad one as an
    entry (recorded, answered with an FWI Fout) rather than refusing the message.
    """
    if inhoud.tag != _VERZOEK:
        raise OngeldigBericht(f"Onbekende operatie; verwacht is IBVerwijsindex in namespace {NAMESPACE}.")
    kinderen = _kinderen(inhoud, "IBVerwijsindex")
    tags = [k.tag for k in kinderen]
    if len(tags) < 3 or tags[0] != "Burgerservicenr" or tags[-1] != "Bron" or set(tags[1:-1]) != {"ClusteringIb"}:
        raise OngeldigBericht("IBVerwijsindex moet Burgerservicenr, een of meer ClusteringIb en dan Bron bevatten.")
    clusteringen = tuple(_lees_clustering(k) for k in kinderen[1:-1])
    kolom, partij, vestiging = _lees_bron(kinderen[-1])
    return IbVerwijzing(_tekst(kinderen[0], "Burgerservicenr", 40), clusteringen, kolom, partij, vestiging)


def _kinderen(element: Element, naam: str) -> list[Element]:
    teksten = [element.text, *(k.tail for k in element)]
    if any(t is not None and t.strip() for t in teksten):
        raise OngeldigBericht(f"Losse tekst in {naam} is niet toegestaan.")
    kinderen = list(element)
    if any(not isinstance(k.tag, str) for k in kinderen):
        raise OngeldigBericht(f"{naam} bevat iets anders dan elementen.")
    return kinderen


def _tekst(element: Element, naam: str, max_lengte: int) -> str:
    if len(element):
        raise OngeldigBericht(f"{naam} mag alleen tekst bevatten.")
    tekst = (element.text or "").strip()
    if len(tekst) > max_lengte:
        raise OngeldigBericht(f"{naam} is langer dan {max_lengte} tekens.")
    return tekst


def _lees_clustering(element: Element) -> Clustering:
    kinderen = _kinderen(element, "ClusteringIb")
    if [k.tag for k in kinderen] != ["CdClusteringIb", "IndDkd"]:
        raise OngeldigBericht("ClusteringIb moet CdClusteringIb en dan IndDkd bevatten.")
    ind = _tekst(kinderen[1], "IndDkd", 1)
    if len(ind) != 1:
        raise OngeldigBericht("IndDkd moet precies één teken zijn (1 = ja, 2 = nee).")
    return Clustering(_tekst(kinderen[0], "CdClusteringIb", 2), ind)


def _lees_bron(element: Element) -> tuple[int, str, str | None]:
    kinderen = _kinderen(element, "Bron")
    tags = [k.tag for k in kinderen]
    if tags not in (["CdKolomSuwi", "CdPartijSuwi"], ["CdKolomSuwi", "CdPartijSuwi", "CdVestigingSuwi"]):
        raise OngeldigBericht("Bron moet CdKolomSuwi, CdPartijSuwi en eventueel CdVestigingSuwi bevatten.")
    kolom = _tekst(kinderen[0], "CdKolomSuwi", 2)
    if not kolom or not kolom.isascii() or not kolom.isdigit():
        raise OngeldigBericht("CdKolomSuwi moet een getal van hooguit twee cijfers zijn.")
    partij = _tekst(kinderen[1], "CdPartijSuwi", 4)
    vestiging = _tekst(kinderen[2], "CdVestigingSuwi", 4) if len(kinderen) == 3 else None
    for naam, waarde in (("CdPartijSuwi", partij), ("CdVestigingSuwi", vestiging)):
        if waarde is not None and (len(waarde) != 4 or not waarde.isascii() or not waarde.isdigit()):
            raise OngeldigBericht(f"{naam} moet uit precies vier cijfers bestaan.")
    return int(kolom), partij, vestiging


def antwoord(ontvangen: bool, meldingen: Sequence[FwiMelding] = ()) -> Element:
    """The body of an answer: Acknowledgement when processed, then a local (unqualified) FWI when there are messages."""
    root = etree.Element(_ANTWOORD, nsmap={"smls": NAMESPACE})
    if ontvangen:
        etree.SubElement(root, "Acknowledgement")
    if meldingen:
        root.append(bouw_fwi(meldingen, tag="FWI"))
    return root
