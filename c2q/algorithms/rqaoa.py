"""Recursive QAOA (Bravyi, Kliesch, Koenig, Tang, PRL 125, 260505 (2020)) at depth 1, past what a
statevector holds.

Each round runs depth-1 QAOA on the current Ising model, with the angles that minimise its
energy, and reads every correlator ``<Z_u Z_v>`` (couplings) and ``<Z_u>`` (fields). The largest
in magnitude becomes a rule: ``z_v = sign(<Z_u Z_v>) z_u`` removes ``v`` (its couplings and field
move onto ``u``), ``z_u = sign(<Z_u>)`` fixes ``u``. The model shrinks by one spin per round; at
``cutoff`` spins the remainder is minimised by enumeration, and the rules, applied in reverse,
give every original spin. Both classical steps belong to the algorithm as published; no other
classical search touches the answer.

The correlators are the quantum part. Here they are exact: depth-1 QAOA expectation values have a
closed form for any model (:mod:`c2q.algorithms.qaoa_level1`), the infinite-shot limit of what a
device would estimate from samples, computed in ``O(m n)`` per evaluation. So 200 spins take
seconds, and the circuit of each round is what a device would run: the first round's
``qaoa_ansatz`` on every qubit, with its trained angles, is the program c2q reports and compiles.

On a backend that runs circuits (a device, a fake device's noisy simulation, or an Aer method
named explicitly) the correlators are *sampled* instead: each round's circuit, bound to the
angles the closed form finds best for that round's model, is measured ``shots`` times, and the
correlators are the sample means. The angles are a classical choice (the ideal optimum, as in
parameter transfer); the rules follow what the device measured. One run then costs one job per
eliminated spin, so devices take :data:`SAMPLED_RUNS` run by default.

Correlators often tie (every edge of a regular graph looks alike in the first round); the seeded
random choice between them is RQAOA's only randomness. ``runs`` independent recursions are its
samples: the result's counts hold their assignments, and its ``optimum_probability`` is the
fraction of runs that end at an optimum. With exact correlators, a run that meets no tie is the
only path there is, so the others are its copies and are not recomputed (``distinct_runs``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from c2q.algorithms.base import Algorithm, RunResult, timed
from c2q.algorithms.onehot import OneHotConstraints
from c2q.algorithms.qaoa import cost_ansatz
from c2q.algorithms.qaoa_level1 import Correlators, IsingModel, Level1Landscape
from c2q.encoding import Encoding
from c2q.errors import OptionError
from c2q.ising import bits_from_keys, is_quadratic, keys_from_bits

if TYPE_CHECKING:
    from c2q.backends.protocol import Backend

#: spins left to enumeration when the recursion stops (2**cutoff energies)
CUTOFF = 10
#: independent recursions (ties broken at random): the algorithm's samples
RUNS = 8
#: recursions where correlators are sampled (one job per eliminated spin each)
SAMPLED_RUNS = 1
#: how correlators are obtained: exactly, or as sample means of each round's circuit
CORRELATORS = ("closed form", "sampled")
#: what the eliminations respect: the encoding's one-hot groups (where it states them), or nothing
CONSTRAINTS = ("one-hot", "none")
#: the most runs one solve takes
MAX_RUNS = 1024
#: the widest remainder ``--rqaoa-cutoff`` may leave to enumeration
MAX_CUTOFF = 20
#: spins RQAOA takes (a dense coupling matrix, one round per spin: about a minute at this size)
MAX_SPINS = 1000
#: couplings RQAOA takes (each round's landscape holds five rows of ``n`` per coupling)
MAX_COUPLINGS = 20000
#: angles of the coarse search of each round: gammas in (0, pi/2], betas in [0, pi)
GAMMA_GRID = 48
BETA_GRID = 96
#: with one-hot groups, the recursion looks for a remainder of at most ``2**cutoff`` feasible
#: configurations from this many spins down (the enumeration of each look grows with the limit)
REMAINDER_SCAN = 48
#: what the remainder left to enumeration is counted in: spins (``2**cutoff`` configurations), or
#: configurations that meet the one-hot groups (at most ``2**cutoff`` of them)
REMAINDERS = ("feasible", "spins")
#: correlators this close (relative) to the largest count as tied; the seed breaks ties
TIE = 1e-9


@dataclass
class Rule:
    """How an eliminated spin follows from the others: ``z[spin] = sign * z[parent]``, or
    ``z[spin] = sign`` when ``parent`` is ``None``."""

    spin: int
    parent: int | None
    sign: int
    correlator: float
    #: forced by the one-hot groups after the previous rule, not read off a correlator
    implied: bool = False


@dataclass
class Recursion:
    """What the rounds did: the rules in order, each round's angles and energy, the remainder, and
    how many rounds had a tie for the largest correlator (the only place a seed changes anything)."""

    rules: list[Rule] = field(default_factory=list)
    angles: list[tuple[float, float]] = field(default_factory=list)
    energies: list[float] = field(default_factory=list)
    remainder: int = 0
    evaluations: int = 0
    ties: int = 0
    #: candidates passed over because their rule would leave a one-hot group unsatisfiable
    skipped: int = 0

    @property
    def rounds(self) -> int:
        """Rounds run: rules read off a correlator (the implied ones came free with them)."""
        return sum(not rule.implied for rule in self.rules)


class _ReducedModel:
    """The Ising model over the spins not yet eliminated, in original spin labels."""

    def __init__(self, model: IsingModel) -> None:
        self.couplings = model.couplings.copy()
        self.fields = model.fields.copy()
        self.offset = model.offset
        self.labels = list(range(model.num_spins))

    def model(self) -> IsingModel:
        return IsingModel(self.couplings, self.fields, self.offset)

    def tie(self, keep: int, drop: int, sign: int) -> None:
        """``z[drop] = sign * z[keep]`` (positions in the reduced model)."""
        j = self.couplings
        self.offset += sign * j[keep, drop]
        self.fields[keep] += sign * self.fields[drop]
        row = j[drop].copy()
        row[[keep, drop]] = 0.0
        j[keep] += sign * row
        j[:, keep] += sign * row
        self._remove(drop)

    def fix(self, spin: int, sign: int) -> None:
        """``z[spin] = sign`` (position in the reduced model)."""
        self.offset += sign * self.fields[spin]
        self.fields += sign * self.couplings[spin]
        self._remove(spin)

    def _remove(self, spin: int) -> None:
        keep = np.arange(len(self.labels)) != spin
        self.couplings = self.couplings[np.ix_(keep, keep)]
        self.fields = self.fields[keep]
        del self.labels[spin]


def best_angles(landscape: Level1Landscape, scale: float) -> tuple[float, float, float, int]:
    """Angles minimising the depth-1 energy: a grid over ``gamma`` (each with every ``beta`` of a
    fine grid, in closed form), then Nelder-Mead from the best point.

    :param scale: the model's largest coefficient; ``gamma`` is searched in ``(0, pi/2] / scale``.
    :returns: ``(gamma, beta, energy, evaluations)``.
    """
    betas = np.linspace(0.0, np.pi, BETA_GRID, endpoint=False)
    best = (np.inf, 0.0, 0.0)
    for gamma in np.linspace(0.0, np.pi / 2, GAMMA_GRID + 1)[1:] / scale:
        values = landscape.energies(gamma, betas)
        k = int(np.argmin(values))
        if values[k] < best[0]:
            best = (float(values[k]), float(gamma), float(betas[k]))

    def energy(x: np.ndarray) -> float:
        return float(landscape.energies(x[0], np.array([x[1]]))[0])

    # converged when the simplex spans 1e-6 rad, whatever the energy's scale (a TSP's penalties make
    # energies thousands of times its couplings: an energy tolerance would ask for far finer angles)
    from scipy.optimize import minimize  # here: importing it costs every solve a third of a second

    result = minimize(energy, np.array(best[1:]), method="Nelder-Mead", options={"xatol": 1e-6, "fatol": np.inf})
    if result.fun < best[0]:
        best = (float(result.fun), float(result.x[0]), float(result.x[1]))
    return best[1], best[2], best[0], GAMMA_GRID + int(result.nfev)


def enumerate_minimum(model: IsingModel, allowed: Callable[[np.ndarray], np.ndarray] | None = None) -> np.ndarray:
    """Spins ``+-1`` of a minimum-energy configuration, by enumeration (first in index order on ties).

    :param allowed: which configurations count, given their 0/1 rows (``x = (1 - z) / 2``); all of
        them when none does.
    """
    n = model.num_spins
    if n == 0:
        return np.zeros(0, dtype=int)
    index = np.arange(2**n)
    bits = (index[:, None] >> np.arange(n)[None, :]) & 1
    spins = 1 - 2 * bits
    values = model.energy(spins)
    if allowed is not None:
        mask = allowed(bits)
        if mask.any():
            values = np.where(mask, values, np.inf)
    return spins[int(np.argmin(values))]


#: correlators of a model at ``(gamma, beta)``, ``gamma`` in the model's own units
CorrelatorSource = Callable[[IsingModel, float, float], Correlators]


def sample_means(model: IsingModel, counts: dict[str, int]) -> Correlators:
    """Correlators estimated from measured ``counts`` (Qiskit keys, qubit ``u`` = spin ``u``).

    A model without fields is symmetric under flipping every spin, so its ``<Z_u>`` are exactly 0
    and are not estimated: sampling noise must not turn into a rule fixing a spin.
    """
    keys = list(counts)
    weights = np.array([counts[k] for k in keys], dtype=float)
    weights /= weights.sum()
    spins = 1 - 2 * bits_from_keys(keys, model.num_spins).astype(float)
    u, v = model.edges()
    zz = weights @ (spins[:, u] * spins[:, v])
    z = weights @ spins if np.any(model.fields) else np.zeros(model.num_spins)
    return Correlators(z, zz, float(weights @ model.energy(spins)))


def _candidates(values: Correlators, rng: np.random.Generator | None) -> list[tuple[int, bool]]:
    """Every correlator's index, largest magnitude first, and whether it ties with another
    (within :data:`TIE`); ``rng`` orders each run of tied ones at random."""
    magnitudes = np.concatenate([np.abs(values.zz), np.abs(values.z)])
    order = np.argsort(-magnitudes, kind="stable")
    ranked: list[tuple[int, bool]] = []
    start = 0
    while start < len(order):
        top = magnitudes[order[start]]
        stop = start + 1
        while stop < len(order) and magnitudes[order[stop]] >= top * (1 - TIE):
            stop += 1
        tied = order[start:stop] if rng is None else rng.permutation(order[start:stop])
        ranked += [(int(k), stop - start > 1) for k in tied]
        start = stop
    return ranked


def _constrained_step(
    reduced: _ReducedModel,
    record: Recursion,
    landscape: Level1Landscape,
    values: Correlators,
    groups: OneHotConstraints,
    rng: np.random.Generator | None,
) -> OneHotConstraints | None:
    """One round's rule under one-hot groups: the largest correlator whose rule keeps every group
    satisfiable, then each variable the groups force, fixed as an implied rule. When no rule does
    (the groups were unsatisfiable from the start, or the search gave up), the largest correlator's
    rule, and ``None``: the recursion goes on as plain RQAOA."""
    ranked = _candidates(values, rng)
    for pick, tied in ranked:
        rule = _rule(reduced, landscape, values, pick)
        # in 0/1 variables (x = (1 - z) / 2): z_v = s z_u is x_v = x_u XOR (s < 0); z_u = s is x_u = (s < 0)
        after = groups.admits((rule.spin, rule.parent, int(rule.sign < 0)))
        if after is None:
            record.skipped += 1
            continue
        record.ties += tied
        break
    else:
        pick, tied = ranked[0]
        record.ties += tied
        rule = _rule(reduced, landscape, values, pick)
        _apply(reduced, record, rule)
        return None
    _apply(reduced, record, rule)
    for spin, value in after.implied().items():
        _apply(reduced, record, Rule(spin, None, 1 - 2 * value, 0.0, implied=True))
        after.fix(spin, value)
    return after


def _rule(reduced: _ReducedModel, landscape: Level1Landscape, values: Correlators, pick: int) -> Rule:
    """The rule of correlator ``pick`` (couplings first, then fields), in original spin labels."""
    edges = len(values.zz)
    if pick < edges:
        u, v = int(landscape.u[pick]), int(landscape.v[pick])
        sign = 1 if values.zz[pick] >= 0 else -1
        return Rule(reduced.labels[v], reduced.labels[u], sign, float(values.zz[pick]))
    u = pick - edges
    return Rule(reduced.labels[u], None, 1 if values.z[u] >= 0 else -1, float(values.z[u]))


def _apply(reduced: _ReducedModel, record: Recursion, rule: Rule) -> None:
    """Eliminate ``rule.spin`` from the reduced model and record the rule."""
    record.rules.append(rule)
    spin = reduced.labels.index(rule.spin)
    if rule.parent is None:
        reduced.fix(spin, rule.sign)
    else:
        reduced.tie(reduced.labels.index(rule.parent), spin, rule.sign)


def recursive_minimum(
    model: IsingModel,
    cutoff: int = CUTOFF,
    rng: np.random.Generator | None = None,
    correlators: CorrelatorSource | None = None,
    one_hot: Sequence[Sequence[int]] | None = None,
    feasible_remainder: bool = True,
) -> tuple[np.ndarray, Recursion]:
    """RQAOA on ``model``: every spin ``+-1`` and the record of the rounds.

    :param cutoff: spins left to enumeration.
    :param rng: breaks ties between equally large correlators (the first one without it).
    :param correlators: where each round's correlators come from, at the angles the closed form
        finds best (default: the closed form itself).
    :param one_hot: groups of spins of which exactly one has ``x = 1`` (spin ``-1``) in every
        feasible answer. Each round then takes the largest correlator whose rule keeps every group
        satisfiable (:mod:`c2q.algorithms.onehot`), and fixes the spins the groups then force, so
        the remainder always holds a feasible answer.
    :param feasible_remainder: with ``one_hot``, the recursion stops as soon as at most
        ``2**cutoff`` configurations meeting the groups remain (looked for from
        :data:`REMAINDER_SCAN` spins down), and enumerates those: the same number of energies as
        ``2**cutoff`` spin configurations, all of them feasible; else it stops at ``cutoff`` spins.
    """
    reduced, record = _ReducedModel(model), Recursion()
    groups = OneHotConstraints(one_hot, model.num_spins) if one_hot else None
    feasible = None  # the remainder's feasible configurations, once at most 2**cutoff
    while len(reduced.labels) > cutoff:
        if groups is not None and feasible_remainder and len(reduced.labels) <= REMAINDER_SCAN:
            feasible = groups.completions(2**cutoff)
            if feasible is not None and len(feasible):
                break
            feasible = None
        current = reduced.model()
        scale = current.scale
        if scale == 0.0:  # nothing left to decide: every configuration has the same energy
            break
        landscape = Level1Landscape(current)
        gamma, beta, energy, evaluations = best_angles(landscape, scale)
        record.angles.append((gamma * scale, beta))  # angles of the model scaled to a largest coefficient of 1
        record.energies.append(energy)
        record.evaluations += evaluations
        values = landscape.correlators(gamma, beta) if correlators is None else correlators(current, gamma, beta)
        if groups is not None:
            groups = _constrained_step(reduced, record, landscape, values, groups, rng)
            continue
        candidates = np.concatenate([np.abs(values.zz), np.abs(values.z)])
        top = np.flatnonzero(candidates >= candidates.max() * (1 - TIE))
        record.ties += len(top) > 1
        pick = int(top[0] if rng is None else rng.choice(top))
        edges = len(values.zz)
        if pick < edges:
            u, v = int(landscape.u[pick]), int(landscape.v[pick])
            sign = 1 if values.zz[pick] >= 0 else -1
            record.rules.append(Rule(reduced.labels[v], reduced.labels[u], sign, float(values.zz[pick])))
            reduced.tie(u, v, sign)
        else:
            u = pick - edges
            sign = 1 if values.z[u] >= 0 else -1
            record.rules.append(Rule(reduced.labels[u], None, sign, float(values.z[u])))
            reduced.fix(u, sign)
    record.remainder = len(reduced.labels)
    spins = np.zeros(model.num_spins, dtype=int)
    if feasible is not None:
        rows = 1 - 2 * feasible[:, reduced.labels]
        spins[reduced.labels] = rows[int(np.argmin(reduced.model().energy(rows)))]
    else:
        allowed = None
        if groups is not None:  # the remainder's configurations that meet every group
            a, c = groups.forms()
            allowed = lambda x: ((x @ a[:, reduced.labels].T + c) == 1).all(axis=1)  # noqa: E731
        spins[reduced.labels] = enumerate_minimum(reduced.model(), allowed)
    for rule in reversed(record.rules):
        spins[rule.spin] = rule.sign * (1 if rule.parent is None else spins[rule.parent])
    return spins, record


def check_encoding(encoding: Encoding) -> None:
    """:raises OptionError: for an operator with terms on three or more qubits, or too many spins."""
    if not is_quadratic(encoding.hamiltonian):
        raise OptionError(
            f"--algorithm rqaoa: the {encoding.name} encoding has terms on three or more qubits, and RQAOA takes "
            "quadratic Ising models; use vqe, or a QUBO --encoding"
        )
    if encoding.num_qubits > MAX_SPINS:
        raise OptionError(
            f"--algorithm rqaoa: {encoding.num_qubits} qubits exceed the {MAX_SPINS} it takes "
            "(one round per qubit on a dense coupling matrix); use a smaller instance"
        )
    couplings = int((encoding.hamiltonian.paulis.z.sum(axis=1) == 2).sum())
    if couplings > MAX_COUPLINGS:
        raise OptionError(
            f"--algorithm rqaoa: {couplings} couplings exceed the {MAX_COUPLINGS} it takes "
            "(its landscape grows with couplings x qubits); use a sparser or smaller instance"
        )


class RQAOA(Algorithm):
    """Recursive depth-1 QAOA, with closed-form or sampled correlators.

    :param backend: compiles the program for metrics; runs each round's circuit when the
        correlators are sampled.
    :param seed: breaks ties between equally large correlators; seeds the sampling.
    :param cutoff: spins left to enumeration (1..:data:`MAX_CUTOFF`).
    :param runs: independent recursions, the samples (1..:data:`MAX_RUNS`).
    :param correlators: one of :data:`CORRELATORS`.
    :param shots: measurements of each round's circuit when the correlators are sampled.
    """

    name = "rqaoa"

    def __init__(
        self,
        backend: Backend,
        seed: int | None = None,
        cutoff: int = CUTOFF,
        runs: int = RUNS,
        correlators: str = "closed form",
        shots: int = 2048,
        constraints: str = "one-hot",
        remainder: str = "feasible",
    ) -> None:
        super().__init__(backend, shots, seed)
        if not 1 <= cutoff <= MAX_CUTOFF:
            raise OptionError(f"rqaoa cutoff: {cutoff} is outside 1..{MAX_CUTOFF} (fix: e.g. {CUTOFF})")
        if not 1 <= runs <= MAX_RUNS:
            raise OptionError(f"rqaoa runs: {runs} is outside 1..{MAX_RUNS} (fix: e.g. {RUNS})")
        if correlators not in CORRELATORS:
            raise OptionError(f"rqaoa correlators: '{correlators}' is not one of {', '.join(CORRELATORS)}")
        if constraints not in CONSTRAINTS:
            raise OptionError(f"rqaoa constraints: '{constraints}' is not one of {', '.join(CONSTRAINTS)}")
        self.cutoff = cutoff
        self.runs = runs
        self.correlators = correlators
        if remainder not in REMAINDERS:
            raise OptionError(f"rqaoa remainder: '{remainder}' is not one of {', '.join(REMAINDERS)}")
        self.constraints = constraints
        self.remainder = remainder

    def program(self, encoding: Encoding, angles: tuple[float, float] | None = None) -> Any:
        """The first round's circuit: depth-1 :func:`~c2q.algorithms.qaoa.cost_ansatz` (parameters
        ``beta, gamma``), bound to ``angles = (gamma, beta)`` when given."""
        ansatz = cost_ansatz(encoding.hamiltonian, 1)
        return ansatz if angles is None else ansatz.assign_parameters([angles[1], angles[0]])

    def sampled(self, model: IsingModel, gamma: float, beta: float) -> Correlators:
        """Correlators of ``model`` as sample means of its depth-1 circuit run on the backend."""
        circuit = cost_ansatz(model.operator(), 1).assign_parameters([beta, gamma * model.scale])
        measured = circuit.measure_all(inplace=False)
        result = self.backend.sampler(self.seed, stage="correlators").run([measured], shots=self.shots).result()
        return sample_means(model, result[0].data.meas.get_counts())

    def run(self, encoding: Encoding) -> RunResult:
        """``runs`` recursions, each eliminating spins round by round and enumerating the remainder."""
        check_encoding(encoding)
        timings: dict[str, float] = {}
        model = IsingModel.from_operator(encoding.hamiltonian, encoding.offset)
        rng = np.random.default_rng(self.seed)
        source = self.sampled if self.correlators == "sampled" else None
        groups = encoding.one_hot if self.constraints == "one-hot" else None
        counts: dict[str, int] = {}
        records: list[Recursion] = []
        with timed(timings, "optimise"):
            while len(records) < self.runs:
                spins, record = recursive_minimum(model, self.cutoff, rng, source, groups, self.remainder == "feasible")
                key = keys_from_bits(((1 - spins) // 2)[None, :])[0]
                # exact correlators and no tie: every further run would take the same rules
                copies = self.runs - len(records) if source is None and record.ties == 0 else 1
                counts[key] = counts.get(key, 0) + copies
                records += [record] * copies
        distinct = list({id(record): record for record in records}.values())
        first = records[0]
        angles = first.angles[0] if first.angles else (0.0, 0.0)
        return RunResult(
            counts=counts,
            circuit=self.program(encoding, angles),
            evaluations=sum(r.evaluations for r in distinct),
            details={
                "rounds": first.rounds,
                "remainder": first.remainder,
                "constraints": "one-hot groups" if groups else "none",
                "implied_rules": len(first.rules) - first.rounds,
                "skipped_candidates": first.skipped,
                "first_round_angles": {"gamma": angles[0], "beta": angles[1]},
                "first_round_energy": first.energies[0] if first.energies else None,
                "distinct_runs": len(distinct),
                # each sampled round is one job and makes one rule
                "correlator_jobs": sum(r.rounds for r in distinct) if source is not None else 0,
                "shots_per_job": self.shots if source is not None else None,
            },
            timings=timings,
            method="closed-form correlators" if source is None else None,
        )
