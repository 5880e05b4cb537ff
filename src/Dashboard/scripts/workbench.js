// The analysts' workbench editor: CodeMirror 6 with a DuckDB dialect, completion of the workspace's tables, columns
// (with the data contract's Chinese descriptions) and DuckDB's functions, and the keys that run SQL. Bundled by
// scripts/build-assets.mjs with esbuild into wwwroot/lib/workbench.js; the page (WorkbenchPage) drives it through
// window.revivalWorkbench and is called back for Ctrl+Enter and text changes.
import { EditorView, basicSetup } from 'codemirror';
import { keymap } from '@codemirror/view';
import { EditorSelection, Prec } from '@codemirror/state';
import { sql, SQLDialect, PostgreSQL } from '@codemirror/lang-sql';
import { autocompletion } from '@codemirror/autocomplete';
import { format } from 'sql-formatter';

// DuckDB's words beyond PostgreSQL's: its statements, clauses and types.
const duckdbKeywords = 'summarize describe pivot unpivot qualify exclude replace columns positional asof anti semi ' +
  'sample using pragma install load attach detach export import macro struct map union list array lambda';
const duckdbTypes = 'tinyint smallint integer bigint hugeint utinyint usmallint uinteger ubigint uhugeint float double ' +
  'decimal varchar blob date time timestamp timestamptz interval uuid boolean enum';

const editors = new Map();

function dialectFor(functions) {
  return SQLDialect.define({
    keywords: PostgreSQL.spec.keywords + ' ' + duckdbKeywords,
    types: duckdbTypes,
    builtin: functions.join(' '),
    specialVar: '',
    operatorChars: '*+-%<>!=&|~^/:',
    doubleDollarQuotedStrings: true,
  });
}

function schemaFor(tables) {
  const schema = {};
  const tableCompletions = [];
  for (const table of tables) {
    schema[table.name] = table.columns.map(c => ({
      label: c.name,
      type: 'property',
      detail: c.type,
      info: [c.description, c.samples && c.samples.length ? '例 e.g. ' + c.samples.join(', ') : null].filter(Boolean).join('\n') || undefined,
    }));
    tableCompletions.push({
      label: table.name,
      type: 'type',
      detail: (table.description ? table.description + ' · ' : '') + table.rowCount.toLocaleString('zh-CN') + ' 行',
    });
  }
  return { schema, tables: tableCompletions };
}

// Functions complete from the word before the cursor, anywhere (lang-sql completes schema names only after a dot or
// at the start of an identifier it recognises).
function functionSource(functions) {
  const options = functions.map(name => ({ label: name, type: 'function', boost: -1 }));
  return context => {
    const word = context.matchBefore(/[A-Za-z_][A-Za-z0-9_]*/);
    if (!word || (word.from === word.to && !context.explicit)) {
      return null;
    }
    return { from: word.from, options, validFor: /^[A-Za-z0-9_]*$/ };
  };
}

// The statements of the text: [from, to) ranges split at semicolons outside strings, quoted names and comments.
function statements(text) {
  const ranges = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      i = end < 0 ? text.length : end;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === ';') {
      ranges.push([start, i]);
      start = i + 1;
    }
  }
  ranges.push([start, text.length]);
  return ranges.filter(([from, to]) => text.slice(from, to).trim().length > 0);
}

// The statement under the cursor: the one containing it, else the nearest one before it (a cursor after the last
// semicolon), else the first.
function statementAt(text, position) {
  const ranges = statements(text);
  if (ranges.length === 0) {
    return null;
  }
  const inside = ranges.find(([from, to]) => position >= from && position <= to + 1);
  if (inside) {
    return inside;
  }
  const before = ranges.filter(([, to]) => to < position);
  return before.length > 0 ? before[before.length - 1] : ranges[0];
}

function trimmedRange(text, [from, to]) {
  while (from < to && /\s/.test(text[from])) from++;
  while (to > from && /\s/.test(text[to - 1])) to--;
  return { text: text.slice(from, to), start: from };
}

