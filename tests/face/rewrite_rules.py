"""A small evaluator of the mod_rewrite rules in w3id/.htaccess, as Apache runs them there.

It covers what that file uses and nothing more, so that a test can say where each IRI goes:

- `.htaccess` is per-directory context: a RewriteRule pattern is matched against the path below
  the folder (`https://w3id.org/hmkg/ontology/core` -> `ontology/core`, no leading slash).
- Rules run top to bottom. The RewriteCond lines just above a rule all have to hold for it to
  apply (an `[OR]` condition joins with the next one instead); `!` negates; `[NC]` ignores case.
- A condition's test string may use `%{HTTP_ACCEPT}` (the raw header: Apache matches regular
  expressions against it and never weighs q-values) and `%{ENV:NAME}`.
- A substitution may use `$N` (groups of the rule's pattern), `%N` (groups of the last
  condition that matched) and `%{ENV:NAME}`. `-` means "no substitution".
- Flags: `E=NAME:VALUE` sets and `E=!NAME` unsets a variable for the rules below (an unset
  variable expands to ""); `R=code` answers with a redirect; `L` stops. A rule that
  substitutes without R would rewrite internally, which this file never does: it is refused.

Apache's regular expressions are PCRE; the patterns in the file are in the subset Python's `re`
reads the same way. URL escaping of the substitution is not modelled: the test paths are plain.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Condition:
    """One RewriteCond: a test string, a pattern, and its flags."""

    test: str
    pattern: str
    negated: bool
    nocase: bool
    joined_by_or: bool

    def holds(self, request: "Request", env: dict[str, str]) -> re.Match | None | bool:
        """Return the match (or True for a negated condition that holds), else None."""
        subject = _expand_variables(self.test, request, env)
        match = re.search(self.pattern, subject, re.I if self.nocase else 0)
        if self.negated:
            return None if match else True
        return match


@dataclass(frozen=True)
class Rule:
    """One RewriteRule with the conditions written above it; line is its line in the file."""

    line: int
    pattern: str
    substitution: str
    flags: dict[str, str]
    conditions: tuple[Condition, ...] = ()

    @property
    def redirects(self) -> bool:
        """Say whether the rule sends a redirect (rather than only setting variables)."""
        return "R" in self.flags


@dataclass
class Request:
    """What a rule can see of a request: the path below the folder and the Accept header."""

    path: str
    accept: str | None = None


@dataclass(frozen=True)
class Redirect:
    """The answer Apache would give: status, Location, the rule that gave it, and every rule
    that applied on the way (the variable-setting ones included)."""

    status: int
    location: str
    rule: Rule
    applied: tuple[Rule, ...]


@dataclass
class RuleSet:
    """The rules of one .htaccess file, in order."""

    rules: list[Rule] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> "RuleSet":
        """Read RewriteEngine, RewriteCond and RewriteRule lines; refuse anything else."""
        rules, pending = [], []
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            words = shlex.split(line, posix=False)
            directive, arguments = words[0], words[1:]
            if directive == "RewriteEngine":
                if arguments != ["on"] and arguments != ["On"]:
                    raise ValueError(f"line {number}: RewriteEngine must be on")
            elif directive == "RewriteCond":
                pending.append(_condition(number, arguments))
            elif directive == "RewriteRule":
                rules.append(_rule(number, arguments, tuple(pending)))
                pending = []
            else:
                raise ValueError(f"line {number}: the evaluator does not know {directive}")
        if pending:
            raise ValueError("RewriteCond lines at the end of the file apply to no rule")
        return cls(rules)

    def evaluate(self, request: Request) -> Redirect | None:
        """Run the rules on a request; return the redirect, or None (w3id.org then says 404)."""
        env: dict[str, str] = {}
        applied: list[Rule] = []
        for rule in self.rules:
            match = re.search(rule.pattern, request.path, re.I if "NC" in rule.flags else 0)
            if not match:
                continue
            condition_match = _conditions_hold(rule.conditions, request, env)
            if condition_match is None:
                continue
            _set_variables(rule.flags, env)
            applied.append(rule)
            if rule.substitution == "-":
                if "L" in rule.flags:
                    return None
                continue
            if not rule.redirects:
                raise ValueError(f"line {rule.line}: internal rewrites are not modelled")
            target = _substitute(rule.substitution, match, condition_match, request, env)
            return Redirect(int(rule.flags["R"] or 302), target, rule, tuple(applied))
        return None


def _condition(number: int, arguments: list[str]) -> Condition:
    """Build a RewriteCond from its words: test string, pattern, [flags]."""
    if len(arguments) not in (2, 3):
        raise ValueError(f"line {number}: RewriteCond takes a test string, a pattern and flags")
    flags = _flags(arguments[2]) if len(arguments) == 3 else {}
    pattern = arguments[1]
    negated = pattern.startswith("!")
    return Condition(arguments[0], pattern[1:] if negated else pattern, negated,
                     "NC" in flags, "OR" in flags)


def _rule(number: int, arguments: list[str], conditions: tuple[Condition, ...]) -> Rule:
    """Build a RewriteRule from its words: pattern, substitution, [flags]."""
    if len(arguments) not in (2, 3):
        raise ValueError(f"line {number}: RewriteRule takes a pattern, a substitution and flags")
    flags = _flags(arguments[2]) if len(arguments) == 3 else {}
    return Rule(number, arguments[0], arguments[1], flags, conditions)


def _flags(text: str) -> dict[str, str]:
    """Read "[R=303,L]" into {"R": "303", "L": ""}; E= flags keep their NAME:VALUE together."""
    if not (text.startswith("[") and text.endswith("]")):
        raise ValueError(f"flags must be in brackets: {text}")
    flags: dict[str, str] = {}
    for item in text[1:-1].split(","):
        name, _, value = item.partition("=")
        key = name.strip().upper()
        if key == "E":
            flags.setdefault("E", "")
            flags["E"] += ("\n" if flags["E"] else "") + value
        else:
            flags[key] = value
    return flags


def _conditions_hold(conditions, request: Request, env: dict[str, str]):
    """Return the last matching condition's match (True if none had groups) when the
    conditions hold, else None. A run of conditions joined by [OR] holds if any of it does;
    every run has to hold."""
    last: re.Match | bool = True
    run_holds = False
    for condition in conditions:
        result = condition.holds(request, env)
        if result is not None:
            run_holds = True
            if isinstance(result, re.Match):  # %N reads the last condition that matched
                last = result
        if not condition.joined_by_or:  # the run ends here
            if not run_holds:
                return None
            run_holds = False
    return last


def _set_variables(flags: dict[str, str], env: dict[str, str]) -> None:
    """Apply E=NAME:VALUE (set) and E=!NAME (unset)."""
    for setting in filter(None, flags.get("E", "").split("\n")):
        if setting.startswith("!"):
            env.pop(setting[1:], None)
        else:
            name, _, value = setting.partition(":")
            env[name] = value


def _expand_variables(text: str, request: Request, env: dict[str, str]) -> str:
    """Expand %{HTTP_ACCEPT} and %{ENV:NAME}; any other server variable is refused."""
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name == "HTTP_ACCEPT":
            return request.accept or ""
        if name.startswith("ENV:"):
            return env.get(name[4:], "")
        raise ValueError(f"the evaluator does not know %{{{name}}}")

    return re.sub(r"%\{([^}]+)\}", value, text)


def _substitute(text: str, match: re.Match, condition_match, request: Request,
                env: dict[str, str]) -> str:
    """Fill a substitution: server variables, then $N and %N back-references."""
    text = _expand_variables(text, request, env)
    text = re.sub(r"\$(\d)", lambda m: (match.group(int(m.group(1))) or "")
                  if int(m.group(1)) <= match.re.groups else "", text)
    groups = condition_match if isinstance(condition_match, re.Match) else None

    def condition_group(m: re.Match) -> str:
        """Return a group of the last matched condition; a missing group is "" in Apache."""
        number = int(m.group(1))
        return (groups.group(number) or "") if groups and number <= groups.re.groups else ""

    return re.sub(r"%(\d)", condition_group, text)
