from django.contrib import admin
from django.urls import include, path, re_path

from vangnet.api.problems import not_found
from vangnet.hub.dkd.verwijsindex_soap import ib_verwijsindex
from vangnet.hub.soap.views import gsd_dossier_reintegratie

admin.site.site_header = "vangnet beheer"
admin.site.site_title = "vangnet beheer"

urlpatterns = [
    path("api/v1/", include("vangnet.api.urls")),
    re_path(r"^api(/.*)?$", not_found),
    path("beheer/", admin.site.urls),
    path("soap/IBVerwijsindex-v0300", ib_verwijsindex, name="soap-ibverwijsindex"),
    path("soap/GSDDossierReintegratie-v0200", gsd_dossier_reintegratie, name="soap-gsd-dossier-reintegratie"),
    path("", include("vangnet.hub.urls")),
    path("", include("vangnet.gemeente.dossiers.urls")),
    path("", include("vangnet.gemeente.register.urls")),
    path("", include("vangnet.gemeente.koppeling.urls")),
    path("", include("vangnet.uwv.urls")),
    path("", include("vangnet.portal.urls")),
]

handler404 = "vangnet.portal.views.page_not_found"
handler403 = "vangnet.portal.views.permission_denied"
handler500 = "vangnet.portal.views.server_error"
