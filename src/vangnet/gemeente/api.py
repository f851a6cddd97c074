"""/api/v1/gemeente: the signal import for municipal systems, and the dossiers it opens (read only)."""

import re
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from vangnet.api.problems import PROBLEM_CONTENT_TYPE, problem
from vangnet.domain.bsn import BsnError, parse_bsn
from vangnet.gemeente.constants import Bron, DossierStatus
from vangnet.gemeente.models import Dossier, Signaalimport, Taak
from vangnet.gemeente.signalen import MAX_BESTANDSGROOTTE, SignaalimportGeweigerd, importeer_signaalrapport
from vangnet.organisations.constants import Product
from vangnet.organisations.scoping import Caller, caller_from_request, scope

CSV_TYPES = ("text/csv", "application/csv", "text/plain", "application/vnd.ms-excel", "application/octet-stream")
PROBLEM = OpenApiResponse(description="application/problem+json")
_FILENAME = re.compile(r"""filename\*?=(?:UTF-8'')?"?([^";]+)"?""", re.IGNORECASE)


def _caller(request: Request) -> Caller:
    caller = caller_from_request(request)
    if caller is None:
        raise exceptions.NotAuthenticated()
    return caller


# --- serializers ----------------------------------------------------------------------------------


class GemeenteSerializer(serializers.Serializer):
    code = serializers.CharField(source="gemeentecode")
    naam = serializers.CharField()


class RegelfoutSerializer(serializers.Serializer):
    regel = serializers.IntegerField(help_text="Regelnummer in het bestand (de kopregel is meestal regel 1).")
    kolom = serializers.CharField(allow_null=True, help_text="Kolomnaam; leeg als de regel als geheel fout is.")
    reden = serializers.CharField()


class SignaalimportSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    gemeente = GemeenteSerializer(read_only=True)
    fouten = RegelfoutSerializer(many=True, read_only=True)
    links = serializers.SerializerMethodField()

    class Meta:
        model = Signaalimport
        fields = [
            "id",
            "gemeente",
            "bron",
            "bestandsnaam",
            "sha256",
            "grootte",
            "codering",
            "scheidingsteken",
            "ontvangen_op",
            "aantal_regels",
            "aantal_nieuwe_dossiers",
            "aantal_heropend",
            "aantal_gesloten",
            "aantal_al_bekend",
            "aantal_fouten",
            "fouten",
            "links",
        ]

    def get_links(self, signaalimport: Signaalimport) -> dict[str, str]:
        return {
            "self": reverse("api:gemeente-signaalimport", kwargs={"id": signaalimport.uuid}),
            "dossiers": reverse("api:gemeente-dossiers"),
        }


class TaakSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField(help_text="te_laat: open en de termijn is verstreken (vandaag).")

    class Meta:
        model = Taak
        fields = [
            "stap",
            "volgnummer",
            "omschrijving",
            "grondslag",
            "week",
            "uiterlijk",
            "oorspronkelijk_uiterlijk",
            "verantwoordelijke",
            "status",
            "gedaan_op",
            "motivatie_afwijking",
            "toelichting",
        ]

    def get_status(self, taak: Taak) -> str:
        return taak.status_op(self.context.get("vandaag") or timezone.localdate())


class DossierSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    casemanager: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="username", read_only=True)
    taken = TaakSerializer(many=True, read_only=True)
    links = serializers.SerializerMethodField()

    class Meta:
        model = Dossier
        fields = [
            "id",
            "bsn",
            "datum_eerste_ao_dag",
            "datum_einde_arbeidsverhouding",
            "datum_einde_uitkering",
            "status",
            "casemanager",
            "geopend_op",
            "taken",
            "links",
        ]

    def get_links(self, dossier: Dossier) -> dict[str, str]:
        return {"self": reverse("api:gemeente-dossier", kwargs={"id": dossier.uuid})}


class ZoekSerializer(serializers.Serializer):
    bsn = serializers.CharField(help_text="Het BSN van de persoon; hoort nooit in een URL.")

    def validate_bsn(self, value: str) -> str:
        try:
            return parse_bsn(value)
        except BsnError as fout:
            raise serializers.ValidationError(str(fout), code="ongeldig_bsn") from None


# --- signaalimport --------------------------------------------------------------------------------


def _signaalimporten(caller: Caller) -> QuerySet[Signaalimport]:
    return scope(Signaalimport.objects.select_related("gemeente"), caller)


def _bestandsnaam(request: Request) -> str:
    gevonden = _FILENAME.search(request.headers.get("Content-Disposition", ""))
    return gevonden[1].strip().replace("\\", "/").rsplit("/", 1)[-1][:255] if gevonden else ""


def _geweigerd(request: Request, status_code: int, code: str, melding: str) -> Response:
    return Response(
        problem(status_code, melding, instance=request.path, code=code),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
    )


