// Files and photos of a person (添付): drag and drop onto the form, several files at once, a progress bar while
// they are sent, each file's outcome shown. Without this script the form is sent as it is.
(function () {
  'use strict';
  var form = document.getElementById('document-upload');
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  var zone = document.getElementById('drop-zone');
  var input = document.getElementById('files');
  var camera = document.getElementById('camera');
  var chosen = document.getElementById('chosen');
  var progress = document.getElementById('upload-progress');
  var status = document.getElementById('upload-status');
  var dropped = [];

  function files() {
    var all = dropped.slice();
    [input, camera].forEach(function (field) {
      if (field && field.files) { Array.prototype.forEach.call(field.files, function (f) { all.push(f); }); }
    });
    return all;
  }
  function show() {
    chosen.textContent = '';
    files().forEach(function (f) {
      var li = document.createElement('li');
      li.textContent = f.name + ' (' + Math.max(1, Math.round(f.size / 1024)) + ' KB)';
      chosen.appendChild(li);
    });
  }
  [input, camera].forEach(function (field) { if (field) { field.addEventListener('change', show); } });
  ['dragenter', 'dragover'].forEach(function (type) {
    zone.addEventListener(type, function (event) { event.preventDefault(); zone.classList.add('dragging'); });
  });
  ['dragleave', 'drop'].forEach(function (type) {
    zone.addEventListener(type, function () { zone.classList.remove('dragging'); });
  });
  zone.addEventListener('drop', function (event) {
    event.preventDefault();
    Array.prototype.forEach.call(event.dataTransfer.files, function (f) { dropped.push(f); });
    show();
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var data = new FormData();
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === 'file' || field.disabled) { return; }
      if ((field.type === 'checkbox' || field.type === 'radio') && !field.checked) { return; }
      data.append(field.name, field.value);
    });
    var list = files();
    if (list.length === 0) { status.textContent = 'ファイルを選んでください'; return; }
    list.forEach(function (f) { data.append('files', f, f.name); });
    var request = new XMLHttpRequest();
    request.open('POST', form.action);
    request.setRequestHeader('Accept', 'application/json');
    progress.hidden = false;
    progress.value = 0;
    status.textContent = '送信中…';
    request.upload.addEventListener('progress', function (e) {
      if (e.lengthComputable) {
        progress.value = Math.round(e.loaded * 100 / e.total);
        progress.textContent = progress.value + '%';
        status.textContent = '送信中… ' + progress.value + '%';
      }
    });
    request.addEventListener('load', function () {
      progress.value = 100;
      var answer;
      try { answer = JSON.parse(request.responseText); } catch (e) { answer = null; }
      if (!answer || !answer.results) {
        status.textContent = '登録できませんでした (' + request.status + ')';
        return;
      }
      status.textContent = '';
      answer.results.forEach(function (r) {
        var p = document.createElement('p');
        p.className = r.stored ? 'message message-ok' : 'error';
        p.textContent = r.message;
        status.appendChild(p);
      });
      if (answer.stored) {
        var refresh = document.createElement('a');
        refresh.href = window.location.pathname;
        refresh.textContent = '一覧を更新する';
        status.appendChild(refresh);
        dropped = [];
        form.reset();
        show();
        window.setTimeout(function () { window.location.assign(window.location.pathname); }, 1500);
      }
    });
    request.addEventListener('error', function () { status.textContent = '送信できませんでした。もう一度試してください'; });
    request.send(data);
  });
})();
