"""/api/v1/doorverwijzingen: a gemeente forwards a vangnetter to the woongemeente through the hub.

The vangnetter lives in another gemeente, which is the one to guide them. The forwarding gemeente
POSTs the person's ziek-uit-dienst dates; the hub records it as a melding from that gemeente
(``afzender`` = the forwarding gemeente, ``kenmerk`` its idempotency key) and adds a ziek-uit-dienst
row to the next signaalrapport of the woongemeente, exactly as a melding of UWV would. The melding
is not "open" (``is_open`` stays False): UWV's own melding keeps that role, so a later einde
uitkering of UWV still goes to the gemeente UWV named. Only a gemeente with ``casemanagement``.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from vangnet.api.problems import PROBLEM_CONTENT_TYPE, problem
from vangnet.domain.bsn import is_valid_bsn
from vangnet.hub.constants import MeldingType
from vangnet.hub.models import Melding, Signaal
from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.organisations.models import Organisatie
from vangnet.organisations.scoping import Caller, caller_from_request

PROBLEM = OpenApiResponse(description="application/problem+json")


def _gemeente(request: Request) -> Caller:
    caller = caller_from_request(request)
    if caller is None:
        raise exceptions.NotAuthenticated()
    if caller.organisatie.type != OrganisatieType.GEMEENTE or not caller.may(Product.CASEMANAGEMENT):
        raise exceptions.PermissionDenied(_("Alleen een gemeente met de machtiging casemanagement mag doorverwijzen."))
    return caller


class DoorverwijzingInvoer(serializers.Serializer[Any]):
    kenmerk = serializers.CharField(max_length=64, help_text="Idempotentiesleutel van de verwijzende gemeente.")
    bsn = serializers.CharField(max_length=9, min_length=9)
    naar_gemeente = serializers.CharField(max_length=6, help_text="Gemeentecode van de woongemeente, bv. GM0363.")
    datum_einde_arbeidsverhouding = serializers.DateField()
    datum_eerste_ao_dag = serializers.DateField()

    def validate_bsn(self, waarde: str) -> str:
        if not is_valid_bsn(waarde):
            raise serializers.ValidationError(_("Dit is geen geldig BSN."))
        return waarde

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data["datum_eerste_ao_dag"] > data["datum_einde_arbeidsverhouding"]:
            raise serializers.ValidationError(
                {"datum_eerste_ao_dag": _("De eerste AO-dag ligt na de datum einde arbeidsverhouding.")}
            )
        return data


@dataclass(frozen=True)
class Doorverwezen:
    melding: Melding
    herhaald: bool


class DoorverwijzingGeweigerd(Exception):
    def __init__(self, status_code: int, code: str, reden: str, veld: str) -> None:
        super().__init__(reden)
        self.status_code, self.code, self.reden, self.veld = status_code, code, reden, veld


def _inhoud(bsn: str, naar: Organisatie, einde: date, eerste: date) -> str:
    tekst = json.dumps([bsn, naar.gemeentecode, einde.isoformat(), eerste.isoformat()])
    return hashlib.sha256(tekst.encode()).hexdigest()


def verwijs_door(caller: Caller, kenmerk: str, bsn: str, naar: Organisatie, einde: date, eerste: date) -> Doorverwezen:
    """Record the forwarding and queue the woongemeente's signal; the same kenmerk again changes nothing."""
    sha = _inhoud(bsn, naar, einde, eerste)
    bestaand = Melding.objects.filter(afzender=caller.organisatie, kenmerk=kenmerk).first()
    if bestaand is not None:
        if bestaand.inhoud_sha256 != sha:
            raise DoorverwijzingGeweigerd(
                409, "kenmerk_hergebruikt", _("Dit kenmerk is al gebruikt voor een andere doorverwijzing."), "kenmerk"
            )
        return Doorverwezen(bestaand, herhaald=True)
    nu = timezone.now()
    try:
        with transaction.atomic():
            melding = Melding.objects.create(
                afzender=caller.organisatie,
                kenmerk=kenmerk,
                type=MeldingType.ZIEK_UIT_DIENST,
                bsn=bsn,
                gemeente=naar,
                datum_einde_arbeidsverhouding=einde,
                datum_eerste_ao_dag=eerste,
                is_open=False,
                inhoud_sha256=sha,
                ontvangen_op=nu,
                api_sleutel=caller.api_sleutel,
                gebruiker=caller.gebruiker,
            )
            Signaal.objects.create(
                melding=melding,
                gemeente=naar,
                bsn=bsn,
                datum_einde_arbeidsverhouding=einde,
                datum_eerste_ao_dag=eerste,
                aangemaakt_op=nu,
            )
    except IntegrityError:  # the same kenmerk at the same moment: the other request won
        return Doorverwezen(Melding.objects.get(afzender=caller.organisatie, kenmerk=kenmerk), herhaald=True)
    return Doorverwezen(melding, herhaald=False)


