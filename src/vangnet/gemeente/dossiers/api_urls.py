from django.urls import path

from vangnet.gemeente.dossiers.api import (
    DocumentInhoudView,
    DossiersView,
    DossierView,
    DossierZoekenView,
    MedischeNotitiesView,
    SignaalimportenView,
    SignaalimportView,
)

urlpatterns = [
    path("gemeente/signaalimport", SignaalimportenView.as_view(), name="gemeente-signaalimporten"),
    path("gemeente/signaalimport/<uuid:id>", SignaalimportView.as_view(), name="gemeente-signaalimport"),
    path("gemeente/dossiers", DossiersView.as_view(), name="gemeente-dossiers"),
    path("gemeente/dossiers/zoeken", DossierZoekenView.as_view(), name="gemeente-dossiers-zoeken"),
    path("gemeente/dossiers/<uuid:id>", DossierView.as_view(), name="gemeente-dossier"),
    path(
        "gemeente/dossiers/<uuid:id>/medische-notities",
        MedischeNotitiesView.as_view(),
        name="gemeente-dossier-medische-notities",
    ),
    path(
        "gemeente/dossiers/<uuid:id>/documenten/<uuid:document_id>",
        DocumentInhoudView.as_view(),
        name="gemeente-dossier-document",
    ),
]
