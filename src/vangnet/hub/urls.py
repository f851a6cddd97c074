from django.urls import path

from vangnet.hub import views
from vangnet.hub.signalen import views as signalen_views

app_name = "hub"

urlpatterns = [
    path("dkd/aanleveren/", views.aanleveren, name="aanleveren"),
    path("dkd/aanleveringen/<uuid:id>/", views.aanlevering, name="aanlevering"),
    path("dkd/aanleveringen/<uuid:id>/terugmelding.csv", views.terugmelding_csv, name="terugmelding-csv"),
    path("dkd/monitor/", views.monitor, name="monitor"),
    path("dkd/monitor.csv", views.monitor_csv, name="monitor-csv"),
    path("dkd/instellingen/", views.instellingen, name="instellingen"),
    path("signaalrapporten/", signalen_views.signaalrapporten, name="signaalrapporten"),
    path(
        "signaalrapporten/verwijderen/",
        signalen_views.signaalrapporten_verwijderen,
        name="signaalrapporten-verwijderen",
    ),
    path("signaalrapporten/<uuid:id>/download", signalen_views.signaalrapport_download, name="signaalrapport-download"),
]
