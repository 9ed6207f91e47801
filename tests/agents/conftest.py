"""Search tests run with single-threaded BLAS (see c2q.agents.threads: L-BFGS-B is ~40x slower with a
thread pool on a busy 2-core machine); the previous setting is restored after them."""

import pytest


@pytest.fixture(scope="module", autouse=True)
def _single_threaded_blas():
    import scipy.optimize  # noqa: F401  (load SciPy's OpenBLAS first, then limit it)
    from c2q.agents.threads import limit_blas_threads, restore_blas_threads

    previous = limit_blas_threads(1)
    yield
    restore_blas_threads(previous)
