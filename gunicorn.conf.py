"""gunicorn's settings for the web process (Procfile; `make bench` runs gunicorn with them too).

Where gunicorn listens, how many workers and which proxy it trusts stay on the command line
(Procfile, docs/deploy.md). What is here is how a worker is made:

- ``preload_app``: Django, the URL configuration with every view, and both languages'
  translation catalogues load once, in the master, before the workers are forked; the workers
  share those pages of memory and start serving at once (a restarted worker does not import
  the project again). The master holds no database connection when it forks.
- ``gc.freeze()`` just before each fork: the objects loaded by then live as long as the process,
  so the worker's garbage collector leaves them alone. Its full collections then walk only what
  requests allocate, not the whole of Django, and do not write to (and so copy) the shared pages.
"""

import gc

preload_app = True


def _load_project() -> None:
    """What every request would otherwise load on its first use, per worker."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 (imports every view module)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Beranda")  # loads the catalogue of every app for this language


def when_ready(server) -> None:
    _load_project()


def pre_fork(server, worker) -> None:
    from django.db import connections

    connections.close_all()  # a connection opened in the master must not be shared by workers
    gc.collect()
    gc.freeze()
