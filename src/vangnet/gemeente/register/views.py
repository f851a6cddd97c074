"""Portal pages of the LKS register (machtiging dkd_aanleveren): the register, its forms, the CSV import,
and sick reports with their tasks. The traffic with the hub: vangnet.gemeente.koppeling.views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.domain.bsn import mask_bsn
from vangnet.domain.lksimport import VOORBEELD_KOP, VOORBEELD_REGEL
from vangnet.gemeente.koppeling.models import DkdLevering
from vangnet.gemeente.register.constants import Kanaal, TaakStatus
from vangnet.gemeente.register.forms import (
    BsnZoekForm,
    LksImportForm,
    PeriodeForm,
    PersoonForm,
    RegisterFilterForm,
    TaakAfhandelenForm,
    WerkgeverForm,
    ZiekmeldingForm,
)
from vangnet.gemeente.register.importeren import MAX_BESTANDSGROOTTE, LksImportGeweigerd, importeer_lks_register
from vangnet.gemeente.register.models import LksImport, LksPeriode, LksPersoon, LksTaak, Werkgever
from vangnet.gemeente.register.services import (
    RegisterFout,
    bewaar_periode,
    bewaar_persoon,
    bewaar_werkgever,
    handel_taak_af,
    meld_ziek,
    verwijder_periode,
)
from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.organisations.scoping import Caller, caller_from_request, scope
from vangnet.portal.csv import csv_response

PERSONEN_PER_PAGINA = 50
OP_SCHERM = 20


def registerbeheerder(request: HttpRequest) -> Caller:
    """The caller when it may keep the gemeente's LKS register (and deliver it); otherwise 403."""
    caller = caller_from_request(request)
    if caller is None or not caller.may(Product.DKD_AANLEVEREN):
        raise PermissionDenied(_("U heeft geen machtiging voor het LKS-register (DKD aanleveren)."))
    if caller.organisatie.type != OrganisatieType.GEMEENTE:
        raise PermissionDenied(_("Alleen een gemeente houdt een LKS-register bij."))
    return caller


def _werkgevers(caller: Caller) -> QuerySet[Werkgever]:
    return scope(Werkgever.objects.all(), caller).order_by("naam")


def _fout_naar_form(form: object, fout: RegisterFout) -> None:
    velden = getattr(form, "fields", {})
    form.add_error(fout.veld if fout.veld in velden else None, fout.reden)  # type: ignore[attr-defined]


def _lopend(vandaag: object) -> Exists:
    return Exists(
        LksPeriode.objects.filter(persoon=OuterRef("pk"), begin__lte=vandaag).filter(
            Q(einde__isnull=True) | Q(einde__gte=vandaag)
        )
    )


# --- the register --------------------------------------------------------------------------------------


@login_required
def register(request: HttpRequest) -> HttpResponse:
    caller = registerbeheerder(request)
    vandaag = timezone.localdate()
    filters = RegisterFilterForm(request.GET or None)
    personen = scope(LksPersoon.objects.all(), caller).annotate(
        lopend=_lopend(vandaag), aantal_perioden=Count("perioden")
    )
    if filters.is_valid():
        if filters.cleaned_data["naam"]:
            personen = personen.filter(achternaam__icontains=filters.cleaned_data["naam"].strip())
        if filters.cleaned_data["alleen_lopend"]:
            personen = personen.filter(lopend=True)
    personen = personen.order_by("achternaam", "voorletters", "id").prefetch_related(
        Prefetch("perioden", queryset=LksPeriode.objects.select_related("werkgever").order_by("-begin"))
    )
    pagina = Paginator(personen, PERSONEN_PER_PAGINA).get_page(request.GET.get("pagina"))
    for persoon in pagina:
        persoon.bsn_gemaskeerd = mask_bsn(persoon.bsn)  # type: ignore[attr-defined]
        persoon.laatste_periode = next(iter(persoon.perioden.all()), None)  # type: ignore[attr-defined]
    taken = list(scope(LksTaak.objects.open().select_related("persoon", "werkgever"), caller).order_by("uiterlijk"))
    for taak in taken:
        taak.status_vandaag = taak.status_op(vandaag)  # type: ignore[attr-defined]
        taak.bsn_gemaskeerd = mask_bsn(taak.persoon.bsn)  # type: ignore[attr-defined]
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    return render(
        request,
        "register/register.html",
        {
            "pagina": pagina,
            "filters": filters,
            "zoeken": BsnZoekForm(),
            "taken": taken,
            "aantal_te_laat": sum(t.status_op(vandaag) == TaakStatus.TE_LAAT for t in taken),
            "vandaag": vandaag,
            "querystring": querystring.urlencode(),
            "laatste_levering": scope(DkdLevering.objects.all(), caller).first(),
        },
    )


