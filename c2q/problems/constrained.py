"""Your own constrained model: a linear or quadratic objective over binary and bounded integer
variables, under linear equality and inequality constraints.

The encoding follows qiskit-optimization's ``QuadraticProgramToQubo`` recipe, step by step, so
that each step can be reported: inequalities become equalities with integer slack variables
(``InequalityToEquality``), integer variables become binary ones (``IntegerToBinary``, bounded
coefficients), and each equality constraint ``a x = b`` adds ``w_c (a x - b)^2`` to the objective
(minimised). Constraints with an exact quadratic penalty (at most one of some bits, at least one
of two) take it instead, without slack (:meth:`ConstrainedModel.pairwise`). Unlike the converter,
every constraint has its own weight ``w_c``: the user's (``penalties``), or the smallest one that
provably makes any violation cost more than the objective can gain
(:meth:`ConstrainedModel.default_penalty`), and the result says which and why.

The ``unbalanced`` encoding writes inequalities without slack qubits (Montanez-Barrera et al.,
"Unbalanced penalization: a new approach to encode inequality constraints of combinatorial
problems for quantum optimization algorithms", Quantum Sci. Technol. 9, 025022 (2024),
arXiv:2211.13914): with ``h`` the constraint's room (``rhs - lhs`` for ``<=``, ``lhs - rhs`` for
``>=``, at least 0 when met), it adds ``w (h^2 / H - h)``, which grows with any violation and
stays within ``w H / 4`` of 0 while the constraint holds. That is not exact: a feasible state is
shifted by up to ``w H / 4`` and the Hamiltonian's ground state need not be the optimum, so the
answer is the best feasible sample by the model's own objective (as for every encoding), and the
slack encoding stays the default wherever it is narrow enough to train exactly
(:meth:`ConstrainedModel.default_encoding`). The weight ``w`` is the constraint's price in the
model's linear relaxation (:meth:`ConstrainedModel.relaxation_prices`); ``H`` is twice the
constraint's largest coefficient (:meth:`ConstrainedModel.unbalanced_penalty`).

Qubit ``q`` holds the converted program's variable ``q``: a binary variable under its own name, bit
``k`` of an integer ``n`` as ``n@k``, and bit ``k`` of constraint ``c``'s slack as ``c@int_slack@k``
(the converters' names).

Exact reference: HiGHS MILP on the model as written (integer variables as integer columns, never
the binary expansion above); a product in the objective is linearised over the factors' own binary
expansion, which the reference builds itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

import numpy as np

from c2q.encoding import Answer, Encoding, Evaluation, Reference, Sense
from c2q.problems.base import Problem, same_sign_ratio
from c2q.problems.exact import CLASSICAL_TIME_LIMIT, MILP, BinaryProgram

Relation = Literal["<=", ">=", "=="]
#: decimals a constraint's coefficients may have for its penalty to be provably large enough (and for
#: an inequality's integer slack): coefficients and right-hand side are scaled by ``10**decimals``
MAX_DECIMALS = 6
#: how far a left-hand side may miss its right-hand side and still count as met (floating point)
TOLERANCE = 1e-6
#: widest slack encoding ``auto`` keeps (the widest register VQE trains exactly,
#: :data:`c2q.algorithms.statevector.EXACT_TRAINING_MAX_QUBITS`); past it, ``unbalanced`` when narrower
SLACK_MAX_QUBITS = 18


@dataclass(frozen=True)
class Variable:
    """A decision variable: binary (``0..1``) or an integer in ``lower..upper``."""

    name: str
    lower: int = 0
    upper: int = 1
    integer: bool = False

    @property
    def kind(self) -> str:
        """``binary`` or ``integer``."""
        return "integer" if self.integer else "binary"


@dataclass(frozen=True)
class Constraint:
    """``sum_i coefficients[i] * v_i  relation  rhs`` over variable indices."""

    name: str
    coefficients: dict[int, float]
    relation: Relation
    rhs: float

    def decimals(self) -> int | None:
        """Decimals of the coefficients and right-hand side (0: all integers); ``None`` past :data:`MAX_DECIMALS`."""
        values = [*self.coefficients.values(), self.rhs]
        for k in range(MAX_DECIMALS + 1):
            if all(abs(v * 10**k - round(v * 10**k)) < 1e-9 * max(1.0, abs(v) * 10**k) for v in values):
                return k
        return None

    def scaled(self) -> Constraint:
        """The constraint with integer coefficients (scaled by ``10**decimals``), or itself."""
        k = self.decimals() or 0
        if not k:
            return self
        scale = 10**k
        return Constraint(
            self.name, {i: round(c * scale) for i, c in self.coefficients.items()}, self.relation, self.rhs * scale
        )

    def met(self, lhs: float) -> bool:
        """Whether a left-hand side value satisfies the constraint."""
        if self.relation == "<=":
            return lhs <= self.rhs + TOLERANCE
        if self.relation == ">=":
            return lhs >= self.rhs - TOLERANCE
        return abs(lhs - self.rhs) <= TOLERANCE


class ConstrainedModel(Problem):
    """Optimise ``constant + sum linear_i v_i + sum quadratic_ij v_i v_j`` under linear constraints.

    :param variables: the variables, ``variables[i]`` is index ``i``.
    :param linear: objective coefficient of each variable index.
    :param quadratic: objective coefficient of each index pair ``(i, j)``, ``i <= j`` (``i == j``: a square).
    :param constant: the objective's constant.
    :param sense: ``min`` or ``max``.
    :param constraints: the constraints, names unique.
    :param penalties: weight of the penalty of the named constraints (others: :meth:`default_penalty`).
    """

    family = "model"
    encodings = ("penalty", "unbalanced")

    def __init__(
        self,
        variables: list[Variable],
        linear: dict[int, float],
        quadratic: dict[tuple[int, int], float],
        constant: float = 0.0,
        sense: Sense = "min",
        constraints: list[Constraint] | None = None,
        penalties: dict[str, float] | None = None,
    ) -> None:
        self.variables = list(variables)
        self.linear = dict(linear)
        self.quadratic: dict[tuple[int, int], float] = {}
        for (i, j), c in quadratic.items():  # (i, j) and (j, i) are one product
            key = (min(i, j), max(i, j))
            self.quadratic[key] = self.quadratic.get(key, 0.0) + c
        self.constant = float(constant)
        self.sense = sense
        self.constraints = list(constraints or [])
        self.penalties = dict(penalties or {})
        self._conversions: dict[str, tuple[Any, Any]] = {}

    # ---- the model's own arithmetic (the decoder and the reference use it, never the encoding) ----
    def objective_of(self, values: np.ndarray) -> float:
        """The objective at one assignment (values in variable order)."""
        total = self.constant + sum(c * values[i] for i, c in self.linear.items())
        return float(total + sum(c * values[i] * values[j] for (i, j), c in self.quadratic.items()))

    def violations(self, values: np.ndarray) -> list[dict[str, Any]]:
        """The constraints (and bounds) an assignment breaks, each with its left-hand side."""
        broken = [
            {"constraint": f"bounds of {v.name}", "lhs": int(values[i]), "relation": "in", "rhs": [v.lower, v.upper]}
            for i, v in enumerate(self.variables)
            if not v.lower <= values[i] <= v.upper
        ]
        for constraint in self.constraints:
            lhs = float(sum(c * values[i] for i, c in constraint.coefficients.items()))
            if not constraint.met(lhs):
                broken.append(
                    {"constraint": constraint.name, "lhs": lhs, "relation": constraint.relation, "rhs": constraint.rhs}
                )
        return broken

    def answer_of(self, values: np.ndarray) -> Answer:
        """An assignment (values in variable order) as an answer: values by name and the constraints it breaks
        (none when feasible; the result's ``objective`` is its objective)."""
        values = np.asarray(np.round(values), dtype=np.int64)
        return {
            "assignment": {v.name: int(values[i]) for i, v in enumerate(self.variables)},
            "violated": self.violations(values),
        }

    def evaluate(self, answer: Answer) -> Evaluation:
        """The objective and the constraints, recomputed from the assignment."""
        values = np.array([answer["assignment"][v.name] for v in self.variables], dtype=np.int64)
        return Evaluation(objective=self.objective_of(values), feasible=not self.violations(values))

    def infeasible_note(self, answer: Answer) -> str | None:
        """Which constraints an infeasible answer (the most frequent sample, when none is feasible) breaks."""
        broken = answer.get("violated") or []
        shown = ", ".join(
            f"{b['constraint']} (lhs {b['lhs']:g} {b['relation']} {b['rhs']:g})"
            if b["relation"] != "in"
            else b["constraint"]
            for b in broken[:5]
        )
        return f"the most frequent sample breaks {len(broken)} constraint(s): {shown}" if broken else None

    # ---- encoding --------------------------------------------------------------------------------
    def quadratic_program(self) -> Any:
        """The model as a qiskit-optimization QuadraticProgram, as written (inequalities kept)."""
        from qiskit_optimization import QuadraticProgram

        program = QuadraticProgram("model")
        for v in self.variables:
            if v.integer:
                program.integer_var(v.lower, v.upper, v.name)
            else:
                program.binary_var(v.name)
        names = [v.name for v in self.variables]
        optimise = program.maximize if self.sense == "max" else program.minimize
        optimise(
            constant=self.constant,
            linear={names[i]: c for i, c in self.linear.items()},
            quadratic={(names[i], names[j]): c for (i, j), c in self.quadratic.items()},
        )
        for constraint in self.constraints:
            program.linear_constraint(
                {names[i]: c for i, c in constraint.coefficients.items()},
                constraint.relation,
                constraint.rhs,
                constraint.name,
            )
        return program

    @cached_property
    def objective_range(self) -> float:
        """An upper bound on how much the objective can differ between two assignments of the bounds
        (the same for every constraint's default penalty: computed once)."""
        spread = 0.0
        for i, c in self.linear.items():
            v = self.variables[i]
            spread += abs(c) * (v.upper - v.lower)
        for (i, j), c in self.quadratic.items():
            a, b = self.variables[i], self.variables[j]
            corners: list[float] = [x * y for x in (a.lower, a.upper) for y in (b.lower, b.upper)]
            if i == j:
                corners.append(0.0 if a.lower <= 0 <= a.upper else min(a.lower**2, a.upper**2))
            spread += abs(c) * (max(corners) - min(corners))
        return spread

    def default_penalty(self, constraint: Constraint) -> tuple[float, str]:
        """The penalty weight c2q picks for ``constraint``, and why.

        A violated constraint whose coefficients and right-hand side are integers misses by at least
        1, so ``(a x - b)^2 >= 1``; a weight above the objective's range ``R`` (:attr:`objective_range`)
        then makes every violation cost more than any objective gain: ``w = R + 1``. With ``k``
        decimals the miss is at least ``10**-k``: ``w = (R + 1) 10**(2k)``. A constraint that can be
        repaired one flip at a time takes the smaller weight :meth:`repair_penalty` proves enough.
        """
        spread = self.objective_range
        repair = self.repair_penalty(constraint)
        if repair is not None and repair[0] < spread + 1:
            return repair
        k = constraint.decimals()
        if k is None:
            return spread + 1, (
                f"objective range {spread:g} + 1; coefficients with more than {MAX_DECIMALS} decimals: "
                "not proven large enough (set penalties)"
            )
        if k == 0:
            return spread + 1, f"objective range {spread:g} + 1: any violation (at least 1) costs more than it gains"
        return (spread + 1) * 10 ** (2 * k), (
            f"(objective range {spread:g} + 1) x 10^{2 * k}: any violation (at least 10^-{k}) costs more than it gains"
        )

    def repair_penalty(self, constraint: Constraint) -> tuple[float, str] | None:
        """``w = I + 1`` for an equality over binary variables with coefficients all 1 (or all -1), a
        reachable integer right-hand side, and no variable in any other constraint; else ``None``.

        ``I`` is the most one flip of one of its variables can change the objective (:meth:`flip_influence`).
        An assignment that misses the right-hand side by ``d`` becomes one that meets it by
        flipping ``d`` of the constraint's variables: the objective changes by at most ``d I``, the
        penalty drops by ``w d^2 >= w d > d I``, and no other constraint sees the flips. So every
        violation costs more than it gains (graph partitioning's balance, an assignment's one-hot
        groups: far below the objective's range, which buries the objective under the penalty).
        """
        signs = {c for c in constraint.coefficients.values()}
        binary = all(not self.variables[i].integer for i in constraint.coefficients)
        if constraint.relation != "==" or not binary or signs not in ({1.0}, {-1.0}):
            return None
        target = constraint.rhs * signs.pop()
        if target != round(target) or not 0 <= target <= len(constraint.coefficients):
            return None
        shared = set(constraint.coefficients)
        if any(shared & set(other.coefficients) for other in self.constraints if other is not constraint):
            return None
        influence = max(self.flip_influence[i] for i in constraint.coefficients)
        return influence + 1, (
            f"largest change one flip of its variables makes to the objective {influence:g} + 1: "
            "repairing a violation flips one variable per unit missed, each gaining less than its penalty"
        )

    @cached_property
    def flip_influence(self) -> list[float]:
        """For each binary variable, the most flipping it can change the objective, whatever the others
        hold (``0`` for an integer variable, never flipped): the change is ``c_i + Q_ii + sum_j Q_ij v_j``,
        bounded by the extremes of each ``Q_ij v_j`` over ``v_j``'s range."""
        lowest = [self.linear.get(i, 0.0) for i in range(len(self.variables))]
        highest = list(lowest)
        for (i, j), c in self.quadratic.items():
            if i == j:  # x^2 = x for a bit
                lowest[i] += c
                highest[i] += c
                continue
            for a, b in ((i, j), (j, i)):
                ends = (c * self.variables[b].lower, c * self.variables[b].upper)
                lowest[a] += min(ends)
                highest[a] += max(ends)
        return [0.0 if v.integer else max(abs(lowest[i]), abs(highest[i])) for i, v in enumerate(self.variables)]

    def penalty_weights(self, encoding: str = "penalty") -> dict[str, dict[str, Any]]:
        """Each constraint's penalty in ``encoding``: its form, weight, where the weight came from
        (``user``/``c2q``) and why; an unbalanced penalty also gives its scale ``H``."""
        weights = {}
        for constraint in self.constraints:
            form: dict[str, Any] = {"form": self.penalty_form(constraint, encoding)}
            if self.unbalanced(constraint, encoding):
                weight, scale, reason = self.unbalanced_penalty(constraint)
                form["scale"] = scale
            else:
                weight, reason = self.default_penalty(constraint)
            if constraint.name in self.penalties:
                weights[constraint.name] = form | {"weight": self.penalties[constraint.name], "set_by": "user"}
            else:
                weights[constraint.name] = form | {"weight": weight, "set_by": "c2q", "reason": reason}
        return weights

    def unbalanced(self, constraint: Constraint, encoding: str) -> bool:
        """Whether ``constraint`` takes the unbalanced penalty in ``encoding`` (its inequalities
        without an exact pairwise penalty)."""
        return encoding == "unbalanced" and constraint.relation != "==" and not self.pairwise(constraint)

    def unbalanced_penalty(self, constraint: Constraint) -> tuple[float, float, str]:
        """Weight ``w`` and scale ``H`` of an inequality's unbalanced penalty ``w (h^2 / H - h)``, and why.

        ``w`` is the constraint's price in the linear relaxation (:meth:`relaxation_prices`): what
        one more unit of room would gain the objective, so that leaving room costs about what
        using it would gain. ``H`` is twice the largest coefficient ``a``: room up to ``2a`` (too
        little, or just enough, for one more unit of any variable) is rewarded by at most
        ``w a / 2``, more room is penalised, and a violation by ``a`` costs ``1.5 w a``. Chosen
        among ``H`` = 1/4 to 4 times ``a`` on the optimum's rank in the Hamiltonian's spectrum over
        fresh knapsack and set-cover draws; judged end to end on others (``benchmarks/results/models``).
        """
        price, source = self.relaxation_prices[constraint.name]
        return price, unbalanced_scale(constraint), f"{source}; H = twice the largest coefficient"

    @cached_property
    def relaxation_prices(self) -> dict[str, tuple[float, str]]:
        """Each constraint's price (its dual value) in the model's linear relaxation, and where it came from.

        The relaxation keeps the objective's linear part, each variable's bounds and every
        constraint (HiGHS's dual simplex, :func:`scipy.optimize.linprog`). A price of 0 (a
        constraint the relaxation does not need) or no relaxation optimum falls back to the
        smallest nonzero ratio ``|objective coefficient / constraint coefficient|`` of the
        constraint's variables: breaking it then still costs what the cheapest unit of it gains.
        """
        from scipy.optimize import linprog

        n = len(self.variables)
        sign = -1.0 if self.sense == "max" else 1.0
        cost = np.zeros(n)
        for i, c in self.linear.items():
            cost[i] = sign * c
        rows: dict[str, list[Constraint]] = {"<=": [], ">=": [], "==": []}
        for constraint in self.constraints:
            rows[constraint.relation].append(constraint)

        def matrix(constraints: list[Constraint], flip: float = 1.0) -> np.ndarray | None:
            if not constraints:
                return None
            a = np.zeros((len(constraints), n))
            for r, constraint in enumerate(constraints):
                for i, c in constraint.coefficients.items():
                    a[r, i] = flip * c
            return a

        upper = [*rows["<="], *rows[">="]]
        a_ub = matrix(rows["<="])
        a_ge = matrix(rows[">="], -1.0)
        a_ub = a_ge if a_ub is None else a_ub if a_ge is None else np.vstack([a_ub, a_ge])
        b_ub = [c.rhs for c in rows["<="]] + [-c.rhs for c in rows[">="]]
        relaxed = linprog(
            cost,
            A_ub=a_ub,
            b_ub=b_ub or None,
            A_eq=matrix(rows["=="]),
            b_eq=[c.rhs for c in rows["=="]] or None,
            bounds=[(v.lower, v.upper) for v in self.variables],
            method="highs",
        )
        duals: dict[str, float] = {}
        if relaxed.status == 0:
            duals |= {c.name: abs(float(m)) for c, m in zip(upper, relaxed.ineqlin.marginals, strict=True)}
            duals |= {c.name: abs(float(m)) for c, m in zip(rows["=="], relaxed.eqlin.marginals, strict=True)}
        prices = {}
        for constraint in self.constraints:
            price = duals.get(constraint.name, 0.0)
            if price > 1e-9:
                prices[constraint.name] = (price, f"price {price:g} in the linear relaxation (HiGHS dual)")
                continue
            ratios = [abs(self.linear.get(i, 0.0) / c) for i, c in constraint.coefficients.items() if c]
            floor = min((r for r in ratios if r > 0), default=1.0)
            reason = f"smallest objective/coefficient ratio {floor:g} (price 0 in the relaxation)"
            prices[constraint.name] = (floor, reason)
        return prices

    def pairwise(self, constraint: Constraint) -> bool:
        """Whether ``constraint`` has an exact quadratic penalty without slack, as qiskit-optimization's
        ``LinearInequalityToPenalty`` writes it: at most one of some bits (``x_1 + ... + x_k <= 1``:
        ``w sum_{i<j} x_i x_j``) or at least one of two (``x + y >= 1``: ``w (1 - x)(1 - y)``). Both
        are 0 when the constraint holds and at least ``w`` when it does not."""
        bits = all(not self.variables[i].integer and c == 1 for i, c in constraint.coefficients.items())
        if not bits or constraint.rhs != 1:
            return False
        return constraint.relation == "<=" or (constraint.relation == ">=" and len(constraint.coefficients) == 2)

    def penalty_form(self, constraint: Constraint, encoding: str = "penalty") -> str:
        """The penalty term of ``constraint`` in ``encoding``, in words (``w`` its weight)."""
        if self.pairwise(constraint):
            return "w sum_{i<j} x_i x_j" if constraint.relation == "<=" else "w (1 - x)(1 - y)"
        if self.unbalanced(constraint, encoding):
            room = "rhs - lhs" if constraint.relation == "<=" else "lhs - rhs"
            return f"w (h^2 / {unbalanced_scale(constraint):g} - h), h = {room} (unbalanced, no slack)"
        return "w (lhs - rhs)^2" if constraint.relation == "==" else "w (lhs + slack - rhs)^2"

    def default_encoding(self, hardware: bool = False, cost_circuit: bool = False, quadratic: bool = False) -> str:
        """``penalty`` (slack qubits, a penalty proven large enough) up to :data:`SLACK_MAX_QUBITS`
        qubits; past it ``unbalanced`` whenever that is narrower (no slack qubits, not exact: see
        the module). Measured on fresh draws kept apart from the benchmark: knapsacks, set covers
        and production plans of 16-24 slack qubits 32 -> 50 optimal of 54 (generator seed 7272);
        production plans of 24 slack qubits, which run at 21 without it, 9 -> 18 of 18 (seeds 7474
        and 7575). Past 24 qubits (recursive QAOA) the choice is not measured."""
        slack = self._encoded_qubits("penalty")
        return "unbalanced" if slack > SLACK_MAX_QUBITS and self._encoded_qubits("unbalanced") < slack else "penalty"

    def _converted(self, encoding: str) -> tuple[Any, Any]:
        """The program over bits only (integer bits; integer slack for the ``penalty`` encoding's
        inequalities) and how a sample of it becomes the model's values; built once per encoding."""
        if encoding not in self._conversions:
            from qiskit_optimization.converters import InequalityToEquality, IntegerToBinary

            slack = encoding == "penalty"
            scaled = ConstrainedModel(
                self.variables,
                self.linear,
                self.quadratic,
                self.constant,
                self.sense,
                [c.scaled() if slack and c.relation != "==" else c for c in self.constraints if not self.pairwise(c)],
            )
            binary = IntegerToBinary()
            if slack:
                to_equality = InequalityToEquality(mode="integer")
                program = binary.convert(to_equality.convert(scaled.quadratic_program()))
                self._conversions[encoding] = (program, lambda x: to_equality.interpret(binary.interpret(x)))
            else:
                self._conversions[encoding] = (binary.convert(scaled.quadratic_program()), binary.interpret)
        return self._conversions[encoding]

    def _encode(self, name: str) -> Encoding:
        from qiskit_optimization.problems import Constraint as ProgramConstraint

        program, interpret = self._converted(name)
        weights = self.penalty_weights(name)
        sign = -1.0 if self.sense == "max" else 1.0  # the encoding minimises
        n = program.get_num_vars()
        linear = sign * program.objective.linear.to_array()
        quadratic = sign * program.objective.quadratic.to_array(symmetric=False)
        constant = sign * program.objective.constant
        scale = {c.name: 10 ** (c.decimals() or 0) if c.relation != "==" else 1 for c in self.constraints}
        for row in program.linear_constraints:
            a = row.linear.to_array()
            if row.sense == ProgramConstraint.Sense.EQ:
                # w (a x - b)^2; a slack row is the constraint times its scale, its weight per original unit
                w = weights[row.name]["weight"] / scale[row.name] ** 2
                room_sign = 0.0
            else:  # unbalanced: w (h^2 / H - h) = (w / H) (a x - b)^2 -+ w (a x - b), h = -+(a x - b)
                penalty = weights[row.name]
                w = penalty["weight"] / penalty["scale"]
                room_sign = penalty["weight"] * (1.0 if row.sense == ProgramConstraint.Sense.LE else -1.0)
            linear += w * (a * a - 2 * row.rhs * a) + room_sign * a  # x^2 = x for bits
            quadratic += w * 2 * np.triu(np.outer(a, a), 1)
            constant += w * row.rhs**2 - room_sign * row.rhs
        for constraint in filter(self.pairwise, self.constraints):
            w = weights[constraint.name]["weight"]
            qubits = sorted(program.variables_index[self.variables[i].name] for i in constraint.coefficients)
            if constraint.relation == "<=":  # at most one: every pair of them costs w
                for a, i in enumerate(qubits):
                    for j in qubits[a + 1 :]:
                        quadratic[i, j] += w
            else:  # at least one of two: w (1 - x)(1 - y)
                i, j = qubits
                constant += w
                linear[[i, j]] -= w
                quadratic[i, j] += w
        from qiskit_optimization import QuadraticProgram

        qubo = QuadraticProgram("penalised")
        for variable in program.variables:
            qubo.binary_var(variable.name)
        qubo.minimize(constant=constant, linear=linear, quadratic=quadratic)
        hamiltonian, offset = qubo.to_ising()
        added = n - len(self.variables)
        held = "integer bits and inequality slack" if name == "penalty" else "integer bits"
        notes = [f"{added} qubit(s) hold {held}"] if added else []
        if any(self.unbalanced(c, name) for c in self.constraints):
            notes.append(
                "inequalities take unbalanced penalties: no slack qubits, not exact "
                "(the answer is the best feasible sample)"
            )
        if weights:
            shown = ", ".join(f"{c} {w['weight']:g} ({w['set_by']})" for c, w in list(weights.items())[:5])
            more = f" and {len(weights) - 5} more" if len(weights) > 5 else ""
            notes.append(f"penalty weights: {shown}{more}; why: the JSON result's encoding.penalties")
        unproven = [c for c, w in weights.items() if w["set_by"] == "c2q" and "not proven" in w["reason"]]
        notes += [f"constraint {c}: the default penalty is not proven large enough (set penalties)" for c in unproven]
        return Encoding(
            name=name,
            hamiltonian=hamiltonian,
            offset=float(offset),
            interpret=lambda x: self.answer_of(interpret(np.asarray(x)[:n])),
            quadratic_program=self.quadratic_program(),
            notes=notes,
            variables=[variable.name for variable in program.variables],
            penalties=weights,
        )

    def _encoded_qubits(self, name: str) -> int:
        """Binary variables, the bounded-coefficient bits of each integer (``floor(log2 range) + 1``)
        and of each inequality's slack, as the converters add them."""
        qubits = sum(_bits(v.upper - v.lower) if v.integer else 1 for v in self.variables)
        for constraint in self.constraints:
            if constraint.relation == "==" or self.pairwise(constraint) or name == "unbalanced":
                continue
            scaled = constraint.scaled()
            low = high = 0.0
            for i, c in scaled.coefficients.items():
                v = self.variables[i]
                low += min(c * v.lower, c * v.upper)
                high += max(c * v.lower, c * v.upper)
            room = math.floor(scaled.rhs) - low if scaled.relation == "<=" else high - math.ceil(scaled.rhs)
            qubits += _bits(int(room)) if room > 0 else 0
        return qubits

    # ---- exact reference -------------------------------------------------------------------------
    def exact_reference(self, time_limit: float | None = None) -> Reference:
        """HiGHS MILP over the model's own variables (see the module)."""
        program, constant = self._reference_program()
        outcome = program.solve(time_limit)
        n = len(self.variables)
        if outcome.x is None:  # proven infeasible, or nothing found in time
            return Reference(None, None, outcome.optimal, outcome.bound, MILP)
        found = self.answer_of(outcome.x[:n])
        evaluation = self.evaluate(found)
        if outcome.optimal:
            return Reference.proven(found, evaluation, MILP)
        return Reference(found, evaluation, False, outcome.bound + constant, MILP)

    def _reference_program(self) -> tuple[BinaryProgram, float]:
        """The MILP: one integer column per variable, bits and products only for the objective's products."""
        n = len(self.variables)
        columns: list[float] = [0.0] * n
        lower = [float(v.lower) for v in self.variables]
        upper = [float(v.upper) for v in self.variables]
        integer = [True] * n
        rows: list[tuple[list[int], list[float], float, float]] = []

        def column(cost: float, low: float, high: float, is_integer: bool) -> int:
            columns.append(cost)
            lower.append(low)
            upper.append(high)
            integer.append(is_integer)
            return len(columns) - 1

        expansions: dict[int, tuple[float, list[tuple[int, float]]]] = {}

        def expansion(i: int) -> tuple[float, list[tuple[int, float]]]:
            """``v_i = offset + sum weight * bit`` over 0/1 columns (a binary variable is its own bit)."""
            if i not in expansions:
                v = self.variables[i]
                if not v.integer:
                    expansions[i] = (0.0, [(i, 1.0)])
                else:
                    bits = [(column(0.0, 0, 1, True), float(2**k)) for k in range(_bits(v.upper - v.lower))]
                    rows.append(([i, *(b for b, _ in bits)], [1.0, *(-w for _, w in bits)], v.lower, v.lower))
                    expansions[i] = (float(v.lower), bits)
            return expansions[i]

        products: dict[tuple[int, int], int] = {}
        constant = self.constant
        for i, c in self.linear.items():
            columns[i] += c
        for (i, j), c in self.quadratic.items():
            (oi, bits_i), (oj, bits_j) = expansion(i), expansion(j)
            constant += c * oi * oj
            for b, w in bits_j:
                columns[b] += c * oi * w
            for b, w in bits_i:
                columns[b] += c * oj * w
            for p, wp in bits_i:
                for q, wq in bits_j:
                    if p == q:
                        columns[p] += c * wp * wq
                        continue
                    key = (min(p, q), max(p, q))
                    if key not in products:
                        y = products[key] = column(0.0, 0, 1, False)
                        rows.append(([y, p], [1.0, -1.0], -np.inf, 0.0))
                        rows.append(([y, q], [1.0, -1.0], -np.inf, 0.0))
                        rows.append(([y, p, q], [1.0, -1.0, -1.0], -1.0, np.inf))
                    columns[products[key]] += c * wp * wq
        program = BinaryProgram(columns, self.sense, integer=np.array(integer))
        program.lower, program.upper = np.array(lower), np.array(upper)
        for variables, coefficients, low, high in rows:
            program.constrain(variables, coefficients, lower=low, upper=high)
        for constraint in self.constraints:
            variables = list(constraint.coefficients)
            coefficients = [constraint.coefficients[i] for i in variables]
            low = constraint.rhs if constraint.relation in (">=", "==") else -np.inf
            high = constraint.rhs if constraint.relation in ("<=", "==") else np.inf
            program.constrain(variables, coefficients, lower=low, upper=high)
        return program, constant

    def no_solution_answer(self) -> Answer | None:
        """``feasible: false`` and no assignment, when HiGHS proves, within
        :data:`~c2q.problems.exact.CLASSICAL_TIME_LIMIT` seconds, that no assignment meets every constraint."""
        outcome = self._reference_program()[0].solve(CLASSICAL_TIME_LIMIT)
        if outcome.x is not None or not outcome.optimal:  # a solution, or no proof in time
            return None
        return {"assignment": None, "violated": None, "infeasible_model": True}

    def approximation_ratio(self, objective: float, optimum: float) -> float | None:
        """As for energies: 1 at the optimum, smaller further away; ``None`` across signs."""
        return same_sign_ratio(objective, optimum)

    def describe(self) -> dict[str, Any]:
        """Sense, variables by kind, objective terms and constraints by relation."""
        integers = sum(v.integer for v in self.variables)
        return {
            "sense": self.sense,
            "variables": len(self.variables),
            "binary_variables": len(self.variables) - integers,
            "integer_variables": integers,
            "objective_terms": len(self.linear) + len(self.quadratic),
            "constraints": {
                relation: sum(c.relation == relation for c in self.constraints) for relation in ("<=", ">=", "==")
            },
        }


def unbalanced_scale(constraint: Constraint) -> float:
    """``H`` of an inequality's unbalanced penalty: twice its largest coefficient (see
    :meth:`ConstrainedModel.unbalanced_penalty`)."""
    return 2 * max(abs(c) for c in constraint.coefficients.values())


def _bits(span: int) -> int:
    """Bits IntegerToBinary gives a range of ``span`` values above the lower bound (bounded coefficients)."""
    return int(np.log2(span)) + 1 if span > 0 else 1
