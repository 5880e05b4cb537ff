#!/usr/bin/env bash
# Sets everything up and runs the main job on the built-in demo dataset.
set -euo pipefail
cd "$(dirname "$0")"
bash eng/setup.sh
revival=src/Cli/bin/Debug/net10.0/linux-x64/revival
if [ ! -f data/demo-export/_manifest.json ]; then
  "$revival" generate --out data/demo-export --households 20000 --seed 20210101 --force
fi
"$revival" query "SELECT p.prefecture_name AS 设区市, count(*) AS 县数,
       count(*) FILTER (WHERE county_class = 3) AS 重点帮扶县,
       round(sum(i.rural_income_per_capita * p.rural_population) / sum(p.rural_population)) AS 农村居民人均可支配收入
  FROM counties p JOIN county_indicators i USING (county_code)
 WHERE i.year = 2023 GROUP BY ALL ORDER BY 4 DESC" --data data/demo-export
