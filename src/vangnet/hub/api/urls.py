from django.urls import path

from vangnet.hub.api.views import AanleveringenView, AanleveringView, MonitorView, TerugmeldingView
from vangnet.hub.dkd.verwijsindex_api import VerwijsindexLeveringenView, VerwijsindexLeveringView, VerwijsindexView
from vangnet.hub.signalen.api import SignaalrapportDownloadView, SignaalrapportenView, SignaalrapportView
from vangnet.hub.signalen.api_uwv import LksToetsenView, MeldingenView, MeldingView
from vangnet.hub.signalen.api_webhooks import WebhooksView, WebhookView
from vangnet.hub.signalen.doorverwijzingen import DoorverwijzingenView

urlpatterns = [
    path("dkd/aanleveringen", AanleveringenView.as_view(), name="dkd-aanleveringen"),
    path("dkd/aanleveringen/<uuid:id>", AanleveringView.as_view(), name="dkd-aanlevering"),
    path("dkd/aanleveringen/<uuid:id>/terugmelding", TerugmeldingView.as_view(), name="dkd-terugmelding"),
    path("dkd/monitor", MonitorView.as_view(), name="dkd-monitor"),
    path("dkd/verwijsindex", VerwijsindexView.as_view(), name="dkd-verwijsindex"),
    path("dkd/verwijsindex/leveringen", VerwijsindexLeveringenView.as_view(), name="dkd-verwijsindex-leveringen"),
    path("dkd/verwijsindex/leveringen/<uuid:id>", VerwijsindexLeveringView.as_view(), name="dkd-verwijsindex-levering"),
    path("doorverwijzingen", DoorverwijzingenView.as_view(), name="doorverwijzingen"),
    path("lks-toetsen", LksToetsenView.as_view(), name="lks-toetsen"),
    path("meldingen", MeldingenView.as_view(), name="meldingen"),
    path("meldingen/<uuid:id>", MeldingView.as_view(), name="melding"),
    path("signaalrapporten", SignaalrapportenView.as_view(), name="signaalrapporten"),
    path("signaalrapporten/<uuid:id>", SignaalrapportView.as_view(), name="signaalrapport"),
    path("signaalrapporten/<uuid:id>/download", SignaalrapportDownloadView.as_view(), name="signaalrapport-download"),
    path("webhooks", WebhooksView.as_view(), name="webhooks"),
    path("webhooks/<uuid:id>", WebhookView.as_view(), name="webhook"),
]
