from django.urls import path

from vangnet.gemeente.koppeling import views, webhook

app_name = "koppeling"

urlpatterns = [
    path("gemeente/lks/hub/", views.hub, name="hub"),
    path("gemeente/lks/hub/aanleveren/", views.aanleveren, name="aanleveren"),
    path("gemeente/webhooks/signaalrapport", webhook.signaalrapport, name="webhook-signaalrapport"),
]
