"""gunicorn's settings for vangnet: ``gunicorn -c python:vangnet.conf.gunicorn vangnet.wsgi``.

gunicorn.conf.py in the checkout loads these, so ``gunicorn vangnet.wsgi`` started there uses them
too; flags on the command line still win. Measured with bench/lks_toets.py on two cores (see
docs/performance.md, "LKS-toets and publication"): a process per core with two threads each.
The API's requests mostly use the CPU, and the threads of one process share its GIL: with eight
threads a worker runs eight requests interleaved and the slowest wait longest, with two the
others wait their turn in the worker's queue.
"""

import os

from vangnet.conf.environment import env

workers = int(env("VANGNET_GUNICORN_WORKERS", str(os.cpu_count() or 1), "gunicorn worker processes: one per core."))
worker_class = "gthread"
threads = int(
    env(
        "VANGNET_GUNICORN_THREADS",
        "2",
        "Threads per gunicorn worker. More only help while requests wait rather than compute, for "
        "example when gemeente webservices answer slowly in LKS-toetsen.",
    )
)
# gunicorn does not spread kept-alive connections over its workers: one worker may hold most of
# them while the other idles. A worker holds at most this many, keeps at most this many minus its
# threads alive (closing the others after their answer), and leaves new ones to the other workers.
worker_connections = int(
    env("VANGNET_GUNICORN_CONNECTIONS", "10", "Most client connections one gunicorn worker holds at a time.")
)
keepalive = 5  # seconds an idle connection keeps its place
