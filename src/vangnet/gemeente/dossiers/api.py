"""/api/v1/gemeente: the signal import for municipal systems, and the dossiers (read only).

A dossier carries its tasks (with the history of moved deadlines), documents (metadata and a link
to the content), contactmomenten, interventions with their costs, and of the medical compartment
only the number and dates of the notes. The notes' content has its own endpoint, which demands the
machtiging ``medisch``. A leverancier's key or user sees the dossiers assigned to it.
"""

import re
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from vangnet.api.problems import PROBLEM_CONTENT_TYPE, problem
from vangnet.api.serializers import ModelSerializer
from vangnet.domain.bsn import BsnError, parse_bsn
from vangnet.gemeente.dossiers.constants import Bron, DossierStatus
from vangnet.gemeente.dossiers.dossierviews import document_response
from vangnet.gemeente.dossiers.models import (
    Contactmoment,
    Document,
    Dossier,
    Interventie,
    MedischeNotitie,
    Signaalimport,
    Taak,
    Termijnwijziging,
)
from vangnet.gemeente.dossiers.signaalintake import (
    MAX_BESTANDSGROOTTE,
    SignaalimportGeweigerd,
    importeer_signaalrapport,
)
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


class SignaalimportSerializer(ModelSerializer):
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


class TermijnwijzigingSerializer(ModelSerializer):
    door: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Termijnwijziging
        fields = ["oud_uiterlijk", "nieuw_uiterlijk", "motivatie", "overleg_met_vangnetter", "door", "op"]


class TaakSerializer(ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    status = serializers.SerializerMethodField(help_text="te_laat: open en de termijn is verstreken (vandaag).")
    document: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="uuid", read_only=True, help_text="Het bewijsstuk (document-id)."
    )
    wijzigingen = TermijnwijzigingSerializer(
        many=True, read_only=True, help_text="Verschuivingen van de termijn met motivatie (art. 7), nieuwste eerst."
    )

    class Meta:
        model = Taak
        fields = [
            "id",
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
            "document",
            "verslag",
            "terugkeer_mogelijk",
            "evaluatie_interval_weken",
            "evaluatiedata",
            "wijzigingen",
        ]

    def get_status(self, taak: Taak) -> str:
        return taak.status_op(self.context.get("vandaag") or timezone.localdate())


class OrganisatieRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    naam = serializers.CharField()


class DocumentSerializer(ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    geupload_door: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="username", read_only=True)
    links = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "soort", "bestandsnaam", "mime", "grootte", "sha256", "omschrijving", "geupload_door",
                  "geupload_op", "links"]  # fmt: skip

    def get_links(self, document: Document) -> dict[str, str]:
        return {
            "inhoud": reverse(
                "api:gemeente-dossier-document", kwargs={"id": document.dossier.uuid, "document_id": document.uuid}
            )
        }


