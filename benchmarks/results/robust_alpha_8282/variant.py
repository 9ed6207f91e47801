import os, sys
import c2q.algorithms.vqe as v
for name in ("SAMPLED_STARTS", "SAMPLED_START_STEPS", "SAMPLED_STAGE_STEPS"):
    if name in os.environ: setattr(v, name, int(os.environ[name]))
if "SAMPLED_SHOTS" in os.environ: v.SAMPLED_SHOTS = tuple(int(x) for x in os.environ["SAMPLED_SHOTS"].split(","))
if "SAMPLED_ALPHA_STAGES" in os.environ: v.SAMPLED_ALPHA_STAGES = tuple(float(x) for x in os.environ["SAMPLED_ALPHA_STAGES"].split(","))
sys.path.insert(0, "/work/main")
from cli import main
sys.exit(main())
