"""The `hmkg` command: build, validate, query and serve the Healthcare Managers' Knowledge Graph."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from hmkg import __version__, paths
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
@click.option("--reasoner", type=click.Choice(["owlrl", "fast"]), default="fast",
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
def validate(files: tuple[Path, ...], fmt: str) -> None:
    """Check RDF against hmkg's ontology and SHACL shapes (exit 0 ok, 1 invalid, 2 unusable).

    Without FILES, checks hmkg's own data. With FILES (Turtle, JSON-LD, N-Triples, RDF/XML),
    checks your data together with hmkg's (so your links to its reports, groups and sources
    resolve), after OWL 2 RL reasoning with hmkg's ontology.

    \b
    Example:
      hmkg validate my-findings.ttl --format json
    """
    from hmkg.pipeline import load, reason, validate as shacl

    try:
        ds = load.load_for_validation(list(files)) if files else load.load_sources()
        reasoning = reason.reason(ds)
    except SourceError as err:
        _fail(EXIT_UNUSABLE, str(err))
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

    \b
    Examples:
      hmkg query 'SELECT ?c WHERE { ?c a owl:Class } ORDER BY ?c'
      hmkg query --cq CQ07 --format csv
    """
    from hmkg import release_query

    text = _query_text(sparql, query_file, cq)
    try:
        store = release_query.open_release(dist or paths.default_dist())
        answer = release_query.run_query(store, text, fmt or _default_format())
    except FileNotFoundError as err:
        _fail(EXIT_UNUSABLE, str(err))
    except SyntaxError as err:
        _fail(EXIT_UNUSABLE, f"bad query: {err}")
    click.echo(answer.rstrip("\n"))


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
