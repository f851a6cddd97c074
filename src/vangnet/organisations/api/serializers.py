from rest_framework import serializers

from vangnet.api.serializers import ModelSerializer
from vangnet.organisations.models import Organisatie


class OrganisatieSerializer(ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    producten = serializers.SerializerMethodField(help_text="De producten die dit type organisatie kan gebruiken.")

    class Meta:
        model = Organisatie
        fields = ["id", "naam", "type", "gemeentecode", "producten"]

    def get_producten(self, organisatie: Organisatie) -> list[str]:
        return list(organisatie.available_products())


class MijSerializer(serializers.Serializer):
    organisatie = OrganisatieSerializer()
    machtigingen = serializers.ListField(child=serializers.CharField())
    via = serializers.ChoiceField(choices=["api_sleutel", "gebruiker"])
