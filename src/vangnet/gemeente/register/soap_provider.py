"""The gemeente's own GSDDossierReintegratie-v0200 endpoint: the hub asks GSDReintegratieInfo, the register answers.

``POST /gemeente/<gemeentecode>/soap/GSDDossierReintegratie-v0200`` answers for one BSN from
that gemeente's LKS register: a ClientSuwi with the person's names, one AtlRelatie with the
gemeente as Bron and a ReIntegratievoorziening with Loonkostensubsidie per LKS period (the
same ClientSuwi as in the gemeente's verzamelbestand), or NietsGevonden. A request that is not
a valid GSDReintegratieInfo gets the AanvraagNietOk fault with an ``fwi:Fout``. ``GET ?wsdl``
serves the WSDL with this address in it. The envelope, WS-Addressing, FWI and signature code
is SuwiML's (``vangnet.suwiml``), shared with the hub.

Who may ask: the hub, recognised by what its client sends (docs/webservice.md):

- a WS-Security signature that verifies against a certificate in ``VANGNET_SOAP_VERTROUWD``
  (Digikoppeling WUS; the hub signs when ``VANGNET_SOAP_ONDERTEKENEN`` is on);
- or, behind a TLS proxy that checks client certificates, the certificate's subject in the
  header ``VANGNET_SOAP_CLIENTCERT_HEADER``, mapped to the hub organisation by
  ``VANGNET_SOAP_CERTIFICAAT_ORGANISATIES``;
- or an ``X-Api-Key`` of the hub organisation (for tools and tests that call by hand).

Anything else is refused with HTTP 401 (no or an unknown caller) or 403 (not the hub).
"""

import logging
from typing import Final

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from vangnet.domain.lksregister import DkdPeriode, dkd_persoon
from vangnet.gemeente.register.models import LksPeriode, LksPersoon
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.models import Organisatie
from vangnet.suwiml import reintegratie
from vangnet.suwiml.berichten import (
    CONTENT_TYPE,
    MAX_BERICHT_BYTES,
    Adressering,
    Envelop,
    Fout,
    FwiMelding,
    OngeldigBericht,
    antwoord_adressering,
    bouw_fout,
    controleer_adressering,
    lees_envelop,
    parse_veilig,
)
from vangnet.suwiml.http import controleer_handtekening, soap_caller, soap_response
from vangnet.suwiml.ondertekening import OngeldigeHandtekening
from vangnet.suwiml.schemas import wsdl_met_schemas

logger = logging.getLogger(__name__)

CODE_NIET_GEAUTHENTICEERD: Final = "VN-AUTH"
CODE_GEEN_MACHTIGING: Final = "VN-MACHTIGING"
CODE_ONBEKEND: Final = "VN-ONBEKEND"
CODE_ONGELDIG: Final = "VN-ONGELDIG"
CODE_INTERN: Final = "VN-INTERN"


class _Geweigerd(Exception):  # noqa: N818 - an internal signal carrying the fault
    def __init__(self, fout: Fout) -> None:
        super().__init__(fout.melding.tekst)
        self.fout = fout


def bron_dn(gemeentecode: str) -> str:
    """The distinguished name of the gemeente's endpoint in its FWI messages."""
    return f"CN=vangnet-gemeente-{gemeentecode}"


@csrf_exempt
def gsd_dossier_reintegratie(request: HttpRequest, gemeentecode: str) -> HttpResponse:
    gemeente = Organisatie.objects.filter(type=OrganisatieType.GEMEENTE, gemeentecode=gemeentecode).first()
    if request.method == "GET":
        if gemeente is not None and "wsdl" in {k.lower() for k in request.GET}:
            wsdl = wsdl_met_schemas(reintegratie.WSDL, request.build_absolute_uri(request.path))
            return HttpResponse(wsdl, content_type=CONTENT_TYPE)
        return HttpResponse(
            "GSDDossierReintegratie-v0200: stuur een SOAP-verzoek met POST; de WSDL staat op ?wsdl.",
            status=405 if gemeente is not None else 404,
            content_type="text/plain; charset=utf-8",
            headers={"Allow": "GET, POST"},
        )
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    return _beantwoord(request, gemeentecode, gemeente)


def _fout(
    gemeentecode: str, code: str, tekst: str, *, status: int = 500, client: bool = True, details: tuple[str, ...] = ()
) -> Fout:
    return Fout(FwiMelding(code, tekst, bron_dn(gemeentecode), details), client=client, http_status=status)


