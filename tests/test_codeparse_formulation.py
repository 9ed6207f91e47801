"""Solver models (issue 25): constraint and integer programs a program writes with OR-tools,
PySCIPOpt, cpmpy or pycsp3 are read as the problem they state, whatever the program's names: the
variables are made, relations between them noted, and the model judged on its own graph. The
solver never runs."""

from __future__ import annotations

import ast
import textwrap

import pytest

from c2q.codeparse import parse_program
from c2q.codeparse.formulation import (
    FiniteVariable,
    Formulation,
    Relation,
    makes_variables,
    model_graph,
    node_shaped,
)
from c2q.codeparse.models import BinaryPolynomial
from c2q.codeparse.values import Program
from c2q.errors import ProgramError


def parse(source: str):
    return parse_program(textwrap.dedent(source), "prog.py")


def edges_of(parsed) -> list[list[int]]:
    return sorted(sorted(edge[:2]) for edge in parsed.spec.canonical["graph"]["edges"])


def test_variables_of_each_library_are_made_with_their_domains():
    formulation = Formulation()
    assert isinstance(formulation.make("NewIntVar", [0, 2, "c"], {}), FiniteVariable)
    assert formulation.make("NewIntVar", [0, 2, "c"], {}).domain == (0, 1, 2)
    assert isinstance(formulation.make("NewBoolVar", ["b"], {}), BinaryPolynomial)
    assert isinstance(formulation.make("addVar", [], {"vtype": "B"}), BinaryPolynomial)
    assert formulation.make("addVar", [], {"vtype": "C"}) is None  # continuous: not followed
    assert len(formulation.make("intvar", [1, 4], {"shape": 3})) == 3
    array = formulation.make("VarArray", [], {"size": 2, "dom": ["r", "g", "b"]})
    assert [v.domain for v in array] == [("r", "g", "b")] * 2
    assert formulation.make("IntVar", [], {}) is None  # tkinter's IntVar(): no domain


def test_comparisons_of_variables_are_relations_and_calls_hand_them_to_the_model():
    program = Program(
        ast.parse(
            textwrap.dedent(
                """
                from ortools.sat.python import cp_model
                m = cp_model.CpModel()
                x = [m.NewIntVar(0, 2, f"x{i}") for i in range(3)]
                m.Add(x[0] != x[1])
                m.Add(x[1] != x[2])
                test = 1 != 2
                """
            )
        )
    )
    formulation = program.formulations[0]
    assert [r.op for r in formulation.relations] == ["!=", "!="]
    assert all(isinstance(r, Relation) for r in formulation.relations)
    assert program.env["test"].obj is True  # a comparison of numbers is still a test
    nodes, pairs = model_graph(formulation)
    assert len(nodes) == 3 and len(pairs) == 2


CP_SAT_COLOURING = """
from ortools.sat.python import cp_model
import networkx as nx

def f(g, k):
    m = cp_model.CpModel()
    c = {v: m.NewIntVar(0, k - 1, "c") for v in g.nodes()}
    for u, v in g.edges():
        m.Add(c[u] != c[v])
    s = cp_model.CpSolver()
    s.Solve(m)
    return {v: s.Value(c[v]) for v in g.nodes()}

g = nx.Graph()
g.add_edges_from([(0, 1), (1, 2), (2, 0), (2, 3)])
print(f(g, 3))
"""


def test_a_cp_sat_colouring_under_terse_names_is_kcolor():
    parsed = parse(CP_SAT_COLOURING)
    assert parsed.family == "kcolor"
    assert parsed.spec.canonical["k"] == 3
    assert edges_of(parsed) == [[0, 1], [0, 2], [1, 2], [2, 3]]


def test_a_model_over_other_pairs_than_the_programs_graph_says_nothing():
    """The model joins every pair of nodes, the graph only some: not a colouring of that graph."""
    source = CP_SAT_COLOURING.replace("for u, v in g.edges():", "for u, v in [(a, b) for a in g for b in g if a < b]:")
    with pytest.raises(ProgramError):
        parse(source)


def test_a_cpmpy_model_without_data_is_a_colouring_of_the_graph_its_constraints_draw():
    parsed = parse(
        """
        from cpmpy import *

        def solve():
            a, b, c, d = 0, 1, 2, 3
            x = intvar(1, 3, shape=4, name="x")
            m = Model(x[a] == 1, x[a] != x[b], x[b] != x[c], x[c] != x[a], x[c] != x[d])
            m.solve()

        solve()
        """
    )
    assert parsed.family == "kcolor"
    assert parsed.spec.canonical["k"] == 3
    assert edges_of(parsed) == [[0, 1], [0, 2], [1, 2], [2, 3]]


