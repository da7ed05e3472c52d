// Làng Số field app: the app shell is cached on install; the API always goes to the network
// (the app keeps its data in IndexedDB and sends visits when the network returns).
const CACHE = "langso-field-{{ version }}";
const FILES = {{ files|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("langso-field-") && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.pathname.startsWith("/api/")) {
    return;
  }
  // The shell: the network when it answers (a new version shows at once), else the cache.
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok && FILES.includes(url.pathname)) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
        } else if (response.ok && event.request.destination === "image" && url.pathname.startsWith("/huong-dan/")) {
          // A guide's picture, opened online: kept for showing it at a door with no signal
          // (guides.js keeps the others when a sync brings them).
          const copy = response.clone();
          caches.open("langso-guides").then((cache) => cache.put(url.pathname, copy));
        }
        return response;
      })
      .catch(() => caches.match(url.pathname).then((hit) => hit || caches.match(FILES[0]))),
  );
});
