#!/usr/bin/python3
"""XGBoost 1.7.4 hist vs Precis GBT on Diabetes 130-US hospitals (<30-day readmission), matched settings.

Writes the same numeric design matrix for both (8 numeric + one-hot of 17 categorical columns, top 20 levels, the
most frequent level as reference, exactly as tests/Precis.Prediction.Tests/Datasets.cs), splits 80/20 stratified
(seed 0), trains XGBoost and prints its training time and test AUROC. Then run ./run_diabetes130.sh for Precis.
Usage: /usr/bin/python3 bench/prediction/xgb_diabetes130.py [threads] [runs]   (Debian python3-xgboost, python3-sklearn)
Each run prints fit wall time, fit CPU time (process, all threads) and the test AUROC of that run; then the medians.
"""
import csv, io, sys, time, zipfile
from collections import Counter
import numpy as np
import xgboost as xgb
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
z = zipfile.ZipFile("../shared/data/ml/uci_diabetes130/dataset_diabetes.zip")
rows = list(csv.DictReader(io.TextIOWrapper(z.open("dataset_diabetes/diabetic_data.csv"), encoding="utf-8")))
numeric = ["time_in_hospital", "num_lab_procedures", "num_procedures", "num_medications", "number_outpatient", "number_emergency", "number_inpatient", "number_diagnoses"]
categorical = ["race", "gender", "age", "admission_type_id", "discharge_disposition_id", "admission_source_id", "max_glu_serum", "A1Cresult",
               "metformin", "glipizide", "glyburide", "pioglitazone", "rosiglitazone", "insulin", "change", "diabetesMed", "medical_specialty"]
levels = {c: [k for k, _ in sorted(Counter(r[c] for r in rows).items(), key=lambda kv: (-kv[1], kv[0]))][:20] for c in categorical}
names = numeric + [f"{c}={l}" for c in categorical for l in levels[c][1:]]
X = np.array([[float(r[c]) for c in numeric] + [1.0 if r[c] == l else 0.0 for c in categorical for l in levels[c][1:]] for r in rows], dtype=np.float32)
y = np.array([1 if r["readmitted"] == "<30" else 0 for r in rows])
Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)
for name, xs, ys in (("/tmp/d130_train.csv", Xtr, ytr), ("/tmp/d130_test.csv", Xte, yte)):
    with open(name, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["y"] + [n.replace(",", ";") for n in names])
        for yi, xi in zip(ys, xs):
            w.writerow([int(yi)] + [repr(float(v)) for v in xi])
params = dict(tree_method="hist", max_depth=6, learning_rate=0.3, reg_lambda=1.0, min_child_weight=1.0, max_bin=256,
              n_estimators=100, n_jobs=threads, base_score=float(ytr.mean()))
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
walls, cpus = [], []
for rep in range(runs):
    m = xgb.XGBClassifier(**params)
    c0 = time.process_time(); t0 = time.perf_counter()
    m.fit(Xtr, ytr)
    walls.append(time.perf_counter() - t0); cpus.append(time.process_time() - c0)
    auc = roc_auc_score(yte, m.predict_proba(Xte)[:, 1])
    print(f"xgboost {xgb.__version__} hist run {rep + 1}: fit wall {walls[-1]:.2f} s, fit CPU {cpus[-1]:.2f} s, test AUROC {auc:.4f}", flush=True)
print(f"xgboost {xgb.__version__} hist: {X.shape[0]} rows x {X.shape[1]} features, train {len(ytr)}, threads {threads}: "
      f"median of {runs}: fit wall {np.median(walls):.2f} s, fit CPU {np.median(cpus):.2f} s")
