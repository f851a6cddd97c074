from django.urls import path

from vangnet.gemeente import views

app_name = "gemeente"

urlpatterns = [
    path("gemeente/signalen/importeren/", views.importeren, name="importeren"),
    path("gemeente/signalen/importen/<uuid:id>/", views.signaalimport, name="signaalimport"),
    path("gemeente/dossiers/", views.dossiers, name="dossiers"),
    path("gemeente/dossiers/<uuid:id>/", views.dossier, name="dossier"),
]
