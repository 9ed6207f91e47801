"""Every backend implements c2q.backends.protocol.Backend: the one interface the algorithms use."""

import inspect

import pytest
from c2q.backends import get_backend
from c2q.backends.protocol import Backend


@pytest.mark.parametrize("name", ["aer", "aer:statevector", "aer:mps", "aer:density_matrix", "fake_manila"])
def test_backends_implement_the_protocol(name):
    backend = get_backend(name)
    assert isinstance(backend, Backend)
    assert isinstance(backend.ideal, bool) and isinstance(backend.exact_probabilities, bool)
    with backend.job_scope({"family": "test"}):  # a no-op outside IBM Quantum
        pass
    resolved = backend.resolve(3)
    assert isinstance(resolved, Backend)


def test_ibm_backend_class_has_every_method_of_the_protocol():
    from c2q.backends.ibm import IBMBackend

    wanted = {name for name, _ in inspect.getmembers(Backend) if not name.startswith("_")}
    assert wanted <= set(dir(IBMBackend))


def test_a_duck_without_the_methods_is_not_a_backend():
    class Sampler:
        name, notes, ideal = "x", [], True

    assert not isinstance(Sampler(), Backend)
