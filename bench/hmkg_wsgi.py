"""The hmkg WSGI app for HTTP servers started by the bench (gunicorn, granian): `hmkg_wsgi:app`.

Configured from HMKG_* environment variables (HMKG_DIST above all), as `hmkg serve` would
be. The engine opens on the first request in each server process, after any fork.
"""

from hmkg.web.app import create_app

app = create_app()
