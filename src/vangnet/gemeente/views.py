"""Portal pages of casemanagement: import a signaalrapport, and the dossier list (one dossier: dossierviews)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.domain.bsn import mask_bsn
from vangnet.gemeente.constants import Bron
from vangnet.gemeente.dossierviews import toegang
from vangnet.gemeente.forms import DossierFilterForm, SignaalimportForm
from vangnet.gemeente.models import Dossier, Signaalimport
from vangnet.gemeente.signalen import MAX_BESTANDSGROOTTE, SignaalimportGeweigerd, importeer_signaalrapport
from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.organisations.scoping import Caller, caller_from_request, scope

DOSSIERS_PER_PAGINA = 50
IMPORTEN_OP_SCHERM = 20


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
    caller = toegang(request)
    vandaag = timezone.localdate()
    filters = DossierFilterForm(request.GET or None)
    basis = Dossier.objects.met_volgende_taak(vandaag).select_related("gemeente")
    if filters.is_valid():
        if filters.cleaned_data["status"]:
            basis = basis.filter(status=filters.cleaned_data["status"])
        if filters.cleaned_data["te_laat"]:
            basis = basis.met_te_late_taken(vandaag)
    rijen = scope(basis, caller)
    rijen = rijen.order_by(F("volgende_uiterlijk").asc(nulls_last=True), "-geopend_op", "-id")
    pagina = Paginator(rijen, DOSSIERS_PER_PAGINA).get_page(request.GET.get("pagina"))
    for rij in pagina:
        rij.bsn_gemaskeerd = mask_bsn(rij.bsn)  # type: ignore[attr-defined]
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    return render(
        request,
        "gemeente/dossiers.html",
        {
            "pagina": pagina,
            "filters": filters,
            "vandaag": vandaag,
            "querystring": querystring.urlencode(),
            "mag_reintegratie": caller.may(Product.CASEMANAGEMENT),
            "is_leverancier": caller.organisatie.type == OrganisatieType.LEVERANCIER,
        },
    )
