"""The API of UWV at the hub: the LKS-toets and the meldingen."""

from datetime import date
from typing import Any

import orjson

from django.http import HttpResponse
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
from vangnet.api.serializers import ModelSerializer
from vangnet.domain.bsn import BSN_LENGTH, has_bsn_form, is_valid_bsn
from vangnet.domain.lks import Toetsvenster
from vangnet.hub.constants import LksBetaald, MeldingType, RedenEindeUitkering
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
    """The vragen of the body, checked in form. The 11-proef of a well-formed BSN is left to
    _weiger_ongeldige_bsns after the toets, unless another question is refused already."""
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
    datums: dict[str, date] = {}
    for index, item in enumerate(items):
        vraag = _gewone_vraag(item, datums)
        if vraag is None:
            vraag, fout = _lees_vraag(item)
            if fout:
                fouten[index] = fout
                continue
        assert vraag is not None
        vragen.append(vraag)
    if fouten:
        # Every error at once: the 11-proef of the well-formed questions too.
        for index, item in enumerate(items):
            if index not in fouten and not is_valid_bsn(item["bsn"]):
                fouten[index] = {"bsn": _bsn_fout()}
        _weiger(fouten, enkel)
    return vragen, enkel


def _weiger_ongeldige_bsns(vragen: list[Toetsvraag], uitkomsten: list[Toetsuitkomst], *, enkel: bool) -> None:
    """Refuse the request when a BSN answered ``nee`` fails stdnum's 11-proef.

    Only a ``nee`` needs the check: a ``ja`` or ``onbekend`` comes from a BSN that a source holds (a
    batch delivery or a webservice gemeente's verwijsindex), and each source took in only BSNs that
    passed it. A batch of 10,000 known BSNs is not checked twice (1.6 µs each).
    """
    nee = LksBetaald.NEE  # an enum member looked up once, not per question
    fouten = {
        index: {"bsn": _bsn_fout()}
        for index, uitkomst in enumerate(uitkomsten)
        if uitkomst.lks_betaald is nee and not is_valid_bsn(vragen[index].bsn)
    }
    if fouten:
        _weiger(fouten, enkel)


def _bsn_fout() -> list[str]:
    return [_("Geen geldig BSN: negen cijfers die aan de elfproef voldoen.")]


def _weiger(fouten: dict[int, dict[str, list[str]]], enkel: bool) -> None:
    if enkel:
        raise exceptions.ValidationError(fouten[0])
    raise exceptions.ValidationError({str(index): fouten[index] for index in sorted(fouten)})


def _gewone_vraag(item: Any, datums: dict[str, date]) -> Toetsvraag | None:
    """The vraag when the item is of the usual form (nine plain digits, a date seen before or valid),
    else None: then _lees_vraag decides, with its messages. A batch repeats few dates."""
    if type(item) is not dict:
        return None
    bsn, tekst = item.get("bsn"), item.get("datum_einde_arbeidsverhouding")
    if type(bsn) is not str or type(tekst) is not str:
        return None
    if not has_bsn_form(bsn):
        return None
    datum = datums.get(tekst)
    if datum is None:
        datum = _datum(tekst)
        if datum is None:
            return None
        datums[tekst] = datum
    return Toetsvraag(bsn, datum)


def _lees_vraag(item: Any) -> tuple[Toetsvraag | None, dict[str, list[str]]]:
    if not isinstance(item, dict):
        return None, {"nonFieldErrors": [_("Een toets is een object met bsn en datum_einde_arbeidsverhouding.")]}
    fout: dict[str, list[str]] = {}
    bsn = item.get("bsn")
    if not isinstance(bsn, str) or not is_valid_bsn(bsn) or len(bsn) != BSN_LENGTH:
        fout["bsn"] = _bsn_fout()
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


