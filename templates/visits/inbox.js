// Làng Số field app: the announcements sent to the member, readable offline from the last pull.
// Loaded only when first needed (the inbox opened, a sync that brings announcements), so the
// first load stays small; served with its texts translated, and kept by the service worker.
const T = {{ texts|safe }};
const PICTURES = "langso-announcements";

// Each picture kept when its announcement is synced, so it shows at a door with no signal; one
// that cannot be fetched now is tried again at the next sync.
export async function keepPictures(notes) {
  if (!("caches" in window)) return;
  const cache = await caches.open(PICTURES);
  for (const note of notes) {
    if (!note.image || (await cache.match(note.image))) continue;
    try {
      await cache.add(note.image);
    } catch {
      // Offline or gone: the announcement shows without it.
    }
  }
}

const unread = (note, read) => !note.read && !read.has(note.delivery);

export function renderInbox(ui, notes, read) {
  const count = notes.filter((note) => unread(note, read)).length;
  ui.show(
    ui.back(ui.home),
    ui.element("h1", {}, T.inbox),
    ui.element("p", { class: "small muted", id: "inbox-count" }, count ? T.unreadCount.replace("%(count)s", count) : T.allRead),
    notes.length
      ? ui.element("ul", { class: "list", id: "inbox" }, ...notes.map((note) => ui.element("li", {},
        ui.element("button", { type: "button", class: "card-button", "data-delivery": note.delivery, on: { click: () => renderNote(ui, notes, read, note) } },
          unread(note, read) ? ui.element("span", { class: "pill" }, T.new) : null,
          note.urgent ? ui.element("span", { class: "pill" }, T.urgent) : null,
          ui.element(unread(note, read) ? "strong" : "span", { class: "line" }, note.title),
          ui.element("span", { class: "line small muted" }, ui.when(note.sent_at))))))
      : ui.element("p", { class: "muted", id: "inbox-none" }, T.none),
  );
}

async function renderNote(ui, notes, read, note) {
  const paragraphs = note.text.split(/\n\s*\n/).map((text) => {
    const node = ui.element("p", {}, text);
    // Through the style object, which the content security policy allows (an attribute not).
    node.style.whiteSpace = "pre-line";
    return node;
  });
  const picture = note.image ? ui.element("img", { src: note.image, alt: note.title }) : null;
  if (picture) {
    Object.assign(picture.style, { display: "block", maxWidth: "100%", height: "auto", margin: "0.4rem 0" });
    picture.addEventListener("error", () => picture.remove());
  }
  ui.show(
    ui.back(() => renderInbox(ui, notes, read)),
    ui.element("article", { id: "announcement", "data-delivery": note.delivery },
      ui.element("h1", {}, note.title),
      ui.element("p", { class: "small muted" }, `${T.sent} ${ui.when(note.sent_at)}`,
        note.deadline ? ` · ${T.deadline} ${note.deadline.split("-").reverse().join("/")}` : ""),
      picture,
      ...paragraphs,
      note.link && note.link.url ? ui.element("p", {}, ui.element("a", { href: note.link.url, id: "announcement-link" }, T.links[note.link.kind] || T.open)) : null),
  );
  if (unread(note, read)) {
    // Read on this phone at once; the receipt waits in the outbox until the server answers it.
    read.add(note.delivery);
    await ui.queue({ kind: "read", id: crypto.randomUUID(), delivery: note.delivery, read_at: new Date().toISOString() });
  }
}
