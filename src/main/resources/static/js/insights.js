// The statistics dashboard (issue 18): charts and the town map drawn by Apache ECharts, served by the app
// (no CDN, no internet). The data are the suppressed figures the server put in #insights-data: a hidden
// figure is '-' and is not drawn, so a chart — and a picture saved of it — never carries a small cell.
// Saving a picture is recorded in the audit trail first (POST), and only then saved.
(function () {
  'use strict';
  var dataEl = document.getElementById('insights-data');
  if (!dataEl || !window.echarts) {
    return;
  }
  var data = JSON.parse(dataEl.textContent);
  var csrf = document.getElementById('insights-csrf');
  var font = {fontFamily: 'IPAexGothic, "Noto Sans JP", sans-serif'};
  var hidden = data.threshold + '未満';

  function coverageOption(c, title) {
    return {
      textStyle: font, animation: false,
      title: {text: title, left: 'center', textStyle: {fontSize: 14}},
      tooltip: {trigger: 'axis'},
      legend: {bottom: 0, data: ['関わりあり', '関わりなし', '割合 (%)']},
      grid: {left: 60, right: 60, top: 40, bottom: 60, containLabel: true},
      xAxis: {type: 'category', data: c.labels, axisLabel: {interval: 0, rotate: c.labels.length > 8 ? 30 : 0}},
      yAxis: [{type: 'value', name: '人'}, {type: 'value', name: '%', max: 100}],
      series: [
        {name: '関わりあり', type: 'bar', stack: 'p', data: c.covered, itemStyle: {color: '#0031d8'}},
        {name: '関わりなし', type: 'bar', stack: 'p', data: c.notCovered, itemStyle: {color: '#c5d7fb'}},
        {name: '割合 (%)', type: 'line', yAxisIndex: 1, data: c.percent, itemStyle: {color: '#b00020'},
          label: {show: true, formatter: '{c}%'}}
      ]
    };
  }

  var options = {
    coverage: function () { return coverageOption(data.coverage, '年齢階級別の福祉の関わり'); },
    household: function () { return coverageOption(data.household, '世帯類型別の福祉の関わり'); },
    pairs: function () {
      var max = 1;
      data.pairs.forEach(function (p) { if (p[2] !== '-' && p[2] > max) { max = p[2]; } });
      return {
        textStyle: font, animation: false,
        title: {text: '制度の重なり (2制度に関わる人数)', left: 'center', textStyle: {fontSize: 14}},
        tooltip: {formatter: function (p) {
          return data.programs[p.data[1]] + ' × ' + data.programs[p.data[0]] + ': ' + p.data[3] + ' 人';
        }},
        grid: {left: 10, right: 20, top: 40, bottom: 10, containLabel: true},
        xAxis: {type: 'category', data: data.programs, axisLabel: {interval: 0, rotate: 60}},
        yAxis: {type: 'category', data: data.programs, axisLabel: {interval: 0}, inverse: true},
        visualMap: {min: 0, max: max, calculable: true, orient: 'horizontal', left: 'center', bottom: -5, show: false,
          inRange: {color: ['#f0f4ff', '#0031d8']}},
        series: [{type: 'heatmap', data: data.pairs.map(function (p) { return [p[0], p[1], p[2], p[3]]; }),
          label: {show: true, fontSize: 9, formatter: function (p) { return p.data[3]; }}}]
      };
    },
    combinations: function () {
      var combos = data.combinations.slice().reverse();
      return {
        textStyle: font, animation: false,
        title: {text: 'よくある制度の組合せ (その組合せだけの人数)', left: 'center', textStyle: {fontSize: 14}},
        tooltip: {trigger: 'axis'},
        grid: {left: 10, right: 60, top: 40, bottom: 10, containLabel: true},
        xAxis: {type: 'value', name: '人'},
        yAxis: {type: 'category', data: combos.map(function (c) { return c.label; }), axisLabel: {width: 320, overflow: 'truncate'}},
        series: [{type: 'bar', data: combos.map(function (c) { return c.value; }), itemStyle: {color: '#0031d8'},
          label: {show: true, position: 'right', formatter: function (p) { return combos[p.dataIndex].display; }}}]
      };
    },
    trends: function () {
      var series = [{name: '関わりのある住民の割合 (%)', type: 'line', yAxisIndex: 1, data: data.trendPercent,
        itemStyle: {color: '#b00020'}, label: {show: true, formatter: '{c}%'}}];
      data.trendPrograms.forEach(function (p) {
        series.push({name: p.name, type: 'line', data: p.persons, connectNulls: false});
      });
      return {
        textStyle: font, animation: false,
        title: {text: '月末ごとの推移', left: 'center', textStyle: {fontSize: 14}},
        tooltip: {trigger: 'axis'},
        legend: {type: 'scroll', bottom: 0},
        grid: {left: 60, right: 60, top: 40, bottom: 60, containLabel: true},
        xAxis: {type: 'category', data: data.months},
        yAxis: [{type: 'value', name: '人'}, {type: 'value', name: '%', max: 100}],
        series: series
      };
    },
    map: function () {
      return {
        textStyle: font, animation: false,
        title: {text: '町丁目別の福祉の関わり (割合)', left: 'center', textStyle: {fontSize: 14}},
        tooltip: {formatter: function (p) {
          var d = data.map[p.dataIndex];
          return d.town + '<br>住民 ' + d.residents + ' 人 / 関わりあり ' + d.covered + ' 人'
            + (p.data.value[2] === '-' ? ' (割合は秘匿)' : '<br>' + p.data.value[2] + '%');
        }},
        grid: {left: 40, right: 40, top: 40, bottom: 40},
        xAxis: {type: 'value', scale: true, name: '経度', show: false},
        yAxis: {type: 'value', scale: true, name: '緯度', show: false},
        visualMap: {min: 0, max: 100, dimension: 2, calculable: true, orient: 'vertical', right: 0, top: 'middle',
          text: ['100%', '0%'], inRange: {color: ['#e8f1fe', '#0031d8', '#00118f']}, outOfRange: {color: '#bbbbbb'}},
        series: [{type: 'scatter', symbolSize: 26,
          data: data.map.map(function (t) { return {name: t.town, value: t.value}; }),
          label: {show: true, position: 'bottom', fontSize: 10, formatter: function (p) { return p.name; }}}]
      };
    }
  };

  var charts = {};
  document.querySelectorAll('[data-chart]').forEach(function (el) {
    var name = el.dataset.chart;
    if (!options[name]) {
      return;
    }
    var chart = echarts.init(el, null, {renderer: 'canvas'});
    chart.setOption(options[name]());
    charts[name] = chart;
    var bar = document.createElement('p');
    bar.className = 'insights-save';
    ['png', 'svg'].forEach(function (format) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = format.toUpperCase() + ' で保存';
      b.addEventListener('click', function () { save(name, format); });
      bar.appendChild(b);
    });
    el.insertAdjacentElement('afterend', bar);
    el.dataset.ready = 'true';
  });
  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (k) { charts[k].resize(); });
  });

  function save(name, format) {
    var params = new URLSearchParams(new FormData(document.getElementById('insights-filters')));
    params.set('format', format);
    params.set('chart', name);
    var headers = {'Content-Type': 'application/x-www-form-urlencoded'};
    headers[csrf.dataset.header] = csrf.value;
    fetch(csrf.dataset.save, {method: 'POST', headers: headers, body: params.toString(),
      credentials: 'same-origin'}).then(function (answer) {
      if (!answer.ok) {
        alert('記録できなかったため、保存しませんでした。');
        return;
      }
      var url;
      if (format === 'svg') {
        // drawn again by ECharts' own SVG renderer (server-side mode, no element needed)
        var svg = echarts.init(null, null, {renderer: 'svg', ssr: true, width: charts[name].getWidth(),
          height: charts[name].getHeight()});
        svg.setOption(options[name]());
        url = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg.renderToSVGString());
        svg.dispose();
      } else {
        url = charts[name].getDataURL({type: 'png', pixelRatio: 2, backgroundColor: '#fff'});
      }
      var a = document.createElement('a');
      a.href = url;
      a.download = '統計_' + name + '.' + format;
      document.body.appendChild(a);
      a.click();
      a.remove();
    });
  }
}());
