"""/api/v1/uwv: the employer's report "ziek uit dienst", UWV's Ziektewet claims, and the end of a benefit.

Only UWV with the machtiging ``lks_toets``; every query is scoped to the caller's organisation.
A BSN is sent in a body, never in a URL.
"""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from vangnet.api.problems import PROBLEM_CONTENT_TYPE, problem
from vangnet.api.serializers import ModelSerializer
from vangnet.domain.bsn import BsnError, parse_bsn
from vangnet.domain.loonheffingennummer import LoonheffingennummerError, parse_loonheffingennummer
from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.organisations.scoping import Caller, caller_from_request, scope
from vangnet.uwv.claims import (
    ClaimGeweigerd,
    Ziekmelding,
    beeindig_uitkering,
    registreer_ziekmelding,
    termijnoverzicht,
)
from vangnet.uwv.constants import Bron, ClaimStatus, LksUitkomst, RedenEinde, Termijnsoort
from vangnet.uwv.models import Hubbericht, Ziektewetclaim, te_laat
from vangnet.uwv.verwerking import verwerk_claim

PROBLEM = OpenApiResponse(description="application/problem+json")


def uwv_caller(request: Request) -> Caller:
    caller = caller_from_request(request)
    if caller is None:
        raise exceptions.NotAuthenticated()
    if caller.organisatie.type != OrganisatieType.UWV or not caller.may(Product.LKS_TOETS):
        raise exceptions.PermissionDenied(_("Alleen UWV met de machtiging LKS-toets en meldingen mag dit."))
    return caller


def claims_voor(caller: Caller) -> QuerySet[Ziektewetclaim]:
    return scope(Ziektewetclaim.objects.prefetch_related("hubberichten", "brieven"), caller)


def _geweigerd(request: Request, weigering: ClaimGeweigerd) -> Response:
    return Response(
        problem(
            weigering.status_code,
            weigering.reden,
            instance=request.path,
            code=weigering.code,
            invalidParams=[{"name": weigering.veld, "code": weigering.code, "reason": weigering.reden}],
        ),
        status=weigering.status_code,
        content_type=PROBLEM_CONTENT_TYPE,
    )


# --- serializers ----------------------------------------------------------------------------------


