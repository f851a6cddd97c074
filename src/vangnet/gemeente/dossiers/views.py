"""Portal pages of casemanagement: import a signaalrapport, and the worklist (one dossier: dossierviews)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.domain.bsn import mask_bsn
from vangnet.gemeente.dossiers.constants import Bron
from vangnet.gemeente.dossiers.dossierviews import toegang
from vangnet.gemeente.dossiers.forms import DossierFilterForm, SignaalimportForm
from vangnet.gemeente.dossiers.models import Dossier, Signaalimport, Taak
from vangnet.gemeente.dossiers.services import casemanagers_van
from vangnet.gemeente.dossiers.signaalintake import (
    MAX_BESTANDSGROOTTE,
    SignaalimportGeweigerd,
    importeer_signaalrapport,
)
from vangnet.gemeente.dossiers.werklijst import (
    ACTIEF_WEKEN,
    caseload,
    einde_deze_week,
    filter_werklijst,
    met_werklijst,
    open_termijnen,
    sorteer,
)
from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.organisations.scoping import Caller, caller_from_request, scope

DOSSIERS_PER_PAGINA = 50
IMPORTEN_OP_SCHERM = 20
TERMIJNEN_OP_SCHERM = 25


def _casemanagement(request: HttpRequest) -> Caller:
    caller = caller_from_request(request)
    if caller is None or not caller.may(Product.CASEMANAGEMENT):
        raise PermissionDenied(_("U heeft geen machtiging voor casemanagement."))
    return caller


@login_required
def importeren(request: HttpRequest) -> HttpResponse:
    caller = _casemanagement(request)
    form = SignaalimportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        bestand = form.cleaned_data["bestand"]
        if bestand.size > MAX_BESTANDSGROOTTE:
            form.add_error("bestand", _("Het bestand is te groot voor een signaalrapport."))
        else:
            try:
                resultaat = importeer_signaalrapport(
                    caller.organisatie, bestand.read(), bestand.name or "", Bron.UPLOAD, caller.gebruiker
                )
            except SignaalimportGeweigerd as weigering:
                form.add_error(
                    "bestand", _("Het bestand is niet ingelezen: %(melding)s") % {"melding": weigering.melding}
                )
            else:
                imp = resultaat.signaalimport
                if resultaat.herhaald:
                    messages.info(request, _("Dit bestand was al ingelezen; er is niets gewijzigd."))
                else:
                    messages.success(
                        request,
                        _("Signaalrapport ingelezen: %(nieuw)s nieuwe dossiers; regels met een fout: %(fouten)s.")
                        % {"nieuw": imp.aantal_nieuwe_dossiers, "fouten": imp.aantal_fouten},
                    )
                return redirect("gemeente:signaalimport", id=imp.uuid)
    importen = scope(Signaalimport.objects.select_related("door"), caller)[:IMPORTEN_OP_SCHERM]
    return render(request, "gemeente/importeren.html", {"form": form, "importen": importen})


@login_required
def signaalimport(request: HttpRequest, id: str) -> HttpResponse:
    caller = _casemanagement(request)
    gevonden = get_object_or_404(scope(Signaalimport.objects.select_related("door"), caller), uuid=id)
    return render(request, "gemeente/signaalimport.html", {"imp": gevonden})


@login_required
def dossiers(request: HttpRequest) -> HttpResponse:
    """The team view: every dossier the caller's organisation may see."""
    return _werklijst(request, mijn=False)


@login_required
def mijn_dossiers(request: HttpRequest) -> HttpResponse:
    """ "Mijn dossiers": the dossiers whose casemanager is the logged-in user."""
    return _werklijst(request, mijn=True)


def _werklijst(request: HttpRequest, *, mijn: bool) -> HttpResponse:
    caller = toegang(request)
    vandaag = timezone.localdate()
    mag_reintegratie = caller.may(Product.CASEMANAGEMENT)
    is_gemeente = caller.organisatie.type == OrganisatieType.GEMEENTE
    casemanagers = casemanagers_van(caller.organisatie) if is_gemeente and not mijn else []
    filters = DossierFilterForm(request.GET or None, casemanagers=casemanagers)
    zichtbaar = scope(Dossier.objects.all(), caller)
    if mijn:
        zichtbaar = zichtbaar.filter(casemanager=caller.gebruiker)
    basis = met_werklijst(zichtbaar.select_related("gemeente", "casemanager"), vandaag)
    sortering = "termijn"
    rijen = basis
    if filters.is_valid():
        gekozen = filters.cleaned_data
        if gekozen["status"]:
            rijen = rijen.filter(status=gekozen["status"])
        if gekozen["casemanager"] == "geen":
            rijen = rijen.filter(casemanager__isnull=True)
        elif gekozen["casemanager"]:
            rijen = rijen.filter(casemanager_id=int(gekozen["casemanager"]))
        rijen = filter_werklijst(
            rijen, vandaag, te_laat=gekozen["te_laat"], deze_week=gekozen["deze_week"], caseload=gekozen["caseload"]
        )
        sortering = gekozen["sorteer"] or sortering
    rijen = sorteer(rijen, sortering)
    pagina = Paginator(rijen, DOSSIERS_PER_PAGINA).get_page(request.GET.get("pagina"))
    for rij in pagina:
        rij.bsn_gemaskeerd = mask_bsn(rij.bsn)  # type: ignore[attr-defined]
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    context: dict[str, Any] = {
        "pagina": pagina,
        "filters": filters,
        "vandaag": vandaag,
        "querystring": querystring.urlencode(),
        "mag_reintegratie": mag_reintegratie,
        "is_leverancier": caller.organisatie.type == OrganisatieType.LEVERANCIER,
        "mijn": mijn,
        "actief_weken": ACTIEF_WEKEN,
    }
    if mag_reintegratie:
        tot_en_met = einde_deze_week(vandaag)
        taken = scope(Taak.objects.all(), caller)
        if mijn:
            taken = taken.filter(dossier__casemanager=caller.gebruiker)
        te_laat, deze_week = open_termijnen(taken, vandaag, tot_en_met)
        context.update(
            caseload=caseload(basis),
            tot_en_met=tot_en_met,
            te_late_taken=_met_masker(te_laat[:TERMIJNEN_OP_SCHERM]),
            aantal_te_late_taken=te_laat.count(),
            taken_deze_week=_met_masker(deze_week[:TERMIJNEN_OP_SCHERM]),
            aantal_taken_deze_week=deze_week.count(),
        )
    return render(request, "gemeente/dossiers.html", context)


def _met_masker(taken: QuerySet[Taak]) -> list[Taak]:
    rijen = list(taken)
    for taak in rijen:
        taak.bsn_gemaskeerd = mask_bsn(taak.dossier.bsn)  # type: ignore[attr-defined]
    return rijen
