#!/bin/sh
# XGBoost 1.7.4 hist and Precis GBT alternated (peer, ours, peer, ours, ...) so both see the same machine load.
# Usage: sh bench/prediction/compare_diabetes130.sh [threads] [rounds]   from the repo root. Prints uptime before/after.
set -e
THREADS=${1:-2}
ROUNDS=${2:-3}
dotnet build -c Release src/Precis.Cli -v q -nologo >/dev/null
echo "before: $(uptime)"
r=1
while [ "$r" -le "$ROUNDS" ]; do
  /usr/bin/python3 bench/prediction/xgb_diabetes130.py "$THREADS" 1 | grep 'run 1' | sed "s/run 1/round $r/"
  NOBUILD=1 sh bench/prediction/run_diabetes130.sh "$THREADS" 1 | sed "s/run 1/round $r/"
  r=$((r + 1))
done
echo "after: $(uptime)"
