# libsdm - research example: the acceptability analysis of a whole population, scaled out on dask.distributed.
# SPDX-License-Identifier: MIT
"""How sure is the match, for many people at once, on a dask cluster (issue 14).

:func:`population_acceptability` splits a population of rankings into
chunks of a fixed size, runs :meth:`libsdm.Formulary.acceptability_many` on
each chunk in a dask worker (each worker loads the default formulary
itself: only the rankings travel, as int32 arrays) and puts the results
back together in the order of the rows.

The result does not depend on the number of workers, nor on which worker
ran which chunk: by default every row is analysed with the one seed, as
:meth:`~libsdm.Formulary.acceptability` would analyse that person alone, so
the whole is equal, bit for bit, to one ``acceptability_many`` call in one
process (and to the chunk size too). With ``derive_seeds=True`` each chunk
gets its own seed, derived from the seed and the chunk's number alone
(splitmix64), so that chunks draw independent scenarios; the result then
depends on the chunk size, still not on the workers.

The same code runs on a laptop and on a cluster::

    from distributed import Client, LocalCluster
    client = Client(LocalCluster(n_workers=2, threads_per_worker=1))   # here
    client = Client("tcp://scheduler.example.org:8786")                # or a scheduler's address
    first, top3 = population_acceptability(client, rankings, helpful, scenarios=10000, seed=2026)

Every worker needs libsdm importable (the same version: the numbers are
only equal for the same library and data). From the command line::

    python3 acceptability_dask.py --check                 # a LocalCluster of two processes
    python3 acceptability_dask.py --scheduler tcp://host:8786 --rows 100000
"""

import argparse
import sys
import time
from typing import Any, Optional, Tuple

import numpy

import libsdm

_MASK = (1 << 64) - 1


def chunk_seed(seed: int, chunk: int) -> int:
    """The seed of chunk number `chunk`: splitmix64 of (seed + chunk + 1), a 64-bit number that depends on
    nothing else (not on the workers, nor on the order in which chunks run)."""
    z = (seed + (chunk + 1) * 0x9E3779B97F4A7C15) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def analyse_chunk(rankings: numpy.ndarray, helpful: Optional[numpy.ndarray], scenarios: int,
                  seed: int) -> Tuple[numpy.ndarray, numpy.ndarray]:
    """One chunk, in a worker: (first, top3), rows x medicines, on the worker's own default formulary."""
    formulary = libsdm.Formulary.default()
    result = formulary.acceptability_many(rankings, helpful=helpful, scenarios=scenarios, seed=seed)
    return result.first, result.top3


def _chunks(rows: int, chunk_rows: int):
    return [(start, min(start + chunk_rows, rows)) for start in range(0, rows, chunk_rows)]


def population_acceptability(client: Any, rankings: Any, helpful: Any = None, scenarios: int = 10000,
                             seed: int = 2026, chunk_rows: int = 500,
                             derive_seeds: bool = False) -> Tuple[numpy.ndarray, numpy.ndarray]:
    """The acceptability analyses of all `rankings` (rows x k catalogue indices, -1 padded; `helpful` rows
    x h or None), `chunk_rows` rows per dask task on `client` (a distributed.Client; None runs the chunks
    here, one after the other, as the reference). Returns (first, top3): rows x medicines arrays, by
    position in the default formulary, NaN for a medicine a row leaves out."""
    rankings = numpy.ascontiguousarray(rankings, dtype=numpy.int32)
    if helpful is not None:
        helpful = numpy.ascontiguousarray(helpful, dtype=numpy.int32)
    pieces = []
    for number, (start, stop) in enumerate(_chunks(rankings.shape[0], chunk_rows)):
        args = (rankings[start:stop], None if helpful is None else helpful[start:stop], scenarios,
                chunk_seed(seed, number) if derive_seeds else seed)
        pieces.append(analyse_chunk(*args) if client is None else client.submit(analyse_chunk, *args, pure=False))
    if client is not None:
        pieces = client.gather(pieces)
    medicines = len(libsdm.Formulary.default())
    if not pieces:
        empty = numpy.empty((0, medicines))
        return empty, empty.copy()
    return numpy.concatenate([p[0] for p in pieces]), numpy.concatenate([p[1] for p in pieces])


def random_population(rows: int, seed: int = 1) -> Tuple[numpy.ndarray, numpy.ndarray]:
    """`rows` people who each rank 1 to 5 side effects (in a random order) and find 0 or 1 helpful:
    (rankings rows x 5, helpful rows x 1), catalogue indices padded with -1."""
    catalogue = libsdm.Catalogue.default()
    rng = numpy.random.default_rng(seed)
    items = len(catalogue)
    rankings = numpy.full((rows, 5), -1, dtype=numpy.int32)
    helpful = numpy.full((rows, 1), -1, dtype=numpy.int32)
    for row in range(rows):
        chosen = rng.permutation(items)[:6]
        k = int(rng.integers(1, 6))
        rankings[row, :k] = chosen[:k]
        if rng.random() < 0.5:
            helpful[row, 0] = chosen[5]
    return rankings, helpful


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scheduler", help="a dask scheduler's address (default: a LocalCluster of 2 processes)")
    parser.add_argument("--rows", type=int, default=2000, help="people in the simulated population")
    parser.add_argument("--scenarios", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--chunk-rows", type=int, default=250)
    parser.add_argument("--check", action="store_true",
                        help="also compute in this process and require the very same numbers")
    args = parser.parse_args(argv)

    import cloudpickle
    from distributed import Client, LocalCluster

    # Workers elsewhere need only libsdm: this module travels with the tasks.
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    rankings, helpful = random_population(args.rows)
    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        # Connected by its address, as to any scheduler: the code path of --scheduler.
        client = Client(cluster.scheduler_address)
    try:
        failures = 0
        for derive in (False, True):
            began = time.perf_counter()
            first, top3 = population_acceptability(client, rankings, helpful, args.scenarios, args.seed,
                                                   args.chunk_rows, derive_seeds=derive)
            took = time.perf_counter() - began
            print("%d rankings, %d scenarios each, seeds %s: %.2f s on %d workers; first places shared: %.6f"
                  % (args.rows, args.scenarios, "derived per chunk" if derive else "all %d" % args.seed, took,
                     len(client.scheduler_info()["workers"]), numpy.nansum(first) / args.rows))
            if args.check:
                here = population_acceptability(None, rankings, helpful, args.scenarios, args.seed,
                                                args.chunk_rows, derive_seeds=derive)
                same = numpy.array_equal(first, here[0], equal_nan=True) and \
                    numpy.array_equal(top3, here[1], equal_nan=True)
                if not derive:  # one call over all rows, one process: the same bits
                    whole = libsdm.Formulary.default().acceptability_many(rankings, helpful=helpful,
                                                                         scenarios=args.scenarios, seed=args.seed)
                    same = same and numpy.array_equal(first, whole.first, equal_nan=True) and \
                        numpy.array_equal(top3, whole.top3, equal_nan=True)
                print("  equal to the single-process computation: %s" % ("yes" if same else "NO"))
                failures += not same
        return 1 if failures else 0
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


if __name__ == "__main__":
    sys.exit(main())
