#!/bin/sh
# Precis GBT on the matrix written by xgb_diabetes130.py, with XGBoost's settings (depth 6 = at most 64 leaves,
# eta 0.3, lambda 1, min_child_weight 1, 255 bins + missing, 100 rounds, no CV for timing). Run from the repo root.
set -e
THREADS=${1:-2}
dotnet build -c Release src/Precis.Cli -v q -nologo >/dev/null
P=src/Precis.Cli/bin/Release/net10.0/precis
for i in 1 2 3; do
  /usr/bin/time -f "precis train wall %e s (includes reading the 81k-row CSV and start-up)" \
    $P model train --data /tmp/d130_train.csv --outcome y --folds 0 --iterations 100 --learning-rate 0.3 \
      --max-depth 6 --max-leaves 64 --l2 1 --min-child-weight 1 --min-samples-leaf 1 --threads "$THREADS" -o /tmp/d130_precis.json -q
done
$P model evaluate --model /tmp/d130_precis.json --data /tmp/d130_test.csv --format json -q | /usr/bin/python3 -c \
  'import json,sys; r=json.load(sys.stdin); print("precis test AUROC %.4f (DeLong 95%% CI %.4f-%.4f)" % (r["auroc"]["estimate"], r["auroc"]["lower"], r["auroc"]["upper"]))'