@login_required
@require_POST
def zoeken(request: HttpRequest) -> HttpResponse:
    """Find a person by BSN: the BSN travels in the POST body, never in a URL."""
    caller = registerbeheerder(request)
    form = BsnZoekForm(request.POST)
    if form.is_valid():
        persoon = scope(LksPersoon.objects.all(), caller).filter(bsn=form.cleaned_data["bsn"]).first()
        if persoon is not None:
            return redirect("register:persoon", id=persoon.uuid)
        messages.info(request, _("Er staat geen persoon met dit BSN in het register."))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("bsn", [])) or _("Ongeldig BSN."))
    return redirect("register:register")


@login_required
def persoon(request: HttpRequest, id: str) -> HttpResponse:
    caller = registerbeheerder(request)
    gevonden = get_object_or_404(scope(LksPersoon.objects.all(), caller), uuid=id)
    vandaag = timezone.localdate()
    perioden = list(gevonden.perioden.select_related("werkgever").order_by("begin"))
    for periode in perioden:
        periode.lopend = periode.loopt_op(vandaag)  # type: ignore[attr-defined]
    taken = list(gevonden.taken.select_related("werkgever", "afgehandeld_door").order_by("-eerste_ziektedag"))
    for taak in taken:
        taak.status_vandaag = taak.status_op(vandaag)  # type: ignore[attr-defined]
    return render(
        request,
        "register/persoon.html",
        {
            "persoon": gevonden,
            "bsn_gemaskeerd": mask_bsn(gevonden.bsn),
            "perioden": perioden,
            "taken": taken,
            "afhandelen": TaakAfhandelenForm(),
        },
    )


@login_required
def persoon_bewerken(request: HttpRequest, id: str | None = None) -> HttpResponse:
    caller = registerbeheerder(request)
    bestaand = get_object_or_404(scope(LksPersoon.objects.all(), caller), uuid=id) if id else None
    if request.method == "POST":
        form = PersoonForm(request.POST)
        if form.is_valid():
            try:
                opgeslagen, _gewijzigd = bewaar_persoon(caller.organisatie, form.gegevens(), bestaand)
            except RegisterFout as fout:
                _fout_naar_form(form, fout)
            else:
                if bestaand is None:
                    messages.success(request, _("Persoon toegevoegd. Voeg nu de LKS-periode toe."))
                    return redirect("register:periode-nieuw", id=opgeslagen.uuid)
                messages.success(request, _("Gegevens van de persoon opgeslagen."))
                return redirect("register:persoon", id=opgeslagen.uuid)
    else:
        form = PersoonForm.voor(bestaand) if bestaand else PersoonForm()
    return render(request, "register/persoon_form.html", {"form": form, "persoon": bestaand})


@login_required
def periode_bewerken(request: HttpRequest, id: str | None = None, periode_id: str | None = None) -> HttpResponse:
    caller = registerbeheerder(request)
    if periode_id:
        periode = get_object_or_404(scope(LksPeriode.objects.select_related("persoon"), caller), uuid=periode_id)
        eigenaar = periode.persoon
    else:
        periode = None
        eigenaar = get_object_or_404(scope(LksPersoon.objects.all(), caller), uuid=id)
    werkgevers = _werkgevers(caller)
    if request.method == "POST":
        form = PeriodeForm(request.POST, werkgevers=werkgevers)
        if form.is_valid():
            try:
                bewaar_periode(eigenaar, form.cleaned_data["werkgever"], form.gegevens(), periode)
            except RegisterFout as fout:
                _fout_naar_form(form, fout)
            else:
                messages.success(request, _("LKS-periode opgeslagen."))
                return redirect("register:persoon", id=eigenaar.uuid)
    else:
        form = PeriodeForm.voor(periode, werkgevers) if periode else PeriodeForm(werkgevers=werkgevers)
    return render(
        request,
        "register/periode_form.html",
        {"form": form, "persoon": eigenaar, "periode": periode, "geen_werkgevers": not werkgevers.exists()},
    )


@login_required
@require_POST
def periode_verwijderen(request: HttpRequest, periode_id: str) -> HttpResponse:
    caller = registerbeheerder(request)
    periode = get_object_or_404(scope(LksPeriode.objects.select_related("persoon"), caller), uuid=periode_id)
    eigenaar = periode.persoon
    verwijder_periode(periode)
    messages.success(request, _("LKS-periode verwijderd."))
    return redirect("register:persoon", id=eigenaar.uuid)


# --- employers -----------------------------------------------------------------------------------------


@login_required
def werkgevers(request: HttpRequest) -> HttpResponse:
    caller = registerbeheerder(request)
    rijen = _werkgevers(caller).annotate(aantal_perioden=Count("perioden"))
    return render(request, "register/werkgevers.html", {"werkgevers": rijen})


