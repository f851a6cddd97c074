"""/api/v1: each party's API mounted here, plus the OpenAPI document and its rendering."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView

from vangnet.api.problems import not_found

app_name = "api"

urlpatterns = [
    path(
        "openapi.json", SpectacularJSONAPIView.as_view(permission_classes=[], authentication_classes=[]), name="schema"
    ),
    path(
        "docs",
        SpectacularSwaggerView.as_view(url_name="api:schema", permission_classes=[], authentication_classes=[]),
        name="docs",
    ),
    path("", include("vangnet.organisations.api.urls")),
    path("", include("vangnet.hub.api.urls")),
    path("", include("vangnet.gemeente.dossiers.api_urls")),
    path("", include("vangnet.gemeente.register.api_urls")),
    path("", include("vangnet.uwv.api_urls")),
    # Anything else under /api/ is a problem+json 404, with or without a trailing slash.
    re_path(r"^.*$", not_found),
]
