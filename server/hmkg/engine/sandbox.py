"""Keep a query worker process off the network, at the kernel, for the rest of its life.

The guard (policy.py) refuses SERVICE calls before a query runs; this is the wall behind it.
Once its store is loaded, a worker installs a seccomp filter (libseccomp, through pyseccomp)
under which creating any socket fails with EACCES, so pyoxigraph's HTTP client cannot connect
anywhere, however a query reached it. io_uring is closed too, since its requests can open
sockets without the socket() system call. Workers read no sockets: they talk to their
supervisor over inherited pipes. A filter cannot be lifted once loaded (no_new_privs is set),
and a worker's children would inherit it.
"""

from __future__ import annotations

import errno

DENIED_SYSCALLS = ("socket", "io_uring_setup")


class SandboxUnavailable(OSError):
    """The kernel or libseccomp cannot install the filter."""


def deny_network() -> None:
    """Make every later socket() (and io_uring_setup) of this process fail with EACCES."""
    try:
        import pyseccomp as seccomp

        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        for name in DENIED_SYSCALLS:
            rules.add_rule(seccomp.ERRNO(errno.EACCES), name)
        rules.load()
    except (ImportError, OSError, RuntimeError, ValueError) as error:
        raise SandboxUnavailable(f"cannot install the network sandbox (seccomp): {error}") from error
