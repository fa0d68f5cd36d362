"""Warm-up imported by the forkserver of ``kg build``'s worker pool.

Importing this module loads the divisions index and the spaCy pipeline (a
few seconds and a few hundred MB). The forkserver imports it once; every
worker process is forked from it, so workers start at once and share those
pages with the forkserver instead of each loading its own copy.
"""

import gc

from kg.build import _warm_worker

_warm_worker()
gc.freeze()  # keep the loaded objects out of later collections, so forked workers do not copy their pages