class SignaalimportenView(generics.ListAPIView):
    serializer_class = SignaalimportSerializer
    required_machtiging = Product.CASEMANAGEMENT

    def get_queryset(self) -> QuerySet[Signaalimport]:
        return _signaalimporten(_caller(self.request))

    @extend_schema(summary="Signaalimporten opvragen", description="De eigen geïmporteerde signaalrapporten.")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Signaalrapport importeren",
        description=(
            "De body is het Re-integratie_signaalrapport zoals gedownload (CSV, `Content-Type: text/csv`; een "
            "bestandsnaam mag in `Content-Disposition`). Gelezen worden `;` en `,`, UTF-8 met of zonder BOM "
            "(anders Windows-1252), datums als DD-MM-JJJJ, D-M-JJJJ of JJJJ-MM-DD, kolommen in elke volgorde. "
            "Een ziek-uit-dienstregel opent een dossier met de Poortwachter-taken; een einde-uitkeringsregel "
            "zet het dossier op begeleiding naar werk. Een foute regel staat met regelnummer, kolom en reden "
            "in `fouten`; de andere regels worden verwerkt. 201 met de aantallen; dezelfde inhoud opnieuw geeft "
            "200 met het eerste resultaat en verandert niets; een fout in het bestand als geheel (geen kopregel, "
            "een ontbrekende kolom) geeft 400 en verandert niets."
        ),
        request={"text/csv": OpenApiTypes.BINARY},
        responses={201: SignaalimportSerializer, 200: SignaalimportSerializer, 400: PROBLEM, 403: PROBLEM,
                   413: PROBLEM, 415: PROBLEM},
    )  # fmt: skip
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        caller = _caller(request)
        content_type = (request.content_type or "").split(";")[0].strip().lower()
        if content_type not in CSV_TYPES:
            raise exceptions.UnsupportedMediaType(
                content_type, _("Stuur het signaalrapport als text/csv, niet als '%s'.") % content_type
            )
        te_groot = _("Het bestand is groter dan de toegestane omvang.")
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BESTANDSGROOTTE:
            return _geweigerd(request, 413, "te_groot", te_groot)
        inhoud = request._request.read(MAX_BESTANDSGROOTTE + 1)
        if len(inhoud) > MAX_BESTANDSGROOTTE:
            return _geweigerd(request, 413, "te_groot", te_groot)
        try:
            resultaat = importeer_signaalrapport(
                caller.organisatie,
                inhoud,
                _bestandsnaam(request),
                Bron.API,
                caller.gebruiker,
                api_sleutel=caller.api_sleutel,
            )
        except SignaalimportGeweigerd as weigering:
            return _geweigerd(request, weigering.status_code, weigering.code, weigering.melding)
        body = SignaalimportSerializer(resultaat.signaalimport).data
        if resultaat.herhaald:
            return Response(body, status=status.HTTP_200_OK)
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["links"]["self"]})


class SignaalimportView(generics.RetrieveAPIView):
    serializer_class = SignaalimportSerializer
    required_machtiging = Product.CASEMANAGEMENT
    lookup_field = "uuid"
    lookup_url_kwarg = "id"

    def get_queryset(self) -> QuerySet[Signaalimport]:
        return _signaalimporten(_caller(self.request))

    @extend_schema(summary="Eén signaalimport opvragen", description="Aantallen en fouten per regel.")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


# --- dossiers -------------------------------------------------------------------------------------


def dossiers_voor(caller: Caller) -> QuerySet[Dossier]:
    """The caller's own dossiers with their tasks; never another gemeente's."""
    taken = Prefetch("taken", queryset=Taak.objects.order_by("uiterlijk", "id"))
    return scope(Dossier.objects.select_related("casemanager").prefetch_related(taken), caller)


class DossiersView(generics.ListAPIView):
    serializer_class = DossierSerializer
    required_machtiging = Product.CASEMANAGEMENT

    def get_queryset(self) -> QuerySet[Dossier]:
        dossiers = dossiers_voor(_caller(self.request))
        gevraagd = self.request.query_params.get("status")
        if gevraagd:
            if gevraagd not in DossierStatus.values:
                raise exceptions.ValidationError(
                    {"status": [_("Onbekende status; kies uit: %s.") % ", ".join(DossierStatus.values)]}
                )
            dossiers = dossiers.filter(status=gevraagd)
        return dossiers

    @extend_schema(
        summary="Dossiers opvragen",
        description="De dossiers van de eigen gemeente, nieuwste eerst, elk met de Poortwachter-taken.",
        parameters=[OpenApiParameter("status", str, enum=DossierStatus.values, required=False)],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class DossierView(generics.RetrieveAPIView):
    serializer_class = DossierSerializer
    required_machtiging = Product.CASEMANAGEMENT
    lookup_field = "uuid"
    lookup_url_kwarg = "id"

    def get_queryset(self) -> QuerySet[Dossier]:
        return dossiers_voor(_caller(self.request))

    @extend_schema(summary="Eén dossier opvragen", description="Een dossier van een andere gemeente geeft 404.")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class DossierZoekenView(APIView):
    required_machtiging = Product.CASEMANAGEMENT

    @extend_schema(
        summary="Dossiers zoeken op BSN",
        description="Het BSN staat in de body, nooit in de URL. Alleen dossiers van de eigen gemeente.",
        request=ZoekSerializer,
        responses={200: DossierSerializer(many=True), 400: PROBLEM},
    )
    def post(self, request: Request) -> Response:
        zoek = ZoekSerializer(data=request.data)
        zoek.is_valid(raise_exception=True)
        dossiers = dossiers_voor(_caller(request)).filter(bsn=zoek.validated_data["bsn"])
        return Response(DossierSerializer(dossiers, many=True).data)
