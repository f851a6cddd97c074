"""The API of UWV at the hub: the LKS-toets and the meldingen."""

import functools
from datetime import date
from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from vangnet.api.problems import PROBLEM_CONTENT_TYPE, problem
from vangnet.api.renderers import OrjsonParser, OrjsonRenderer
from vangnet.domain.bsn import is_valid_bsn
from vangnet.domain.lks import Toetsvenster
from vangnet.hub.constants import MeldingType, RedenEindeUitkering
from vangnet.hub.models import Melding
from vangnet.hub.signalen.meldingen import EindeUitkering, MeldingGeweigerd, ZiekUitDienst, ontvang
from vangnet.hub.signalen.toets import MAX_TOETSEN, GevondenPeriode, Toetsuitkomst, Toetsvraag, toets
from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.organisations.gemeentelijst import gemeente_per_code
from vangnet.organisations.scoping import Caller, caller_from_request, scope

PROBLEM = OpenApiResponse(description="application/problem+json")


def _uwv(request: Request) -> Caller:
    caller = caller_from_request(request)
    if caller is None:
        raise exceptions.NotAuthenticated()
    if caller.organisatie.type != OrganisatieType.UWV or not caller.may(Product.LKS_TOETS):
        raise exceptions.PermissionDenied(_("Alleen UWV met de machtiging LKS-toets en meldingen mag dit."))
    return caller


# --- LKS-toets --------------------------------------------------------------------------------------------
# Up to 10,000 questions per call: read and answered with plain Python, not per-item serializers.


def _lees_vragen(data: Any) -> tuple[list[Toetsvraag], bool]:
    enkel = isinstance(data, dict)
    items = [data] if enkel else data
    if not isinstance(items, list) or not items:
        raise exceptions.ValidationError(
            {"nonFieldErrors": [_("Stuur één toets als object of een lijst van toetsen.")]}
        )
    if len(items) > MAX_TOETSEN:
        raise exceptions.ValidationError(
            {
                "nonFieldErrors": [
                    _("Hooguit %(max)s toetsen per aanvraag.") % {"max": f"{MAX_TOETSEN:,}".replace(",", ".")}
                ]
            }
        )
    vragen, fouten = [], {}
    for index, item in enumerate(items):
        vraag, fout = _lees_vraag(item)
        if fout:
            fouten[str(index)] = fout
        elif vraag is not None:
            vragen.append(vraag)
    if fouten:
        raise exceptions.ValidationError(fouten["0"] if enkel else fouten)
    return vragen, enkel


def _lees_vraag(item: Any) -> tuple[Toetsvraag | None, dict[str, list[str]]]:
    if not isinstance(item, dict):
        return None, {"nonFieldErrors": [_("Een toets is een object met bsn en datum_einde_arbeidsverhouding.")]}
    fout: dict[str, list[str]] = {}
    bsn = item.get("bsn")
    if not isinstance(bsn, str) or not is_valid_bsn(bsn) or len(bsn) != 9:
        fout["bsn"] = [_("Geen geldig BSN: negen cijfers die aan de elfproef voldoen.")]
    datum = _datum(item.get("datum_einde_arbeidsverhouding"))
    if datum is None:
        fout["datum_einde_arbeidsverhouding"] = [_("Geen geldige datum; gebruik JJJJ-MM-DD.")]
    if fout:
        return None, fout
    assert isinstance(bsn, str) and datum is not None
    return Toetsvraag(bsn, datum), {}


def _datum(waarde: Any) -> date | None:
    if not isinstance(waarde, str) or len(waarde) != 10:
        return None
    try:
        return date.fromisoformat(waarde)
    except ValueError:
        return None


# A batch answers thousands of toetsen that share gemeenten, windows and dates: build each part once.


def _gemeente(code: str | None) -> dict[str, str] | None:
    if code is None:
        return None
    ref = gemeente_per_code(code)
    return ref.als_json() if ref else {"code": code, "naam": ""}


@functools.lru_cache(maxsize=8192)
def _iso(datum: date | None) -> str | None:
    return None if datum is None else datum.isoformat()


@functools.lru_cache(maxsize=4096)
def _venster_json(venster: Toetsvenster) -> dict[str, str | None]:
    return {"begin": _iso(venster.begin), "einde": _iso(venster.einde)}


def _periode_json(gevonden: GevondenPeriode) -> dict[str, Any]:
    periode = gevonden.periode
    return {
        "gemeente": _gemeente(periode.gemeentecode),
        "begin": _iso(periode.begin),
        "einde": _iso(periode.einde),
        "bron": str(gevonden.bron),
    }