def _antwoord(melding: Melding) -> dict[str, Any]:
    return {
        "id": str(melding.uuid),
        "kenmerk": melding.kenmerk,
        "naar_gemeente": melding.gemeente.gemeentecode,
        "ontvangen_op": melding.ontvangen_op.isoformat(),
    }


class DoorverwijzingenView(APIView):
    @extend_schema(
        summary="Vangnetter doorverwijzen naar de woongemeente",
        description=(
            "De verwijzende gemeente stuurt het BSN, de gemeentecode van de woongemeente en de data van de "
            "ziek-uit-dienstmelding. De hub zet een ziek-uit-dienstregel in het volgende signaalrapport van de "
            "woongemeente. Het kenmerk is de idempotentiesleutel: opnieuw hetzelfde geeft 200 met het eerste "
            "resultaat; hetzelfde kenmerk met andere inhoud 409. 400: ongeldige invoer, een onbekende gemeente of "
            "de eigen gemeente. Alleen een gemeente met de machtiging casemanagement."
        ),
        request=DoorverwijzingInvoer,
        responses={201: OpenApiResponse(description="Doorverwezen"), 200: OpenApiResponse(description="Al bekend"),
                   400: PROBLEM, 403: PROBLEM, 409: PROBLEM},
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        caller = _gemeente(request)
        invoer = DoorverwijzingInvoer(data=request.data)
        invoer.is_valid(raise_exception=True)
        gegevens = invoer.validated_data
        naar = Organisatie.objects.filter(
            type=OrganisatieType.GEMEENTE, gemeentecode=gegevens["naar_gemeente"].strip().upper()
        ).first()
        try:
            if naar is None:
                raise DoorverwijzingGeweigerd(
                    400, "onbekende_gemeente", _("Deze gemeente is niet aangesloten bij de hub."), "naar_gemeente"
                )
            if naar.pk == caller.organisatie.pk:
                raise DoorverwijzingGeweigerd(
                    400, "eigen_gemeente", _("Verwijs door naar een andere gemeente dan de eigen."), "naar_gemeente"
                )
            uitkomst = verwijs_door(
                caller,
                gegevens["kenmerk"],
                gegevens["bsn"],
                naar,
                gegevens["datum_einde_arbeidsverhouding"],
                gegevens["datum_eerste_ao_dag"],
            )
        except DoorverwijzingGeweigerd as weigering:
            return Response(
                problem(
                    weigering.status_code,
                    weigering.reden,
                    instance=request.path,
                    code=weigering.code,
                    invalidParams=[{"name": weigering.veld, "code": weigering.code, "reason": weigering.reden}],
                ),
                status=weigering.status_code,
                content_type=PROBLEM_CONTENT_TYPE,
            )
        return Response(
            _antwoord(uitkomst.melding), status=status.HTTP_200_OK if uitkomst.herhaald else status.HTTP_201_CREATED
        )
