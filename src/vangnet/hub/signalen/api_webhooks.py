"""/api/v1/webhooks: a gemeente registers the URLs that receive a CloudEvent for every new signaalrapport."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from vangnet.api.problems import PROBLEM_CONTENT_TYPE, problem
from vangnet.api.serializers import ModelSerializer
from vangnet.hub.models import Webhook, WebhookAflevering
from vangnet.hub.signalen.notificatie import CONTENT_TYPE, EVENT_TYPE
from vangnet.hub.signalen.webhooks import MAX_URL_LENGTE, WebhookFout, registreer_webhook, verwijder_webhook
from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.organisations.scoping import Caller, caller_from_request, scope

PROBLEM = OpenApiResponse(description="application/problem+json")
AANTAL_AFLEVERINGEN = 10


def _gemeente(request: Request) -> Caller:
    """The caller, when it is a gemeente that may fetch signaalrapporten; only those manage webhooks."""
    caller = caller_from_request(request)
    if caller is None:
        raise exceptions.NotAuthenticated()
    if caller.organisatie.type != OrganisatieType.GEMEENTE or not caller.may(Product.LKS_REINTEGRATIE_OPHALEN):
        raise exceptions.PermissionDenied(
            _("Alleen een gemeente met de machtiging LKS re-integratie ophalen beheert webhooks.")
        )
    return caller


def webhooks_voor(caller: Caller) -> QuerySet[Webhook]:
    return scope(Webhook.objects.filter(actief=True), caller).order_by("aangemaakt_op", "pk")


class WebhookAfleveringSerializer(ModelSerializer):
    rapport = serializers.UUIDField(source="rapport.uuid", read_only=True)

    class Meta:
        model = WebhookAflevering
        fields = ["event_id", "rapport", "status", "pogingen", "volgende_poging", "laatste_fout"]


class WebhookSerializer(ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    links = serializers.SerializerMethodField()

    class Meta:
        model = Webhook
        fields = ["id", "url", "aangemaakt_op", "links"]

    def get_links(self, webhook: Webhook) -> dict[str, str]:
        return {"self": reverse("api:webhook", kwargs={"id": webhook.uuid})}


class WebhookDetailSerializer(WebhookSerializer):
    laatste_afleveringen = serializers.SerializerMethodField()

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "laatste_afleveringen"]

    @extend_schema_field(WebhookAfleveringSerializer(many=True))
    def get_laatste_afleveringen(self, webhook: Webhook) -> list[dict[str, Any]]:
        afleveringen = webhook.afleveringen.select_related("rapport").order_by("-pk")[:AANTAL_AFLEVERINGEN]
        return list(WebhookAfleveringSerializer(afleveringen, many=True).data)


class NieuweWebhookSerializer(WebhookSerializer):
    geheim = serializers.CharField(
        read_only=True,
        help_text="Het geheim voor de handtekening (whsec_ en base64). Alleen in dit antwoord; bewaar het veilig.",
    )

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "geheim"]


class WebhookAanvraagSerializer(serializers.Serializer):
    url = serializers.CharField(
        max_length=MAX_URL_LENGTE,
        help_text="Het https-adres dat elk bericht ontvangt, bijvoorbeeld https://gemeente.example/webhooks/vangnet.",
    )


def _weigering(request: Request, fout: WebhookFout) -> Response:
    extra: dict[str, Any] = {}
    if fout.status_code == status.HTTP_400_BAD_REQUEST:
        extra["invalidParams"] = [{"name": fout.veld, "code": "invalid", "reason": fout.melding}]
    return Response(
        problem(fout.status_code, fout.melding, instance=request.path, **extra),
        status=fout.status_code,
        content_type=PROBLEM_CONTENT_TYPE,
    )


BERICHT_UITLEG = (
    f"Bij elk nieuw signaalrapport stuurt de hub een HTTP POST met een CloudEvent (NL GOV-profiel, "
    f"`{CONTENT_TYPE}`, type `{EVENT_TYPE}`), ondertekend met HMAC-SHA256 in de headers `Webhook-Id`, "
    "`Webhook-Timestamp` en `Webhook-Signature` (Standard Webhooks). Een 2xx-antwoord binnen 10 seconden "
    "telt als afgeleverd; anders probeert de hub het opnieuw na 1, 2, 4 ... minuten (ten hoogste een uur), "
    "tot 8 pogingen. Zie docs/signaalrapport.md."
)


class WebhooksView(generics.ListAPIView):
    serializer_class = WebhookSerializer

    def get_queryset(self) -> QuerySet[Webhook]:
        return webhooks_voor(_gemeente(self.request))

    @extend_schema(
        summary="Webhooks opvragen",
        description="De webhooks van de eigen gemeente, zonder geheim. " + BERICHT_UITLEG,
        responses={200: WebhookSerializer(many=True), 403: PROBLEM},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Webhook registreren",
        description=(
            "Registreer een URL van de eigen gemeente. De hub maakt het geheim voor de handtekening en geeft het "
            "alleen in dit antwoord. Een https-adres met een openbare host is verplicht; een URL die al "
            "geregistreerd is of een elfde webhook geeft 409. " + BERICHT_UITLEG
        ),
        request=WebhookAanvraagSerializer,
        responses={201: NieuweWebhookSerializer, 400: PROBLEM, 403: PROBLEM, 409: PROBLEM},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        caller = _gemeente(request)
        aanvraag = WebhookAanvraagSerializer(data=request.data)
        aanvraag.is_valid(raise_exception=True)
        try:
            nieuw = registreer_webhook(caller.organisatie, aanvraag.validated_data["url"])
        except WebhookFout as fout:
            return _weigering(request, fout)
        body = NieuweWebhookSerializer(nieuw.webhook).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["links"]["self"]})


class WebhookView(APIView):
    @extend_schema(
        summary="Eén webhook opvragen",
        description="De webhook met zijn laatste afleveringen (status, pogingen, laatste fout). Zonder geheim.",
        responses={200: WebhookDetailSerializer, 403: PROBLEM, 404: PROBLEM},
    )
    def get(self, request: Request, id: str) -> Response:
        webhook = get_object_or_404(webhooks_voor(_gemeente(request)), uuid=id)
        return Response(WebhookDetailSerializer(webhook).data)

    @extend_schema(
        summary="Webhook verwijderen",
        description=(
            "De hub stuurt er geen berichten meer heen, ook geen berichten die nog wachtten op een nieuwe poging. "
            "Een webhook van een andere gemeente geeft 404."
        ),
        responses={204: None, 403: PROBLEM, 404: PROBLEM},
    )
    def delete(self, request: Request, id: str) -> Response:
        webhook = get_object_or_404(webhooks_voor(_gemeente(request)), uuid=id)
        verwijder_webhook(webhook)
        return Response(status=status.HTTP_204_NO_CONTENT)
