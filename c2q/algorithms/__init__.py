"""Quantum algorithms: each takes an encoding and a backend and returns samples (``RunResult``).

:mod:`~c2q.algorithms.base` (the interface, seeds, shots), :mod:`~c2q.algorithms.qaoa`,
:mod:`~c2q.algorithms.vqe`, :mod:`~c2q.algorithms.rqaoa`, :mod:`~c2q.algorithms.grover` and
:mod:`~c2q.algorithms.arithmetic`; they know no problem family.
"""
