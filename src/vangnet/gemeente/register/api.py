"""/api/v1/gemeente/lks/ziekmeldingen: an employer's sick report of an LKS employee, from a municipal system.

The BSN travels in the body; the answer names the task "LKS tijdig stopzetten / herzien" with its
due date. Machtiging ``dkd_aanleveren`` (the register's), scoped to the caller's gemeente.
"""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from vangnet.api.serializers import ModelSerializer
from vangnet.domain.bsn import BsnError, parse_bsn
from vangnet.domain.lksregister import LksRegisterFout, parse_loonheffingennummer
from vangnet.gemeente.register.constants import Kanaal
from vangnet.gemeente.register.models import LksTaak, Werkgever
from vangnet.gemeente.register.services import RegisterFout, meld_ziek
from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.organisations.scoping import Caller, caller_from_request, scope

PROBLEM = OpenApiResponse(description="application/problem+json")
VELDEN = {"bsn": "bsn", "werkgever": "loonheffingennummer", "eerste_ziektedag": "eerste_ziektedag"}


def _caller(request: Request) -> Caller:
    caller = caller_from_request(request)
    if caller is None:
        raise exceptions.NotAuthenticated()
    if caller.organisatie.type != OrganisatieType.GEMEENTE or not caller.may(Product.DKD_AANLEVEREN):
        raise exceptions.PermissionDenied(_("Alleen een gemeente met de machtiging DKD aanleveren mag dit."))
    return caller


class ZiekmeldingInvoer(serializers.Serializer):
    loonheffingennummer = serializers.CharField(help_text="Van de werkgever die de ziekmelding doet: 123456782L01.")
    bsn = serializers.CharField(help_text="BSN van de werknemer met loonkostensubsidie.")
    eerste_ziektedag = serializers.DateField(help_text="JJJJ-MM-DD.")

    def validate_loonheffingennummer(self, waarde: str) -> str:
        try:
            return parse_loonheffingennummer(waarde)
        except LksRegisterFout as fout:
            raise serializers.ValidationError(str(fout)) from None

    def validate_bsn(self, waarde: str) -> str:
        try:
            return parse_bsn(waarde)
        except BsnError as fout:
            raise serializers.ValidationError(str(fout)) from None


class LksTaakSerializer(ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    persoon = serializers.UUIDField(source="persoon.uuid", read_only=True)
    werkgever = serializers.CharField(source="werkgever.loonheffingennummer", read_only=True)
    periode = serializers.UUIDField(source="periode.uuid", read_only=True, allow_null=True, default=None)
    soort = serializers.CharField(read_only=True, help_text="lks_herzien: LKS tijdig stopzetten / herzien.")
    status = serializers.CharField(read_only=True, help_text="open of gedaan.")

    class Meta:
        model = LksTaak
        fields = [
            "id",
            "soort",
            "persoon",
            "periode",
            "werkgever",
            "eerste_ziektedag",
            "gemeld_op",
            "uiterlijk",
            "status",
        ]
        read_only_fields = fields


class ZiekmeldingenView(APIView):
    @extend_schema(
        summary="Ziekmelding van een werkgever",
        description=(
            "Een werkgever meldt een werknemer met loonkostensubsidie ziek bij de gemeente. Er komt een taak "
            "'LKS tijdig stopzetten / herzien' in het LKS-register, met een uiterste datum (twee weken na de melding "
            "of na de eerste ziektedag als die later ligt). Dezelfde persoon met dezelfde eerste ziektedag nog eens "
            "geeft 200 met de bestaande taak. 400: ongeldige invoer; 422: werkgever of persoon staat niet in het "
            "register. Vereist de machtiging `dkd_aanleveren`."
        ),
        request=ZiekmeldingInvoer,
        responses={201: LksTaakSerializer, 200: LksTaakSerializer, 400: PROBLEM, 403: PROBLEM, 422: PROBLEM},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        caller = _caller(request)
        invoer = ZiekmeldingInvoer(data=request.data)
        invoer.is_valid(raise_exception=True)
        data = invoer.validated_data
        werkgever = (
            scope(Werkgever.objects.all(), caller).filter(loonheffingennummer=data["loonheffingennummer"]).first()
        )
        if werkgever is None:
            raise _Onverwerkbaar(
                "loonheffingennummer", _("Deze werkgever staat niet in het LKS-register van uw gemeente.")
            )
        try:
            melding = meld_ziek(caller.organisatie, werkgever, data["bsn"], data["eerste_ziektedag"], kanaal=Kanaal.API)
        except RegisterFout as fout:
            raise _Onverwerkbaar(VELDEN.get(fout.veld or "", "nonFieldErrors"), fout.reden) from None
        body = LksTaakSerializer(melding.taak).data
        return Response(body, status=status.HTTP_201_CREATED if melding.nieuw else status.HTTP_200_OK)


class _Onverwerkbaar(exceptions.ValidationError):
    status_code = 422

    def __init__(self, veld: str, reden: str) -> None:
        super().__init__({veld: [reden]})
