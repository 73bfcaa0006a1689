"""Gunicorn settings (read automatically from the working directory).

    gunicorn coprod_grid.wsgi           # with DJANGO_SETTINGS_MODULE=coprod_grid.production

Two processes of four threads each by default, for a 2-CPU machine: pages spend some of
their time waiting on PostgreSQL, which threads overlap, while the CPU-bound work (the
PDF layout, a cold chart) needs a second process to keep the other CPU busy, because a
thread holds Python's GIL while it computes. More processes than CPUs only adds memory
(each holds WeasyPrint and plotly, about 150 MB). Every value can be overridden from
the environment (WEB_CONCURRENCY, GUNICORN_THREADS, GUNICORN_BIND, GUNICORN_TIMEOUT).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A cold PDF takes a few seconds of CPU; anything near 30 s is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Behind a load balancer that keeps connections open to the app servers.
keepalive = 5
# Recycle processes now and then, so that slow memory growth (caches, fragmentation)
# never builds up; the jitter keeps both workers from restarting at once.
max_requests = 2000
max_requests_jitter = 200
# Import Django, WeasyPrint and plotly once, before forking: faster (re)starts and
# shared memory pages. Database connections are opened after the fork, per request.
preload_app = True
# The proxy in front terminates TLS and sets X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"


def post_fork(server, worker):
    """A first PDF is seconds of CPU in one thread, holding the GIL in 5 ms slices (the
    default switch interval) while the process's other threads, waiting on PostgreSQL
    between queries, queue for it after every query. 1 ms slices let them through: in
    the 60-second load test with cold PDFs, the section page's p95 fell from 218 ms to
    102-118 ms, every HTML page under 150 ms (README, Performance)."""
    import sys

    sys.setswitchinterval(0.001)
