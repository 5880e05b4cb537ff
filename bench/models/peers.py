# Peers for the risk model on exactly its rows, features and split (written by RiskBench.cs).
# Comparison only, never a run-time dependency. Run by RiskBench.cs as: /usr/bin/python3 peers.py FOLDER SEED THREADS ROUNDS ETA DEPTH
import json, sys, time
import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score, average_precision_score

folder, seed, threads, rounds, eta, depth = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
train = pd.read_csv(f"{folder}/train.csv")
test = pd.read_csv(f"{folder}/test.csv")
features = [c for c in train.columns if c not in ("cutoff_year", "county_class", "label")]
x_train, y_train = train[features].to_numpy(np.float32), train["label"].to_numpy()
x_test, y_test = test[features].to_numpy(np.float32), test["label"].to_numpy()

def report(name, fit, predict):
    start = time.perf_counter()
    model = fit()
    seconds = time.perf_counter() - start
    p = predict(model)
    print(json.dumps({"learner": name, "train_seconds": seconds, "roc_auc": roc_auc_score(y_test, p),
                      "pr_auc": average_precision_score(y_test, p)}), flush=True)

params = {"objective": "binary:logistic", "eta": eta, "max_depth": depth, "min_child_weight": 5, "subsample": 0.8,
          "colsample_bytree": 0.8, "seed": seed, "nthread": threads, "tree_method": "hist"}
report(f"python xgboost {xgb.__version__} (same parameters)",
       lambda: xgb.train(params, xgb.DMatrix(x_train, label=y_train, nthread=threads), num_boost_round=rounds),
       lambda m: m.predict(xgb.DMatrix(x_test, nthread=threads)))
report("sklearn HistGradientBoosting (same rounds, rate)",
       lambda: HistGradientBoostingClassifier(max_iter=rounds, learning_rate=eta, max_leaf_nodes=31, min_samples_leaf=20,
                                              early_stopping=False, random_state=seed).fit(x_train, y_train),
       lambda m: m.predict_proba(x_test)[:, 1])
report("sklearn HistGradientBoosting (defaults, early stopping)",
       lambda: HistGradientBoostingClassifier(random_state=seed).fit(x_train, y_train),
       lambda m: m.predict_proba(x_test)[:, 1])
