from django.urls import reverse
from rest_framework import serializers

from vangnet.api.serializers import ModelSerializer
from vangnet.hub.models import DkdAanlevering


class GemeenteVerwijzingSerializer(serializers.Serializer):
    code = serializers.CharField(source="gemeentecode")
    naam = serializers.CharField()


class AanleveringSerializer(ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    gemeente = GemeenteVerwijzingSerializer(read_only=True)
    afkeurpercentage = serializers.FloatField(read_only=True)
    links = serializers.SerializerMethodField()

    class Meta:
        model = DkdAanlevering
        fields = [
            "id",
            "gemeente",
            "cluster",
            "kanaal",
            "status",
            "volgnummer",
            "aanmaakdatum",
            "berichtversie",
            "bestand_sha256",
            "bestandsgrootte",
            "ontvangen_op",
            "verwerkt_op",
            "aantal_personen",
            "aantal_geaccepteerd",
            "aantal_afgekeurd",
            "aantal_voorzieningen",
            "afkeurpercentage",
            "fout_code",
            "fout_melding",
            "links",
        ]

    def get_links(self, aanlevering: DkdAanlevering) -> dict[str, str]:
        return {
            "self": reverse("api:dkd-aanlevering", kwargs={"id": aanlevering.uuid}),
            "terugmelding": reverse("api:dkd-terugmelding", kwargs={"id": aanlevering.uuid}),
        }


class TerugmeldingRegelSerializer(serializers.Serializer):
    positie = serializers.IntegerField()
    bsn = serializers.CharField()
    veld = serializers.CharField()
    reden = serializers.CharField()


class TerugmeldingSerializer(serializers.Serializer):
    aanlevering = serializers.UUIDField()
    aantal = serializers.IntegerField()
    regels = TerugmeldingRegelSerializer(many=True)


class MonitorRijSerializer(serializers.Serializer):
    gemeentecode = serializers.CharField()
    naam = serializers.CharField()
    provincie = serializers.CharField()
    methode = serializers.CharField()
    frequentie = serializers.CharField()
    status = serializers.ChoiceField(choices=["ok", "te_laat", "onvolledig", "foutief", "onbereikbaar"])
    redenen = serializers.ListField(child=serializers.CharField(), source="beoordeling.redenen")
    laatste_aanlevering = serializers.DateTimeField(allow_null=True)
    volgnummer = serializers.IntegerField(allow_null=True)
    aantal_geaccepteerd = serializers.IntegerField()
    aantal_afgekeurd = serializers.IntegerField()
    afkeurpercentage = serializers.FloatField()
    verwijsindex_aantal = serializers.IntegerField()
    verwijsindex_bijgewerkt_op = serializers.DateTimeField(allow_null=True)
    webservice_laatste_succes = serializers.DateTimeField(allow_null=True)
    webservice_faalpercentage = serializers.FloatField()
