"""The hmkg web application: SPARQL protocol, pages, dereferencing and downloads."""
