"""The endpoint /soap/GSDDossierReintegratie-v0200: the hub answers GSDReintegratieInfo (UWV asks).

POST: a SOAP 1.1 request (see docs/webservice.md); GET ?wsdl: the WSDL with its schemas
inlined and this address in it. Only UWV with the machtiging ``lks_toets`` may ask.
"""

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from vangnet.hub.soap.antwoordservice import reintegratie_info
from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.suwiml import reintegratie
from vangnet.suwiml.berichten import (
    CONTENT_TYPE,
    MAX_BERICHT_BYTES,
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

logger = logging.getLogger(__name__)

CODE_NIET_GEAUTHENTICEERD = "VN-AUTH"
CODE_GEEN_MACHTIGING = "VN-MACHTIGING"
CODE_ONGELDIG = "VN-ONGELDIG"
CODE_INTERN = "VN-INTERN"


@csrf_exempt
def gsd_dossier_reintegratie(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        if "wsdl" in {k.lower() for k in request.GET}:
            wsdl = wsdl_met_schemas(reintegratie.WSDL, request.build_absolute_uri(request.path))
            return HttpResponse(wsdl, content_type=CONTENT_TYPE)
        return HttpResponse(
            "GSDDossierReintegratie-v0200: stuur een SOAP-verzoek met POST; de WSDL staat op ?wsdl.",
            status=405,
            content_type="text/plain; charset=utf-8",
            headers={"Allow": "GET, POST"},
        )
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    return _beantwoord(request)


def _fout(code: str, tekst: str, *, status: int = 500, client: bool = True, details: tuple[str, ...] = ()) -> Fout:
    return Fout(FwiMelding(code, tekst, settings.VANGNET_SOAP_BRON_DN, details), client=client, http_status=status)


def _beantwoord(request: HttpRequest) -> HttpResponse:
    def fout(f: Fout, verzoek: Adressering | None = None) -> HttpResponse:
        return fout_response(f, verzoek, reintegratie.ACTION_FOUT, reintegratie.DIENST)

    aanroeper = soap_caller(request)
    caller = aanroeper.caller
    if caller is None:
        return fout(_fout(CODE_NIET_GEAUTHENTICEERD, aanroeper.reden, status=401))
    if caller.organisatie.type != OrganisatieType.UWV or not caller.may(Product.LKS_TOETS):
        tekst = "Alleen UWV met de machtiging lks_toets mag deze dienst gebruiken."
        return fout(_fout(CODE_GEEN_MACHTIGING, tekst, status=403))
    lengte = request.META.get("CONTENT_LENGTH") or "0"
    if not lengte.isdigit() or int(lengte) > MAX_BERICHT_BYTES:
        return fout(_fout(CODE_ONGELDIG, f"Het verzoek is groter dan {MAX_BERICHT_BYTES} bytes.", status=413))
    adressering: Adressering | None = None
    try:
        envelop = lees_envelop(parse_veilig(request.body))
        adressering = envelop.adressering
        onbegrepen = envelop.onbegrepen_headers()
        if onbegrepen:
            raise OngeldigBericht(f"Niet ondersteunde verplichte header: {', '.join(onbegrepen)}.")
        controleer_handtekening(envelop)
        controleer_adressering(adressering, reintegratie.ACTION_VERZOEK)
        bsn = reintegratie.lees_verzoek(envelop.inhoud)
    except OngeldigBericht as ongeldig:
        return fout(_fout(CODE_ONGELDIG, "Het verzoek is ongeldig.", details=(ongeldig.reden,)), adressering)
    try:
        antwoord = reintegratie_info(bsn).antwoord()
    except Exception:
        logger.exception("GSDReintegratieInfo kon niet worden beantwoord.")
        return fout(_fout(CODE_INTERN, "De hub kon het verzoek niet beantwoorden.", client=False), adressering)
    adres = hub_adres(reintegratie.DIENST)
    return soap_response(
        reintegratie.antwoord(antwoord), antwoord_adressering(adressering, reintegratie.ACTION_ANTWOORD, adres)
    )
