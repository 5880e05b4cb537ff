# Python xgboost 1.7 on the data XgbBench.cs wrote; same parameters. Run: /usr/bin/python3 bench/xgboost/xgb_peer.py
import os, time
import numpy as np
import xgboost as xgb

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "results")
cols, train_rows = 20, 200_000
x = np.fromfile(os.path.join(here, "x.f32"), dtype=np.float32).reshape(-1, cols)
y = np.fromfile(os.path.join(here, "y.f32"), dtype=np.float32)
start = time.perf_counter()
dtrain = xgb.DMatrix(x[:train_rows], label=y[:train_rows], nthread=2)
dtest = xgb.DMatrix(x[train_rows:], label=y[train_rows:], nthread=2)
build = time.perf_counter() - start
params = {"objective": "binary:logistic", "eta": 0.1, "max_depth": 6, "seed": 1, "nthread": 2,
          "tree_method": "hist", "eval_metric": "auc"}
start = time.perf_counter()
booster = xgb.train(params, dtrain, num_boost_round=200)
fit = time.perf_counter() - start
start = time.perf_counter()
booster.predict(dtest)
predict = time.perf_counter() - start
print(f"python xgboost {xgb.__version__}: matrices {build:.2f}s  train {fit:.2f}s  predict {predict:.3f}s  "
      f"{booster.eval(dtest, 'test', 200)}")
