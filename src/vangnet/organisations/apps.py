from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "vangnet.organisations"
    verbose_name = _("Organisaties en toegang")

    def ready(self) -> None:
        from vangnet.organisations import gemeentelijst
        from vangnet.organisations.models import Organisatie

        def vergeet_gemeentelijst(**_kwargs: Any) -> None:
            gemeentelijst.vergeet()

        post_save.connect(vergeet_gemeentelijst, sender=Organisatie, dispatch_uid="gemeentelijst-save", weak=False)
        post_delete.connect(vergeet_gemeentelijst, sender=Organisatie, dispatch_uid="gemeentelijst-delete", weak=False)
