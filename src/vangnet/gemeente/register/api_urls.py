from django.urls import path

from vangnet.gemeente.register.api import ZiekmeldingenView

urlpatterns = [
    path("gemeente/lks/ziekmeldingen", ZiekmeldingenView.as_view(), name="gemeente-lks-ziekmeldingen"),
]
