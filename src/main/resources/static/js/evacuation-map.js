// The evacuation map (issue 16): the district's persons on the list, its town labels and the city's shelters,
// drawn with Leaflet served by the app. The base map's tiles are drawn only when the hub is configured with a
// tile URL (tsunagu.evacuation.tile-url); without one the map needs no internet.
(function () {
  'use strict';
  var el = document.getElementById('evac-map');
  if (!el || !window.L) {
    return;
  }
  var data = JSON.parse(el.dataset.map);
  var map = L.map(el, {zoomSnap: 0.25});
  if (data.tileUrl) {
    L.tileLayer(data.tileUrl, {maxZoom: 18, attribution: '地図: 設定されたタイル'}).addTo(map);
  }
  // the view first: Leaflet draws a layer only on a map that has one
  var bounds = data.towns.map(function (t) { return [t.lat, t.lng]; })
    .concat(data.persons.map(function (p) { return [p.lat, p.lng]; }));
  if (bounds.length > 0) {
    map.fitBounds(bounds, {padding: [30, 30]});
  } else {
    map.setView([35.853, 139.412], 13);
  }
  data.towns.forEach(function (t) {
    var label = document.createElement('span');
    label.textContent = t.name;
    L.marker([t.lat, t.lng], {
      icon: L.divIcon({className: 'evac-town', html: label, iconSize: null}),
      interactive: false
    }).addTo(map);
  });
  data.shelters.forEach(function (s) {
    L.circleMarker([s.lat, s.lng], {radius: 7, color: '#0031d8', weight: 2, fillColor: '#e8f1fe', fillOpacity: 1,
      className: 'evac-shelter'}).addTo(map).bindTooltip('避難所: ' + s.name);
  });
  data.persons.forEach(function (p) {
    L.circleMarker([p.lat, p.lng], {radius: 5, color: '#b00020', weight: 1, fillColor: '#b00020', fillOpacity: 0.8,
      className: 'evac-person'}).addTo(map).bindTooltip(p.name + ' — ' + p.reasons);
  });
  el.dataset.ready = 'true';
}());
