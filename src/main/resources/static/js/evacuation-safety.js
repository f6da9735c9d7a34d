// 安否確認 on a phone with a flaky connection (issue 16): every entry gets an id made here (a UUID), is put in a
// queue in localStorage first and sent from there; the server stores an id once, so an entry sent again after
// a lost answer is not doubled. The queue is sent on every entry, when the browser comes back online, and
// every 5 seconds while anything is waiting.
(function () {
  'use strict';
  var KEY = 'tsunagu.evacuation.safety.queue';
  var endpoint = document.getElementById('safety-endpoint');
  if (!endpoint) {
    return;
  }
  var csrf = document.getElementById('safety-csrf');
  var state = document.getElementById('safety-state');
  var sending = false;

  function uuid() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function queue() {
    try {
      return JSON.parse(localStorage.getItem(KEY) || '[]');
    } catch (e) {
      return [];
    }
  }

  function save(q) {
    localStorage.setItem(KEY, JSON.stringify(q));
  }

  function show() {
    var waiting = queue().length;
    var text = navigator.onLine ? state.dataset.online : state.dataset.offline;
    if (waiting > 0) {
      text += ' — ' + state.dataset.queued.replace('{0}', waiting);
    }
    state.textContent = text;
    state.className = navigator.onLine ? 'online' : 'offline';
    state.dataset.waiting = String(waiting);
  }

  function send() {
    var q = queue();
    if (sending || q.length === 0) {
      show();
      return;
    }
    sending = true;
    var batch = q.slice(0, 50);
    var headers = {'Content-Type': 'application/json', 'Accept': 'application/json'};
    headers[csrf.dataset.header] = csrf.value;
    fetch(endpoint.value, {method: 'POST', headers: headers, body: JSON.stringify(batch), credentials: 'same-origin'})
      .then(function (r) {
        if (!r.ok) {
          throw new Error('HTTP ' + r.status);
        }
        return r.json();
      })
      .then(function () {
        var sent = batch.map(function (e) { return e.id; });
        save(queue().filter(function (e) { return sent.indexOf(e.id) < 0; }));
      })
      .catch(function () { /* kept in the queue; sent again later */ })
      .then(function () {
        sending = false;
        show();
        if (queue().length > 0 && navigator.onLine) {
          setTimeout(send, 1000);
        }
      });
  }

  document.querySelectorAll('.safety-person').forEach(function (li) {
    li.querySelectorAll('button[data-status]').forEach(function (button) {
      button.addEventListener('click', function () {
        var shelter = li.querySelector('.shelter').value.trim();
        var entry = {
          id: uuid(), personKey: li.dataset.person, status: button.dataset.status,
          shelter: shelter || null, note: null, observedAt: new Date().toISOString()
        };
        var q = queue();
        q.push(entry);
        save(q);
        li.querySelector('.current').textContent = button.dataset.label + (shelter ? ' (' + shelter + ')' : '');
        li.classList.add('recorded');
        send();
      });
    });
  });
  window.addEventListener('online', send);
  window.addEventListener('offline', show);
  setInterval(send, 5000);
  send();
}());
