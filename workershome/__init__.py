"""Project package: settings, root URLs and the WSGI entry point.

Named ``workershome`` rather than ``site`` because ``site`` is a standard-library module; the top-level
``site/`` folder holds the site-wide templates, static files and translations instead.
"""
