"""vangnet: the LKS re-integration chain of hub, UWV and gemeente."""

__version__ = "0.1.0"
