OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
ry(1.1071490465032179) q[0];
ry(1.5707966571907421) q[1];
cx q[1], q[0];
