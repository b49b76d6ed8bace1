// The page's own script: draws every chart with the inlined Vega (already compiled from Vega-Lite in Node) and
// shows tooltips in a small box. It marks each chart container data-rendered="true" or data-error="...", which is
// what the browser test reads. Plain ES2017 in a string: it runs in the page, not in Node.
export const REPORT_PAGE_SCRIPT = `
(function () {
  'use strict';
  var tip = document.getElementById('tooltip');
  function showTooltip(handler, event, item, value) {
    if (value === null || value === undefined || value === '') { tip.hidden = true; return; }
    var entries = typeof value === 'object' ? Object.keys(value).map(function (k) { return [k, value[k]]; }) : [['', value]];
    tip.textContent = '';
    entries.forEach(function (entry) {
      var line = document.createElement('div');
      line.textContent = entry[0] ? entry[0] + ': ' + entry[1] : String(entry[1]);
      tip.appendChild(line);
    });
    tip.hidden = false;
    var x = event.clientX + 14, y = event.clientY + 14;
    var box = tip.getBoundingClientRect();
    if (x + box.width > window.innerWidth) x = event.clientX - box.width - 8;
    if (y + box.height > window.innerHeight) y = event.clientY - box.height - 8;
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }
  var charts = document.querySelectorAll('.chart[data-figure]');
  Array.prototype.forEach.call(charts, function (container) {
    var name = container.getAttribute('data-figure');
    try {
      var spec = JSON.parse(document.getElementById('spec-' + name).textContent);
      var view = new vega.View(vega.parse(spec), { renderer: 'svg', container: container, hover: true });
      view.tooltip(showTooltip);
      view.runAsync().then(function () {
        container.setAttribute('data-rendered', 'true');
      }, function (error) {
        container.setAttribute('data-error', String(error && error.message || error));
        console.error('chart ' + name + ': ' + (error && error.message || error));
      });
    } catch (error) {
      container.setAttribute('data-error', String(error && error.message || error));
      console.error('chart ' + name + ': ' + (error && error.message || error));
    }
  });
})();
`;
