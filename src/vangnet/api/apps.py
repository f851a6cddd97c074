from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The HTTP API shell: /api/v1 routing, NL API Design Rules conventions, OpenAPI."""

    name = "vangnet.api"
    verbose_name = "API"
