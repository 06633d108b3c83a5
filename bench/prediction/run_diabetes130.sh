#!/bin/sh
# Precis GBT on the matrix written by xgb_diabetes130.py, with XGBoost's settings (depth 6 = at most 64 leaves,
# eta 0.3, lambda 1, min_child_weight 1, 255 bins + missing, 100 rounds, no CV for timing). Run from the repo root.
# Usage: sh bench/prediction/run_diabetes130.sh [threads] [runs]   (NOBUILD=1 skips the Release build)
# Each run prints the encoding time and the fit wall and CPU time reported by `precis model train` (the fit alone, after
# the CSV is read and encoded, like XGBoost's fit on a ready matrix), the
# whole-process time from /usr/bin/time (user, system, max RSS KiB), and the test AUROC of that run's model.
set -e
THREADS=${1:-2}
RUNS=${2:-3}
[ -n "$NOBUILD" ] || dotnet build -c Release src/Precis.Cli -v q -nologo >/dev/null
P=src/Precis.Cli/bin/Release/net10.0/precis
i=1
while [ "$i" -le "$RUNS" ]; do
  /usr/bin/time -o /tmp/d130_precis.time -f "%e %U %S %M" \
    $P model train --data /tmp/d130_train.csv --outcome y --folds 0 --iterations 100 --learning-rate 0.3 \
      --max-depth 6 --max-leaves 64 --l2 1 --min-child-weight 1 --min-samples-leaf 1 --early-stopping 0 --search off --threads "$THREADS" -o /tmp/d130_precis.json -q \
      2>/tmp/d130_precis.err >/dev/null
  FIT=$(grep '^encoding' /tmp/d130_precis.err | sed 's/; fit (cross-validation if any, final model):/, fit/')
  AUC=$($P model evaluate --model /tmp/d130_precis.json --data /tmp/d130_test.csv --format json -q | /usr/bin/python3 -c \
    'import json,sys; r=json.load(sys.stdin); print("%.4f (DeLong 95%% CI %.4f-%.4f)" % (r["auroc"]["estimate"], r["auroc"]["lower"], r["auroc"]["upper"]))')
  read -r WALL USR SYS RSS < /tmp/d130_precis.time
  echo "precis run $i: $FIT; whole process wall $WALL s, user $USR s, sys $SYS s, max RSS $RSS KiB; test AUROC $AUC"
  i=$((i + 1))
done
