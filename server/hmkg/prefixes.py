"""The one table of namespace prefixes hmkg writes and reads (plain strings: no rdflib import,
so the query worker processes can use it too)."""

BASE = "https://w3id.org/hmkg/"  # every IRI hmkg mints starts with it

PREFIXES = {
    "hmk": f"{BASE}ontology#",
    "id": f"{BASE}id/",
    "graph": f"{BASE}graph/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "fabio": "http://purl.org/spar/fabio/",
    "cito": "http://purl.org/spar/cito/",
    "prism": "http://prismstandard.org/namespaces/basic/2.0/",
    "frapo": "http://purl.org/cerif/frapo/",
    "schema": "https://schema.org/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sh": "http://www.w3.org/ns/shacl#",
    "vann": "http://purl.org/vocab/vann/",
}

# The prefixes a query answer or `hmkg query` declares: the ones hmkg's own data uses most.
CORE = ("hmk", "id", "graph", "rdf", "rdfs", "owl", "xsd", "skos", "prov", "dcterms", "foaf", "oa")
CORE_PREFIXES = {name: PREFIXES[name] for name in CORE}


def prologue(*names: str, separator: str = " ") -> str:
    """Return the SPARQL PREFIX declarations of the named prefixes, each followed by separator."""
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>{separator}" for name in names)
