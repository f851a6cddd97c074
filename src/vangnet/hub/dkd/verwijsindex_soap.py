"""IBVerwijsindex-v0300 at the hub: a webservice gemeente reports its verwijsindex over SOAP, one BSN per message.

``POST /soap/IBVerwijsindex-v0300`` takes the public message shape (``schemas/IBVerwijsindex-v0300.xsd``):
a Burgerservicenr, one ClusteringIb per IB clustering with IndDkd (1 = ja: the gemeente holds DKD
data on the person, 2 = nee: no longer), and the Bron of the sender. Each clustering becomes a
mutation of the same service as the JSON API (``verwijsindex_levering.muteer``), with the
wsa:MessageID as its idempotency key. ``GET /soap/IBVerwijsindex-v0300?wsdl`` serves the WSDL.

The answer is an ``IBVerwijsindexResponse``: ``Acknowledgement`` when the BSN was processed, an
unqualified ``FWI`` with a Fout when the BSN was rejected (elfproef, ...; recorded in the
history like a rejected entry of the JSON API) and with a Waarschuwing for a clustering the
hub does not know. A message that cannot be processed at all (not SOAP, hostile XML, wrong
headers, not a webservice gemeente, another gemeente's Bron) is answered with a SOAP Fault
whose detail is an ``fwi:Fout``. Envelopes, the hardened parser, WS-Addressing and faults come
from ``vangnet.hub.soap.berichten``; the caller, the WS-Security check and the responses from
``vangnet.hub.soap.http``, as for GSDDossierReintegratie-v0200.

The caller is a gemeente with the machtiging dkd_aanleveren: by the API key in ``X-Api-Key``, or
by its client certificate behind the TLS proxy.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from vangnet.hub.constants import Cluster
from vangnet.hub.dkd.verwijsindex_levering import Indiener, LeveringGeweigerd, muteer
from vangnet.hub.models.verwijsindex import LeveringKanaal
from vangnet.hub.soap.berichten import (
    CONTENT_TYPE,
    Adressering,
    Element,
    Fout,
    FwiMelding,
    OngeldigBericht,
    antwoord_adressering,
    bouw_fwi,
    controleer_adressering,
    lees_envelop,
    parse_veilig,
)
from vangnet.hub.soap.http import controleer_handtekening, fout_response, hub_adres, soap_caller, soap_response
from vangnet.hub.soap.schemas import wsdl_met_schemas
from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.organisations.scoping import Caller

DIENST: Final = "IBVerwijsindex-v0300"
NAMESPACE: Final = "http://bkwi.nl/SuwiML/Diensten/IBVerwijsindex/v0300"
_ACTIONS: Final = "http://bkwi.nl/SuwiML/Diensten/IBVerwijsindex-v0300"
ACTION_VERZOEK: Final = f"{_ACTIONS}/IBVerwijsindex"
ACTION_ANTWOORD: Final = f"{_ACTIONS}/IBVerwijsindexResponse"
ACTION_FOUT: Final = f"{_ACTIONS}/Fout"
XSD: Final = "IBVerwijsindex-v0300.xsd"
WSDL: Final = "IBVerwijsindex-v0300.wsdl"
MAX_BYTES: Final = 64 * 1024  # one BSN per message: a few kilobytes, signature included

CLUSTERINGEN: Final[dict[str, str]] = {"01": Cluster.REINTEGRATIE.value}
"""CdClusteringIb -> cluster. The IB code table is not part of the schema; "01" is vangnet's choice."""
IND_JA: Final = frozenset({"1", "J"})  # the schema says one digit (1 = ja); J is read as well
IND_NEE: Final = frozenset({"2", "N"})

_VERZOEK = f"{{{NAMESPACE}}}IBVerwijsindex"
_ANTWOORD = f"{{{NAMESPACE}}}IBVerwijsindexResponse"


# ---------------------------------------------------------------------------
# The message
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# The endpoint
# ---------------------------------------------------------------------------


class _Weigering(Exception):
    def __init__(self, code: str, tekst: str, http_status: int = 500) -> None:
        super().__init__(tekst)
        self.code = code
        self.tekst = tekst
        self.http_status = http_status


