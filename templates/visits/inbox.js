// Làng Số field app: the announcements sent to the member, readable offline from the last pull,
// and the receipts that tell the office which ones the phone holds and which the member read.
// Loaded only once a pull has brought announcements, so the first load stays within its budget:
// for the same reason app.js hands it nothing but its refresh, and it keeps its own few tools.
// Its screens are drawn beside the app's (which is hidden meanwhile), so a sync that redraws
// the list underneath does not take the member away from what they are reading.
const T = {{ texts|safe }};
const API = JSON.parse(document.getElementById("field-config").textContent).api;
const PICTURES = "langso-announcements";

// The app's own database (app.js made it; logging out empties it): the announcements the pull
// brought, what was read on this phone ("seen": delivery → when, until the pull says it is
// read) and which the server knows the phone holds ("acked").
function meta(key, value) {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open("langso-field");
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      const transaction = db.transaction("meta", value === undefined ? "readonly" : "readwrite");
      const store = transaction.objectStore("meta");
      const asked = value === undefined ? store.get(key) : store.put(value, key);
      transaction.oncomplete = () => {
        db.close();
        resolve(asked.result);
      };
      transaction.onerror = () => reject(transaction.error);
    };
  });
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "click") node.addEventListener("click", value);
    else if (value !== null && value !== undefined) node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

function when(iso) {
  return new Date(iso).toLocaleString("vi-VN", { hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit", year: "numeric" });
}

const notes = async () => (await meta("announcements")) || [];
const seen = async () => (await meta("seen")) || {};
const unread = (note, read) => !note.read && !(note.delivery in read);

// The receipts, after each pull: one for each announcement the member read here that the
// server does not show read yet, and one for each the phone holds that the server was not told
// of. Each is answered (a refused one is no longer in the inbox); a sync that fails leaves them
// to the next. Sending one again changes nothing on the server.
export async function receipts() {
  const held = await notes();
  const ids = new Set(held.filter((note) => !note.read).map((note) => note.delivery));
  const read = Object.fromEntries(Object.entries(await seen()).filter(([id]) => ids.has(Number(id))));
  const acked = new Set((await meta("acked")) || []);
  const sent = held.filter((note) => note.delivery in read || !acked.has(note.delivery))
    .map((note) => ({ id: crypto.randomUUID(), delivery: note.delivery, read_at: read[note.delivery] || null }));
  if (sent.length) {
    const token = await meta("token");
    const response = await fetch(`${API}/announcements/reads`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: `Bearer ${token}` },
      credentials: "omit",
      cache: "no-store",
      body: JSON.stringify({ reads: sent }),
    });
    if (!response.ok) throw new Error(`reads ${response.status}`);
    const answers = (await response.json()).results;
    answers.forEach((answer, index) => {
      if (answer.status === "rejected") delete read[sent[index].delivery];
    });
  }
  await meta("seen", read);
  await meta("acked", held.map((note) => note.delivery));
  keepPictures(held);
}

// Each picture kept when its announcement is synced, so it shows at a door with no signal; one
// that cannot be fetched now is tried again at the next sync.
async function keepPictures(held) {
  if (!("caches" in window)) return;
  const cache = await caches.open(PICTURES);
  for (const note of held) {
    if (!note.image || (await cache.match(note.image))) continue;
    try {
      await cache.add(note.image);
    } catch {
      // Offline or gone: the announcement shows without it.
    }
  }
}

// The button on the households' list, with the number unread.
export async function entry(refresh) {
  const app = document.getElementById("app");
  const read = await seen();
  const waiting = (await notes()).filter((note) => unread(note, read)).length;
  // The list may have been left (or drawn again) while this was read.
  if (!document.getElementById("search")) return;
  document.getElementById("inbox-entry")?.remove();
  app.firstElementChild.after(element("p", { id: "inbox-entry" },
    element("button", { type: "button", id: "open-inbox", click: () => renderInbox(refresh) }, T.inbox,
      waiting ? element("span", { class: "pill", id: "unread", title: T.unreadCount.replace("%(count)s", waiting) }, String(waiting)) : null)));
}

function screen(...nodes) {
  let section = document.getElementById("inbox-screen");
  if (!section) {
    section = element("main", { id: "inbox-screen" });
    document.getElementById("app").after(section);
  }
  document.getElementById("app").hidden = true;
  section.replaceChildren(...nodes.filter(Boolean));
  window.scrollTo(0, 0);
}

function close(refresh) {
  document.getElementById("inbox-screen")?.remove();
  document.getElementById("app").hidden = false;
  refresh();
}

const back = (to) => element("p", {}, element("button", { type: "button", class: "back", click: to }, `← ${T.back}`));

async function renderInbox(refresh) {
  const held = await notes();
  const read = await seen();
  const count = held.filter((note) => unread(note, read)).length;
  screen(
    back(() => close(refresh)),
    element("h1", {}, T.inbox),
    element("p", { class: "small muted", id: "inbox-count" }, count ? T.unreadCount.replace("%(count)s", count) : T.allRead),
    held.length
      ? element("ul", { class: "list", id: "inbox" }, ...held.map((note) => element("li", {},
        element("button", { type: "button", class: "card-button", "data-delivery": note.delivery, click: () => renderNote(refresh, note) },
          unread(note, read) ? element("span", { class: "pill" }, T.new) : null,
          note.urgent ? element("span", { class: "pill" }, T.urgent) : null,
          element(unread(note, read) ? "strong" : "span", { class: "line" }, note.title),
          element("span", { class: "line small muted" }, when(note.sent_at))))))
      : element("p", { class: "muted", id: "inbox-none" }, T.none),
  );
}

async function renderNote(refresh, note) {
  const paragraphs = note.text.split(/\n\s*\n/).map((text) => {
    const node = element("p", {}, text);
    // Through the style object, which the content security policy allows (an attribute not).
    node.style.whiteSpace = "pre-line";
    return node;
  });
  const picture = note.image ? element("img", { src: note.image, alt: note.title }) : null;
  if (picture) {
    Object.assign(picture.style, { display: "block", maxWidth: "100%", height: "auto", margin: "0.4rem 0" });
    picture.addEventListener("error", () => picture.remove());
  }
  const deadline = note.deadline ? ` · ${T.deadline} ${note.deadline.split("-").reverse().join("/")}` : "";
  screen(
    back(() => renderInbox(refresh)),
    element("article", { id: "announcement", "data-delivery": note.delivery },
      element("h1", {}, note.title),
      element("p", { class: "small muted" }, `${T.sent} ${when(note.sent_at)}${deadline}`),
      picture,
      ...paragraphs,
      note.link && note.link.url ? element("p", {}, element("a", { href: note.link.url, id: "announcement-link" }, T.links[note.link.kind] || T.open)) : null),
  );
  // Read on this phone at once; the server hears of it with the next sync.
  const read = await seen();
  if (unread(note, read)) await meta("seen", { ...read, [note.delivery]: new Date().toISOString() });
}
