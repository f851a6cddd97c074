"""Portal pages of the traffic with the hub (machtiging dkd_aanleveren): deliveries of the register and
the signaalrapporten fetched, and the button that delivers now."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.gemeente.koppeling.aanleveren import LeveringNietMogelijk, lever_register_aan
from vangnet.gemeente.koppeling.constants import LeveringStatus
from vangnet.gemeente.koppeling.models import DkdLevering, OpgehaaldRapport
from vangnet.gemeente.register.constants import Kanaal
from vangnet.gemeente.register.models import LksPersoon
from vangnet.gemeente.register.views import registerbeheerder
from vangnet.organisations.scoping import scope

OP_SCHERM = 20


@login_required
def hub(request: HttpRequest) -> HttpResponse:
    caller = registerbeheerder(request)
    return render(
        request,
        "koppeling/hub.html",
        {
            "leveringen": scope(DkdLevering.objects.select_related("door"), caller)[:OP_SCHERM],
            "rapporten": scope(OpgehaaldRapport.objects.all(), caller)[:OP_SCHERM],
            "aantal_personen": scope(LksPersoon.objects.filter(perioden__isnull=False), caller).distinct().count(),
        },
    )


@login_required
@require_POST
def aanleveren(request: HttpRequest) -> HttpResponse:
    caller = registerbeheerder(request)
    try:
        levering = lever_register_aan(caller.organisatie, kanaal=Kanaal.PORTAAL, door=caller.gebruiker)
    except LeveringNietMogelijk as fout:
        messages.error(request, str(fout))
        return redirect("koppeling:hub")
    if levering.status in (LeveringStatus.GEACCEPTEERD, LeveringStatus.HERHAALD):
        messages.success(
            request,
            _("Aangeleverd met volgnummer %(nummer)s: %(ok)s personen geaccepteerd, %(af)s afgekeurd.")
            % {"nummer": levering.volgnummer, "ok": levering.aantal_geaccepteerd, "af": levering.aantal_afgekeurd},
        )
    else:
        messages.error(
            request,
            _("Niet aangeleverd (%(status)s): %(melding)s")
            % {"status": levering.get_status_display(), "melding": levering.melding},
        )
    return redirect("koppeling:hub")
