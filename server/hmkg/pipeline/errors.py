"""The exceptions the pipeline raises for bad input, each naming the file at fault."""

from __future__ import annotations

from pathlib import Path


class PipelineError(Exception):
    """A build step cannot go on; the message says why and where."""


class SourceError(PipelineError):
    """A source file or folder is missing, unreadable or not well-formed RDF."""

    def __init__(self, path: Path | str, reason: str, line: int | None = None,
                 column: int | None = None):
        self.path = str(path)
        self.reason = reason
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.reason}"


class InconsistentGraph(PipelineError):
    """The OWL 2 RL reasoner found the ontology and data contradict each other."""


class ValidationFailed(PipelineError):
    """The data violates the SHACL shapes; carries the validation report."""

    def __init__(self, report):
        self.report = report
        super().__init__(report.summary)
