"""gunicorn reads this file when started in the checkout: vangnet's settings, from src/vangnet/conf/gunicorn.py."""

from vangnet.conf.gunicorn import *  # noqa: F403
