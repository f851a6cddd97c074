from django.urls import path

from vangnet.uwv.api import EindeUitkeringView, ZiekmeldingenView, ZiekmeldingView, ZiekmeldingZoekenView

urlpatterns = [
    path("uwv/ziekmeldingen", ZiekmeldingenView.as_view(), name="uwv-ziekmeldingen"),
    path("uwv/ziekmeldingen/zoeken", ZiekmeldingZoekenView.as_view(), name="uwv-ziekmeldingen-zoeken"),
    path("uwv/ziekmeldingen/<uuid:id>", ZiekmeldingView.as_view(), name="uwv-ziekmelding"),
    path("uwv/ziekmeldingen/<uuid:id>/einde-uitkering", EindeUitkeringView.as_view(), name="uwv-einde-uitkering"),
]
