from django.urls import path

from vangnet.hub.api.views import AanleveringenView, AanleveringView, MonitorView, TerugmeldingView

urlpatterns = [
    path("dkd/aanleveringen", AanleveringenView.as_view(), name="dkd-aanleveringen"),
    path("dkd/aanleveringen/<uuid:id>", AanleveringView.as_view(), name="dkd-aanlevering"),
    path("dkd/aanleveringen/<uuid:id>/terugmelding", TerugmeldingView.as_view(), name="dkd-terugmelding"),
    path("dkd/monitor", MonitorView.as_view(), name="dkd-monitor"),
]
