"""The base of every error the pure domain raises: invalid input, explained in Dutch."""


class DomainError(ValueError):
    """A domain rule refused its input; the message is Dutch and meant for the user."""
