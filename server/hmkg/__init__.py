"""hmkg: the Healthcare Managers' Knowledge Graph."""

# The one version number: the package, the ontology's owl:versionInfo/versionIRI and the
# VoID description must all carry it (tests/test_version.py compares them).
__version__ = "0.2.0"
