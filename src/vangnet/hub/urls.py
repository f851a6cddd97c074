from django.urls import path

from vangnet.hub import views

app_name = "hub"

urlpatterns = [
    path("dkd/aanleveren/", views.aanleveren, name="aanleveren"),
    path("dkd/aanleveringen/<uuid:id>/", views.aanlevering, name="aanlevering"),
    path("dkd/aanleveringen/<uuid:id>/terugmelding.csv", views.terugmelding_csv, name="terugmelding-csv"),
    path("dkd/monitor/", views.monitor, name="monitor"),
    path("dkd/monitor.csv", views.monitor_csv, name="monitor-csv"),
    path("dkd/instellingen/", views.instellingen, name="instellingen"),
]