def test_a_pycsp3_model_with_itertools_handed_on_by_the_star_import():
    parsed = parse(
        """
        from pycsp3 import *
        n = 4
        x = VarArray(size=n, dom={"r", "g", "b"})
        satisfy(x[i] != x[j] for i, j in combinations(range(n), 2))
        """
    )
    assert parsed.family == "kcolor"
    assert parsed.spec.canonical["k"] == 3
    assert len(edges_of(parsed)) == 6


def test_two_fixed_colours_are_not_a_plain_colouring():
    """Precoloured nodes change the question; only one fixed value (symmetry breaking) is read."""
    with pytest.raises(ProgramError):
        parse(
            """
            from cpmpy import *
            x = intvar(1, 3, shape=3)
            m = Model(x[0] == 1, x[1] == 2, x[0] != x[1], x[1] != x[2])
            """
        )


SCIP_MODEL = """
from pyscipopt import Model, quicksum

def f(V, E):
    m = Model("m")
    x = {{}}
    for i in V:
        x[i] = m.addVar(vtype="B", name="x(%s)" % i)
    for (i, j) in E:
        m.addCons({constraint})
    m.setObjective(quicksum(x[i] for i in V), "{sense}")
    m.data = x
    return m

V = range(5)
E = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 0), (0, 2)]
m = f(V, E)
m.optimize()
"""


@pytest.mark.parametrize(
    ("constraint", "sense", "family"),
    [("x[i] + x[j] <= 1", "maximize", "mis"), ("x[i] + x[j] >= 1", "minimize", "vc")],
)
def test_an_integer_program_over_binary_variables_is_judged_by_its_optima(constraint, sense, family):
    parsed = parse(SCIP_MODEL.format(constraint=constraint, sense=sense))
    assert parsed.family == family
    assert edges_of(parsed) == [[0, 1], [0, 2], [0, 4], [1, 2], [2, 3], [3, 4]]


def test_an_integer_program_with_the_wrong_sense_says_nothing():
    """Minimising a set of nodes with no two adjacent: the empty set, no family's optimum."""
    with pytest.raises(ProgramError):
        parse(SCIP_MODEL.format(constraint="x[i] + x[j] <= 1", sense="minimize"))


NCHOOSEK = """
import nchoosek
env = nchoosek.Environment()
verts = [env.register_port(str(i + 1)) for i in range(6)]
for u, v in [(1, 2), (1, 5), (2, 3), (2, 5), (3, 4), (4, 6)]:
    env.nck([verts[u - 1], verts[v - 1]], {allowed})
env.{sense}(verts)
"""


def test_cardinality_constraints_with_a_linear_objective_are_judged_without_the_cut():
    """NchooseK's nck(pair, {1, 2}) per edge with the chosen nodes minimised: a vertex cover. On this
    graph every minimum cover is also a side of a maximum cut, but a linear objective cannot state a
    cut: the cover is read."""
    parsed = parse(NCHOOSEK.format(allowed="{1, 2}", sense="minimize"))
    assert parsed.family == "vc"
    assert edges_of(parsed) == [[0, 1], [0, 4], [1, 2], [1, 4], [2, 3], [3, 5]]


def test_at_most_one_of_each_pair_maximised_is_an_independent_set():
    assert parse(NCHOOSEK.format(allowed="{0, 1}", sense="maximize")).family == "mis"


def test_soft_cardinality_constraints_are_not_read():
    with pytest.raises(ProgramError):
        parse(NCHOOSEK.format(allowed="{1, 2}, soft=True", sense="minimize"))


def test_a_test_on_a_constraint_is_not_followed():
    """``if x[0] == x[1]:`` on decision variables is no test the program can pass: unknown."""
    program = Program(
        ast.parse(
            textwrap.dedent(
                """
                from ortools.sat.python import cp_model
                m = cp_model.CpModel()
                x = [m.NewIntVar(0, 2, "x") for _ in range(2)]
                flag = 0
                if x[0] == x[1]:
                    flag = 1
                """
            )
        )
    )
    assert "flag" not in program.env


PULP_MODEL = """
from pulp import *

def f(V, E):
    prob = LpProblem("p", {sense})
    x = LpVariable.dicts("x", V, cat=LpBinary)
    prob += lpSum(x[v] for v in V), "objective"
    for u, v in E:
        prob += x[u] + x[v] {relation}
    prob.solve()
    return [v for v in V if x[v].varValue > 0.5]

V = [0, 1, 2, 3, 4]
E = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 0), (0, 2)]
print(f(V, E))
"""


