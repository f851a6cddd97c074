"""IBVerwijsindex-v0300 at the hub: a webservice gemeente reports its verwijsindex over SOAP, one BSN per message.

``POST /soap/IBVerwijsindex-v0300`` takes the public message shape (``vangnet.suwiml.verwijsindex``):
a Burgerservicenr, one ClusteringIb per IB clustering with IndDkd, and the Bron of the sender. Each clustering becomes a
mutation of the same service as the JSON API (``verwijsindex_levering.muteer``), with the
wsa:MessageID as its idempotency key. ``GET /soap/IBVerwijsindex-v0300?wsdl`` serves the WSDL.

The answer is an ``IBVerwijsindexResponse``: ``Acknowledgement`` when the BSN was processed, an
unqualified ``FWI`` with a Fout when the BSN was rejected (elfproef, ...; recorded in the
history like a rejected entry of the JSON API) and with a Waarschuwing for a clustering the
hub does not know. A message that cannot be processed at all (not SOAP, hostile XML, wrong
headers, not a webservice gemeente, another gemeente's Bron) is answered with a SOAP Fault
whose detail is an ``fwi:Fout``. Envelopes, the hardened parser, WS-Addressing and faults come
from ``vangnet.suwiml.berichten``; the caller, the WS-Security check and the responses from
``vangnet.suwiml.http``, as for GSDDossierReintegratie-v0200.

The caller is a gemeente with the machtiging dkd_aanleveren: by the API key in ``X-Api-Key``, or
by its client certificate behind the TLS proxy.
"""

from typing import Final

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from vangnet.hub.constants import Cluster
from vangnet.hub.dkd.verwijsindex_levering import Indiener, LeveringGeweigerd, muteer
from vangnet.hub.models.verwijsindex import LeveringKanaal
from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.organisations.scoping import Caller
from vangnet.suwiml.berichten import (
    CONTENT_TYPE,
    Adressering,
    Fout,
    FwiMelding,
    OngeldigBericht,
    antwoord_adressering,
    controleer_adressering,
    lees_envelop,
    parse_veilig,
)
from vangnet.suwiml.http import controleer_handtekening, fout_response, hub_adres, soap_caller, soap_response
from vangnet.suwiml.schemas import wsdl_met_schemas
from vangnet.suwiml.verwijsindex import (
    ACTION_ANTWOORD,
    ACTION_FOUT,
    ACTION_VERZOEK,
    DIENST,
    IND_JA,
    IND_NEE,
    MAX_BYTES,
    WSDL,
    IbVerwijzing,
    antwoord,
    lees_verzoek,
)

CLUSTERINGEN: Final[dict[str, str]] = {"01": Cluster.REINTEGRATIE.value}
"""CdClusteringIb -> cluster. The IB code table is not part of the schema; "01" is vangnet's choice."""


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
    """The gemeente calling (API key, or client certificate behind the TLS proxy; see vangnet.suwiml.http)."""
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
