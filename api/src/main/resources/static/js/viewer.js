// The document viewer: pdf.js renders only the pages in view (and their thumbnails), at the zoom chosen,
// so that a set of twelve A0 sheets opens fast; drag to pan, +/- to zoom. The viewer is always laid out
// left to right (pdf.js places glyphs wrongly inside a right-to-left page).
const root = document.querySelector('[data-pdf-viewer]');
const pdfjs = await import(root.dataset.lib);
pdfjs.GlobalWorkerOptions.workerSrc = root.dataset.worker;

const pagesBox = root.querySelector('.viewer-pages');
const thumbsBox = root.querySelector('.viewer-thumbs');
const zoomLabel = root.querySelector('[data-zoom-level]');
const pageLabel = root.querySelector('[data-page-label]');
const pageText = root.dataset.pageText || '{0} / {1}';
const MAX_PIXELS = 16e6; // a canvas bigger than this is drawn at a lower resolution (A0 at high zoom)

const lib = root.dataset.lib.replace(/build\/pdf\.min\.mjs$/, '');
const doc = await pdfjs.getDocument({
  url: root.dataset.src, isEvalSupported: false, disableAutoFetch: true,
  cMapUrl: lib + 'cmaps/', cMapPacked: true, standardFontDataUrl: lib + 'standard_fonts/', wasmUrl: lib + 'wasm/',
}).promise;
let zoom = 0; // 0 until "fit width" is computed
const slots = [];

for (let n = 1; n <= doc.numPages; n++) {
  const page = await doc.getPage(n);
  const base = page.getViewport({ scale: 1 });
  const canvas = document.createElement('canvas');
  canvas.dataset.page = n;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', pageText.replace('{0}', n).replace('{1}', doc.numPages));
  pagesBox.append(canvas);
  const thumbButton = document.createElement('button');
  thumbButton.type = 'button';
  thumbButton.setAttribute('aria-label', pageText.replace('{0}', n).replace('{1}', doc.numPages));
  const thumb = document.createElement('canvas');
  thumbButton.append(thumb);
  thumbButton.addEventListener('click', () => canvas.scrollIntoView({ block: 'start' }));
  thumbsBox.append(thumbButton);
  slots.push({ n, page, base, canvas, thumb, thumbButton, drawn: 0, task: null, thumbDrawn: false });
}

function fitWidth() {
  const widest = Math.max(...slots.map((s) => s.base.width));
  return Math.max(0.05, (pagesBox.clientWidth - 40) / widest);
}

function setZoom(z) {
  zoom = Math.min(8, Math.max(0.05, z));
  zoomLabel.textContent = Math.round(zoom * 100) + ' %';
  for (const s of slots) {
    s.canvas.style.width = Math.floor(s.base.width * zoom) + 'px';
    s.canvas.style.height = Math.floor(s.base.height * zoom) + 'px';
    s.drawn = 0;
  }
  drawVisible();
}

async function draw(s) {
  if (s.drawn === zoom) return;
  if (s.task) s.task.cancel();
  const ratio = Math.min(window.devicePixelRatio || 1, Math.sqrt(MAX_PIXELS / (s.base.width * s.base.height * zoom * zoom)));
  const vp = s.page.getViewport({ scale: zoom * ratio });
  s.canvas.width = Math.floor(vp.width);
  s.canvas.height = Math.floor(vp.height);
  s.task = s.page.render({ canvasContext: s.canvas.getContext('2d'), viewport: vp });
  try {
    await s.task.promise;
    s.drawn = zoom;
  } catch (e) { /* cancelled by a newer zoom */ }
}

async function drawThumb(s) {
  if (s.thumbDrawn) return;
  s.thumbDrawn = true;
  const vp = s.page.getViewport({ scale: 120 / s.base.width });
  s.thumb.width = Math.floor(vp.width);
  s.thumb.height = Math.floor(vp.height);
  await s.page.render({ canvasContext: s.thumb.getContext('2d'), viewport: vp }).promise;
}

const visible = new Set();
const seen = new IntersectionObserver((entries) => {
  for (const e of entries) {
    const s = slots[e.target.dataset.page - 1];
    if (e.isIntersecting) visible.add(s); else visible.delete(s);
  }
  drawVisible();
}, { root: pagesBox, rootMargin: '200px' });
slots.forEach((s) => seen.observe(s.canvas));

const thumbsSeen = new IntersectionObserver((entries) => {
  for (const e of entries) if (e.isIntersecting) drawThumb(slots.find((s) => s.thumbButton === e.target));
}, { root: thumbsBox });
slots.forEach((s) => thumbsSeen.observe(s.thumbButton));

function drawVisible() {
  let first = null;
  for (const s of [...visible].sort((a, b) => a.n - b.n)) {
    if (!first) first = s;
    draw(s);
  }
  if (first) {
    pageLabel.textContent = pageText.replace('{0}', first.n).replace('{1}', doc.numPages);
    slots.forEach((s) => s.thumbButton.setAttribute('aria-current', s === first ? 'true' : 'false'));
  }
}

root.querySelector('[data-zoom=in]').addEventListener('click', () => setZoom(zoom * 1.25));
root.querySelector('[data-zoom=out]').addEventListener('click', () => setZoom(zoom / 1.25));
root.querySelector('[data-zoom=fit]').addEventListener('click', () => setZoom(fitWidth()));
pagesBox.addEventListener('keydown', (e) => {
  if (e.key === '+' || e.key === '=') { setZoom(zoom * 1.25); e.preventDefault(); }
  if (e.key === '-') { setZoom(zoom / 1.25); e.preventDefault(); }
});

// Pan by dragging, as on paper.
let drag = null;
pagesBox.addEventListener('pointerdown', (e) => {
  drag = { x: e.clientX, y: e.clientY, left: pagesBox.scrollLeft, top: pagesBox.scrollTop };
  pagesBox.classList.add('dragging');
});
window.addEventListener('pointermove', (e) => {
  if (!drag) return;
  pagesBox.scrollLeft = drag.left - (e.clientX - drag.x);
  pagesBox.scrollTop = drag.top - (e.clientY - drag.y);
});
window.addEventListener('pointerup', () => { drag = null; pagesBox.classList.remove('dragging'); });

setZoom(fitWidth());
root.dataset.ready = 'true';

// The extracted text, fetched once the page is shown.
const text = document.querySelector('[data-text-src]');
if (text) {
  fetch(text.dataset.src).then((r) => (r.ok ? r.text() : '')).then((t) => { if (t) text.textContent = t; });
}
