// Rokhsa's own page script: small, no framework (htmx and its SSE extension do the live parts).
// Loaded as a module on every page; the uploader and the PDF viewer are loaded only where they are used.

// An error summary takes the focus, so that screen readers announce it and the keyboard starts there.
const summary = document.querySelector('[data-autofocus]');
if (summary) summary.focus();

// Live regions: after an SSE swap, the connection element remembers the last event id in its URL, so that
// a reconnection (htmx opens a new EventSource after a hard failure) resumes where it stopped.
document.addEventListener('htmx:sseMessage', (e) => {
  const id = e.detail && e.detail.lastEventId;
  const source = e.target.closest('[sse-connect]');
  if (!id || !source) return;
  const url = new URL(source.getAttribute('sse-connect'), location.href);
  url.searchParams.set('after', id);
  source.setAttribute('sse-connect', url.pathname + url.search);
});

// A document's live row comes whole and takes the place of the row with its id (out of band). A document the
// page does not show yet (uploaded in another tab, or while the page was loading) first gets an empty row.
document.addEventListener('htmx:sseBeforeMessage', (e) => {
  const list = document.getElementById('document-list');
  if (!list || e.target !== list) return;
  const row = /\bid="(doc-[0-9a-f-]{36})"/.exec((e.detail && e.detail.data) || '');
  if (row && !document.getElementById(row[1])) {
    const li = document.createElement('li');
    li.id = row[1];
    list.appendChild(li);
  }
});

// A confirmation before irreversible actions (sign, revoke): data-confirm on the form or on its button.
document.addEventListener('submit', (e) => {
  const msg = (e.submitter && e.submitter.getAttribute('data-confirm')) || e.target.getAttribute('data-confirm');
  if (msg && !window.confirm(msg)) e.preventDefault();
});

if (document.querySelector('[data-uploader]')) import('/static/js/uploader.js');
if (document.querySelector('[data-pdf-viewer]')) import('/static/js/viewer.js');

if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});
