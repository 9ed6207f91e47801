"""Problem families: one module per family, all behind :class:`c2q.problems.base.Problem`."""

from c2q.encoding import ArithmeticEncoding, CNFEncoding, Encoding, Evaluation, OracleEncoding
from c2q.problems.arithmetic import Add, Mul, Sub
from c2q.problems.base import GraphProblem, Problem
from c2q.problems.bin_packing import BinPacking
from c2q.problems.clique import Clique
from c2q.problems.constrained import ConstrainedModel
from c2q.problems.exact_cover import ExactCover
from c2q.problems.factor import Factor
from c2q.problems.graph_partition import GraphPartition
from c2q.problems.kcolor import KColor
from c2q.problems.knapsack import Knapsack
from c2q.problems.maxcut import MaxCut
from c2q.problems.mis import MaximumIndependentSet
from c2q.problems.number_partition import NumberPartition
from c2q.problems.polynomial import BinaryPolynomial
from c2q.problems.sat import Sat
from c2q.problems.set_cover import SetCover
from c2q.problems.set_packing import SetPacking
from c2q.problems.spin_glass import SherringtonKirkpatrick
from c2q.problems.tsp import Tsp
from c2q.problems.vc import VertexCover

#: family name -> class
FAMILIES: dict[str, type[Problem]] = {
    cls.family: cls
    for cls in (
        MaxCut,
        MaximumIndependentSet,
        VertexCover,
        Clique,
        KColor,
        Tsp,
        Add,
        Sub,
        Mul,
        Factor,
        Sat,
        BinaryPolynomial,
        ConstrainedModel,
        Knapsack,
        NumberPartition,
        SetCover,
        SetPacking,
        ExactCover,
        GraphPartition,
        BinPacking,
        SherringtonKirkpatrick,
    )
}

__all__ = [
    "FAMILIES",
    "Add",
    "ArithmeticEncoding",
    "BinPacking",
    "BinaryPolynomial",
    "CNFEncoding",
    "Clique",
    "ConstrainedModel",
    "Encoding",
    "Evaluation",
    "ExactCover",
    "Factor",
    "GraphPartition",
    "GraphProblem",
    "KColor",
    "Knapsack",
    "MaxCut",
    "MaximumIndependentSet",
    "Mul",
    "NumberPartition",
    "OracleEncoding",
    "Problem",
    "Sat",
    "SetCover",
    "SetPacking",
    "SherringtonKirkpatrick",
    "Sub",
    "Tsp",
    "VertexCover",
]
