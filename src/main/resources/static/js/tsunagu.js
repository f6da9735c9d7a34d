// Keyboard first for counter work: "/" focuses the search box, arrow keys move through results,
// Enter opens the selected person. Pages work without this file.
(function () {
  'use strict';
  function searchBox() {
    return document.querySelector('#q') || document.querySelector('.header-search input[name=q]');
  }
  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll('table.results tbody tr'));
  }
  function select(list, index) {
    list.forEach(function (row) { row.classList.remove('selected'); row.removeAttribute('aria-selected'); });
    var row = list[index];
    if (row) {
      row.classList.add('selected');
      row.setAttribute('aria-selected', 'true');
      var link = row.querySelector('a');
      if (link) { link.focus(); }
    }
  }
  document.addEventListener('keydown', function (event) {
    var target = event.target;
    var typing = target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT');
    if (event.key === '/' && !typing) {
      var box = searchBox();
      if (box) { event.preventDefault(); box.focus(); box.select(); }
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') { return; }
    var list = rows();
    if (list.length === 0) { return; }
    var current = list.findIndex(function (row) { return row.classList.contains('selected'); });
    var next = event.key === 'ArrowDown' ? Math.min(list.length - 1, current + 1) : Math.max(0, current - 1);
    if (typing && event.key === 'ArrowUp') { return; }
    event.preventDefault();
    select(list, next);
  });
})();
