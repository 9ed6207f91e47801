"""Run the c2q CLI with constants of c2q.algorithms.vqe set from the environment (driver.sh)."""

import os
import sys

import c2q.algorithms.vqe as vqe
from c2q.cli import main

for name in ("SAMPLED_STARTS", "SAMPLED_START_STEPS", "SAMPLED_STAGE_STEPS"):
    if name in os.environ:
        setattr(vqe, name, int(os.environ[name]))
if "SAMPLED_ALPHA_STAGES" in os.environ:
    vqe.SAMPLED_ALPHA_STAGES = tuple(float(x) for x in os.environ["SAMPLED_ALPHA_STAGES"].split(","))
sys.exit(main())
