"""The collector switches of the build: paused for a block, or deferred to one young pass."""

from __future__ import annotations

import gc
import weakref

from hmkg.pipeline.gc_pause import gc_deferred, gc_paused


class Node:
    """An object that can sit in a reference cycle and be watched through a weak reference."""


def _cycle() -> weakref.ref:
    """Make two objects that refer to each other, drop them, and return a watch on one."""
    first, second = Node(), Node()
    first.other, second.other = second, first
    return weakref.ref(first)


def test_paused_collects_nothing_in_the_block_and_restores_the_collector():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        watched = _cycle()
        garbage = [[n] for n in range(10 * gc.get_threshold()[0])]  # would trigger passes
        assert watched() is not None
    del garbage
    assert gc.isenabled()
    gc.collect()
    assert watched() is None


def test_deferred_frees_the_block_s_cycles_as_it_ends():
    with gc_deferred():
        assert not gc.isenabled()
        watched = _cycle()
        assert watched() is not None
    assert gc.isenabled()
    assert watched() is None  # the one young pass at the end freed it


def test_deferred_inside_a_paused_block_keeps_the_collector_off():
    with gc_paused():
        with gc_deferred():
            watched = _cycle()
        assert not gc.isenabled()
        assert watched() is None
    assert gc.isenabled()