@pytest.mark.parametrize(("sense", "relation", "family"), [("LpMaximize", "<= 1", "mis"), ("LpMinimize", ">= 1", "vc")])
def test_a_pulp_model_states_its_objective_and_constraints_by_adding_them(sense, relation, family):
    parsed = parse(PULP_MODEL.format(sense=sense, relation=relation))
    assert parsed.family == family
    assert edges_of(parsed) == [[0, 1], [0, 2], [0, 4], [1, 2], [2, 3], [3, 4]]


def test_pulp_variables_and_problems():
    formulation = Formulation()
    assert isinstance(formulation.make("LpVariable", ["x", 0, 1, "Integer"], {}), BinaryPolynomial)
    assert formulation.make("LpVariable", ["x"], {"lowBound": 0}) is None  # continuous
    assert formulation.make("LpProblem", ["p", -1], {}).sense == "max"
    assert formulation.make("LpProblem", ["p"], {}).sense == "min"  # PuLP minimises by default
    assert set(formulation.make("dicts", ["x", ["a", "b"]], {"cat": "Binary"})) == {"a", "b"}


GRAPH_LINES = "V = [0, 1, 2, 3, 4]\nE = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 0), (0, 2)]\n"


@pytest.mark.parametrize(
    ("source", "family"),
    [
        (
            "import gurobipy as gp\nfrom gurobipy import GRB\n" + GRAPH_LINES + "m = gp.Model('m')\n"
            "x = m.addVars(V, vtype=GRB.BINARY, name='x')\n"
            "m.addConstrs(x[u] + x[v] <= 1 for u, v in E)\n"
            "m.setObjective(gp.quicksum(x[v] for v in V), GRB.MAXIMIZE)\nm.optimize()\n",
            "mis",
        ),
        (
            "from docplex.mp.model import Model\n" + GRAPH_LINES + "mdl = Model('vc')\n"
            "x = mdl.binary_var_dict(V, name='x')\n"
            "for u, v in E:\n    mdl.add_constraint(x[u] + x[v] >= 1)\n"
            "mdl.minimize(mdl.sum(x[v] for v in V))\nmdl.solve()\n",
            "vc",
        ),
        (
            "from mip import Model, xsum, maximize, BINARY\n" + GRAPH_LINES + "m = Model()\n"
            "x = [m.add_var(var_type=BINARY) for v in V]\n"
            "for u, v in E:\n    m += x[u] + x[v] <= 1\n"
            "m.objective = maximize(xsum(x[v] for v in V))\nm.optimize()\n",
            "mis",
        ),
        (
            "import cvxpy as cp\n" + GRAPH_LINES + "x = cp.Variable(len(V), boolean=True)\n"
            "prob = cp.Problem(cp.Minimize(cp.sum(x)), [x[u] + x[v] >= 1 for u, v in E])\nprob.solve()\n",
            "vc",
        ),
    ],
    ids=["gurobi", "docplex", "python-mip", "cvxpy"],
)
def test_scripts_building_models_with_other_solver_libraries(source, family):
    """The graph is the model's (the script hands only the node list to the library)."""
    parsed = parse_program(source, "prog.py")
    assert parsed.family == family
    assert edges_of(parsed) == [[0, 1], [0, 2], [0, 4], [1, 2], [2, 3], [3, 4]]


GOEMANS_WILLIAMSON = """
import numpy as np
import cvxpy as cp

def f(n, edges):
    X = cp.Variable((n, n), symmetric=True)
    constraints = [X >> 0] + [X[i, i] == 1 for i in range(n)]
    value = sum({term} for i, j in edges)
    cp.Problem(cp.Maximize(value), constraints).solve()
    return np.sign(np.linalg.cholesky(X.value) @ np.random.randn(n))

print(f(5, [(0, 1), (1, 2), (2, 3), (3, 4), (0, 4)]))
"""


def test_the_semidefinite_relaxation_of_a_cut_under_terse_names_is_maxcut():
    parsed = parse(GOEMANS_WILLIAMSON.format(term="0.5 * (1 - X[i, j])"))
    assert parsed.family == "maxcut"
    assert edges_of(parsed) == [[0, 1], [0, 4], [1, 2], [2, 3], [3, 4]]


def test_maximising_the_entries_themselves_is_no_cut():
    with pytest.raises(ProgramError):
        parse(GOEMANS_WILLIAMSON.format(term="X[i, j]"))


def test_a_program_without_modelling_calls_is_not_followed_for_a_model():
    assert makes_variables(ast.parse("from ortools.sat.python import cp_model\nm.NewIntVar(0, 2, 'x')\n"))
    assert not makes_variables(ast.parse("def f(n):\n    return n\nprint(f(3))\n"))


