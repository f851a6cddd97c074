"""The JSON API of the verwijsindex of a webservice gemeente: full replacement, mutations, history.

``PUT /dkd/verwijsindex`` replaces the whole index, ``PATCH /dkd/verwijsindex`` adds and removes
single BSNs, ``GET /dkd/verwijsindex/leveringen`` lists the gemeente's own messages. BSNs travel
only in bodies. A message of 100,000 BSNs is read with plain Python, not per-item serializers.
"""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from vangnet.api.problems import PROBLEM_CONTENT_TYPE, problem
from vangnet.api.serializers import ModelSerializer
from vangnet.hub.constants import Cluster
from vangnet.hub.dkd.verwijsindex_levering import (
    MAX_VOLGNUMMER,
    Bericht,
    Indiener,
    LeveringGeweigerd,
    Resultaat,
    lever,
)
from vangnet.hub.models import VerwijsindexLevering
from vangnet.hub.models.verwijsindex import LeveringKanaal, LeveringSoort
from vangnet.organisations.constants import Product
from vangnet.organisations.scoping import Caller, caller_from_request, scope

PROBLEM = OpenApiResponse(description="application/problem+json")
MAX_BERICHT_BYTES = 64 * 1024 * 1024


class VerwijsindexLeveringSerializer(ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    gemeente = serializers.SerializerMethodField()
    ingediend_door = serializers.SerializerMethodField()
    afgekeurd = serializers.ListField(
        child=inline_serializer(
            "AfgekeurdeVerwijzing",
            {
                "lijst": serializers.CharField(),
                "positie": serializers.IntegerField(),
                "bsn": serializers.CharField(),
                "reden": serializers.CharField(),
            },
        ),
        read_only=True,
    )
    links = serializers.SerializerMethodField()

    class Meta:
        model = VerwijsindexLevering
        fields = [
            "id", "gemeente", "cluster", "soort", "kanaal", "status", "volgnummer", "bericht_id", "ontvangen_op",
            "verwerkt_op", "ingediend_door", "aantal_in_bericht", "aantal_toegevoegd", "aantal_verwijderd",
            "aantal_afgekeurd", "aantal_voor", "aantal_na", "batch_vervangen", "afgekeurd", "fout_code",
            "fout_melding", "links",
        ]  # fmt: skip

    def get_gemeente(self, levering: VerwijsindexLevering) -> dict[str, str]:
        return {"code": levering.gemeente.gemeentecode or "", "naam": levering.gemeente.naam}

    def get_ingediend_door(self, levering: VerwijsindexLevering) -> str:
        """The user's name or the API key's name: who acted for the gemeente."""
        if levering.ingediend_door is not None:
            return str(levering.ingediend_door.get_username())
        if levering.api_sleutel is not None:
            return _("API-sleutel %(naam)s") % {"naam": levering.api_sleutel.naam}
        return ""

    def get_links(self, levering: VerwijsindexLevering) -> dict[str, str]:
        return {"self": reverse("api:dkd-verwijsindex-levering", kwargs={"id": levering.uuid})}


def _gemeente(request: Request) -> Caller:
    caller = caller_from_request(request)
    if caller is None:
        raise exceptions.NotAuthenticated()
    if not caller.may(Product.DKD_AANLEVEREN):
        raise exceptions.PermissionDenied(_("U heeft geen machtiging voor DKD-aanleveringen."))
    return caller


# --- Reading a message --------------------------------------------------------------------------------------


def _lees(request: Request, lijsten: tuple[str, ...]) -> tuple[int, str, dict[str, list[Any]]]:
    """volgnummer, cluster and the lists of the body; a malformed body is a 400 with invalidParams."""
    data = request.data
    if not isinstance(data, dict):
        raise exceptions.ValidationError({"nonFieldErrors": [_("Stuur één JSON-object.")]})
    fouten: dict[str, list[str]] = {}
    for veld in sorted(set(data) - {"volgnummer", "cluster", *lijsten}):
        fouten[veld] = [_("Onbekend veld; toegestaan zijn volgnummer, cluster en %(lijsten)s.")
                        % {"lijsten": ", ".join(lijsten)}]  # fmt: skip
    volgnummer = data.get("volgnummer")
    if isinstance(volgnummer, bool) or not isinstance(volgnummer, int) or not 1 <= volgnummer <= MAX_VOLGNUMMER:
        fouten["volgnummer"] = [_("Verplicht: een positief geheel getal, hoger dan of gelijk aan het vorige.")]
    cluster = data.get("cluster", Cluster.REINTEGRATIE)
    if cluster not in Cluster.values:
        fouten["cluster"] = [_("Onbekend cluster; kies uit %(clusters)s.") % {"clusters": ", ".join(Cluster.values)}]
    gelezen: dict[str, list[Any]] = {}
    for lijst in lijsten:
        waarde = data.get(lijst, [] if len(lijsten) > 1 else None)
        if not isinstance(waarde, list):
            fouten[lijst] = [_("Verplicht: een lijst van BSN's (tekst van negen cijfers).")]
        else:
            gelezen[lijst] = waarde
    if fouten:
        raise exceptions.ValidationError(fouten)
    assert isinstance(volgnummer, int) and isinstance(cluster, str)
    return volgnummer, cluster, gelezen


def _antwoord(request: Request, caller: Caller, bericht: Bericht) -> Response:
    indiener = Indiener(caller.organisatie, LeveringKanaal.JSON, caller.gebruiker, caller.api_sleutel)
    try:
        resultaat = lever(indiener, bericht)
    except LeveringGeweigerd as weigering:
        extra: dict[str, object] = {"code": weigering.code}
        if weigering.poging is not None:
            extra["levering"] = str(weigering.poging.uuid)
        return Response(
            problem(weigering.status_code, weigering.melding, instance=request.path, **extra),
            status=weigering.status_code,
            content_type=PROBLEM_CONTENT_TYPE,
        )
    return Response(_levering_json(resultaat))


def _levering_json(resultaat: Resultaat) -> dict[str, Any]:
    return {**VerwijsindexLeveringSerializer(resultaat.levering).data, "herhaald": resultaat.herhaald}


def _te_groot_bericht(request: Request) -> bool:
    return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BERICHT_BYTES


def _te_groot(request: Request) -> Response:
    melding = _("Het bericht is groter dan %(mb)s MB; lever een grote verwijsindex als verzamelbestand aan.") % {
        "mb": MAX_BERICHT_BYTES // (1024 * 1024)
    }
    return Response(
        problem(413, melding, instance=request.path, code="te_groot"), status=413, content_type=PROBLEM_CONTENT_TYPE
    )


LEVERING_VOORBEELD = {
    "id": "5f0c2d8e-1b7a-4c1e-9d3e-2a4b6c8d0e1f",
    "gemeente": {"code": "GM0344", "naam": "Utrecht"},
    "cluster": "Reintegratie",
    "soort": "volledig",
    "kanaal": "json",
    "status": "verwerkt",
    "volgnummer": 12,
    "bericht_id": "",
    "ontvangen_op": "2026-11-20T09:00:00+01:00",
    "verwerkt_op": "2026-11-20T09:00:01+01:00",
    "ingediend_door": "API-sleutel koppeling",
    "aantal_in_bericht": 3,
    "aantal_toegevoegd": 1,
    "aantal_verwijderd": 0,
    "aantal_afgekeurd": 1,
    "aantal_voor": 1,
    "aantal_na": 2,
    "batch_vervangen": 0,
    "afgekeurd": [
        {"lijst": "bsns", "positie": 3, "bsn": "999990018", "reden": "Dit BSN voldoet niet aan de elfproef."}
    ],
    "fout_code": "",
    "fout_melding": "",
    "links": {"self": "/api/v1/dkd/verwijsindex/leveringen/5f0c2d8e-1b7a-4c1e-9d3e-2a4b6c8d0e1f"},
    "herhaald": False,
}

_ANTWOORDEN = {200: VerwijsindexLeveringSerializer, 400: PROBLEM, 403: PROBLEM, 409: PROBLEM, 413: PROBLEM}
_VOORBEELDEN = [OpenApiExample("Verwerkt, één BSN afgekeurd", value=LEVERING_VOORBEELD, response_only=True)]


class VerwijsindexView(APIView):
    @extend_schema(
        summary="Verwijsindex volledig vervangen",
        description=(
            "Voor een gemeente met aanlevermethode webservice: `bsns` is daarna precies haar verwijsindex voor het "
            "cluster (standaard Reintegratie). Elk BSN wordt apart gecontroleerd (negen cijfers, elfproef, niet "
            "dubbel); een afgekeurd BSN staat met lijst, positie en reden in `afgekeurd`, de goede worden bewaard. "
            "Alles gebeurt in één transactie. `volgnummer` is de idempotentiesleutel: hetzelfde bericht opnieuw "
            "geeft het eerste resultaat (`herhaald`: true); een lager volgnummer dan het laatst verwerkte, of "
            "hetzelfde volgnummer met een andere inhoud, geeft 409. Een gemeente die (nog) met een verzamelbestand "
            "aanlevert krijgt 409 (`geen_webservice`). De eerste volledige vervanging na een overstap vervangt de "
            "personen uit het laatste verzamelbestand."
        ),
        request=inline_serializer(
            "VolledigeVerwijsindex",
            {
                "volgnummer": serializers.IntegerField(min_value=1),
                "cluster": serializers.ChoiceField(choices=Cluster.choices, required=False),
                "bsns": serializers.ListField(child=serializers.CharField()),
            },
        ),
        responses=_ANTWOORDEN,
        examples=_VOORBEELDEN,
    )
    def put(self, request: Request) -> Response:
        caller = _gemeente(request)
        if _te_groot_bericht(request):
            return _te_groot(request)
        volgnummer, cluster, lijsten = _lees(request, ("bsns",))
        bericht = Bericht(LeveringSoort.VOLLEDIG, cluster, volgnummer=volgnummer, bsns=lijsten["bsns"])
        return _antwoord(request, caller, bericht)

    @extend_schema(
        summary="Verwijsindex muteren",
        description=(
            "Voeg BSN's toe aan de verwijsindex (`toevoegen`) of haal ze eraf (`verwijderen`); de rest blijft "
            "staan. Een BSN dat er al in staat toevoegen, of dat er niet in staat verwijderen, is geen fout en telt "
            "niet mee. Een BSN in beide lijsten wordt in beide afgekeurd. Verder als de volledige vervanging: "
            "controle per BSN, één transactie, `volgnummer` als idempotentiesleutel (dezelfde reeks als bij PUT)."
        ),
        request=inline_serializer(
            "VerwijsindexMutaties",
            {
                "volgnummer": serializers.IntegerField(min_value=1),
                "cluster": serializers.ChoiceField(choices=Cluster.choices, required=False),
                "toevoegen": serializers.ListField(child=serializers.CharField(), required=False),
                "verwijderen": serializers.ListField(child=serializers.CharField(), required=False),
            },
        ),
        responses=_ANTWOORDEN,
        examples=_VOORBEELDEN,
    )
    def patch(self, request: Request) -> Response:
        caller = _gemeente(request)
        if _te_groot_bericht(request):
            return _te_groot(request)
        volgnummer, cluster, lijsten = _lees(request, ("toevoegen", "verwijderen"))
        bericht = Bericht(
            LeveringSoort.MUTATIE,
            cluster,
            volgnummer=volgnummer,
            toevoegen=lijsten["toevoegen"],
            verwijderen=lijsten["verwijderen"],
        )
        return _antwoord(request, caller, bericht)


def leveringen_voor(caller: Caller) -> QuerySet[VerwijsindexLevering]:
    """Only the gemeente's own messages: the rejected BSNs in them are its own case data."""
    return scope(VerwijsindexLevering.objects.select_related("gemeente", "ingediend_door", "api_sleutel"), caller)


class VerwijsindexLeveringenView(generics.ListAPIView):
    serializer_class = VerwijsindexLeveringSerializer

    def get_queryset(self) -> QuerySet[VerwijsindexLevering]:
        return leveringen_voor(_gemeente(self.request))

    @extend_schema(
        summary="Geschiedenis van de verwijsindex",
        description=(
            "De eigen verwijsindexberichten (JSON en SOAP), nieuwste eerst: soort, status, aantallen, de "
            "afgekeurde BSN's en bij een geweigerd bericht de reden. Alleen voor de gemeente zelf."
        ),
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class VerwijsindexLeveringView(generics.RetrieveAPIView):
    serializer_class = VerwijsindexLeveringSerializer
    lookup_field = "uuid"
    lookup_url_kwarg = "id"

    def get_queryset(self) -> QuerySet[VerwijsindexLevering]:
        return leveringen_voor(_gemeente(self.request))

    @extend_schema(summary="Eén verwijsindexbericht opvragen", responses={200: VerwijsindexLeveringSerializer,
                                                                           404: PROBLEM})  # fmt: skip
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
