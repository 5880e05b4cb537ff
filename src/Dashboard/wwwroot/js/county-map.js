// Progressive enhancement for the CountyMap component: turns each <div data-county-map>, which the
// server filled with a table of counties and links, into an ECharts choropleth. Without JavaScript,
// or if anything here fails, the table stays and nothing is lost.
(function () {
  'use strict';

  var containers = document.querySelectorAll('[data-county-map]');
  if (containers.length === 0) {
    return;
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (window.echarts) {
        resolve();
        return;
      }
      var script = document.createElement('script');
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error('could not load ' + src)); };
      document.head.appendChild(script);
    });
  }

  var first = containers[0].dataset;
  Promise.all([
    loadScript(first.echarts),
    fetch(first.geojson).then(function (response) {
      if (!response.ok) {
        throw new Error('could not load ' + first.geojson + ': HTTP ' + response.status);
      }
      return response.json();
    })
  ]).then(function (results) {
    var geojson = results[1];
    window.echarts.registerMap('shanxi-counties', geojson);
    var names = {};
    geojson.features.forEach(function (feature) {
      names[feature.properties.code] = feature.properties.name;
    });
    containers.forEach(function (container) {
      render(container, names);
    });
  }).catch(function (error) {
    // The table is still there: log for developers, show nothing alarming to users.
    console.warn('county map not drawn:', error);
  });

  function render(container, names) {
    var options = container.dataset;
    var values = JSON.parse(options.values || '{}');
    var lang = options.lang === 'en' ? 'en' : 'zh-CN';
    var unit = options.unit || '';
    var numbers = Object.keys(values)
      .map(function (code) { return values[code]; })
      .filter(function (value) { return typeof value === 'number'; });
    var min = numbers.length ? Math.min.apply(null, numbers) : 0;
    var max = numbers.length ? Math.max.apply(null, numbers) : 1;
    if (max === min) {
      max = min + 1;
    }
    var colours = ['#c0392b', '#f4d03f', '#1e8449'];
    if (options.higherIsBetter === 'false') {
      colours = colours.slice().reverse();
    }

    // A categorical map (grades) gets one legend entry per category instead of a colour scale.
    var categories = options.categories ? JSON.parse(options.categories) : null;
    var labels = {};
    (categories || []).forEach(function (category) { labels[category.value] = category.label; });
    var visualMap = categories
      ? {
          type: 'piecewise',
          // ECharts sorts pieces by value, largest on top; inverted, the first category (the best grade, 0) leads.
          inverse: true,
          left: 'left',
          bottom: 10,
          pieces: categories.map(function (category) {
            return { value: category.value, label: category.label, color: category.colour };
          }),
          outOfRange: { color: '#d5d8dc' }
        }
      : {
          type: 'continuous',
          min: min,
          max: max,
          left: 'left',
          bottom: 10,
          text: [String(max), String(min)],
          calculable: false,
          inRange: { color: colours },
          outOfRange: { color: '#d5d8dc' }
        };

    var chartElement = document.createElement('div');
    chartElement.className = 'county-map-chart';
    container.insertBefore(chartElement, container.firstChild);
    var chart = window.echarts.init(chartElement, null, { renderer: 'canvas' });
    chart.setOption({
      tooltip: {
        trigger: 'item',
        formatter: function (params) {
          var known = typeof params.value === 'number' && !isNaN(params.value);
          var value = !known
            ? options.noValue
            : categories
              ? (labels[params.value] || String(params.value))
              : params.value.toLocaleString(lang) + (unit ? ' ' + unit : '');
          return (names[params.name] || params.name) + '<br>' + options.metric + ': ' + value;
        }
      },
      visualMap: visualMap,
      series: [{
        type: 'map',
        map: 'shanxi-counties',
        nameProperty: 'code',
        roam: false,
        selectedMode: false,
        itemStyle: { areaColor: '#d5d8dc', borderColor: '#ffffff', borderWidth: 0.5 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#5dade2' } },
        data: Object.keys(values).map(function (code) {
          return { name: code, value: values[code] === null ? NaN : values[code] };
        })
      }]
    });
    chart.on('click', function (params) {
      if (params.componentType === 'series' && params.name) {
        window.location.href = options.linkTemplate.split('{code}').join(encodeURIComponent(params.name));
      }
    });
    window.addEventListener('resize', function () { chart.resize(); });
    container.classList.add('county-map--enhanced');
  }
})();
