from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Commands that serve the whole chain rather than one party: demo, serve, poortwachter."""

    name = "vangnet.core"
    verbose_name = "vangnet"
