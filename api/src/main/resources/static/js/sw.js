// Rokhsa's service worker: makes the site installable as a web app. It caches nothing: a permit
// platform must never show yesterday's status as today's, so every request goes to the network.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('fetch', () => {});
