from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from vangnet.api.problems import PROBLEM_CONTENT_TYPE, problem
from vangnet.api.renderers import CsvRenderer
from vangnet.hub.api.serializers import AanleveringSerializer, MonitorRijSerializer, TerugmeldingSerializer
from vangnet.hub.constants import AanleveringStatus, Kanaal
from vangnet.hub.dkd.ingest import AanleveringGeweigerd, Afzender, lever_aan, max_bestandsgrootte
from vangnet.hub.dkd.monitor_filters import monitor_voor
from vangnet.hub.dkd.terugmelding import CSV_HEADER, terugmelding_bestandsnaam, terugmelding_regels
from vangnet.hub.models import DkdAanlevering
from vangnet.organisations.constants import Product
from vangnet.organisations.scoping import Caller, caller_from_request, scope
from vangnet.portal.csv import csv_response

XML_TYPES = ("application/xml", "text/xml")
PROBLEM = OpenApiResponse(description="application/problem+json")


def _caller(request: Request) -> Caller:
    caller = caller_from_request(request)
    if caller is None:
        raise exceptions.NotAuthenticated()
    return caller


def _require(caller: Caller, *products: str) -> None:
    if not any(caller.may(p) for p in products):
        raise exceptions.PermissionDenied(_("U heeft geen machtiging voor DKD-aanleveringen."))


def aanleveringen_voor(caller: Caller) -> QuerySet[DkdAanlevering]:
    """Own deliveries for a gemeente with dkd_aanleveren; every delivery's metadata for hub beheer."""
    _require(caller, Product.DKD_AANLEVEREN, Product.BEHEER)
    return scope(DkdAanlevering.objects.select_related("gemeente"), caller, hub_sees_all=caller.may(Product.BEHEER))


class AanleveringenView(generics.ListAPIView):
    serializer_class = AanleveringSerializer

    def get_queryset(self) -> QuerySet[DkdAanlevering]:
        aanleveringen = aanleveringen_voor(_caller(self.request))
        status_filter = self.request.query_params.get("status")
        if status_filter:
            if status_filter not in AanleveringStatus.values:
                keuzes = {"keuzes": ", ".join(AanleveringStatus.values)}
                raise exceptions.ValidationError({"status": [_("Kies een status uit: %(keuzes)s.") % keuzes]})
            aanleveringen = aanleveringen.filter(status=status_filter)
        return aanleveringen

    @extend_schema(
        summary="DKD-aanleveringen opvragen",
        description="De eigen aanleveringen, nieuwste eerst; `status=verwerkt` geeft alleen de verwerkte.",
        parameters=[
            OpenApiParameter("status", str, enum=list(AanleveringStatus.values), description="Alleen deze status."),
            OpenApiParameter("page_size", int, description="Aantal per pagina (standaard 100, hoogstens 1000)."),
        ],
        responses={200: AanleveringSerializer(many=True), 400: PROBLEM, 403: PROBLEM},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Verzamelbestand aanleveren",
        description=(
            "De body is het verzamelbestand zelf (XML, `Content-Type: application/xml`). Het bestand vervangt "
            "de eerder aangeleverde gegevens van de gemeente in één keer. Een afgekeurd record staat in de "
            "terugmelding; de goede records worden bewaard. Een fout in het bestand als geheel weigert het "
            "hele bestand (400, 403 bij een andere gemeente in de kop, 409 bij een te laag volgnummer, 413 bij "
            "een te groot bestand) en laat de eerdere gegevens ongemoeid. Hetzelfde volgnummer opnieuw geeft "
            "200 met het eerste resultaat."
        ),
        request={"application/xml": OpenApiTypes.BINARY},
        responses={201: AanleveringSerializer, 200: AanleveringSerializer, 400: PROBLEM, 403: PROBLEM, 409: PROBLEM,
                   413: PROBLEM, 415: PROBLEM},
    )  # fmt: skip
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        caller = _caller(request)
        _require(caller, Product.DKD_AANLEVEREN)
        content_type = (request.content_type or "").split(";")[0].strip().lower()
        if content_type not in XML_TYPES:
            raise exceptions.UnsupportedMediaType(
                content_type, _("Stuur het verzamelbestand als application/xml, niet als '%s'.") % content_type
            )
        grootte = int(request.META.get("CONTENT_LENGTH") or 0) or None
        if grootte is not None and grootte > max_bestandsgrootte():
            return _geweigerd(request, 413, "te_groot", _("Het bestand is groter dan de toegestane omvang."))
        afzender = Afzender(caller.organisatie, Kanaal.API, caller.gebruiker, caller.api_sleutel)
        try:
            resultaat = lever_aan(afzender, request._request, grootte=grootte)  # type: ignore[arg-type]
        except AanleveringGeweigerd as weigering:
            return _geweigerd(request, weigering.status_code, weigering.code, weigering.melding, weigering)
        body = AanleveringSerializer(resultaat.aanlevering).data
        return Response(body, status=status.HTTP_200_OK if resultaat.herhaald else status.HTTP_201_CREATED)


