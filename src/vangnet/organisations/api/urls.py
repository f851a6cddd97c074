from django.urls import path

from vangnet.organisations.api.views import MijView, OrganisatieViewSet

urlpatterns = [
    path("organisaties", OrganisatieViewSet.as_view({"get": "list"}), name="organisatie-list"),
    path("organisaties/<uuid:id>", OrganisatieViewSet.as_view({"get": "retrieve"}), name="organisatie-detail"),
    path("mij", MijView.as_view(), name="mij"),
]
