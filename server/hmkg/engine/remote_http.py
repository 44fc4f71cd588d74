"""HTTP to a remote triplestore with the standard library: auth, deadlines, redacted errors.

Credentials come from the caller (config or environment) or from the URL's user-info; the URL
kept for messages never carries them, and server replies are scrubbed of the password before
they reach an error message. HTTP Digest (Virtuoso) and Basic (Fuseki, GraphDB) both work:
urllib answers whichever challenge the server sends.

A large body is not sent into a challenge: a store that answers 401 may close the connection
without reading the body, and the client's send then breaks off ("Broken pipe", seen with
Virtuoso's Digest endpoints on a ~1 MB graph, one publish in a few). For a body over
PREAUTH_BYTES, a bodiless HEAD asks for the challenge first, and the body goes once, with the
answer to it (urllib's own handlers, which have no pre-emptive Digest, remain the fallback).
"""

from __future__ import annotations

import base64
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from hmkg.engine.base import EngineUnavailable, QueryTimeout

CHUNK = 64 * 1024
MAX_ANSWER_BYTES = 512 * 1024 * 1024  # a runaway answer stops here instead of filling memory
DETAIL_CHARS = 600  # how much of a server's error text an error message repeats
PREAUTH_BYTES = CHUNK  # a body larger than this is only sent with the challenge answered


@dataclass(frozen=True)
class Reply:
    """A server's answer: status, media type (without parameters) and body."""

    status: int
    media_type: str
    body: bytes


class StoreError(EngineUnavailable):
    """The store answered with an error status; `status` and a scrubbed `detail` say which."""

    def __init__(self, message: str, status: int, detail: str):
        super().__init__(message)
        self.status, self.detail = status, detail


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """Return (url without user-info, user, password) of a URL."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {redact_url(url)}")
    if parts.username is None:
        return url, None, None
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    bare = urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    unquote = urllib.parse.unquote
    return bare, unquote(parts.username), unquote(parts.password or "") or None


def redact_url(url: str) -> str:
    """Return a URL with any user-info replaced by '***'."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))