def _geweigerd(
    request: Request, status_code: int, code: str, melding: str, weigering: AanleveringGeweigerd | None = None
) -> Response:
    extra: dict[str, object] = {"code": code}
    if weigering is not None and weigering.poging is not None:
        extra["aanlevering"] = str(weigering.poging.uuid)
    return Response(
        problem(status_code, melding, instance=request.path, **extra),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
    )


class AanleveringView(generics.RetrieveAPIView):
    serializer_class = AanleveringSerializer
    lookup_field = "uuid"
    lookup_url_kwarg = "id"

    def get_queryset(self) -> QuerySet[DkdAanlevering]:
        return aanleveringen_voor(_caller(self.request))

    @extend_schema(summary="Eén DKD-aanlevering opvragen", description="Status en aantallen van een aanlevering.")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class TerugmeldingView(APIView):
    renderer_classes = [JSONRenderer, CsvRenderer]

    @extend_schema(
        summary="Terugmelding van een aanlevering",
        description=(
            "De afgekeurde records met positie, BSN, veld en reden. JSON, of CSV met `Accept: text/csv` of "
            "`?formaat=csv`. Alleen voor de gemeente zelf."
        ),
        parameters=[OpenApiParameter("formaat", str, enum=["json", "csv"], required=False)],
        responses={200: TerugmeldingSerializer, 404: PROBLEM},
    )
    def get(self, request: Request, id: str) -> Response | StreamingHttpResponse:
        caller = _caller(request)
        _require(caller, Product.DKD_AANLEVEREN)
        aanlevering = get_object_or_404(scope(DkdAanlevering.objects.select_related("gemeente"), caller), uuid=id)
        regels = terugmelding_regels(aanlevering)
        wants_csv = request.query_params.get("formaat") == "csv" or request.accepted_renderer.format == "csv"
        if wants_csv:
            return csv_response(
                terugmelding_bestandsnaam(aanlevering, "csv"), CSV_HEADER, (r.as_csv_row() for r in regels)
            )
        json_regels = [r.as_json() for r in regels]
        return Response({"aanlevering": str(aanlevering.uuid), "aantal": len(json_regels), "regels": json_regels})


class MonitorView(APIView):
    @extend_schema(
        summary="Aanlevermonitor",
        description=(
            "Per gemeente de DKD-aanlevering en één status: ok, te_laat, onvolledig, foutief of onbereikbaar, met "
            "de redenen. De hub ziet alle gemeenten, een gemeente alleen zichzelf. Filters: status, methode, "
            "provincie, q; sorteren met sorteer (bijvoorbeeld -afkeurpercentage)."
        ),
        parameters=[
            OpenApiParameter("status", str, required=False),
            OpenApiParameter("methode", str, required=False),
            OpenApiParameter("provincie", str, required=False),
            OpenApiParameter("q", str, required=False),
            OpenApiParameter("sorteer", str, required=False),
        ],
        responses={200: MonitorRijSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        caller = _caller(request)
        if caller.is_hub:
            _require(caller, Product.BEHEER)
        else:
            _require(caller, Product.DKD_AANLEVEREN, Product.BEHEER)
        return Response(MonitorRijSerializer(monitor_voor(caller, request.query_params), many=True).data)