class ContactmomentSerializer(ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    vastgelegd_door: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Contactmoment
        fields = ["id", "datum", "kanaal", "met_wie", "samenvatting", "vastgelegd_door", "vastgelegd_op"]


class InterventieSerializer(ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    leverancier = serializers.CharField(source="leverancier_weergave", read_only=True)
    kosten = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, help_text="Uren × uurtarief.")

    class Meta:
        model = Interventie
        fields = ["id", "soort", "omschrijving", "leverancier", "uren", "uurtarief", "kosten", "begindatum",
                  "einddatum", "status"]  # fmt: skip


class MedischeNotitiesSamenvattingSerializer(serializers.Serializer):
    aantal = serializers.IntegerField()
    datums = serializers.ListField(child=serializers.DateField(), help_text="De data van de notities, nieuwste eerst.")


class MedischeNotitieSerializer(ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    auteur: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = MedischeNotitie
        fields = ["id", "datum", "tekst", "auteur", "vastgelegd_op"]


class DossierSerializer(ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    gemeente = GemeenteSerializer(read_only=True)
    casemanager: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="username", read_only=True)
    leverancier = OrganisatieRefSerializer(read_only=True, allow_null=True)
    taken = TaakSerializer(many=True, read_only=True)
    documenten = DocumentSerializer(many=True, read_only=True)
    contactmomenten = ContactmomentSerializer(many=True, read_only=True)
    interventies = InterventieSerializer(many=True, read_only=True)
    kosten_totaal = serializers.SerializerMethodField(help_text="De kosten van alle interventies (excl. btw).")
    medische_notities = serializers.SerializerMethodField(
        help_text="Alleen dát er medische notities zijn en wanneer; de inhoud staat achter links.medische_notities."
    )
    links = serializers.SerializerMethodField()

    class Meta:
        model = Dossier
        fields = [
            "id",
            "bsn",
            "gemeente",
            "datum_eerste_ao_dag",
            "datum_einde_arbeidsverhouding",
            "datum_einde_uitkering",
            "status",
            "casemanager",
            "leverancier",
            "geopend_op",
            "taken",
            "documenten",
            "contactmomenten",
            "interventies",
            "kosten_totaal",
            "medische_notities",
            "links",
        ]

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2))
    def get_kosten_totaal(self, dossier: Dossier) -> str:
        return str(sum((i.kosten for i in dossier.interventies.all()), Decimal("0.00")))

    @extend_schema_field(MedischeNotitiesSamenvattingSerializer)
    def get_medische_notities(self, dossier: Dossier) -> dict[str, Any]:
        data = sorted((notitie.datum for notitie in dossier.medische_notities.all()), reverse=True)
        return {"aantal": len(data), "datums": [d.isoformat() for d in data]}

    def get_links(self, dossier: Dossier) -> dict[str, str]:
        return {
            "self": reverse("api:gemeente-dossier", kwargs={"id": dossier.uuid}),
            "medische_notities": reverse("api:gemeente-dossier-medische-notities", kwargs={"id": dossier.uuid}),
        }


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
    """The caller's dossiers (its own, or assigned to the leverancier) with their parts; never another's."""
    wijzigingen = Prefetch("wijzigingen", queryset=Termijnwijziging.objects.select_related("door"))
    taken = Prefetch(
        "taken",
        queryset=Taak.objects.select_related("document").prefetch_related(wijzigingen).order_by("uiterlijk", "id"),
    )
    return scope(
        Dossier.objects.select_related("casemanager", "gemeente", "leverancier").prefetch_related(
            taken,
            Prefetch("documenten", queryset=Document.objects.select_related("geupload_door", "dossier")),
            Prefetch("contactmomenten", queryset=Contactmoment.objects.select_related("vastgelegd_door")),
            Prefetch("interventies", queryset=Interventie.objects.select_related("leverancier")),
            # Only the dates: the content of a medical note is never loaded for a dossier answer.
            Prefetch("medische_notities", queryset=MedischeNotitie.objects.only("id", "dossier_id", "datum")),
        ),
        caller,
    )


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


class MedischeNotitiesView(generics.ListAPIView):
    serializer_class = MedischeNotitieSerializer
    required_machtiging = Product.MEDISCH

    def get_queryset(self) -> QuerySet[MedischeNotitie]:
        caller = _caller(self.request)
        dossier = get_object_or_404(scope(Dossier.objects.all(), caller), uuid=self.kwargs["id"])
        return scope(MedischeNotitie.objects.filter(dossier=dossier).select_related("auteur"), caller)

    @extend_schema(
        summary="Medische notities van een dossier",
        description=(
            "Het medisch compartiment: alleen met de machtiging `medisch` (de arts, vaak bij een leverancier). "
            "Zonder die machtiging 403; een dossier dat de aanroeper niet mag zien geeft 404."
        ),
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class DocumentInhoudView(APIView):
    required_machtiging = Product.CASEMANAGEMENT

    @extend_schema(
        summary="Inhoud van een document",
        description="Het bestand zelf (PDF, DOCX, ODT of afbeelding), als bijlage; alleen van een zichtbaar dossier.",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: PROBLEM},
    )
    def get(self, request: Request, id: str, document_id: str) -> FileResponse:
        caller = _caller(request)
        dossier = get_object_or_404(scope(Dossier.objects.all(), caller), uuid=id)
        return document_response(
            get_object_or_404(scope(Document.objects.all(), caller), dossier=dossier, uuid=document_id)
        )