@csrf_exempt
def ib_verwijsindex(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and "wsdl" in {k.lower() for k in request.GET}:
        return HttpResponse(wsdl_met_schemas(WSDL, request.build_absolute_uri(request.path)), content_type=CONTENT_TYPE)
    if request.method != "POST":
        return HttpResponse(
            _("IBVerwijsindex-v0300: stuur een SOAP-bericht met POST; de WSDL staat op ?wsdl."),
            status=405,
            content_type="text/plain; charset=utf-8",
            headers={"Allow": "GET, POST"},
        )
    adressering: Adressering | None = None
    try:
        caller = _aanroeper(request)
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BYTES:
            raise OngeldigBericht(f"Het bericht is groter dan {MAX_BYTES} bytes.")
        envelop = lees_envelop(parse_veilig(request.read(MAX_BYTES + 1), MAX_BYTES))
        adressering = envelop.adressering
        if envelop.fout is not None:
            raise OngeldigBericht("Een SOAP-Fault is geen verzoek.")
        onbegrepen = envelop.onbegrepen_headers()
        if onbegrepen:
            raise _Weigering("niet_begrepen", f"Header(s) met mustUnderstand niet begrepen: {', '.join(onbegrepen)}.")
        controleer_handtekening(envelop)
        controleer_adressering(adressering, ACTION_VERZOEK)
        ontvangen, meldingen = _verwerk(caller, lees_verzoek(envelop.inhoud), adressering.message_id or "")
    except OngeldigBericht as fout:
        return _fout(_Weigering("ongeldig_bericht", fout.reden), adressering)
    except _Weigering as weigering:
        return _fout(weigering, adressering)
    headers = antwoord_adressering(adressering, ACTION_ANTWOORD, hub_adres(DIENST))
    return soap_response(antwoord(ontvangen, meldingen), headers)


def _aanroeper(request: HttpRequest) -> Caller:
    """The gemeente calling (API key, or client certificate behind the TLS proxy; see vangnet.hub.soap.http)."""
    aanroeper = soap_caller(request)
    if aanroeper.caller is None:
        raise _Weigering("niet_geauthenticeerd", aanroeper.reden, 401)
    caller = aanroeper.caller
    if caller.organisatie.type != OrganisatieType.GEMEENTE or not caller.may(Product.DKD_AANLEVEREN):
        raise _Weigering(
            "geen_toegang", _("Alleen een gemeente met de machtiging DKD aanleveren levert een verwijsindex aan."), 403
        )
    return caller


def _verwerk(caller: Caller, verwijzing: IbVerwijzing, message_id: str) -> tuple[bool, list[FwiMelding]]:
    """Apply each known clustering as a mutation; answer whether the BSN was processed, and the FWI messages."""
    gemeente = caller.organisatie
    eigen_partij = (gemeente.gemeentecode or "")[2:]
    if verwijzing.cd_partij != eigen_partij:
        raise _Weigering(
            "andere_gemeente",
            _("De Bron (CdPartijSuwi %(partij)s) is niet de gemeente van de API-sleutel (%(eigen)s).")
            % {"partij": verwijzing.cd_partij, "eigen": eigen_partij},
        )
    meldingen: list[FwiMelding] = []
    per_cluster: dict[str, str] = {}
    for clustering in verwijzing.clusteringen:
        cluster = CLUSTERINGEN.get(clustering.code)
        if cluster is None:
            meldingen.append(_melding("onbekende_clustering", _("Onbekende clustering %(code)s genegeerd.")
                                      % {"code": clustering.code or "(leeg)"}, soort="Waarschuwing"))  # fmt: skip
        elif clustering.ind_dkd not in IND_JA | IND_NEE:
            meldingen.append(_melding("ongeldige_ind_dkd", _("IndDkd moet 1 (ja) of 2 (nee) zijn."),
                                      details=(f"CdClusteringIb {clustering.code}",)))  # fmt: skip
        elif per_cluster.setdefault(cluster, clustering.ind_dkd) != clustering.ind_dkd:
            raise _Weigering(
                "tegenstrijdig", _("Clustering %(code)s staat er twee keer in, met een andere IndDkd.")
                % {"code": clustering.code},
            )  # fmt: skip
    indiener = Indiener(gemeente, LeveringKanaal.SOAP, api_sleutel=caller.api_sleutel)
    ontvangen = False
    for naam, ind in per_cluster.items():
        lijst = [verwijzing.bsn]
        try:
            resultaat = muteer(
                indiener,
                toevoegen=lijst if ind in IND_JA else (),
                verwijderen=lijst if ind in IND_NEE else (),
                bericht_id=message_id,
                cluster=naam,
            )
        except LeveringGeweigerd as weigering:
            raise _Weigering(weigering.code, weigering.melding) from weigering
        afgekeurd = resultaat.levering.afgekeurd
        meldingen.extend(_melding("afgekeurd", str(a["reden"]), details=("Burgerservicenr",)) for a in afgekeurd)
        ontvangen = ontvangen or not afgekeurd
    return ontvangen, meldingen


def _melding(code: str, tekst: str, *, soort: str = "Fout", details: tuple[str, ...] = ()) -> FwiMelding:
    return FwiMelding(code=code, tekst=tekst, bron_dn=settings.VANGNET_SOAP_BRON_DN, details=details, soort=soort)


def _fout(weigering: _Weigering, verzoek: Adressering | None) -> HttpResponse:
    fout = Fout(_melding(weigering.code, weigering.tekst), http_status=weigering.http_status)
    return fout_response(fout, verzoek, ACTION_FOUT, DIENST)
