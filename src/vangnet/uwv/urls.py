from django.urls import path

from vangnet.uwv import views

app_name = "uwv"

urlpatterns = [
    path("uwv/", views.werklijst, name="werklijst"),
    path("uwv/ziekmeldingen/nieuw/", views.nieuw, name="nieuw"),
    path("uwv/claims/<uuid:id>/", views.claim, name="claim"),
    path("uwv/claims/<uuid:id>/<slug:actie>/", views.actie, name="actie"),
    path("uwv/brieven/<uuid:id>/", views.brief_html, name="brief"),
    path("uwv/brieven/<uuid:id>/pdf", views.brief_pdf_download, name="brief-pdf"),
]
