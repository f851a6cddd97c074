from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from vangnet.organisations.api.serializers import MijSerializer, OrganisatieSerializer
from vangnet.organisations.models import Organisatie
from vangnet.organisations.scoping import caller_from_request, scope


@extend_schema_view(
    list=extend_schema(
        summary="Organisaties opvragen",
        description="De eigen organisatie; een hub-beheerder ziet alle organisaties in de keten.",
    ),
    retrieve=extend_schema(
        summary="Eén organisatie opvragen",
        description="Een organisatie buiten het eigen bereik geeft 404.",
    ),
)
class OrganisatieViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisatieSerializer
    lookup_field = "uuid"
    lookup_url_kwarg = "id"

    def get_queryset(self) -> QuerySet[Organisatie]:
        return scope(Organisatie.objects.all(), caller_from_request(self.request), hub_sees_all=True)


class MijView(APIView):
    @extend_schema(
        summary="Wie ben ik",
        description="De organisatie en machtigingen van de API-sleutel of gebruiker die de aanvraag doet.",
        responses=MijSerializer,
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        caller = caller_from_request(request)
        assert caller is not None  # guaranteed by the default permission
        data = {
            "organisatie": OrganisatieSerializer(caller.organisatie).data,
            "machtigingen": sorted(caller.machtigingen),
            "via": "api_sleutel" if caller.api_sleutel is not None else "gebruiker",
        }
        return Response(data)