def _antwoord(uitkomst: Toetsuitkomst) -> dict[str, Any]:
    return {
        "bsn": uitkomst.vraag.bsn,
        "datum_einde_arbeidsverhouding": _iso(uitkomst.vraag.datum_einde_arbeidsverhouding),
        "lks_betaald": str(uitkomst.lks_betaald),
        "gemeente": _gemeente(uitkomst.gemeentecode),
        "toetsvenster": _venster_json(uitkomst.venster),
        "perioden": [_periode_json(g) for g in uitkomst.perioden],
        "reden": uitkomst.reden or None,
        "opnieuw_na": uitkomst.opnieuw_na.isoformat() if uitkomst.opnieuw_na else None,
    }


TOETS_VOORBEELD = {
    "bsn": "999990019",
    "datum_einde_arbeidsverhouding": "2026-05-31",
    "lks_betaald": "ja",
    "gemeente": {"code": "GM0344", "naam": "Utrecht"},
    "toetsvenster": {"begin": "2024-05-31", "einde": "2026-05-31"},
    "perioden": [
        {"gemeente": {"code": "GM0344", "naam": "Utrecht"}, "begin": "2025-01-01", "einde": None, "bron": "batch"}
    ],
    "reden": None,
    "opnieuw_na": None,
}


class LksToetsenView(APIView):
    parser_classes = [OrjsonParser]
    renderer_classes = [OrjsonRenderer]

    @extend_schema(
        summary="LKS-toets",
        description=(
            "Betaalde een gemeente loonkostensubsidie in de twee jaar voor de datum einde arbeidsverhouding "
            "(het toetsvenster [D − 2 jaar, D])? Stuur één toets als object, of een lijst van hooguit 10.000; het "
            "antwoord heeft dezelfde vorm en volgorde. `lks_betaald` is `ja` (met de verantwoordelijke gemeente: "
            "de gemeente waarvan de LKS-periode het laatst eindigde), `nee`, of `onbekend` wanneer een gemeente "
            "met een webservice in de verwijsindex geen antwoord gaf (met `reden` en `opnieuw_na`). Alleen UWV."
        ),
        request=inline_serializer(
            "Toetsvraag", {"bsn": serializers.CharField(), "datum_einde_arbeidsverhouding": serializers.DateField()}
        ),
        responses={200: OpenApiResponse(description="Toetsuitkomst of lijst van toetsuitkomsten"), 400: PROBLEM,
                   403: PROBLEM},
        examples=[OpenApiExample("Eén toets", value=TOETS_VOORBEELD, response_only=True)],
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        _uwv(request)
        vragen, enkel = _lees_vragen(request.data)
        antwoorden = [_antwoord(u) for u in toets(vragen)]
        return Response(antwoorden[0] if enkel else antwoorden)


# --- Meldingen --------------------------------------------------------------------------------------------


class MeldingInvoer(serializers.Serializer):
    type = serializers.ChoiceField(choices=MeldingType.choices)
    kenmerk = serializers.RegexField(r"^[A-Za-z0-9._:-]{1,64}$", error_messages={
        "invalid": _("Een kenmerk is 1 tot 64 tekens: letters, cijfers, punt, dubbele punt, streepjes.")
    })  # fmt: skip
    bsn = serializers.CharField(max_length=9, min_length=9)
    datum_einde_arbeidsverhouding = serializers.DateField(required=False)
    datum_eerste_ao_dag = serializers.DateField(required=False)
    datum_einde_uitkeringsverhouding = serializers.DateField(required=False)
    reden = serializers.ChoiceField(choices=RedenEindeUitkering.choices, required=False)

    VERPLICHT = {
        MeldingType.ZIEK_UIT_DIENST: ("datum_einde_arbeidsverhouding", "datum_eerste_ao_dag"),
        MeldingType.EINDE_UITKERING: ("datum_einde_uitkeringsverhouding", "reden"),
    }

    def validate_bsn(self, value: str) -> str:
        if not is_valid_bsn(value):
            raise serializers.ValidationError(_("Geen geldig BSN: negen cijfers die aan de elfproef voldoen."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        ontbreekt = {
            veld: [_("Verplicht bij een melding van type %(type)s.") % {"type": attrs["type"]}]
            for veld in self.VERPLICHT[attrs["type"]]
            if veld not in attrs
        }
        niet_van_toepassing = {
            veld: [_("Hoort niet bij een melding van type %(type)s.") % {"type": attrs["type"]}]
            for verplicht_type, velden in self.VERPLICHT.items()
            if verplicht_type != attrs["type"]
            for veld in velden
            if veld in attrs
        }
        if ontbreekt or niet_van_toepassing:
            raise serializers.ValidationError({**ontbreekt, **niet_van_toepassing})
        return attrs

    def gegevens(self) -> ZiekUitDienst | EindeUitkering:
        d = self.validated_data
        if d["type"] == MeldingType.ZIEK_UIT_DIENST:
            return ZiekUitDienst(d["kenmerk"], d["bsn"], d["datum_einde_arbeidsverhouding"], d["datum_eerste_ao_dag"])
        return EindeUitkering(
            d["kenmerk"], d["bsn"], d["datum_einde_uitkeringsverhouding"], RedenEindeUitkering(d["reden"])
        )


class MeldingSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    gemeente = serializers.SerializerMethodField()
    ziek_uit_dienst = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta:
        model = Melding
        fields = [
            "id", "type", "kenmerk", "bsn", "gemeente", "datum_einde_arbeidsverhouding", "datum_eerste_ao_dag",
            "datum_einde_uitkeringsverhouding", "reden", "ziek_uit_dienst", "ontvangen_op", "links",
        ]  # fmt: skip

    def get_gemeente(self, melding: Melding) -> dict[str, str]:
        return {"code": melding.gemeente.gemeentecode or "", "naam": melding.gemeente.naam}

    def get_ziek_uit_dienst(self, melding: Melding) -> str | None:
        return str(melding.ziek_uit_dienst.uuid) if melding.ziek_uit_dienst else None

    def get_links(self, melding: Melding) -> dict[str, str]:
        return {"self": reverse("api:melding", kwargs={"id": melding.uuid})}


class MeldingenView(APIView):
    @extend_schema(
        summary="Melding sturen",
        description=(
            "`ziek_uit_dienst` (bsn, datum_einde_arbeidsverhouding, datum_eerste_ao_dag, kenmerk) legt de "
            "verantwoordelijke gemeente vast met de LKS-toets; `einde_uitkering` (bsn, "
            "datum_einde_uitkeringsverhouding, reden, kenmerk) sluit de lopende melding en gaat naar dezelfde "
            "gemeente. Elke geaccepteerde melding wordt een regel in het volgende signaalrapport van die gemeente. "
            "Het kenmerk is de idempotentiesleutel: dezelfde melding opnieuw geeft 200 met het eerste resultaat. "
            "400: ongeldige invoer (invalidParams noemt het veld). 409: in strijd met wat de hub al weet (kenmerk "
            "voor een andere melding gebruikt, al een lopende melding, geen lopende melding om te sluiten). 422: "
            "een regel van de keten (geen LKS in het toetsvenster, datum voor de eerste AO-dag). 503: de LKS-toets "
            "is onbekend omdat een gemeente niet antwoordde (Retry-After). Er wordt dan niets opgeslagen. Alleen UWV."
        ),
        request=MeldingInvoer,
        responses={201: MeldingSerializer, 200: MeldingSerializer, 400: PROBLEM, 403: PROBLEM, 409: PROBLEM,
                   422: PROBLEM, 503: PROBLEM},
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        caller = _uwv(request)
        invoer = MeldingInvoer(data=request.data)
        invoer.is_valid(raise_exception=True)
        try:
            ontvangen = ontvang(caller, invoer.gegevens())
        except MeldingGeweigerd as weigering:
            return _geweigerd(request, weigering)
        body = MeldingSerializer(ontvangen.melding).data
        return Response(body, status=status.HTTP_200_OK if ontvangen.herhaald else status.HTTP_201_CREATED)


def _geweigerd(request: Request, weigering: MeldingGeweigerd) -> Response:
    extra: dict[str, Any] = {
        "code": weigering.code,
        "invalidParams": [{"name": weigering.veld, "code": weigering.code, "reason": weigering.reden}],
    }
    headers = {}
    opnieuw_na = weigering.extra.get("opnieuw_na")
    if opnieuw_na is not None:
        extra["opnieuw_na"] = opnieuw_na.isoformat()  # type: ignore[attr-defined]
        headers["Retry-After"] = "900"
    return Response(
        problem(weigering.status_code, weigering.reden, instance=request.path, **extra),
        status=weigering.status_code,
        content_type=PROBLEM_CONTENT_TYPE,
        headers=headers,
    )


class MeldingView(APIView):
    @extend_schema(summary="Eén melding opvragen", responses={200: MeldingSerializer, 404: PROBLEM})
    def get(self, request: Request, id: str) -> Response:
        caller = _uwv(request)
        melding = get_object_or_404(
            scope(Melding.objects.select_related("gemeente", "ziek_uit_dienst"), caller), uuid=id
        )
        return Response(MeldingSerializer(melding).data)
