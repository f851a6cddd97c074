"""/api/v1/signaalrapporten: municipal systems list and fetch their published signaalrapporten."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from vangnet.api.renderers import CsvRenderer
from vangnet.api.serializers import ModelSerializer
from vangnet.hub.api.serializers import GemeenteVerwijzingSerializer
from vangnet.hub.constants import Kanaal
from vangnet.hub.models import Signaalrapport
from vangnet.hub.signalen.rapporten import (
    controleer_toegang,
    csv_bestand,
    download,
    downloadbare_rapporten,
    rapporten_voor,
)
from vangnet.organisations.scoping import Caller, caller_from_request

PROBLEM = OpenApiResponse(description="application/problem+json")


def _caller(request: Request) -> Caller:
    caller = caller_from_request(request)
    if caller is None:
        raise exceptions.NotAuthenticated()
    return caller


class SignaalrapportSerializer(ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    voor = GemeenteVerwijzingSerializer(source="gemeente", read_only=True)
    links = serializers.SerializerMethodField()

    class Meta:
        model = Signaalrapport
        fields = [
            "id",
            "publicatiedatum",
            "gepubliceerd_op",
            "titel",
            "bestandsnaam",
            "aantal_signalen",
            "voor",
            "verwijderd_op",
            "links",
        ]
        read_only_fields = fields

    def get_links(self, rapport: Signaalrapport) -> dict[str, str]:
        return {
            "self": reverse("api:signaalrapport", kwargs={"id": rapport.uuid}),
            "download": reverse("api:signaalrapport-download", kwargs={"id": rapport.uuid}),
        }


class RapportFilterSerializer(serializers.Serializer):
    van = serializers.DateField(
        required=False, help_text="Alleen rapporten met een publicatiedatum op of na deze datum (JJJJ-MM-DD)."
    )
    tot = serializers.DateField(
        required=False, help_text="Alleen rapporten met een publicatiedatum op of vóór deze datum (JJJJ-MM-DD)."
    )
    nieuw = serializers.BooleanField(
        required=False, default=False, help_text="true: alleen rapporten die de gemeente nog niet heeft gedownload."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        van, tot = attrs.get("van"), attrs.get("tot")
        if van is not None and tot is not None and van > tot:
            raise serializers.ValidationError({"tot": _("De einddatum ligt vóór de begindatum.")})
        return attrs


class SignaalrapportenView(generics.ListAPIView):
    serializer_class = SignaalrapportSerializer

    def get_queryset(self) -> QuerySet[Signaalrapport]:
        caller = _caller(self.request)
        controleer_toegang(caller)
        filters = RapportFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return rapporten_voor(caller, **filters.validated_data)

    @extend_schema(
        summary="Signaalrapporten opvragen",
        description=(
            "De gepubliceerde Re-integratie_signaalrapporten van de eigen gemeente, nieuwste eerst, zonder de "
            "rapporten die de gemeente heeft verwijderd. Filter op publicatiedatum met `van` en `tot` (beide "
            "inclusief) en met `nieuw=true` op rapporten die nog niet zijn gedownload: handig voor systemen "
            "die automatisch ophalen. Een hub-beheerder ziet de gegevens van alle rapporten, ook verwijderde, "
            "maar niet de inhoud. Vereist de machtiging `lks_reintegratie_ophalen`."
        ),
        parameters=[RapportFilterSerializer],
        responses={200: SignaalrapportSerializer(many=True), 400: PROBLEM, 403: PROBLEM},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class SignaalrapportView(generics.RetrieveAPIView):
    serializer_class = SignaalrapportSerializer
    lookup_field = "uuid"
    lookup_url_kwarg = "id"

    def get_queryset(self) -> QuerySet[Signaalrapport]:
        return rapporten_voor(_caller(self.request))

    @extend_schema(
        summary="Eén signaalrapport opvragen",
        description="De gegevens van één rapport. Een rapport van een andere gemeente of een verwijderd rapport "
        "geeft 404.",
        responses={200: SignaalrapportSerializer, 403: PROBLEM, 404: PROBLEM},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class SignaalrapportDownloadView(APIView):
    # text/csv is accepted so that `Accept: text/csv` is not refused; errors are always problem+json.
    renderer_classes = [JSONRenderer, CsvRenderer]

    @extend_schema(
        summary="Signaalrapport downloaden",
        description=(
            "Het CSV-bestand precies zoals het is gepubliceerd: `;`-gescheiden, UTF-8, met de kop "
            "`BSN;Datum einde uitkeringsverhouding;Datum einde arbeidsverhouding;Datum eerste AO-dag` en datums "
            "als DD-MM-JJJJ. Elke download wordt vastgelegd (wie, wanneer, kanaal api). Alleen voor de gemeente "
            "zelf; een rapport van een andere gemeente geeft 404."
        ),
        responses={(200, "text/csv"): OpenApiTypes.BINARY, 403: PROBLEM, 404: PROBLEM},
    )
    def get(self, request: Request, id: str) -> HttpResponse:
        caller = _caller(request)
        rapport = get_object_or_404(downloadbare_rapporten(caller), uuid=id)
        inhoud = download(rapport, caller, Kanaal.API)
        return csv_bestand(rapport, inhoud)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response):
            response.accepted_renderer = JSONRenderer()
        return response
