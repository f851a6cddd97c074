"""Portal "LKS re-integratie – Ophalen": the gemeente's signaalrapporten, download, and delete selected."""

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vangnet.hub.constants import Kanaal
from vangnet.hub.signalen.rapporten import (
    DOOR,
    controleer_toegang,
    csv_bestand,
    download,
    downloadbare_rapporten,
    is_auditor,
    is_ontvanger,
    rapporten_voor,
    verwijder,
)
from vangnet.organisations.scoping import Caller, caller_from_request

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PER_PAGINA = 50
# Dates as the table shows them (DD-MM-JJJJ); ISO dates are accepted too, for bookmarks and links.
DATUMFORMATEN = ["%d-%m-%Y", "%Y-%m-%d"]


def _datumveld(label: "StrOrPromise", naam: str) -> forms.DateField:
    attrs = {
        "class": "utrecht-textbox utrecht-textbox--html-input vn-date",
        "autocomplete": "off",
        "aria-describedby": f"id_{naam}-hulp",
    }
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATUMFORMATEN,
        help_text=_lazy("dd-mm-jjjj"),
        error_messages={"invalid": _lazy("Vul een datum in als dd-mm-jjjj, bijvoorbeeld 01-11-2026.")},
        widget=forms.DateInput(format="%d-%m-%Y", attrs=attrs),
    )


class PeriodeForm(forms.Form):
    van = _datumveld(_lazy("Gepubliceerd vanaf"), "van")
    tot = _datumveld(_lazy("Gepubliceerd tot en met"), "tot")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        van, tot = data.get("van"), data.get("tot")
        if van is not None and tot is not None and van > tot:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        return data


def _caller(request: HttpRequest) -> Caller:
    caller = caller_from_request(request)
    if caller is None:
        raise PermissionDenied(_("U heeft geen machtiging voor LKS re-integratie ophalen."))
    controleer_toegang(caller)
    return caller


def _periode(form: PeriodeForm) -> tuple[date | None, date | None]:
    if not form.is_valid():
        return None, None
    return form.cleaned_data.get("van"), form.cleaned_data.get("tot")


def _zonder(params: QueryDict, *keys: str) -> str:
    rest = params.copy()
    for key in keys:
        rest.pop(key, None)
    return rest.urlencode()


def _lijst_url(filter_querystring: str) -> str:
    """The list again with the filter the user had."""
    url = reverse("hub:signaalrapporten")
    return f"{url}?{filter_querystring}" if filter_querystring else url


@login_required
def signaalrapporten(request: HttpRequest) -> HttpResponse:
    caller = _caller(request)
    form = PeriodeForm(request.GET if ("van" in request.GET or "tot" in request.GET) else None)
    van, tot = _periode(form)
    rapporten = rapporten_voor(caller, van, tot)
    auditor = is_auditor(caller)
    if auditor:
        rapporten = rapporten.select_related("verwijderd_door").annotate(aantal_downloads=Count("downloads"))
    pagina = Paginator(rapporten, PER_PAGINA).get_page(request.GET.get("pagina"))
    context = {
        "form": form,
        "pagina": pagina,
        "paginanummers": list(pagina.paginator.get_elided_page_range(pagina.number, on_each_side=2, on_ends=1)),
        "door": DOOR,
        "is_auditor": auditor,
        "mag_verwijderen": is_ontvanger(caller),
        "gefilterd": van is not None or tot is not None,
        "filter_querystring": _zonder(request.GET, "pagina"),
    }
    return render(request, "hub/signaalrapporten.html", context)


@login_required
def signaalrapport_download(request: HttpRequest, id: uuid.UUID) -> HttpResponse:
    caller = _caller(request)
    rapport = get_object_or_404(downloadbare_rapporten(caller), uuid=id)
    return csv_bestand(rapport, download(rapport, caller, Kanaal.PORTAAL))


def _geselecteerde_uuids(request: HttpRequest) -> list[uuid.UUID]:
    gekozen = []
    for waarde in request.POST.getlist("rapport"):
        try:
            gekozen.append(uuid.UUID(waarde))
        except ValueError:
            continue
    return gekozen


@login_required
@require_POST
def signaalrapporten_verwijderen(request: HttpRequest) -> HttpResponse:
    """Two steps: the selection is shown for confirmation, and deleted only once confirmed."""
    caller = _caller(request)
    if not is_ontvanger(caller) or caller.gebruiker is None:
        raise PermissionDenied(_("Alleen de gemeente zelf kan haar signaalrapporten verwijderen."))
    filter_querystring = QueryDict(request.POST.get("filter", "")).urlencode()
    gekozen = rapporten_voor(caller).filter(uuid__in=_geselecteerde_uuids(request))
    if not gekozen.exists():
        messages.error(request, _("Selecteer eerst een of meer rapporten om te verwijderen."))
        return redirect(_lijst_url(filter_querystring))
    if request.POST.get("bevestigd") != "ja":
        context = {"rapporten": list(gekozen), "door": DOOR, "filter_querystring": filter_querystring}
        return render(request, "hub/signaalrapporten_verwijderen.html", context)
    aantal = verwijder(gekozen, caller.gebruiker)
    messages.success(
        request, ngettext("%(n)s rapport verwijderd.", "%(n)s rapporten verwijderd.", aantal) % {"n": aantal}
    )
    return redirect(_lijst_url(filter_querystring))
