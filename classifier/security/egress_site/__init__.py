"""Holds the `sitecustomize` that `classifier.security.egress.install()` puts on child processes'
PYTHONPATH; never imported as a package by the service itself."""
