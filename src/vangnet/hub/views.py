"""Portal pages of the hub's DKD product: deliver a file, the history, and a delivery's terugmelding."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from vangnet.domain.aanlevermonitor import PRIORITEIT, STATUS_LABELS
from vangnet.domain.gemeenten import all_gemeenten
from vangnet.hub.constants import Aanlevermethode, Kanaal
from vangnet.hub.dkd.ingest import AanleveringGeweigerd, Afzender, lever_aan
from vangnet.hub.dkd.instellingen import instelling_van, wijzig_instelling
from vangnet.hub.dkd.monitor import CSV_HEADER as MONITOR_CSV_HEADER
from vangnet.hub.dkd.monitor_filters import monitor_voor
from vangnet.hub.dkd.terugmelding import CSV_HEADER, terugmelding_bestandsnaam, terugmelding_regels
from vangnet.hub.forms import AanleverForm, InstellingForm
from vangnet.hub.models import AfgekeurdRecord, DkdAanlevering
from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.organisations.scoping import Caller, caller_from_request, scope
from vangnet.portal.csv import csv_response

TERUGMELDING_OP_SCHERM = 200


def _caller_with(request: HttpRequest, product: str) -> Caller:
    caller = caller_from_request(request)
    if caller is None or not caller.may(product):
        raise PermissionDenied(_("U heeft geen machtiging voor dit onderdeel."))
    return caller


@login_required
def aanleveren(request: HttpRequest) -> HttpResponse:
    caller = _caller_with(request, Product.DKD_AANLEVEREN)
    form = AanleverForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        afzender = Afzender(caller.organisatie, Kanaal.PORTAAL, gebruiker=caller.gebruiker)
        try:
            bestand = form.cleaned_data["bestand"]
            resultaat = lever_aan(afzender, bestand, grootte=bestand.size)
        except AanleveringGeweigerd as weigering:
            form.add_error("bestand", _("Het bestand is geweigerd: %(melding)s") % {"melding": weigering.melding})
        else:
            aanlevering = resultaat.aanlevering
            if resultaat.herhaald:
                messages.info(request, _("Dit volgnummer was al verwerkt; er is niets gewijzigd."))
            else:
                messages.success(
                    request,
                    _("Aanlevering verwerkt: %(ok)s personen geaccepteerd, %(nok)s afgekeurd.")
                    % {"ok": aanlevering.aantal_geaccepteerd, "nok": aanlevering.aantal_afgekeurd},
                )
            return redirect("hub:aanlevering", id=aanlevering.uuid)
    aanleveringen = scope(DkdAanlevering.objects.all(), caller)[:50]
    return render(request, "hub/aanleveren.html", {"form": form, "aanleveringen": aanleveringen})


@login_required
def aanlevering(request: HttpRequest, id: str) -> HttpResponse:
    caller = _caller_with(request, Product.DKD_AANLEVEREN)
    gevonden = get_object_or_404(scope(DkdAanlevering.objects.all(), caller), uuid=id)
    regels = AfgekeurdRecord.objects.filter(aanlevering=gevonden).order_by("positie", "id")[:TERUGMELDING_OP_SCHERM]
    return render(
        request,
        "hub/aanlevering.html",
        {"aanlevering": gevonden, "regels": regels, "max_regels": TERUGMELDING_OP_SCHERM},
    )


@login_required
def terugmelding_csv(request: HttpRequest, id: str) -> StreamingHttpResponse:
    caller = _caller_with(request, Product.DKD_AANLEVEREN)
    gevonden = get_object_or_404(scope(DkdAanlevering.objects.select_related("gemeente"), caller), uuid=id)
    rows = (regel.as_csv_row() for regel in terugmelding_regels(gevonden))
    return csv_response(terugmelding_bestandsnaam(gevonden, "csv"), CSV_HEADER, rows)


def _monitor_caller(request: HttpRequest) -> Caller:
    caller = caller_from_request(request)
    allowed = caller is not None and (
        (caller.is_hub and caller.may(Product.BEHEER))
        or (not caller.is_hub and (caller.may(Product.DKD_AANLEVEREN) or caller.may(Product.BEHEER)))
    )
    if caller is None or not allowed:
        raise PermissionDenied(_("U heeft geen machtiging voor de aanlevermonitor."))
    return caller


MONITOR_KOLOMMEN = (
    ("gemeente", _lazy("Gemeente")),
    ("provincie", _lazy("Provincie")),
    ("methode", _lazy("Methode")),
    ("status", _lazy("Status")),
    ("laatste_aanlevering", _lazy("Laatste aanlevering")),
    ("afkeurpercentage", _lazy("Afgekeurd")),
    ("verwijsindex", _lazy("Verwijsindex")),
)


def _sorteerkolommen(params: QueryDict) -> list[dict[str, str]]:
    """Column headers that sort the table: a second click reverses; aria-sort tells screen readers."""
    huidig = params.get("sorteer", "status")
    kolommen = []
    for sleutel, label in MONITOR_KOLOMMEN:
        nieuw = params.copy()
        actief = huidig.lstrip("-") == sleutel
        nieuw["sorteer"] = f"-{sleutel}" if huidig == sleutel else sleutel
        richting = ("descending" if huidig.startswith("-") else "ascending") if actief else "none"
        kolommen.append({"label": str(label), "href": "?" + nieuw.urlencode(), "aria_sort": richting})
    return kolommen


@login_required
def monitor(request: HttpRequest) -> HttpResponse:
    caller = _monitor_caller(request)
    rijen = monitor_voor(caller, request.GET)
    context = {
        "rijen": rijen,
        "is_hub": caller.is_hub,
        "statussen": [(s.value, STATUS_LABELS[s]) for s in PRIORITEIT],
        "methodes": Aanlevermethode.choices,
        "provincies": sorted({g.provincie for g in all_gemeenten()}),
        "params": request.GET,
        "kolommen": _sorteerkolommen(request.GET),
        "querystring": request.GET.urlencode(),
        "aanleveringen": None if caller.is_hub else scope(DkdAanlevering.objects.all(), caller)[:20],
    }
    return render(request, "hub/monitor.html", context)


@login_required
def monitor_csv(request: HttpRequest) -> StreamingHttpResponse:
    caller = _monitor_caller(request)
    rijen = monitor_voor(caller, request.GET)
    naam = f"aanlevermonitor_{timezone.localdate():%Y%m%d}.csv"
    return csv_response(naam, MONITOR_CSV_HEADER, (rij.as_csv_row() for rij in rijen))


@login_required
def instellingen(request: HttpRequest) -> HttpResponse:
    caller = _caller_with(request, Product.BEHEER)
    if caller.organisatie.type != OrganisatieType.GEMEENTE:
        raise PermissionDenied(_("DKD-instellingen zijn er alleen voor gemeenten."))
    form = InstellingForm(request.POST or None, instance=instelling_van(caller.organisatie))
    if request.method == "POST" and form.is_valid():
        wijzig_instelling(caller.organisatie, door=caller.gebruiker, **form.cleaned_data)
        messages.success(request, _("De DKD-instellingen zijn opgeslagen."))
        return redirect("hub:instellingen")
    return render(request, "hub/instellingen.html", {"form": form})
