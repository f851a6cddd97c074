"""The Django side of a SOAP endpoint: who calls, the signature, and the HTTP responses.

Authentication, as for the API: the header ``X-Api-Key`` with a key of the organisation;
or, in production behind a TLS proxy that checks client certificates, the certificate's
subject, passed by the proxy in the header named by ``VANGNET_SOAP_CLIENTCERT_HEADER`` and
mapped to an organisation by ``VANGNET_SOAP_CERTIFICAAT_ORGANISATIES``. Such a caller holds
the machtigingen its organisation type can have: the mapping is the hub operator's grant.
The proxy must drop that header from what clients send; without the setting it is ignored.
"""

import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from vangnet.organisations.authentication import HEADER as API_KEY_HEADER
from vangnet.organisations.models import Organisatie
from vangnet.organisations.scoping import Caller, caller_for_api_key
from vangnet.organisations.services import authenticate_api_key
from vangnet.suwiml.berichten import (
    CONTENT_TYPE,
    Adressering,
    Element,
    Envelop,
    Fout,
    antwoord_adressering,
    bouw_envelop,
    bouw_fout,
    naar_bytes,
)
from vangnet.suwiml.ondertekening import (
    Ondertekening,
    OngeldigeHandtekening,
    Sleutelpaar,
    laad_certificaten,
    laad_sleutelpaar,
    onderteken,
    verifieer,
)

_DN_SCHEIDING = re.compile(r"(?<!\\),")


@dataclass(frozen=True)
class Aanroeper:
    """The caller of a SOAP endpoint, or why there is none (``reden``)."""

    caller: Caller | None
    reden: str = ""


def soap_caller(request: HttpRequest) -> Aanroeper:
    """Who is calling: by API key, else by client certificate; reden says why nobody when caller is None."""
    sleutel_tekst = request.headers.get(API_KEY_HEADER)
    if sleutel_tekst is not None:
        sleutel = authenticate_api_key(sleutel_tekst)
        if sleutel is None:
            return Aanroeper(None, "De API-sleutel is onbekend of ingetrokken.")
        return Aanroeper(caller_for_api_key(sleutel))
    header = settings.VANGNET_SOAP_CLIENTCERT_HEADER
    onderwerp = request.headers.get(header) if header else None
    if onderwerp:
        organisatie = organisatie_van_certificaat(onderwerp)
        if organisatie is None:
            return Aanroeper(None, "Het clientcertificaat hoort bij geen bekende organisatie.")
        return Aanroeper(Caller(organisatie=organisatie, machtigingen=frozenset(organisatie.available_products())))
    return Aanroeper(None, "Geen API-sleutel (X-Api-Key) en geen clientcertificaat.")


def normaliseer_dn(dn: str) -> str:
    """A distinguished name compared loosely: attribute types in capitals, no spaces around , and =.

    Accepts the RFC 4514 form (CN=x,O=y,C=NL) and the slash form (/C=NL/O=y/CN=x).
    """
    dn = dn.strip()
    delen = [d for d in dn.split("/") if d][::-1] if dn.startswith("/") else _DN_SCHEIDING.split(dn)
    genormaliseerd = []
    for deel in delen:
        soort, _, waarde = deel.partition("=")
        genormaliseerd.append(f"{soort.strip().upper()}={waarde.strip()}")
    return ",".join(genormaliseerd)


def organisatie_van_certificaat(onderwerp: str) -> Organisatie | None:
    try:
        tabel = json.loads(settings.VANGNET_SOAP_CERTIFICAAT_ORGANISATIES or "{}")
    except json.JSONDecodeError:
        return None
    gezocht = normaliseer_dn(onderwerp)
    for dn, organisatie_uuid in tabel.items():
        if normaliseer_dn(dn) == gezocht:
            return Organisatie.objects.filter(uuid=organisatie_uuid).first()
    return None


# ---------------------------------------------------------------------------
# Signatures and addresses, shared by the hub's endpoints and its client
# ---------------------------------------------------------------------------


def ondertekenaar() -> Sleutelpaar | None:
    """The hub's signing key pair when WS-Security signing is on (VANGNET_SOAP_ONDERTEKENEN)."""
    if not settings.VANGNET_SOAP_ONDERTEKENEN:
        return None
    certificaat = settings.VANGNET_SOAP_ONDERTEKEN_CERT or settings.VANGNET_SOAP_TLS_CERT
    sleutel = settings.VANGNET_SOAP_ONDERTEKEN_KEY or settings.VANGNET_SOAP_TLS_KEY
    if not certificaat or not sleutel:
        raise ValueError("Ondertekenen staat aan, maar er is geen certificaat en sleutel ingesteld.")
    return laad_sleutelpaar(certificaat, sleutel)


def controleer_handtekening(envelop: Envelop) -> Ondertekening | None:
    """Verify a request's signature when it has one; require one when VANGNET_SOAP_HANDTEKENING_VERPLICHT."""
    heeft_security = envelop.header is not None and any(
        isinstance(k.tag, str) and k.tag.endswith("}Security") for k in envelop.header
    )
    if not heeft_security:
        if settings.VANGNET_SOAP_HANDTEKENING_VERPLICHT:
            raise OngeldigeHandtekening("Het verzoek moet met WS-Security ondertekend zijn.")
        return None
    vertrouwd = laad_certificaten(settings.VANGNET_SOAP_VERTROUWD) if settings.VANGNET_SOAP_VERTROUWD else ()
    return verifieer(envelop.root, vertrouwd=vertrouwd)


def hub_adres(dienst: str) -> str:
    """The hub's wsa:From address for a service: its SOAP address plus ?oin= when the OIN is set."""
    adres = f"{settings.VANGNET_SOAP_ADRES.rstrip('/')}/{dienst}"
    return f"{adres}?oin={settings.VANGNET_OIN}" if settings.VANGNET_OIN else adres


# ---------------------------------------------------------------------------
# Responses
# ---------------------------------------------------------------------------


def soap_response(inhoud: Element, adressering: Adressering | None, status: int = 200) -> HttpResponse:
    """An HTTP response with the envelope around ``inhoud``, signed when signing is on."""
    envelop = bouw_envelop(inhoud, adressering)
    sleutelpaar = ondertekenaar()
    if sleutelpaar is not None:
        onderteken(envelop, sleutelpaar)
    return HttpResponse(naar_bytes(envelop), status=status, content_type=CONTENT_TYPE)


def fout_response(fout: Fout, verzoek: Adressering | None, action_fout: str, dienst: str) -> HttpResponse:
    """The AanvraagNietOk fault; addressed as an answer to the request when it had a MessageID."""
    adressering = None
    if verzoek is not None and verzoek.message_id:
        adressering = antwoord_adressering(verzoek, action_fout, hub_adres(dienst))
    return soap_response(bouw_fout(fout), adressering, status=fout.http_status)