class HttpClient:
    """Send requests to one server with optional credentials, under a deadline."""

    def __init__(self, user: str | None = None, password: str | None = None):
        self._user, self._password = user, password or ""
        self._passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        self._secrets = tuple(s for s in (password,) if s)

    def _opener(self) -> urllib.request.OpenerDirector:
        """Return an opener for one request."""
        if not self._user:
            return urllib.request.build_opener()
        # Fresh handlers each time: urllib's auth handlers count retries per object, so request
        # threads sharing one could fail each other's logins.
        return urllib.request.build_opener(_DigestAuth(self._passwords),
                                           _BasicAuth(self._passwords))

    def send(self, method: str, url: str, *, body: bytes | None = None,
             headers: dict[str, str] | None = None, timeout: float = 60.0) -> Reply:
        """Send one request; raise QueryTimeout, StoreError or EngineUnavailable on failure."""
        deadline = time.monotonic() + timeout
        request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        if self._user:  # credentials go to this URL's server only, whatever realm it names
            self._passwords.add_password(None, _origin(url), self._user, self._password)
            if body is not None and len(body) > PREAUTH_BYTES:
                self._answer_challenge_first(request, timeout)
        try:
            with self._opener().open(request, timeout=timeout) as response:
                return Reply(response.status, _media_type(response), _read(response, deadline))
        except urllib.error.HTTPError as error:
            raise self._status_error(error, url) from None
        except (TimeoutError, socket.timeout):
            raise _timeout() from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, (TimeoutError, socket.timeout)):
                raise _timeout() from None
            raise EngineUnavailable(f"the store at {redact_url(url)} cannot be reached: "
                                    f"{self.scrub(str(error.reason))}") from None
        except ValueError as error:  # urllib: a challenge in a scheme it cannot answer
            raise EngineUnavailable(f"the store at {redact_url(url)} asks for an unsupported "
                                    f"authentication: {self.scrub(str(error))}") from None
        except (ConnectionError, OSError) as error:
            raise EngineUnavailable(f"the store at {redact_url(url)} broke off: "
                                    f"{self.scrub(str(error))}") from None

    def _answer_challenge_first(self, request: urllib.request.Request, timeout: float) -> None:
        """Ask the request's URL for its auth challenge with a HEAD, and put the answer on the
        request; without a challenge (or on any failure) leave the request as it is."""
        probe = urllib.request.Request(request.full_url, method="HEAD")
        try:
            urllib.request.build_opener().open(probe, timeout=timeout).close()
            return  # no challenge to answer
        except urllib.error.HTTPError as error:
            challenges = (error.headers.get_all("WWW-Authenticate") or []) \
                if error.code == 401 else []
            error.close()
        except (OSError, ValueError):
            return  # the request itself will report the failure
        by_scheme = {c.partition(" ")[0].lower(): c.partition(" ")[2] for c in challenges}
        if "digest" in by_scheme:
            parsed = urllib.request.parse_http_list(by_scheme["digest"])
            answer = _DigestAuth(self._passwords).get_authorization(
                request, urllib.request.parse_keqv_list(filter(None, parsed)))
            if answer:
                request.add_unredirected_header("Authorization", f"Digest {answer}")
        elif "basic" in by_scheme:
            token = base64.b64encode(f"{self._user}:{self._password}".encode()).decode("ascii")
            request.add_unredirected_header("Authorization", f"Basic {token}")

    def scrub(self, text: str) -> str:
        """Return text with every known secret replaced by '***'."""
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def _status_error(self, error: urllib.error.HTTPError, url: str) -> StoreError:
        """Turn an error status into a StoreError with the server's (scrubbed) explanation."""
        try:
            text = error.read(DETAIL_CHARS * 4).decode("utf-8", "replace")
        except OSError:
            text = ""
        finally:
            error.close()
        detail = self.scrub(" ".join(text.split()))[:DETAIL_CHARS]
        if error.code in (401, 403):
            message = (f"the store at {redact_url(url)} refused hmkg's credentials "
                       f"(HTTP {error.code})")
        else:
            message = f"the store at {redact_url(url)} answered HTTP {error.code}: {detail}"
        return StoreError(message, error.code, detail)


class _ClosingChallenges:
    """Close a 401 challenge's response once its retry answered (urllib leaves it open)."""

    def http_error_401(self, req, fp, code, msg, headers):
        try:
            answer = super().http_error_401(req, fp, code, msg, headers)
        except urllib.error.HTTPError as error:
            if error.fp is not fp:  # the retry failed too: this challenge is done with
                fp.close()
            raise
        if answer is not None:
            fp.close()
        return answer


class _DigestAuth(_ClosingChallenges, urllib.request.HTTPDigestAuthHandler):
    """HTTP Digest auth (Virtuoso's authenticated endpoints)."""


class _BasicAuth(_ClosingChallenges, urllib.request.HTTPBasicAuthHandler):
    """HTTP Basic auth (Fuseki, GraphDB, proxies)."""


def _origin(url: str) -> str:
    """Return scheme://host:port/ of a URL."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def _media_type(response) -> str:
    """Return the response's media type, lower-case, without parameters."""
    return (response.headers.get_content_type() or "").lower()


def _read(response, deadline: float) -> bytes:
    """Read a whole body, stopping at the deadline or the size limit."""
    chunks, size = [], 0
    while chunk := response.read(CHUNK):
        chunks.append(chunk)
        size += len(chunk)
        if time.monotonic() > deadline:
            raise TimeoutError
        if size > MAX_ANSWER_BYTES:
            raise EngineUnavailable(f"the store's answer passed {MAX_ANSWER_BYTES} bytes")
    return b"".join(chunks)


def _timeout() -> QueryTimeout:
    """Return the timeout error: hmkg stopped waiting and closed the connection."""
    return QueryTimeout("the remote store gave no complete answer in time; hmkg closed the "
                        "connection (the store's own time limit stops its work)")
