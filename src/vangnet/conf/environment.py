"""Every environment variable vangnet reads, declared once with its default and meaning."""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    help: str


DECLARED: dict[str, Variable] = {}


def env(name: str, default: str, help: str) -> str:
    DECLARED[name] = Variable(name, default, help)
    return os.environ.get(name, default)


def env_bool(name: str, default: bool, help: str) -> bool:
    value = env(name, "true" if default else "false", help)
    return value.strip().lower() in {"1", "true", "yes", "ja", "on"}
