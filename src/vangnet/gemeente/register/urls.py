from django.urls import path

from vangnet.gemeente.register import soap_provider, views

app_name = "register"

urlpatterns = [
    path("gemeente/lks/", views.register, name="register"),
    path("gemeente/lks/zoeken/", views.zoeken, name="zoeken"),
    path("gemeente/lks/personen/nieuw/", views.persoon_bewerken, name="persoon-nieuw"),
    path("gemeente/lks/personen/<uuid:id>/", views.persoon, name="persoon"),
    path("gemeente/lks/personen/<uuid:id>/bewerken/", views.persoon_bewerken, name="persoon-bewerken"),
    path("gemeente/lks/personen/<uuid:id>/perioden/nieuw/", views.periode_bewerken, name="periode-nieuw"),
    path("gemeente/lks/perioden/<uuid:periode_id>/bewerken/", views.periode_bewerken, name="periode-bewerken"),
    path("gemeente/lks/perioden/<uuid:periode_id>/verwijderen/", views.periode_verwijderen, name="periode-verwijderen"),
    path("gemeente/lks/werkgevers/", views.werkgevers, name="werkgevers"),
    path("gemeente/lks/werkgevers/nieuw/", views.werkgever_bewerken, name="werkgever-nieuw"),
    path("gemeente/lks/werkgevers/<uuid:id>/bewerken/", views.werkgever_bewerken, name="werkgever-bewerken"),
    path("gemeente/lks/importeren/", views.importeren, name="importeren"),
    path("gemeente/lks/importeren/voorbeeld.csv", views.voorbeeld_csv, name="voorbeeld-csv"),
    path("gemeente/lks/importen/<uuid:id>/", views.lksimport, name="import"),
    path("gemeente/lks/ziekmelding/", views.ziekmelding, name="ziekmelding"),
    path("gemeente/lks/taken/<uuid:id>/afhandelen/", views.taak_afhandelen, name="taak-afhandelen"),
    path(
        "gemeente/<str:gemeentecode>/soap/GSDDossierReintegratie-v0200",
        soap_provider.gsd_dossier_reintegratie,
        name="soap-gsd-dossier-reintegratie",
    ),
]