window.revivalWorkbench = {
  create(element, page, text, schemaJson) {
    const model = JSON.parse(schemaJson);
    const dialect = dialectFor(model.functions);
    const { schema, tables } = schemaFor(model.tables);
    let timer = 0;
    const run = mode => {
      page.invokeMethodAsync('RunFromEditor', mode);
      return true;
    };
    const view = new EditorView({
      doc: text,
      parent: element,
      extensions: [
        basicSetup,
        // CodeMirror waits activateOnTypingDelay (100 ms by default, for sources that ask a server) before it asks
        // the sources after a keystroke. Ours answer at once from the schema the page holds, so the wait only
        // batches keys: 30 ms still covers key repeat (about 33 ms a key) and a paste, while the gap between two
        // typed keys (100 ms and more) is longer, so the list shows about 40 ms after the key instead of 110.
        // Ctrl+Space is not affected: CodeMirror waits a fixed 50 ms after an explicit start.
        autocompletion({ activateOnTypingDelay: 30 }),
        sql({ dialect, schema, tables, upperCaseKeywords: true }),
        dialect.language.data.of({ autocomplete: functionSource(model.functions) }),
        Prec.highest(keymap.of([
          { key: 'Mod-Enter', run: () => run('statement') },
          { key: 'Shift-Mod-Enter', run: () => run('all') },
        ])),
        EditorView.updateListener.of(update => {
          if (update.docChanged) {
            clearTimeout(timer);
            timer = setTimeout(() => page.invokeMethodAsync('TextChanged', view.state.doc.toString()), 250);
          }
        }),
        EditorView.contentAttributes.of({ 'aria-label': 'SQL', 'data-testid': 'sql-editor' }),
      ],
    });
    editors.set(element.id, view);
  },

  // What to run: 'all', 'selection' (the whole text when nothing is selected) or 'statement' (under the cursor).
  // Returns the text and where it starts in the document, so an error position can be mapped back.
  take(id, mode) {
    const view = editors.get(id);
    if (!view) return null;
    const text = view.state.doc.toString();
    const selection = view.state.selection.main;
    if (mode === 'selection' && !selection.empty) {
      return trimmedRange(text, [selection.from, selection.to]);
    }
    if (mode === 'statement') {
      const range = statementAt(text, selection.head);
      return range ? trimmedRange(text, range) : { text: '', start: 0 };
    }
    return { text, start: 0 };
  },

  text(id) {
    return editors.get(id)?.state.doc.toString() ?? '';
  },

  setText(id, text) {
    const view = editors.get(id);
    if (view) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    }
  },

  insert(id, text) {
    const view = editors.get(id);
    if (view) {
      view.dispatch(view.state.replaceSelection(text));
      view.focus();
    }
  },

  // Puts the cursor where DuckDB's error points and scrolls it into view.
  focusAt(id, position) {
    const view = editors.get(id);
    if (view) {
      const at = Math.max(0, Math.min(position, view.state.doc.length));
      view.dispatch({ selection: EditorSelection.cursor(at), scrollIntoView: true });
      view.focus();
      return at;
    }
    return -1;
  },

  format(id) {
    const view = editors.get(id);
    if (!view) return;
    const text = view.state.doc.toString();
    let formatted;
    try {
      formatted = format(text, { language: 'duckdb', keywordCase: 'upper', tabWidth: 2 });
    } catch {
      return false; // Text the formatter cannot parse stays as it is; DuckDB will name the problem when it runs.
    }
    view.dispatch({ changes: { from: 0, to: text.length, insert: formatted } });
    return true;
  },

  cursor(id) {
    return editors.get(id)?.state.selection.main.head ?? -1;
  },

  dispose(id) {
    editors.get(id)?.destroy();
    editors.delete(id);
  },

  // Quick charts of the grid's rows with ECharts (the dashboard's own copy in lib/, loaded on first use). spec:
  // { kind: 'bar'|'line'|'scatter'|'map', x: [...], series: [{ name, data }], values: { code: value }, title }.
  async chart(id, specJson) {
    const element = document.getElementById(id);
    if (!element) return false;
    const spec = JSON.parse(specJson);
    await loadEcharts();
    if (spec.kind === 'map' && !window.echarts.getMap('shanxi-counties')) {
      const response = await fetch('lib/shanxi-counties.geojson');
      window.echarts.registerMap('shanxi-counties', await response.json());
    }
    const existing = window.echarts.getInstanceByDom(element);
    if (existing) existing.dispose();
    const chart = window.echarts.init(element, null, { renderer: 'canvas' });
    chart.setOption(chartOption(spec));
    return true;
  },
};

function loadEcharts() {
  if (window.echarts) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'lib/echarts.min.js';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('could not load lib/echarts.min.js'));
    document.head.appendChild(script);
  });
}

function chartOption(spec) {
  const number = value => (typeof value === 'number' ? value.toLocaleString('zh-CN') : String(value));
  if (spec.kind === 'map') {
    const numbers = Object.values(spec.values).filter(v => typeof v === 'number');
    const min = numbers.length ? Math.min(...numbers) : 0;
    let max = numbers.length ? Math.max(...numbers) : 1;
    if (max === min) max = min + 1;
    return {
      animation: false,
      title: { text: spec.title, left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'item', formatter: p => `${p.name}: ${Number.isNaN(p.value) ? '—' : number(p.value)}` },
      visualMap: { type: 'continuous', min, max, text: [number(max), number(min)], left: 'left', bottom: 10, calculable: false, inRange: { color: ['#f4d03f', '#c0392b'] } },
      series: [{
        type: 'map', map: 'shanxi-counties', nameProperty: 'code', roam: false, selectedMode: false,
        itemStyle: { areaColor: '#d5d8dc', borderColor: '#ffffff', borderWidth: 0.5 },
        data: Object.entries(spec.values).map(([code, value]) => ({ name: code, value: value === null ? NaN : value })),
      }],
    };
  }
  const common = {
    animation: false,
    title: { text: spec.title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: spec.kind === 'scatter' ? 'item' : 'axis' },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 70, right: 20, top: 40, bottom: 60, containLabel: true },
  };
  if (spec.kind === 'scatter') {
    return {
      ...common,
      xAxis: { type: 'value', name: spec.xName, nameLocation: 'middle', nameGap: 28, scale: true },
      yAxis: { type: 'value', name: spec.series[0].name, scale: true },
      series: [{ type: 'scatter', name: spec.series[0].name, data: spec.x.map((x, i) => [x, spec.series[0].data[i]]), symbolSize: 7 }],
    };
  }
  return {
    ...common,
    xAxis: { type: 'category', data: spec.x.map(String), name: spec.xName, nameLocation: 'middle', nameGap: 40, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', axisLabel: { formatter: number } },
    series: spec.series.map(s => ({ type: spec.kind, name: s.name, data: s.data })),
  };
}
