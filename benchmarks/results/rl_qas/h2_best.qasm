OPENQASM 3.0;
include "stdgates.inc";
qubit[4] q;
ry(2.9154563869257224) q[2];
cx q[2], q[1];
ry(-pi) q[2];
cx q[2], q[3];
cx q[1], q[0];