def _beantwoord(request: HttpRequest, gemeentecode: str, gemeente: Organisatie | None) -> HttpResponse:
    adres = request.build_absolute_uri(request.path)

    def fout(f: Fout, verzoek: Adressering | None = None) -> HttpResponse:
        adressering = None
        if verzoek is not None and verzoek.message_id:
            adressering = antwoord_adressering(verzoek, reintegratie.ACTION_FOUT, adres)
        return soap_response(bouw_fout(f), adressering, status=f.http_status)

    if gemeente is None:
        return fout(_fout(gemeentecode, CODE_ONBEKEND, "Op dit adres antwoordt geen gemeente.", status=404))
    lengte = request.META.get("CONTENT_LENGTH") or "0"
    if not lengte.isdigit() or int(lengte) > MAX_BERICHT_BYTES:
        tekst = f"Het verzoek is groter dan {MAX_BERICHT_BYTES} bytes."
        return fout(_fout(gemeentecode, CODE_ONGELDIG, tekst, status=413))
    adressering: Adressering | None = None
    try:
        envelop = lees_envelop(parse_veilig(request.body))
        adressering = envelop.adressering
        _controleer_aanroeper(request, envelop, gemeentecode)
        onbegrepen = envelop.onbegrepen_headers()
        if onbegrepen:
            raise OngeldigBericht(f"Niet ondersteunde verplichte header: {', '.join(onbegrepen)}.")
        controleer_adressering(adressering, reintegratie.ACTION_VERZOEK)
        bsn = reintegratie.lees_verzoek(envelop.inhoud)
    except _Geweigerd as geweigerd:
        return fout(geweigerd.fout, adressering)
    except OngeldigBericht as ongeldig:
        melding = _fout(gemeentecode, CODE_ONGELDIG, "Het verzoek is ongeldig.", details=(ongeldig.reden,))
        return fout(melding, adressering)
    try:
        antwoord = reintegratie_info(gemeente, bsn)
    except Exception:
        logger.exception("GSDReintegratieInfo van de gemeente kon niet worden beantwoord.")
        melding = _fout(gemeentecode, CODE_INTERN, "De gemeente kon het verzoek niet beantwoorden.", client=False)
        return fout(melding, adressering)
    return soap_response(
        reintegratie.antwoord(antwoord), antwoord_adressering(adressering, reintegratie.ACTION_ANTWOORD, adres)
    )


def _controleer_aanroeper(request: HttpRequest, envelop: Envelop, gemeentecode: str) -> None:
    """Only the hub may ask: by a trusted WS-Security signature, a client certificate or an API key."""
    aanroeper = soap_caller(request)
    if aanroeper.caller is not None:
        if aanroeper.caller.organisatie.type != OrganisatieType.HUB:
            tekst = "Alleen de hub mag deze dienst van de gemeente gebruiken."
            raise _Geweigerd(_fout(gemeentecode, CODE_GEEN_MACHTIGING, tekst, status=403))
        controleer_handtekening(envelop)
        return
    heeft_security = envelop.header is not None and any(
        isinstance(k.tag, str) and k.tag.endswith("}Security") for k in envelop.header
    )
    if heeft_security and settings.VANGNET_SOAP_VERTROUWD:
        try:
            ondertekening = controleer_handtekening(envelop)
        except OngeldigeHandtekening as ongeldig:
            raise _Geweigerd(
                _fout(
                    gemeentecode,
                    CODE_NIET_GEAUTHENTICEERD,
                    "De handtekening wordt niet geaccepteerd.",
                    status=401,
                    details=(ongeldig.reden,),
                )
            ) from None
        if ondertekening is not None:
            return
    tekst = "Geen vertrouwde WS-Security-handtekening, geen clientcertificaat van de hub en geen API-sleutel."
    if aanroeper.reden and request.headers.get("X-Api-Key") is not None:
        tekst = aanroeper.reden
    raise _Geweigerd(_fout(gemeentecode, CODE_NIET_GEAUTHENTICEERD, tekst, status=401))


def reintegratie_info(gemeente: Organisatie, bsn: str) -> reintegratie.Antwoord:
    """The answer from the register: the person's ClientSuwi when it has an LKS period, else NietsGevonden."""
    persoon = (
        LksPersoon.objects.filter(gemeente=gemeente, bsn=bsn)
        .prefetch_related(Prefetch("perioden", queryset=LksPeriode.objects.order_by("begin")))
        .first()
    )
    if persoon is None:
        return reintegratie.Antwoord(niets_gevonden=True)
    perioden = [DkdPeriode(p.begin, p.einde, p.loonwaarde, p.beschikkingsnummer) for p in persoon.perioden.all()]
    if not perioden:
        return reintegratie.Antwoord(niets_gevonden=True)
    client_suwi = dkd_persoon(
        1,
        gemeente.gemeentecode or "",
        persoon.bsn,
        perioden,
        voornamen=persoon.voornamen,
        voorletters=persoon.voorletters,
        voorvoegsel=persoon.voorvoegsel,
        achternaam=persoon.achternaam,
        geboortedatum=persoon.geboortedatum,
    )
    return reintegratie.Antwoord(persoon=client_suwi)
