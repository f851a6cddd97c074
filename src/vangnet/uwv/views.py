"""Portal pages for UWV staff: the worklist, a new report, one claim with its actions, and the letters."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.domain.bsn import mask_bsn
from vangnet.domain.poortwachter import ziekteweek
from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.organisations.scoping import Caller, caller_from_request, scope
from vangnet.uwv.brieven import BriefNietMogelijk, brief_pdf, gemeente_van
from vangnet.uwv.claims import (
    ClaimGeweigerd,
    Ziekmelding,
    beeindig_uitkering,
    beslis,
    registreer_ezwb,
    registreer_ziekmelding,
    termijnoverzicht,
    verleng_beoordeling,
)
from vangnet.uwv.constants import BerichtStatus, Brieftype, Bron, ClaimStatus, LksUitkomst, Meldingsoort
from vangnet.uwv.forms import (
    BriefForm,
    EindeUitkeringForm,
    EzwbForm,
    VerlengForm,
    WerklijstFilterForm,
    ZiekmeldingForm,
    ZoekForm,
)
from vangnet.uwv.models import Brief, Hubbericht, Ziektewetclaim, te_laat
from vangnet.uwv.verwerking import maak_brief_handmatig, verwerk_claim

CLAIMS_PER_PAGINA = 50


def _uwv(request: HttpRequest) -> Caller:
    caller = caller_from_request(request)
    if caller is None or caller.organisatie.type != OrganisatieType.UWV or not caller.may(Product.LKS_TOETS):
        raise PermissionDenied(_("Alleen medewerkers van UWV met de machtiging LKS-toets en meldingen mogen dit."))
    return caller


def _claims(caller: Caller) -> QuerySet[Ziektewetclaim]:
    return scope(Ziektewetclaim.objects.all(), caller)


def _bericht(claim: Ziektewetclaim, soort: str) -> Hubbericht | None:
    return next((bericht for bericht in claim.hubberichten.all() if bericht.soort == soort), None)


# --- worklist -------------------------------------------------------------------------------------------


def _gefilterd(
    claims: QuerySet[Ziektewetclaim], filters: WerklijstFilterForm, vandaag: Any
) -> QuerySet[Ziektewetclaim]:
    if not filters.is_bound:
        return claims.filter(status=ClaimStatus.LOPEND)
    if not filters.is_valid():
        return claims
    data = filters.cleaned_data
    if data["status"]:
        claims = claims.filter(status=data["status"])
    if data["termijn"]:
        claims = claims.filter(volgende_termijn=data["termijn"])
    if data["lks"]:
        claims = claims.filter(lks_betaald=data["lks"])
    if data["hub"] == "wacht":
        wacht = Hubbericht.objects.filter(claim=OuterRef("pk"), status=BerichtStatus.WACHTEND)
        claims = claims.filter(Q(Exists(wacht)) | Q(lks_betaald__in=[LksUitkomst.TE_TOETSEN, LksUitkomst.ONBEKEND]))
    elif data["hub"] == "geweigerd":
        claims = claims.filter(Exists(Hubbericht.objects.filter(claim=OuterRef("pk"), status=BerichtStatus.GEWEIGERD)))
    if data["te_laat"]:
        claims = te_laat(claims, vandaag)
    return claims


@login_required
def werklijst(request: HttpRequest) -> HttpResponse:
    caller = _uwv(request)
    vandaag = timezone.localdate()
    filters = WerklijstFilterForm(request.GET or None, initial={"status": ClaimStatus.LOPEND})
    zoek = ZoekForm(request.POST or None)
    claims = _claims(caller).prefetch_related("hubberichten")
    gezocht = request.method == "POST"
    if gezocht:
        # The BSN comes in a POST body: never in the URL of a search.
        rijen = claims.filter(bsn=zoek.cleaned_data["bsn"]) if zoek.is_valid() else claims.none()
    else:
        rijen = _gefilterd(claims, filters, vandaag)
    rijen = rijen.order_by(F("volgende_uiterlijk").asc(nulls_last=True), "-ontvangen_op", "-id")
    aantal_te_laat = te_laat(rijen, vandaag).count()
    pagina = Paginator(rijen, CLAIMS_PER_PAGINA).get_page(request.GET.get("pagina"))
    for claim in pagina:
        claim.bsn_gemaskeerd = mask_bsn(claim.bsn)  # type: ignore[attr-defined]
        claim.te_laat = claim.volgende_uiterlijk is not None and claim.volgende_uiterlijk < vandaag  # type: ignore[attr-defined]
        claim.ziekteweek = (  # type: ignore[attr-defined]
            ziekteweek(claim.datum_eerste_ao_dag, vandaag) if claim.status == ClaimStatus.LOPEND else None
        )
        claim.zud = _bericht(claim, Meldingsoort.ZIEK_UIT_DIENST)  # type: ignore[attr-defined]
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    return render(
        request,
        "uwv/werklijst.html",
        {
            "pagina": pagina,
            "filters": filters,
            "zoek": zoek,
            "gezocht": gezocht,
            "vandaag": vandaag,
            "aantal_te_laat": aantal_te_laat,
            "querystring": querystring.urlencode(),
        },
    )


# --- a new report ---------------------------------------------------------------------------------------


@login_required
def nieuw(request: HttpRequest) -> HttpResponse:
    caller = _uwv(request)
    form = ZiekmeldingForm(request.POST or None, initial={"datum_melding": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        melding = Ziekmelding(
            bsn=data["bsn"],
            werkgever_naam=data["werkgever_naam"],
            loonheffingennummer=data["loonheffingennummer"],
            datum_einde_arbeidsverhouding=data["datum_einde_arbeidsverhouding"],
            datum_eerste_ao_dag=data["datum_eerste_ao_dag"],
            datum_melding=data["datum_melding"],
        )
        try:
            registratie = registreer_ziekmelding(caller.organisatie, melding, bron=Bron.PORTAAL, door=caller.gebruiker)
        except ClaimGeweigerd as weigering:
            veld = weigering.veld if weigering.veld in form.fields else None
            form.add_error(veld, weigering.reden)
        else:
            claim = registratie.claim
            if registratie.herhaald:
                messages.info(request, _("Deze melding was al geregistreerd; er is niets gewijzigd."))
            else:
                claim = verwerk_claim(claim)
                messages.success(request, _("De Ziektewet-claim is geregistreerd. %(lks)s") % {"lks": _lks_zin(claim)})
            return redirect("uwv:claim", id=claim.uuid)
    return render(request, "uwv/nieuw.html", {"form": form})


def _lks_zin(claim: Ziektewetclaim) -> str:
    if claim.lks_betaald == LksUitkomst.JA:
        zud = _bericht(claim, Meldingsoort.ZIEK_UIT_DIENST)
        verstuurd = zud is not None and zud.status == BerichtStatus.VERZONDEN
        tekst = _("LKS-toets: ja, gemeente %(gemeente)s.") % {"gemeente": claim.lks_gemeentenaam}
        if verstuurd:
            return tekst + " " + _("De melding ziek uit dienst is door de hub geaccepteerd.")
        return tekst + " " + _("De melding aan de hub wacht op verzending.")
    if claim.lks_betaald == LksUitkomst.NEE:
        return _("LKS-toets: nee. Er gaat geen melding naar een gemeente.")
    return _("De LKS-toets is nog niet afgerond; die wordt later opnieuw gevraagd.")


# --- one claim ------------------------------------------------------------------------------------------


def _claim_of_404(caller: Caller, id: str) -> Ziektewetclaim:
    berichten = Prefetch("hubberichten", queryset=Hubbericht.objects.order_by("aangemaakt_op", "id"))
    return get_object_or_404(
        _claims(caller).select_related("ingevoerd_door").prefetch_related(berichten, "brieven"), uuid=id
    )


@login_required
def claim(request: HttpRequest, id: str) -> HttpResponse:
    caller = _uwv(request)
    gevonden = _claim_of_404(caller, id)
    return _toon(request, gevonden)


def _toon(request: HttpRequest, gevonden: Ziektewetclaim, status: int = 200, **formulieren: Any) -> HttpResponse:
    vandaag = timezone.localdate()
    lopend = gevonden.status == ClaimStatus.LOPEND
    bestaande_brieven = {brief.type for brief in gevonden.brieven.all()}
    nieuwe_brieven = [
        (waarde, label)
        for waarde, label in Brieftype.choices
        if waarde not in bestaande_brieven and (waarde != Brieftype.REINTEGRATIE_GEMEENTE or gemeente_van(gevonden))
    ]
    context = {
        "claim": gevonden,
        "bsn_gemaskeerd": mask_bsn(gevonden.bsn),
        "vandaag": vandaag,
        "termijnen": termijnoverzicht(gevonden, vandaag),
        "ziekteweek": ziekteweek(gevonden.datum_eerste_ao_dag, vandaag) if lopend else None,
        "berichten": list(gevonden.hubberichten.all()),
        "brieven": list(gevonden.brieven.all()),
        "nieuwe_brieven": nieuwe_brieven,
        "verleng_form": formulieren.get("verleng_form") or VerlengForm(),
        "ezwb_form": formulieren.get("ezwb_form") or EzwbForm(initial={"datum": vandaag}),
        "einde_form": formulieren.get("einde_form") or EindeUitkeringForm(initial={"datum": vandaag}),
        "kan_opnieuw": gevonden.lks_betaald in (LksUitkomst.TE_TOETSEN, LksUitkomst.ONBEKEND)
        or any(b.status == BerichtStatus.WACHTEND for b in gevonden.hubberichten.all()),
    }
    return render(request, "uwv/claim.html", context, status=status)


@login_required
@require_POST
def actie(request: HttpRequest, id: str, actie: str) -> HttpResponse:
    caller = _uwv(request)
    gevonden = _claim_of_404(caller, id)
    vandaag = timezone.localdate()
    door = caller.gebruiker
    try:
        if actie == "verlengen":
            verleng_form = VerlengForm(request.POST)
            if not verleng_form.is_valid():
                return _toon(request, gevonden, 400, verleng_form=verleng_form)
            verleng_beoordeling(gevonden, verleng_form.cleaned_data["reden"], vandaag, door)
            messages.success(request, _("De beslistermijn is verlengd met vier weken."))
        elif actie in ("toekennen", "afwijzen"):
            gevonden = beslis(gevonden, actie == "toekennen", vandaag, door)
            verwerk_claim(gevonden)
            messages.success(
                request, _("De aanvraag is toegekend.") if actie == "toekennen" else _("De aanvraag is afgewezen.")
            )
        elif actie == "ezwb":
            ezwb_form = EzwbForm(request.POST)
            if not ezwb_form.is_valid():
                return _toon(request, gevonden, 400, ezwb_form=ezwb_form)
            registreer_ezwb(gevonden, ezwb_form.cleaned_data["datum"], vandaag, door)
            messages.success(request, _("De eerstejaars ZW-beoordeling is vastgelegd."))
        elif actie == "einde":
            einde_form = EindeUitkeringForm(request.POST)
            if not einde_form.is_valid():
                return _toon(request, gevonden, 400, einde_form=einde_form)
            datum, reden = einde_form.cleaned_data["datum"], einde_form.cleaned_data["reden"]
            gevonden = beeindig_uitkering(gevonden, datum, reden, door)
            gevonden = verwerk_claim(gevonden)
            messages.success(request, _einde_zin(gevonden))
        elif actie == "opnieuw":
            gevonden = verwerk_claim(gevonden, direct=True)
            messages.info(request, _lks_zin(gevonden))
        elif actie == "brief":
            brief = BriefForm(request.POST)
            if not brief.is_valid():
                raise Http404
            maak_brief_handmatig(gevonden, Brieftype(brief.cleaned_data["type"]), vandaag, door)
            messages.success(request, _("De brief is gemaakt."))
        else:
            raise Http404
    except ClaimGeweigerd as weigering:
        messages.error(request, weigering.reden)
    except BriefNietMogelijk as fout:
        messages.error(request, str(fout))
    return redirect("uwv:claim", id=gevonden.uuid)


def _einde_zin(claim: Ziektewetclaim) -> str:
    tekst = _("De uitkering is beëindigd.")
    eu = _bericht(claim, Meldingsoort.EINDE_UITKERING)
    if eu is None:
        return tekst + " " + _("Er ging geen melding naar een gemeente, dus er volgt er ook geen.")
    if eu.status == BerichtStatus.VERZONDEN:
        return tekst + " " + _("De hub heeft de melding einde uitkering geaccepteerd.")
    return tekst + " " + _("De melding einde uitkering wacht op verzending naar de hub.")


# --- letters --------------------------------------------------------------------------------------------


def _brief_of_404(request: HttpRequest, id: str) -> Brief:
    caller = _uwv(request)
    return get_object_or_404(scope(Brief.objects.all(), caller), uuid=id)


@login_required
def brief_pdf_download(request: HttpRequest, id: str) -> HttpResponse:
    brief = _brief_of_404(request, id)
    response = HttpResponse(brief_pdf(brief), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{brief.bestandsnaam}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def brief_html(request: HttpRequest, id: str) -> HttpResponse:
    brief = _brief_of_404(request, id)
    response = HttpResponse(brief.html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
