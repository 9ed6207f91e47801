#!/bin/bash
cd /work/main
for f in $(ls /tmp/dev8282/large/*/*_2[04]_*.json); do for s in 1 2; do for v in "X=1" "SAMPLED_ALPHA_STAGES=0.05,0.25,1.0" "SAMPLED_STARTS=16"; do
 /usr/bin/time -f "%e" -o /tmp/dt.txt env $v taskset -c 1 .venv/bin/python /tmp/variant.py solve $f --json --seed $s 2>/dev/null > /tmp/dr.json
 python3 -c "
import json; r=json.load(open('/tmp/dr.json')); print('$(basename $f)', $s, '$v', r.get('objective'), r.get('classical_optimum'), r.get('optimal'), r.get('optimum_probability'), open('/tmp/dt.txt').read().strip())" >> /tmp/driver.out
done; done; done
echo DONE >> /tmp/driver.out
