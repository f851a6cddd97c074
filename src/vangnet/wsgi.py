import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vangnet.conf.base")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - import every view now rather than in the first request
# What is loaded now lives as long as the process: keep it out of the collector's full passes,
# which would otherwise walk all of it again during each large request (10,000 LKS-toetsen).
gc.freeze()
