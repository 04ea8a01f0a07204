// The multi-file uploader: drop or choose many files at once; each one is sent on its own (three at a time)
// with its own progress bar, then its live stage appears in the document list (pushed over SSE by the
// server). Without JavaScript the plain form underneath still works, one file at a time.
const MAX_PARALLEL = 3;

for (const root of document.querySelectorAll('[data-uploader]')) setUp(root);

function setUp(root) {
  const form = root.querySelector('form');
  const kind = root.querySelector('select[name=kind]');
  const input = root.querySelector('input[type=file]');
  const text = JSON.parse(document.getElementById('uploader-text').textContent);
  const problems = JSON.parse(document.getElementById('problem-text').textContent);
  const list = document.createElement('ul');
  list.className = 'uploads';
  list.setAttribute('aria-live', 'polite');
  const zone = document.createElement('div');
  zone.className = 'dropzone';
  const label = document.createElement('p');
  label.textContent = text.drop + ' ';
  const choose = document.createElement('button');
  choose.type = 'button';
  choose.className = 'button button-secondary';
  choose.textContent = text.choose;
  label.append(choose);
  zone.append(label);
  input.classList.add('visually-hidden');
  form.querySelector('button[type=submit]').hidden = true;
  input.closest('.form-group').after(zone, list);

  choose.addEventListener('click', () => input.click());
  input.addEventListener('change', () => { queue([...input.files]); input.value = ''; });
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    queue([...e.dataTransfer.files]);
  });

  const waiting = [];
  let running = 0;

  function queue(files) {
    for (const file of files) waiting.push({ file, kind: kind.value, row: row(file) });
    pump();
  }

  function pump() {
    while (running < MAX_PARALLEL && waiting.length) {
      running++;
      send(waiting.shift()).finally(() => { running--; pump(); });
    }
  }

  function row(file) {
    const li = document.createElement('li');
    const name = document.createElement('bdi');
    name.textContent = file.name;
    const state = document.createElement('span');
    state.className = 'tag tag-progress';
    state.textContent = text.sending;
    const bar = document.createElement('progress');
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute('aria-label', file.name);
    li.append(name, state, bar);
    list.append(li);
    return { li, state, bar };
  }

  function send(item) {
    return new Promise((resolve) => {
      const data = new FormData();
      data.append('kind', item.kind);
      data.append('file', item.file, item.file.name);
      const xhr = new XMLHttpRequest(); // fetch() reports no upload progress
      xhr.open('POST', `/api/dossiers/${root.dataset.dossier}/documents`);
      xhr.setRequestHeader(root.dataset.csrfHeader, root.dataset.csrf);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) item.row.bar.value = Math.round(100 * e.loaded / e.total); };
      xhr.onload = () => {
        if (xhr.status === 200 || xhr.status === 201) {
          item.row.bar.value = 100;
          item.row.state.className = 'tag tag-ok';
          item.row.state.textContent = xhr.status === 200 ? text.duplicate : text.received;
        } else {
          fail(item, problem(xhr, item.file.name));
        }
        resolve();
      };
      xhr.onerror = () => { fail(item, text.network); resolve(); };
      xhr.send(data);
    });
  }

  function problem(xhr, fileName) {
    try {
      const p = JSON.parse(xhr.responseText);
      const local = problems[p.code];
      return local ? local.replaceAll('{0}', fileName) : (p.detail || text.network);
    } catch (e) {
      return text.network;
    }
  }

  function fail(item, message) {
    item.row.state.className = 'tag tag-bad';
    item.row.state.textContent = text.failed;
    item.row.bar.remove();
    const msg = document.createElement('p');
    msg.className = 'msg';
    msg.textContent = message;
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.className = 'link-button';
    retry.textContent = text.retry;
    retry.addEventListener('click', () => { item.row.li.remove(); queue([item.file]); });
    msg.append(' ', retry);
    item.row.li.append(msg);
  }
}
