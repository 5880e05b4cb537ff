// Peer measurements for bench/duckdb: the same queries through DuckDB's own Node API (same libduckdb 1.5.6).
// Usage: node node-bench.mjs DATA_DIR RUNS  -> prints one JSON object {case: bestMilliseconds}.
import { DuckDBInstance } from '@duckdb/node-api';

const [dataDir, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const cases = {
  groupBy: `SELECT g, count(*) AS n, sum(x) AS sx, avg(y) AS ay FROM read_parquet('${dataDir}/big.parquet') GROUP BY g`,
  doubles: `SELECT x FROM read_parquet('${dataDir}/big.parquet')`,
  mixed: `SELECT * FROM read_parquet('${dataDir}/mixed.parquet')`,
};

async function once(sql) {
  const start = process.hrtime.bigint();
  const reader = await connection.runAndReadAll(sql);
  const columns = reader.getColumns();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (columns.length === 0 || columns[0].length === 0) throw new Error('empty result');
  return ms;
}

const best = {};
for (const [name, sql] of Object.entries(cases)) {
  await once(sql);
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await once(sql));
  best[name] = Math.min(...times);
}
console.log(JSON.stringify(best));