class _Antwoorden:
    """The JSON text of toetsuitkomsten, in the order of the vragen.

    A batch answers up to 10,000 toetsen. As dicts handed to orjson, the answers cost more than the
    look-up itself (and the garbage collector walks each one), so each answer is written as text
    at once. The parts that repeat (dates, enum values, gemeenten, windows) are made by orjson
    once per call, so they are escaped as JSON must be; the BSN, which varies, is escaped by orjson
    unless it is digits only. An 'onbekend', with its free-text reason, goes through orjson whole.
    """

    def __init__(self) -> None:
        self._waarden = _WaardeJson()
        self._gemeenten = _GemeenteJson()
        self._vensters = _VensterJson()

    def json(self, vragen: list[Toetsvraag], uitkomsten: list[Toetsuitkomst], *, enkel: bool) -> bytes:
        antwoorden = map(self._antwoord, vragen, uitkomsten)
        return (next(antwoorden) if enkel else "[" + ",".join(antwoorden) + "]").encode()

    def _antwoord(self, vraag: Toetsvraag, uitkomst: Toetsuitkomst) -> str:
        bsn, datum = vraag
        venster, lks_betaald, gemeentecode, perioden, reden, opnieuw_na = uitkomst
        if reden or opnieuw_na:
            return _json_tekst(self._onbekend(vraag, uitkomst))
        waarden = self._waarden
        bsn_json = f'"{bsn}"' if bsn.isdigit() else _json_tekst(bsn)
        perioden_json = (
            self._periode(perioden[0]) if len(perioden) == 1 else ",".join([self._periode(g) for g in perioden])
        )
        return (
            f'{{"bsn":{bsn_json},"datum_einde_arbeidsverhouding":{waarden[datum]},'
            f'"lks_betaald":{waarden[lks_betaald]},"gemeente":{self._gemeenten[gemeentecode]},'
            f'"toetsvenster":{self._vensters.json(venster)},"perioden":[{perioden_json}],"reden":null,'
            '"opnieuw_na":null}'
        )

    def _periode(self, gevonden: GevondenPeriode) -> str:
        code, begin, einde, bron = gevonden
        waarden = self._waarden
        return (
            f'{{"gemeente":{self._gemeenten[code]},"begin":{waarden[begin]},"einde":{waarden[einde]},'
            f'"bron":{waarden[bron]}}}'
        )

    def _onbekend(self, vraag: Toetsvraag, uitkomst: Toetsuitkomst) -> dict[str, Any]:
        return {
            "bsn": vraag.bsn,
            "datum_einde_arbeidsverhouding": vraag.datum_einde_arbeidsverhouding,
            "lks_betaald": uitkomst.lks_betaald.value,
            "gemeente": _gemeente(uitkomst.gemeentecode),
            "toetsvenster": {"begin": uitkomst.venster.begin, "einde": uitkomst.venster.einde},
            "perioden": [
                {"gemeente": _gemeente(code), "begin": begin, "einde": einde, "bron": bron.value}
                for code, begin, einde, bron in uitkomst.perioden
            ],
            "reden": uitkomst.reden or None,
            "opnieuw_na": uitkomst.opnieuw_na.isoformat() if uitkomst.opnieuw_na else None,
        }


def _json_tekst(waarde: Any) -> str:
    return orjson.dumps(waarde).decode()


def _gemeente(code: str | None) -> dict[str, str] | None:
    if code is None:
        return None
    ref = gemeente_per_code(code)
    return ref.als_json() if ref else {"code": code, "naam": ""}


class _GemeenteJson(dict[str | None, str]):
    """The JSON text of each gemeente (null for none), made once per call."""

    def __missing__(self, code: str | None) -> str:
        tekst = self[code] = _json_tekst(_gemeente(code))
        return tekst


class _WaardeJson(dict[date | str | None, str]):
    """The JSON text of each date, enum member (its value) and None, made once per call."""

    def __missing__(self, waarde: date | str | None) -> str:
        tekst = self[waarde] = _json_tekst(waarde)
        return tekst


class _VensterJson(dict[int, str]):
    """The JSON text of each toetsvenster, made once per call. Keyed by identity: the toets hands
    out one window object per date, and hashing a dataclass costs more than the JSON it saves."""

    def json(self, venster: Toetsvenster) -> str:
        tekst = self.get(id(venster))
        if tekst is None:
            tekst = self[id(venster)] = _json_tekst({"begin": venster.begin, "einde": venster.einde})
        return tekst


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
    def post(self, request: Request) -> HttpResponse:
        _uwv(request)
        vragen, enkel = _lees_vragen(request.data)
        uitkomsten = toets(vragen)
        _weiger_ongeldige_bsns(vragen, uitkomsten, enkel=enkel)
        body = _Antwoorden().json(vragen, uitkomsten, enkel=enkel)
        return HttpResponse(body, content_type=OrjsonRenderer.media_type)


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


class MeldingSerializer(ModelSerializer):
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