ASSIGNMENT_COLOURING = """
from pulp import *
nodes = [0, 1, 2, 3]
edges = [(0, 1), (1, 2), (2, 0), (2, 3)]
colors = [0, 1, 2]
prob = LpProblem("p", LpMinimize)
x = LpVariable.dicts("x", (nodes, colors), cat="Binary")
y = LpVariable.dicts("y", colors, cat="Binary")
prob += lpSum(y[c] for c in colors)
for v in nodes:
    prob += lpSum(x[v][c] for c in colors) == 1
for u, v in edges:
    for c in {colours}:
        prob += x[u][c] + x[v][c] <= {bound}
prob.solve()
"""


@pytest.mark.parametrize("bound", ["y[c]", "1"])
def test_the_integer_program_of_a_colouring_is_kcolor_on_the_programs_graph(bound):
    """``x[v][c]`` is a pair of a node and a colour: the graph is the program's edges, never the
    variables' (a script's edge list is data even when only a loop over it builds the model)."""
    parsed = parse(ASSIGNMENT_COLOURING.format(colours="colors", bound=bound))
    assert parsed.family == "kcolor"
    assert parsed.spec.canonical["k"] == 3
    assert edges_of(parsed) == [[0, 1], [0, 2], [1, 2], [2, 3]]


def test_an_edge_kept_apart_in_some_colours_only_is_no_colouring():
    with pytest.raises(ProgramError):
        parse(ASSIGNMENT_COLOURING.format(colours="colors[:2]", bound="y[c]").replace("colouring", "x"))


def test_pulp_dicts_over_a_tuple_of_index_lists_are_nested():
    made = Formulation().make("dicts", ["x", ([0, 1], ["r", "g"])], {"cat": "Binary"})
    assert set(made) == {0, 1} and set(made[0]) == {"r", "g"}


def test_a_model_of_node_and_colour_pairs_is_not_node_shaped():
    program = Program(ast.parse(textwrap.dedent(ASSIGNMENT_COLOURING.format(colours="colors", bound="y[c]"))))
    formulation = program.formulations[0]
    nodes, _ = model_graph(formulation)
    assert not node_shaped(formulation, nodes)


CVXPY_COLOURING = """
import cvxpy as cp
V = [0, 1, 2, 3]
E = [(0, 1), (1, 2), (2, 0), (2, 3)]
x = cp.Variable((len(V), 3), boolean=True)
constraints = [cp.sum(x[v, :]) == 1 for v in V]
constraints += [x[u, c] + x[v, c] <= 1 for u, v in E for c in range(3)]
problem = cp.Problem({objective}, constraints)
problem.solve()
"""


@pytest.mark.parametrize("objective", ["cp.Minimize(0)", "cp.Minimize(cp.max(x @ range(3)))"])
def test_a_cvxpy_boolean_matrix_of_nodes_and_colours_is_kcolor(objective: str):
    """``cp.Variable((n, k), boolean=True)`` is n rows of k binary variables (``x[v, c]``, ``x[v, :]``);
    the constraints reach the model even when its objective is not followed."""
    parsed = parse(CVXPY_COLOURING.format(objective=objective))
    assert parsed.family == "kcolor" and parsed.spec.canonical["k"] == 3
    assert edges_of(parsed) == [[0, 1], [0, 2], [1, 2], [2, 3]]


def test_cvxpy_variables_of_other_shapes_or_kinds_are_not_binary_arrays():
    formulation = Formulation()
    assert formulation.make("Variable", [(2, 2, 2)], {"boolean": True}) is None
    assert formulation.make("Variable", [4], {"integer": True}) is None
    assert isinstance(formulation.make("Variable", [], {"boolean": True}), BinaryPolynomial)


def test_cp_sat_clauses_on_negated_literals_state_an_independent_set():
    """``AddBoolOr([x[u].Not(), x[v].Not()])``: not both ends of an edge; the sum maximised."""
    parsed = parse(
        """
        from ortools.sat.python import cp_model

        e = [(0, 1), (1, 2), (2, 3), (3, 0), (0, 2), (3, 4)]
        m = cp_model.CpModel()
        x = [m.NewBoolVar(f"x{i}") for i in range(5)]
        for u, v in e:
            m.AddBoolOr([x[u].Not(), x[v].Not()])
        m.Maximize(sum(x))
        cp_model.CpSolver().Solve(m)
        """
    )
    assert parsed.family == "mis"
    assert len(edges_of(parsed)) == 6