@login_required
def werkgever_bewerken(request: HttpRequest, id: str | None = None) -> HttpResponse:
    caller = registerbeheerder(request)
    bestaand = get_object_or_404(_werkgevers(caller), uuid=id) if id else None
    if request.method == "POST":
        form = WerkgeverForm(request.POST)
        if form.is_valid():
            try:
                bewaar_werkgever(caller.organisatie, form.gegevens(), bestaand)
            except RegisterFout as fout:
                _fout_naar_form(form, fout)
            else:
                messages.success(request, _("Werkgever opgeslagen."))
                return redirect("register:werkgevers")
    else:
        form = WerkgeverForm.voor(bestaand) if bestaand else WerkgeverForm()
    return render(request, "register/werkgever_form.html", {"form": form, "werkgever": bestaand})


# --- CSV import ----------------------------------------------------------------------------------------


@login_required
def importeren(request: HttpRequest) -> HttpResponse:
    caller = registerbeheerder(request)
    form = LksImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        bestand = form.cleaned_data["bestand"]
        if bestand.size > MAX_BESTANDSGROOTTE:
            form.add_error("bestand", _("Het bestand is te groot."))
        else:
            try:
                imp = importeer_lks_register(caller.organisatie, bestand.read(), bestand.name or "", caller.gebruiker)
            except LksImportGeweigerd as weigering:
                form.add_error(
                    "bestand", _("Het bestand is niet ingelezen: %(melding)s") % {"melding": weigering.melding}
                )
            else:
                tekst = _(
                    "Register ingelezen: %(nieuw)s nieuw, %(bij)s bijgewerkt, %(zelfde)s ongewijzigd; "
                    "regels met een fout: %(fouten)s."
                )
                aantallen = {
                    "nieuw": imp.aantal_nieuw,
                    "bij": imp.aantal_bijgewerkt,
                    "zelfde": imp.aantal_ongewijzigd,
                    "fouten": imp.aantal_fouten,
                }
                messages.success(request, tekst % aantallen)
                return redirect("register:import", id=imp.uuid)
    importen = scope(LksImport.objects.select_related("door"), caller)[:OP_SCHERM]
    return render(request, "register/importeren.html", {"form": form, "importen": importen})


@login_required
def lksimport(request: HttpRequest, id: str) -> HttpResponse:
    caller = registerbeheerder(request)
    gevonden = get_object_or_404(scope(LksImport.objects.select_related("door"), caller), uuid=id)
    return render(request, "register/lksimport.html", {"imp": gevonden})


@login_required
def voorbeeld_csv(request: HttpRequest) -> StreamingHttpResponse:
    registerbeheerder(request)
    return csv_response("lks-register-voorbeeld.csv", VOORBEELD_KOP, [VOORBEELD_REGEL])


# --- sick reports and tasks ----------------------------------------------------------------------------


@login_required
def ziekmelding(request: HttpRequest) -> HttpResponse:
    caller = registerbeheerder(request)
    werkgevers_qs = _werkgevers(caller)
    form = ZiekmeldingForm(request.POST or None, werkgevers=werkgevers_qs)
    if request.method == "POST" and form.is_valid():
        try:
            melding = meld_ziek(
                caller.organisatie,
                form.cleaned_data["werkgever"],
                form.cleaned_data["bsn"],
                form.cleaned_data["eerste_ziektedag"],
                kanaal=Kanaal.PORTAAL,
                door=caller.gebruiker,
            )
        except RegisterFout as fout:
            _fout_naar_form(form, fout)
        else:
            taak = melding.taak
            if not melding.nieuw:
                messages.info(request, _("Deze ziekmelding was al bekend; de taak staat in het register."))
            else:
                tekst = _("Taak aangemaakt: LKS tijdig stopzetten / herzien, uiterlijk %(datum)s.") % {
                    "datum": f"{taak.uiterlijk:%d-%m-%Y}"
                }
                if not melding.periode_gevonden:
                    tekst += " " + _("Let op: er loopt op de eerste ziektedag geen LKS-periode bij deze werkgever.")
                messages.success(request, tekst)
            return redirect("register:register")
    return render(request, "register/ziekmelding.html", {"form": form})


@login_required
@require_POST
def taak_afhandelen(request: HttpRequest, id: str) -> HttpResponse:
    caller = registerbeheerder(request)
    taak = get_object_or_404(scope(LksTaak.objects.select_related("persoon"), caller), uuid=id)
    form = TaakAfhandelenForm(request.POST)
    if form.is_valid():
        try:
            handel_taak_af(taak, form.cleaned_data["toelichting"], caller.gebruiker)
        except RegisterFout as fout:
            messages.error(request, fout.reden)
        else:
            messages.success(request, _("Taak afgehandeld."))
    else:
        messages.error(request, _("Schrijf op wat er is besloten."))
    return redirect("register:persoon", id=taak.persoon.uuid)
