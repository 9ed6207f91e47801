OPENQASM 3.0;
include "stdgates.inc";
qubit[6] q;
rx(-pi) q[0];
rx(-pi) q[1];
