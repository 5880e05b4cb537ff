# Peers for the risk model on exactly its rows, features, weights and split (written by RiskBench.cs).
# Comparison only, never a run-time dependency (Debian's python3-xgboost, python3-sklearn, python3-pandas).
# Run: /usr/bin/python3 peers.py FOLDER LEARNER SEED THREADS ROUNDS ETA DEPTH
#   LEARNER: xgboost | hgb (same rounds and rate) | hgb-default (defaults, early stopping)
# Writes FOLDER/LEARNER.csv (household_id,probability for the test year) and prints one JSON line with timings.
import json, resource, sys, time
import numpy as np
import pandas as pd

folder, learner, seed, threads, rounds, eta, depth = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
train = pd.read_csv(f"{folder}/train.csv")
test = pd.read_csv(f"{folder}/test.csv")
features = [c for c in train.columns if c not in ("household_id", "cutoff_year", "county_class", "label", "weight")]
x_train, y_train, w_train = train[features].to_numpy(np.float32), train["label"].to_numpy(), train["weight"].to_numpy()
x_test = test[features].to_numpy(np.float32)

start = time.perf_counter()
if learner == "xgboost":
    import xgboost as xgb
    params = {"objective": "binary:logistic", "eta": eta, "max_depth": depth, "min_child_weight": 5, "subsample": 0.8,
              "colsample_bytree": 0.8, "seed": seed, "nthread": threads, "tree_method": "hist"}
    model = xgb.train(params, xgb.DMatrix(x_train, label=y_train, weight=w_train, nthread=threads), num_boost_round=rounds)
    name = f"Python xgboost {xgb.__version__}, same parameters"
    fitted = time.perf_counter()
    p = model.predict(xgb.DMatrix(x_test, nthread=threads))
else:
    from sklearn.ensemble import HistGradientBoostingClassifier
    if learner == "hgb":
        model = HistGradientBoostingClassifier(max_iter=rounds, learning_rate=eta, max_leaf_nodes=31, max_depth=depth,
                                               min_samples_leaf=20, l2_regularization=1.0, early_stopping=False, random_state=seed)
        name = "sklearn HistGradientBoosting, same rounds, rate, depth"
    else:
        model = HistGradientBoostingClassifier(random_state=seed)
        name = "sklearn HistGradientBoosting, defaults + early stopping"
    model.fit(x_train, y_train, sample_weight=w_train)
    fitted = time.perf_counter()
    p = model.predict_proba(x_test)[:, 1]
scored = time.perf_counter()
pd.DataFrame({"household_id": test["household_id"], "probability": p}).to_csv(f"{folder}/{learner}.csv", index=False)
print(json.dumps({"learner": learner, "name": name, "train_seconds": fitted - start, "score_seconds": scored - fitted,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)
