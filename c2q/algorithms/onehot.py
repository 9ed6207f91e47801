"""Exactly-one constraints kept satisfiable while recursive QAOA decides variables.

A one-hot or assignment encoding (a TSP's ``x[city][position]``, a colouring's ``x[node][colour]``)
holds groups of binary variables of which exactly one is 1 in every feasible answer
(:attr:`~c2q.encoding.Encoding.one_hot`). Recursive QAOA's rules bind variables: ``x_v = x_u``,
``x_v = 1 - x_u`` or ``x_v = value``. Unaware of the groups, a rule may leave them unsatisfiable
(two cities at one position, a city nowhere), and the remainder then holds no feasible answer.

:class:`OneHotConstraints` writes each group over the variables still free, as the rules so far
bind them: ``sum_r a_gr x_r + c_g = 1`` with integer ``a`` (a variable tied to another of its own
group counts twice, one tied by ``1 - x`` counts ``-1``). Two classical steps act on it, both exact
consequences of the hard constraints, never a choice between feasible answers:

- :func:`propagate`: bound propagation, as in a SAT or MILP solver's presolve: a variable whose
  other value leaves some group's sum unable to reach 1 takes the value left;
- :func:`satisfiable`: depth-first search with propagation at every node, which either finds one
  assignment meeting every group (a witness) or proves there is none.

Every candidate rule is first tried against the current witness (a rule the witness obeys keeps
the groups satisfiable, with no search); otherwise a search decides. The objective is never read:
which satisfiable rule is taken is the correlators' decision.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: search nodes :func:`satisfiable` may visit before it gives up (treated as unsatisfiable)
SEARCH_NODES = 20000


def propagate(a: np.ndarray, c: np.ndarray, values: np.ndarray) -> np.ndarray | None:
    """Bound propagation of ``a @ x + c = 1`` (one row per group) over binary ``x``.

    :param values: ``-1`` (free), ``0`` or ``1`` for each variable.
    :returns: ``values`` with every value the constraints force, or ``None`` when they cannot all hold.
    """
    values = values.copy()
    positive, negative = np.clip(a, 0, None), np.clip(a, None, 0)
    while True:
        free = values < 0
        known = np.where(free, 0, values)
        fixed = c + a @ known
        lo = fixed + negative[:, free].sum(axis=1)
        hi = fixed + positive[:, free].sum(axis=1)
        if (lo > 1).any() or (hi < 1).any():
            return None
        # a free variable at 0 or 1: each group's range without its share, plus its value's share
        columns = np.flatnonzero(free)
        sub, neg, pos = a[:, columns], negative[:, columns], positive[:, columns]
        base_lo, base_hi = lo[:, None] - neg, hi[:, None] - pos
        zero_ok = ((base_lo <= 1) & (base_hi >= 1)).all(axis=0)
        one_ok = ((base_lo + sub <= 1) & (base_hi + sub >= 1)).all(axis=0)
        if not (zero_ok | one_ok).all():
            return None
        forced = zero_ok ^ one_ok
        if not forced.any():
            return values
        values[columns[forced]] = one_ok[forced].astype(values.dtype)


def satisfiable(a: np.ndarray, c: np.ndarray, values: np.ndarray, nodes: int = SEARCH_NODES) -> np.ndarray | None:
    """One 0/1 assignment meeting every group (free variables outside all groups at 0), or ``None``
    when there is none or the search passed ``nodes`` nodes. Branches on a free variable of the
    group with the fewest free variables, 1 first."""
    budget = [nodes]

    def search(values: np.ndarray) -> np.ndarray | None:
        budget[0] -= 1
        if budget[0] < 0:
            return None
        found = propagate(a, c, values)
        if found is None:
            return None
        variable = _branching(a, found)
        if variable is None:
            return np.where(found < 0, 0, found)
        for value in (1, 0):
            trial = found.copy()
            trial[variable] = value
            witness = search(trial)
            if witness is not None:
                return witness
        return None

    return search(values)


def _branching(a: np.ndarray, values: np.ndarray) -> int | None:
    """The variable to decide next: the first unset one of the group with the fewest unset ones;
    ``None`` when every variable in a group is set."""
    involved = (a != 0) & (values < 0)[None, :]
    open_groups = involved.sum(axis=1)
    if not open_groups.any():
        return None
    group = int(np.argmin(np.where(open_groups > 0, open_groups, np.iinfo(np.int64).max)))
    return int(np.flatnonzero(involved[group])[0])


def completions(a: np.ndarray, c: np.ndarray, values: np.ndarray, limit: int) -> np.ndarray | None:
    """Every 0/1 assignment of the variables in some group that meets every group (one row each,
    variables outside all groups at 0), or ``None`` when there are more than ``limit``."""
    found: list[np.ndarray] = []

    def search(start: np.ndarray) -> bool:
        values = propagate(a, c, start)
        if values is None:
            return True
        variable = _branching(a, values)
        if variable is None:
            found.append(np.where(values < 0, 0, values))
            return len(found) <= limit
        for value in (1, 0):
            trial = values.copy()
            trial[variable] = value
            if not search(trial):
                return False
        return True

    return np.array(found, dtype=np.int64).reshape(len(found), len(values)) if search(values) else None


class OneHotConstraints:
    """The groups, written over the variables the rules so far leave free.

    Variable ``v`` is a constant (``parent[v] == -1``, value ``constant[v]``) or
    ``x_v = x_parent[v] XOR flip[v]`` with ``parent[v]`` free (``parent[v] == v`` for a free one).

    :param groups: variable indices of each group (exactly one of them is 1).
    :param num_vars: variables in all (those in no group are unconstrained).
    """

    def __init__(self, groups: Sequence[Sequence[int]], num_vars: int) -> None:
        self.groups = [np.asarray(g, dtype=int) for g in groups]
        self.parent = np.arange(num_vars)
        self.flip = np.zeros(num_vars, dtype=int)
        self.constant = np.zeros(num_vars, dtype=int)
        self.witness: np.ndarray | None = None

    def copy(self) -> OneHotConstraints:
        other = OneHotConstraints([], len(self.parent))
        other.groups = self.groups
        other.parent, other.flip, other.constant = self.parent.copy(), self.flip.copy(), self.constant.copy()
        other.witness = self.witness
        return other

    def forms(self) -> tuple[np.ndarray, np.ndarray]:
        """``(a, c)``: group ``g`` reads ``a[g] @ x + c[g] = 1`` over all variables (zero columns
        for the bound ones)."""
        a = np.zeros((len(self.groups), len(self.parent)), dtype=np.int64)
        c = np.zeros(len(self.groups), dtype=np.int64)
        for g, members in enumerate(self.groups):
            parents, flips = self.parent[members], self.flip[members]
            bound = parents < 0
            c[g] = self.constant[members[bound]].sum() + flips[~bound].sum()
            np.add.at(a[g], parents[~bound], 1 - 2 * flips[~bound])
        return a, c

    def fix(self, v: int, value: int) -> None:
        """``x_v = value`` (``v`` free)."""
        follow = self.parent == v
        self.constant[follow] = value ^ self.flip[follow]
        self.parent[follow] = -1
        self.flip[follow] = 0

    def tie(self, drop: int, keep: int, flip: int) -> None:
        """``x_drop = x_keep XOR flip`` (both free)."""
        follow = self.parent == drop
        self.parent[follow] = keep
        self.flip[follow] ^= flip

    def obeys(self, witness: np.ndarray, rule: tuple[int, int | None, int]) -> bool:
        """Whether ``witness`` (an assignment of the free variables) obeys ``(v, parent, value)``:
        ``x_v = value`` when ``parent`` is ``None``, else ``x_v = x_parent XOR value``."""
        v, parent, value = rule
        return bool(witness[v] == (value if parent is None else witness[parent] ^ value))

    def apply(self, rule: tuple[int, int | None, int]) -> None:
        """Bind the rule ``(v, parent, value)`` (see :meth:`obeys`)."""
        v, parent, value = rule
        if parent is None:
            self.fix(v, value)
        else:
            self.tie(v, parent, value)

    def admits(self, rule: tuple[int, int | None, int]) -> OneHotConstraints | None:
        """The constraints with ``rule`` bound, when the groups stay satisfiable under it, else ``None``
        (also when the search gives up). The returned state's witness satisfies them."""
        if self.witness is None:
            a, c = self.forms()
            self.witness = satisfiable(a, c, np.full(len(self.parent), -1))
            if self.witness is None:
                return None
        after = self.copy()
        after.apply(rule)
        if not self.obeys(self.witness, rule):
            a, c = after.forms()
            after.witness = satisfiable(a, c, np.full(len(self.parent), -1))
            if after.witness is None:
                return None
        return after

    def completions(self, limit: int) -> np.ndarray | None:
        """Every assignment meeting the groups (rows over all variables, those in no group at 0;
        see :func:`completions`), or ``None`` when there are more than ``limit``."""
        a, c = self.forms()
        columns = np.flatnonzero((a != 0).any(axis=0))
        found = completions(a[:, columns], c, np.full(len(columns), -1), limit)
        if found is None:
            return None
        rows = np.zeros((len(found), len(self.parent)), dtype=np.int64)
        rows[:, columns] = found
        return rows

    def implied(self) -> dict[int, int]:
        """Free variables whose value the groups force (bound propagation), ``{variable: value}``."""
        a, c = self.forms()
        values = propagate(a, c, np.full(len(self.parent), -1))
        if values is None:  # cannot happen while the state has a witness
            return {}
        free = self.parent == np.arange(len(self.parent))
        return {int(v): int(values[v]) for v in np.flatnonzero(free & (values >= 0))}