class UwvWerkgeverSerializer(serializers.Serializer):
    naam = serializers.CharField(max_length=200)
    loonheffingennummer = serializers.CharField(
        max_length=20, help_text="Negen cijfers (fiscaal nummer, elfproef), de letter L en twee cijfers: 123456782L01."
    )

    def validate_naam(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError(_("Geef de naam van de werkgever."))
        return value.strip()

    def validate_loonheffingennummer(self, value: str) -> str:
        try:
            return parse_loonheffingennummer(value)
        except LoonheffingennummerError as fout:
            raise serializers.ValidationError(str(fout), code="ongeldig_loonheffingennummer") from None


class UwvZiekmeldingInvoer(serializers.Serializer):
    bsn = serializers.CharField(help_text="Het BSN van de (ex-)werknemer.")
    werkgever = UwvWerkgeverSerializer()
    datum_einde_arbeidsverhouding = serializers.DateField()
    datum_eerste_ao_dag = serializers.DateField(help_text="Eerste dag van arbeidsongeschiktheid.")
    datum_melding = serializers.DateField(
        required=False, help_text="De dag waarop de melding van de werkgever binnenkwam; standaard vandaag."
    )

    def validate_bsn(self, value: str) -> str:
        try:
            return parse_bsn(value)
        except BsnError as fout:
            raise serializers.ValidationError(str(fout), code="ongeldig_bsn") from None

    def validate_datum_melding(self, value: Any) -> Any:
        if value > timezone.localdate():
            raise serializers.ValidationError(_("De datum van de melding ligt in de toekomst."))
        return value

    def ziekmelding(self) -> Ziekmelding:
        d = self.validated_data
        return Ziekmelding(
            bsn=d["bsn"],
            werkgever_naam=d["werkgever"]["naam"],
            loonheffingennummer=d["werkgever"]["loonheffingennummer"],
            datum_einde_arbeidsverhouding=d["datum_einde_arbeidsverhouding"],
            datum_eerste_ao_dag=d["datum_eerste_ao_dag"],
            datum_melding=d.get("datum_melding") or timezone.localdate(),
        )


class UwvEindeUitkeringInvoer(serializers.Serializer):
    datum = serializers.DateField(help_text="Datum einde uitkeringsverhouding.")
    reden = serializers.ChoiceField(choices=RedenEinde.choices)


class UwvZoekInvoer(serializers.Serializer):
    bsn = serializers.CharField(help_text="Het BSN van de persoon; hoort nooit in een URL.")

    def validate_bsn(self, value: str) -> str:
        try:
            return parse_bsn(value)
        except BsnError as fout:
            raise serializers.ValidationError(str(fout), code="ongeldig_bsn") from None


class ZiektewetclaimSerializer(ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    werkgever = serializers.SerializerMethodField()
    beoordeling = serializers.SerializerMethodField()
    lks_toets = serializers.SerializerMethodField()
    meldingen = serializers.SerializerMethodField()
    termijnen = serializers.SerializerMethodField()
    volgende_termijn = serializers.SerializerMethodField()
    einde_uitkering = serializers.SerializerMethodField()
    brieven = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta:
        model = Ziektewetclaim
        fields = [
            "id", "kenmerk", "bsn", "werkgever", "datum_einde_arbeidsverhouding", "datum_eerste_ao_dag",
            "datum_melding", "status", "beoordeling", "lks_toets", "meldingen", "termijnen", "volgende_termijn",
            "einde_uitkering", "brieven", "links",
        ]  # fmt: skip

    def _vandaag(self) -> Any:
        return self.context.get("vandaag") or timezone.localdate()

    def get_werkgever(self, claim: Ziektewetclaim) -> dict[str, str]:
        return {"naam": claim.werkgever_naam, "loonheffingennummer": claim.loonheffingennummer}

    def get_beoordeling(self, claim: Ziektewetclaim) -> dict[str, Any]:
        return {
            "status": claim.beoordeling,
            "uiterlijk": claim.beoordeling_uiterlijk.isoformat(),
            "verlengd_op": claim.verlengd_op.isoformat() if claim.verlengd_op else None,
            "reden_verlenging": claim.reden_verlenging or None,
            "beslist_op": claim.beoordeeld_op.isoformat() if claim.beoordeeld_op else None,
        }

    def get_lks_toets(self, claim: Ziektewetclaim) -> dict[str, Any]:
        ja = claim.lks_betaald == LksUitkomst.JA
        return {
            "uitkomst": claim.lks_betaald,
            "gemeente": {"code": claim.lks_gemeentecode, "naam": claim.lks_gemeentenaam} if ja else None,
            "reden": claim.lks_reden or None,
            "getoetst_op": claim.lks_getoetst_op.isoformat() if claim.lks_getoetst_op else None,
            "opnieuw_na": claim.lks_opnieuw_na.isoformat() if claim.lks_opnieuw_na else None,
        }

    def get_meldingen(self, claim: Ziektewetclaim) -> list[dict[str, Any]]:
        return [_bericht(bericht) for bericht in claim.hubberichten.all()]

    def get_termijnen(self, claim: Ziektewetclaim) -> list[dict[str, Any]]:
        return [
            {
                "soort": regel.soort,
                "omschrijving": regel.omschrijving,
                "week": regel.week,
                "uiterlijk": regel.uiterlijk.isoformat(),
                "afgerond": regel.afgerond,
                "te_laat": regel.te_laat,
            }
            for regel in termijnoverzicht(claim, self._vandaag())
        ]

    def get_volgende_termijn(self, claim: Ziektewetclaim) -> dict[str, Any] | None:
        if not claim.volgende_uiterlijk:
            return None
        return {
            "soort": claim.volgende_termijn,
            "uiterlijk": claim.volgende_uiterlijk.isoformat(),
            "te_laat": claim.volgende_uiterlijk < self._vandaag(),
        }

    def get_einde_uitkering(self, claim: Ziektewetclaim) -> dict[str, str] | None:
        if claim.datum_einde_uitkering is None:
            return None
        return {"datum": claim.datum_einde_uitkering.isoformat(), "reden": claim.reden_einde}

    def get_brieven(self, claim: Ziektewetclaim) -> list[dict[str, str]]:
        return [{"type": brief.type, "datum": brief.datum.isoformat()} for brief in claim.brieven.all()]

    def get_links(self, claim: Ziektewetclaim) -> dict[str, str]:
        return {
            "self": reverse("api:uwv-ziekmelding", kwargs={"id": claim.uuid}),
            "einde_uitkering": reverse("api:uwv-einde-uitkering", kwargs={"id": claim.uuid}),
        }


def _bericht(bericht: Hubbericht) -> dict[str, Any]:
    return {
        "type": bericht.soort,
        "kenmerk": bericht.kenmerk,
        "status": bericht.status,
        "pogingen": bericht.pogingen,
        "hub_id": str(bericht.hub_id) if bericht.hub_id else None,
        "gemeente": {"code": bericht.gemeentecode, "naam": bericht.gemeentenaam} if bericht.gemeentecode else None,
        "verzonden_op": bericht.verzonden_op.isoformat() if bericht.verzonden_op else None,
        "volgende_poging_op": bericht.volgende_poging_op.isoformat() if bericht.volgende_poging_op else None,
        "fout": bericht.fout or None,
    }


# --- views ----------------------------------------------------------------------------------------


def _filter(claims: QuerySet[Ziektewetclaim], params: Any) -> QuerySet[Ziektewetclaim]:
    keuzes = {"status": ClaimStatus.values, "lks": LksUitkomst.values, "termijn": Termijnsoort.values}
    velden = {"status": "status", "lks": "lks_betaald", "termijn": "volgende_termijn"}
    for param, toegestaan in keuzes.items():
        waarde = params.get(param)
        if not waarde:
            continue
        if waarde not in toegestaan:
            raise exceptions.ValidationError({param: [_("Onbekende waarde; kies uit: %s.") % ", ".join(toegestaan)]})
        claims = claims.filter(**{velden[param]: waarde})
    alleen_te_laat = params.get("te_laat")
    if alleen_te_laat not in (None, "", "true", "false"):
        raise exceptions.ValidationError({"te_laat": [_("Gebruik true of false.")]})
    if alleen_te_laat == "true":
        claims = te_laat(claims, timezone.localdate())
    return claims


class ZiekmeldingenView(generics.ListAPIView):
    serializer_class = ZiektewetclaimSerializer
    required_machtiging = Product.LKS_TOETS

    def get_queryset(self) -> QuerySet[Ziektewetclaim]:
        claims = _filter(claims_voor(uwv_caller(self.request)), self.request.query_params)
        return claims.order_by("volgende_uiterlijk", "-ontvangen_op", "id")

    @extend_schema(
        summary="Ziektewet-claims opvragen",
        description=(
            "De eigen claims, de eerstvolgende termijn eerst (claims zonder termijn achteraan). Filters: `status`, "
            "`lks` (uitkomst van de LKS-toets), `termijn` (soort volgende termijn) en `te_laat=true`."
        ),
        parameters=[
            OpenApiParameter("status", str, enum=ClaimStatus.values, required=False),
            OpenApiParameter("lks", str, enum=LksUitkomst.values, required=False),
            OpenApiParameter("termijn", str, enum=Termijnsoort.values, required=False),
            OpenApiParameter("te_laat", bool, required=False),
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Ziek uit dienst melden",
        description=(
            "De melding van een werkgever dat een werknemer ziek uit dienst ging. Maakt een Ziektewet-claim met "
            "de beslistermijn (zes weken na de melding, eenmaal te verlengen met vier), de termijnen in ziekteweken "
            "(EZWb week 52, WIA-brief week 89, einde wachttijd week 104) en de brief over rechten en plichten. "
            "Daarna vraagt UWV de hub om de LKS-toets; bij `ja` gaat de melding `ziek_uit_dienst` naar de hub. "
            "Lukt dat nu niet (hub onbereikbaar, toets `onbekend`), dan probeert `vangnet uwv-verwerk` het later "
            "opnieuw. 201 met de claim; dezelfde melding opnieuw geeft 200 met de eerste claim. 400: ongeldige "
            "invoer. 409: al een claim met dezelfde eerste AO-dag maar andere gegevens, of al een lopende claim. "
            "422: de datums passen niet bij een Ziektewet-claim."
        ),
        request=UwvZiekmeldingInvoer,
        responses={201: ZiektewetclaimSerializer, 200: ZiektewetclaimSerializer, 400: PROBLEM, 403: PROBLEM,
                   409: PROBLEM, 422: PROBLEM},
    )  # fmt: skip
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        caller = uwv_caller(request)
        invoer = UwvZiekmeldingInvoer(data=request.data)
        invoer.is_valid(raise_exception=True)
        try:
            registratie = registreer_ziekmelding(
                caller.organisatie,
                invoer.ziekmelding(),
                bron=Bron.API,
                door=caller.gebruiker,
                api_sleutel=caller.api_sleutel,
            )
        except ClaimGeweigerd as weigering:
            return _geweigerd(request, weigering)
        claim = registratie.claim
        if not registratie.herhaald:
            verwerk_claim(claim)
        body = ZiektewetclaimSerializer(claims_voor(caller).get(pk=claim.pk)).data
        if registratie.herhaald:
            return Response(body, status=status.HTTP_200_OK)
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["links"]["self"]})


class ZiekmeldingView(APIView):
    required_machtiging = Product.LKS_TOETS

    @extend_schema(
        summary="Eén Ziektewet-claim opvragen",
        description="Een claim van een andere organisatie geeft 404.",
        responses={200: ZiektewetclaimSerializer, 404: PROBLEM},
    )
    def get(self, request: Request, id: str) -> Response:
        claim = get_object_or_404(claims_voor(uwv_caller(request)), uuid=id)
        return Response(ZiektewetclaimSerializer(claim).data)


class EindeUitkeringView(APIView):
    required_machtiging = Product.LKS_TOETS

    @extend_schema(
        summary="Einde uitkering melden",
        description=(
            "Betermelding, werkhervatting, maximumduur, overlijden of een andere reden: de claim eindigt. Ging er een "
            "melding `ziek_uit_dienst` naar de hub, dan volgt `einde_uitkering` met dezelfde reden (nu, of later "
            "met `vangnet uwv-verwerk`). 409 als de uitkering al beëindigd is; 422 als de datum vóór de eerste "
            "AO-dag of na het einde van de wachttijd ligt."
        ),
        request=UwvEindeUitkeringInvoer,
        responses={200: ZiektewetclaimSerializer, 400: PROBLEM, 404: PROBLEM, 409: PROBLEM, 422: PROBLEM},
    )
    def post(self, request: Request, id: str) -> Response:
        caller = uwv_caller(request)
        claim = get_object_or_404(claims_voor(caller), uuid=id)
        invoer = UwvEindeUitkeringInvoer(data=request.data)
        invoer.is_valid(raise_exception=True)
        try:
            claim = beeindig_uitkering(
                claim, invoer.validated_data["datum"], invoer.validated_data["reden"], caller.gebruiker
            )
        except ClaimGeweigerd as weigering:
            return _geweigerd(request, weigering)
        verwerk_claim(claim)
        return Response(ZiektewetclaimSerializer(claims_voor(caller).get(pk=claim.pk)).data)


class ZiekmeldingZoekenView(APIView):
    required_machtiging = Product.LKS_TOETS

    @extend_schema(
        summary="Ziektewet-claims zoeken op BSN",
        description="Het BSN staat in de body, nooit in de URL. Alleen claims van de eigen organisatie.",
        request=UwvZoekInvoer,
        responses={200: ZiektewetclaimSerializer(many=True), 400: PROBLEM},
    )
    def post(self, request: Request) -> Response:
        caller = uwv_caller(request)
        zoek = UwvZoekInvoer(data=request.data)
        zoek.is_valid(raise_exception=True)
        claims = claims_voor(caller).filter(bsn=zoek.validated_data["bsn"]).order_by("-datum_eerste_ao_dag")
        return Response(ZiektewetclaimSerializer(claims, many=True).data)
