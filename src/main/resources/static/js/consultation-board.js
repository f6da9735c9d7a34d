// 引継ぎボード: the server sends "changed" after another member of staff commits a change; the board then asks
// again for its items (under the viewer's own access rules) and replaces them, without reloading the page.
(function () {
  var box = document.getElementById('board-items');
  if (!box || !window.EventSource) {
    return;
  }
  var pending = false;
  function refresh() {
    if (pending) {
      return;
    }
    pending = true;
    fetch(box.getAttribute('data-items'), {credentials: 'same-origin', headers: {'HX-Request': 'true'}})
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) { box.innerHTML = html; box.setAttribute('data-refreshed', String(Date.now())); })
      .catch(function () { /* the next event or a reload brings the board back */ })
      .finally(function () { pending = false; });
  }
  var source = new EventSource(box.getAttribute('data-events'));
  source.addEventListener('ready', function () { box.setAttribute('data-live', 'connected'); });
  source.addEventListener('changed', refresh);
})();
