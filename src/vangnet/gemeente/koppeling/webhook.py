"""POST /gemeente/webhooks/signaalrapport: the hub announces a new signaalrapport; fetch and import it.

The message is checked before anything else (vangnet.gemeente.koppeling.ophalen.ontvang_webhook): a
missing or wrong signature, a timestamp more than five minutes off, or a replayed message is a
401. Then the report is fetched from the hub with the gemeente's own API key and imported. When
the hub cannot be reached the answer is 502, so the hub tries again later; a report fetched before
is a 200 that changes nothing.
"""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from vangnet.gemeente.koppeling.constants import OphaalWijze
from vangnet.gemeente.koppeling.hubclient import HubClient, HubFout
from vangnet.gemeente.koppeling.ophalen import MAX_WEBHOOK_BYTES, WebhookGeweigerd, haal_rapport_op, ontvang_webhook


@csrf_exempt
@require_POST
def signaalrapport(request: HttpRequest) -> JsonResponse:
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_WEBHOOK_BYTES:
        return JsonResponse({"detail": "Het bericht is te groot."}, status=413)
    headers = {naam.lower(): waarde for naam, waarde in request.headers.items()}
    try:
        bericht = ontvang_webhook(headers, request.body)
    except WebhookGeweigerd as weigering:
        return JsonResponse({"detail": weigering.reden}, status=weigering.status_code)
    if bericht.rapport is None:
        return JsonResponse({"status": "genegeerd", "detail": "Geen bericht over een signaalrapport."})
    try:
        with HubClient.voor(bericht.gemeente) as client:
            opgehaald, nieuw = haal_rapport_op(
                bericht.gemeente, client, bericht.rapport, OphaalWijze.WEBHOOK, bericht.gegevens
            )
    except HubFout as fout:
        return JsonResponse({"detail": fout.melding}, status=502)
    return JsonResponse(
        {
            "status": opgehaald.status if nieuw else "al_opgehaald",
            "rapport": str(bericht.rapport),
            "signaalimport": str(opgehaald.signaalimport) if opgehaald.signaalimport else None,
        }
    )
