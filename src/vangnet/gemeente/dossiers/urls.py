from django.urls import path

from vangnet.gemeente.dossiers import dossierviews, views

app_name = "gemeente"

DOSSIER = "gemeente/dossiers/<uuid:id>/"

urlpatterns = [
    path("gemeente/signalen/importeren/", views.importeren, name="importeren"),
    path("gemeente/signalen/importen/<uuid:id>/", views.signaalimport, name="signaalimport"),
    path("gemeente/dossiers/", views.dossiers, name="dossiers"),
    path("gemeente/dossiers/mijn/", views.mijn_dossiers, name="mijn-dossiers"),
    path(DOSSIER, dossierviews.dossier, name="dossier"),
    path(f"{DOSSIER}taken/<uuid:taak_id>/", dossierviews.taak, name="taak"),
    path(f"{DOSSIER}taken/<uuid:taak_id>/afronden/", dossierviews.taak_afronden, name="taak-afronden"),
    path(f"{DOSSIER}taken/<uuid:taak_id>/verplaatsen/", dossierviews.taak_verplaatsen, name="taak-verplaatsen"),
    path(f"{DOSSIER}documenten/", dossierviews.document_toevoegen, name="document-toevoegen"),
    path(f"{DOSSIER}documenten/<uuid:document_id>/", dossierviews.document, name="document"),
    path(f"{DOSSIER}contactmomenten/", dossierviews.contactmoment_toevoegen, name="contactmoment-toevoegen"),
    path(f"{DOSSIER}interventies/", dossierviews.interventie_toevoegen, name="interventie-toevoegen"),
    path(f"{DOSSIER}interventies/<uuid:interventie_id>/", dossierviews.interventie, name="interventie"),
    path(f"{DOSSIER}medisch/", dossierviews.medische_notitie_toevoegen, name="medische-notitie-toevoegen"),
    path(f"{DOSSIER}casemanager/", dossierviews.casemanager_toewijzen, name="casemanager-toewijzen"),
    path(f"{DOSSIER}leverancier/", dossierviews.leverancier_toewijzen, name="leverancier-toewijzen"),
    path(f"{DOSSIER}export.csv", dossierviews.export, name="export"),
    path(f"{DOSSIER}doorverwijzen/", dossierviews.doorverwijzen, name="doorverwijzen"),
    path(f"{DOSSIER}reintegratieverslag/", dossierviews.reintegratieverslag, name="reintegratieverslag"),
]
