"""The `hmkg` command: build, validate, query and serve the Healthcare Managers' Knowledge Graph."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from hmkg import __version__, formats, paths
from hmkg.pipeline.build import REASONER as BUILD_REASONER
from hmkg.pipeline.errors import InconsistentGraph, PipelineError, SourceError, ValidationFailed

EXIT_INVALID, EXIT_UNUSABLE = 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hmkg")
def main() -> None:
    """Build, validate, query and serve the Healthcare Managers' Knowledge Graph.

    \b
    Example:
      hmkg build && hmkg query --cq CQ07 && hmkg serve
    """


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Release folder to write (default: $HMKG_DIST or ./dist).")
@click.option("--reasoner", type=click.Choice(["owlrl", "fast"]), default=BUILD_REASONER,
              show_default=True,
              help="OWL 2 RL engine: hmkg's fast path, or owlrl, the reference it is tested equal to.")
def build(out: Path | None, reasoner: str) -> None:
    """Load, reason, validate and publish the graph; publish nothing if anything fails.

    \b
    Example:
      hmkg build --out /tmp/hmkg-release
    """
    from hmkg.pipeline.build import build as run_build

    def show(step) -> None:
        click.echo(f"{step.name:<9} {step.seconds:6.2f} s  {step.detail}")

    try:
        report = run_build(out or paths.default_dist(), progress=show, reasoner=reasoner)
    except ValidationFailed as err:
        click.echo(err.report.text, err=True)
        _fail(EXIT_INVALID, f"validation failed ({err.report.summary}); nothing published")
    except InconsistentGraph as err:
        _fail(EXIT_INVALID, f"{err}\nnothing published")
    except PipelineError as err:
        _fail(EXIT_UNUSABLE, f"{err}\nnothing published")
    click.echo(f"built in {report.seconds:.2f} s")


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "turtle", "json"]),
              default="text", show_default=True, help="How to print the report.")
@click.option("--input-format", default=None,
              help="RDF format of FILES (turtle, nt, jsonld, rdfxml, nquads, trig); "
              "default: each file's suffix.")
def validate(files: tuple[Path, ...], fmt: str, input_format: str | None) -> None:
    """Check RDF against hmkg's ontology and SHACL shapes (exit 0 ok, 1 invalid, 2 unusable).

    Without FILES, checks hmkg's own data. With FILES (Turtle, TriG, N-Triples, N-Quads,
    RDF/XML, JSON-LD),
    checks your data together with hmkg's (so your links to its reports, groups and sources
    resolve), after OWL 2 RL reasoning with hmkg's ontology.

    \b
    Example:
      hmkg validate my-findings.ttl --format json
    """
    from hmkg.pipeline import load, reason, validate as shacl

    try:
        ds = load.load_for_validation(list(files), fmt=input_format) if files \
            else load.load_sources()
        reasoning = reason.reason(ds, engine=BUILD_REASONER)  # as the build reasons
    except SourceError as err:
        _fail(EXIT_UNUSABLE, str(err))
    undefined = shacl.undefined_terms(ds, ds.added)
    if undefined:
        _fail(EXIT_INVALID, "terms the ontology does not define:\n" + "\n".join(undefined))
    if reasoning.inconsistencies:
        _fail(EXIT_INVALID, "inconsistent with the ontology:\n"
              + "\n".join(reasoning.inconsistencies))
    report = shacl.validate(ds)
    outputs = {"text": lambda: report.text, "json": report.as_json,
               "turtle": lambda: report.graph.serialize(format="turtle")}
    click.echo(outputs[fmt]())
    sys.exit(0 if report.conforms else EXIT_INVALID)


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the query from a .rq file.")
@click.option("--cq", help="Run a competency question by id, e.g. CQ07.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]),
              default=None, help="Answer format (default: table on a terminal, else csv). "
              "CONSTRUCT/DESCRIBE: table gives Turtle, json JSON-LD, csv/tsv N-Triples.")
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Release folder to query (default: $HMKG_DIST or ./dist).")
def query(sparql: str | None, query_file: Path | None, cq: str | None, fmt: str | None,
          dist: Path | None) -> None:
    """Run a SPARQL query against the built release (give exactly one of SPARQL, --file, --cq).

    The query runs through the same engine as the endpoint: read-only, with its time limit
    and result cap, the same answer formats and the same error messages. The prefixes hmk:,
    id:, rdfs:, owl:, skos:, prov:, dcterms:... need no PREFIX line.

    \b
    Examples:
      hmkg query 'SELECT ?c WHERE { ?c a owl:Class } ORDER BY ?c'
      hmkg query --cq CQ07 --format csv
    """
    from hmkg import engine, settings

    text = _query_text(sparql, query_file, cq)
    try:
        opened = engine.open_engine(settings.load({"DIST": dist}))
    except FileNotFoundError as err:
        _fail(EXIT_UNUSABLE, str(err))
    try:
        answer = _answer(opened, text, fmt or _default_format())
    except (engine.QueryError, engine.QueryRefused) as err:
        _fail(EXIT_UNUSABLE, engine.client_message(err))
    except (engine.QueryTimeout, engine.EngineUnavailable) as err:
        _fail(EXIT_UNUSABLE, str(err))
    finally:
        opened.close()
    click.echo(answer.rstrip("\n"))


# `hmkg query --format` -> (SELECT/ASK format, CONSTRUCT/DESCRIBE format) asked of the engine:
# the endpoint's own writers; a table is drawn from JSON results, graphs shown as Turtle.
QUERY_FORMATS = {"table": (formats.SPARQL_JSON, formats.TURTLE),
                 "json": (formats.SPARQL_JSON, formats.JSON_LD),
                 "csv": (formats.CSV, formats.N_TRIPLES),
                 "tsv": (formats.TSV, formats.N_TRIPLES)}


def _answer(opened, text: str, fmt: str) -> str:
    """Run a query through the engine (policy, time limit, writers) and return its answer."""
    from hmkg.terminal import results_table

    text, added_lines = _with_core_prefixes(text)
    solutions, graph = QUERY_FORMATS[fmt]
    try:
        answer = opened.query(text, solutions_format=solutions.mime, graph_format=graph.mime)
    except Exception as err:  # report positions in the user's own lines
        err.args = tuple(_shift_lines(str(a), added_lines) for a in err.args)
        raise
    if answer.capped:
        click.echo(f"note: the answer stopped at the result cap of {answer.rows} rows", err=True)
    if fmt == "table" and answer.form in ("SELECT", "ASK"):
        return results_table(answer.body)
    return answer.body.decode()


def _with_core_prefixes(text: str) -> tuple[str, int]:
    """Declare the core prefixes (hmk:, rdfs:...) a query uses without declaring them itself,
    on one line before it; return the query and how many lines were added."""
    from hmkg.prefixes import CORE_PREFIXES, prologue

    declared = set(re.findall(r"\bPREFIX\s+([A-Za-z][\w.-]*):", text, re.I))
    used = [name for name in CORE_PREFIXES
            if name not in declared and re.search(rf"(?<![\w?$:]){name}:", text)]
    if not used:
        return text, 0
    return prologue(*used).rstrip() + "\n" + text, 1


def _shift_lines(message: str, lines: int) -> str:
    """Move the first "at LINE:COL" of a message up by lines (the declarations added)."""
    if not lines:
        return message
    return re.sub(r"at (\d+):(\d+)", lambda m: f"at {int(m.group(1)) - lines}:{m.group(2)}",
                  message, count=1)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to bind.")
@click.option("--workers", default=None, type=click.IntRange(min=1),
              help="granian worker processes (default: one per core, at most two).")
@click.option("--store", default=None, help="Remote SPARQL 1.1 endpoint URL to query instead "
              "of the embedded store.")
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Release folder to serve (default: $HMKG_DIST or ./dist).")
def serve(host: str, port: int, workers: int | None, store: str | None, dist: Path | None) -> None:
    """Serve the SPARQL endpoint, pages and downloads with granian.

    \b
    Example:
      hmkg serve --port 8080 --workers 2
    """
    from hmkg.web.serve import run

    config = {"DIST": str(dist or paths.default_dist())}
    if store:
        config["STORE"] = store
    run(host=host, port=port, workers=workers, config=config)


def _query_text(sparql: str | None, query_file: Path | None, cq: str | None) -> str:
    """Return the query text from exactly one of the three sources."""
    given = [x for x in (sparql, query_file, cq) if x]
    if len(given) != 1:
        raise click.UsageError("give exactly one of SPARQL, --file or --cq")
    if query_file:
        return query_file.read_text(encoding="utf-8")
    if cq:
        return _catalogue_query(cq)
    return sparql


def _catalogue_query(cq: str) -> str:
    """Return the SPARQL of a competency question from the catalogue."""
    from hmkg.queries import get_question

    try:
        return get_question(cq).sparql
    except KeyError as err:
        raise click.BadParameter(err.args[0], param_hint="--cq") from err


def _default_format() -> str:
    """Return 'table' on a terminal, else 'csv'."""
    return "table" if sys.stdout.isatty() else "csv"


def _fail(code: int, message: str):
    """Print an error to stderr and exit with code."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@main.command()
@click.option("--store", required=True, envvar="HMKG_STORE",
              help="SPARQL query endpoint of the store (used to verify; env HMKG_STORE).")
@click.option("--graph-store", default=None,
              help="Graph Store Protocol URL (default: the --store URL).")
@click.option("--update", "update_url", default=None,
              help="SPARQL Update endpoint (default: the --store URL).")
@click.option("--user", envvar="HMKG_STORE_USER", default=None,
              help="User name for HTTP Digest/Basic auth (env HMKG_STORE_USER).")
@click.option("--password", envvar="HMKG_STORE_PASSWORD", default=None,
              help="Password (prefer env HMKG_STORE_PASSWORD: options show in process lists).")
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Release folder to publish (default: $HMKG_DIST or ./dist).")
@click.option("--direct", is_flag=True,
              help="Load straight into the served graphs: no staging copy and atomic switch "
              "(for very large releases; readers may see a partly loaded release).")
def publish(store: str, graph_store: str | None, update_url: str | None, user: str | None,
            password: str | None, dist: Path | None, direct: bool) -> None:
    """Load the built release into a SPARQL 1.1 triplestore, switch atomically, verify counts.

    \b
    Example (Oxigraph server):
      hmkg publish --store http://127.0.0.1:7878/query \\
        --update http://127.0.0.1:7878/update --graph-store http://127.0.0.1:7878/store
    """
    from hmkg.publish_remote import PublishError, publish_release, target_from_options

    try:
        target = target_from_options(store, graph_store, update_url, user, password)
        publish_release(dist or paths.default_dist(), target, progress=click.echo, direct=direct)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None
    except PublishError as err:
        _fail(EXIT_INVALID, str(err))
